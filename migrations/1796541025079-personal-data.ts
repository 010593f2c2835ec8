import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonalData1796541025079 implements MigrationInterface {
  name = 'PersonalData1796541025079';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user_account" ADD "deleted_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TYPE "public"."user_status" ADD VALUE 'DELETED'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."user_status_old" AS ENUM('PENDING_VERIFICATION', 'PENDING_APPROVAL', 'ACTIVE', 'SUSPENDED')`);
    await queryRunner.query(`ALTER TABLE "user_account" ALTER COLUMN "status" TYPE "public"."user_status_old" USING "status"::"text"::"public"."user_status_old"`);
    await queryRunner.query(`DROP TYPE "public"."user_status"`);
    await queryRunner.query(`ALTER TYPE "public"."user_status_old" RENAME TO "user_status"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "deleted_at"`);
  }
}
