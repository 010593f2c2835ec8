import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A kind's preference becomes how it is delivered (IN_APP, EMAIL_NOW, DIGEST, OFF). A kind someone
 * switched off stays OFF; a row that said "on" is dropped, so the kind takes its new default.
 */
export class NotificationDelivery1796534272683 implements MigrationInterface {
  name = 'NotificationDelivery1796534272683';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification_mute" ("user_id" uuid NOT NULL, "scope_id" uuid NOT NULL, "scope_type" character varying(20) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_554d76eff6927b0a914c86ae994" PRIMARY KEY ("user_id", "scope_id"))`);
    await queryRunner.query(`CREATE TYPE "public"."notification_delivery" AS ENUM('IN_APP', 'EMAIL_NOW', 'DIGEST', 'OFF')`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "delivery" "public"."notification_delivery" NOT NULL DEFAULT 'IN_APP'`);
    await queryRunner.query(`DELETE FROM "notification_preference" WHERE "enabled"`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD "delivery" "public"."notification_delivery" NOT NULL DEFAULT 'OFF'`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ALTER COLUMN "delivery" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP COLUMN "enabled"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notification_preference" ADD "enabled" boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`UPDATE "notification_preference" SET "enabled" = ("delivery" <> 'OFF')`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ALTER COLUMN "enabled" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "notification_preference" DROP COLUMN "delivery"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "delivery"`);
    await queryRunner.query(`DROP TYPE "public"."notification_delivery"`);
    await queryRunner.query(`DROP TABLE "notification_mute"`);
  }
}
