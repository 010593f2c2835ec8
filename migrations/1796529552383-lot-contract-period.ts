import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LotContractPeriod1796529552383 implements MigrationInterface {
  name = 'LotContractPeriod1796529552383';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "contract_start" date`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "duration_months" integer`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "option_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "option_months" integer`);
    await queryRunner.query(`CREATE TYPE "public"."value_basis" AS ENUM('ANNUAL', 'TOTAL')`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "value_basis" "public"."value_basis" NOT NULL DEFAULT 'TOTAL'`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD "framework_agreement" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD CONSTRAINT "ck_procurement_lot_annual" CHECK (value_basis <> 'ANNUAL' OR duration_months IS NOT NULL)`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD CONSTRAINT "ck_procurement_lot_options" CHECK (option_count >= 0 AND (option_count = 0 OR (duration_months IS NOT NULL AND option_months BETWEEN 1 AND 600 AND duration_months + option_count * option_months <= 600)))`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" ADD CONSTRAINT "ck_procurement_lot_duration" CHECK (duration_months IS NULL OR duration_months BETWEEN 1 AND 600)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP CONSTRAINT "ck_procurement_lot_duration"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP CONSTRAINT "ck_procurement_lot_options"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP CONSTRAINT "ck_procurement_lot_annual"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "framework_agreement"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "value_basis"`);
    await queryRunner.query(`DROP TYPE "public"."value_basis"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "option_months"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "option_count"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "duration_months"`);
    await queryRunner.query(`ALTER TABLE "procurement_lot" DROP COLUMN "contract_start"`);
  }
}
