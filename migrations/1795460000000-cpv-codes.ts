import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CpvCodes1795460000000 implements MigrationInterface {
  name = 'CpvCodes1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "cpv_code" ("code" character varying(8) NOT NULL, "title" text NOT NULL, CONSTRAINT "ck_cpv_code_format" CHECK (code ~ '^[0-9]{8}$'), CONSTRAINT "PK_2ea0143b27b122169f8e7dd6dad" PRIMARY KEY ("code"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "cpv_code"`);
  }
}
