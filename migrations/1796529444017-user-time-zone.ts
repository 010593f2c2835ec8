import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserTimeZone1796529444017 implements MigrationInterface {
  name = 'UserTimeZone1796529444017';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" ADD "time_zone" character varying(64) NOT NULL DEFAULT 'Europe/Oslo'`);
    // Written by hand: people who exist already get their organisation's country's zone, as new ones do (defaultTimeZone).
    await queryRunner.query(`UPDATE "user_account" u SET "time_zone" = CASE o."country" WHEN 'SE' THEN 'Europe/Stockholm' WHEN 'DK' THEN 'Europe/Copenhagen' WHEN 'FI' THEN 'Europe/Helsinki' ELSE 'Europe/Oslo' END FROM "organisation" o WHERE o."id" = u."organisation_id"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "time_zone"`);
  }
}
