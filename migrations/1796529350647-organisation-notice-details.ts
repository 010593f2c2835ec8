import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationNoticeDetails1796529350647 implements MigrationInterface {
  name = 'OrganisationNoticeDetails1796529350647';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" ADD "nuts_code" character varying(5)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "street_address" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "postcode" character varying(20)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "city" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "contact_point" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "contact_email" character varying(254)`);
    await queryRunner.query(`ALTER TABLE "organisation" ADD "contact_phone" character varying(40)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "contact_phone"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "contact_email"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "contact_point"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "city"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "postcode"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "street_address"`);
    await queryRunner.query(`ALTER TABLE "organisation" DROP COLUMN "nuts_code"`);
  }
}
