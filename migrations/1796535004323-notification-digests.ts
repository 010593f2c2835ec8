import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationDigests1796535004323 implements MigrationInterface {
  name = 'NotificationDigests1796535004323';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification_digest" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "local_date" date NOT NULL, "count" integer NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_notification_digest_day" UNIQUE ("user_id", "local_date"), CONSTRAINT "PK_2c7b26f22e8e8ef9774d9878736" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "user_account" ADD "digest_hour" smallint NOT NULL DEFAULT '7'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "digest_id" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_notification_digest_pending" ON "notification"  ("user_id", "created_at") WHERE "delivery" = 'DIGEST' AND "digest_id" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_digest_pending"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "digest_id"`);
    await queryRunner.query(`ALTER TABLE "user_account" DROP COLUMN "digest_hour"`);
    await queryRunner.query(`DROP TABLE "notification_digest"`);
  }
}
