import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationKindsAndFollows1796533332801 implements MigrationInterface {
  name = 'NotificationKindsAndFollows1796533332801';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "document_follow" ("user_id" uuid NOT NULL, "document_id" uuid NOT NULL, "following" boolean NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5b00b7063b91dc384c5bf41ae10" PRIMARY KEY ("user_id", "document_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_document_follow_document" ON "document_follow"  ("document_id") `);
    await queryRunner.query(`ALTER TABLE "notification" ADD "subject_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "occasion" character varying(40)`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "procurement_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "document_id" uuid`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "path" character varying(300) NOT NULL DEFAULT '/'`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "data" jsonb NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "uq_notification_source"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'JOIN_REQUEST_DECIDED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'GUEST_INVITATION'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'MANDATE_REQUESTED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'MANDATE_SIGNED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'MANDATE_WITHDRAWN'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'PHASE_CHANGED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'DECISION_OPENED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'DECISION_CLOSING'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'DECISION_CLOSED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'MILESTONE_DUE'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'MILESTONE_OVERDUE'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'DOCUMENT_VERSION'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'QUESTION_RECEIVED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'ANSWER_PUBLISHED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'DOCUMENT_PUBLISHED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'SLOT_BOOKED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'SLOT_CANCELLED'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'AWARD_MADE'`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind" ADD VALUE IF NOT EXISTS 'STANDSTILL_ENDED'`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "event_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_occasion" ON "notification"  ("user_id", "kind", "subject_id", "occasion") WHERE "occasion" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "uq_notification_source" UNIQUE ("user_id", "event_id", "kind")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "notification" WHERE "kind" NOT IN ('MENTION', 'REPLY', 'INVITATION', 'JOIN_REQUEST')`);
    await queryRunner.query(`DELETE FROM "notification" WHERE "event_id" IS NULL`);
    await queryRunner.query(`DELETE FROM "notification_preference" WHERE "kind" NOT IN ('MENTION', 'REPLY', 'INVITATION', 'JOIN_REQUEST')`);
    await queryRunner.query(`ALTER TABLE "notification" DROP CONSTRAINT "uq_notification_source"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_occasion"`);
    await queryRunner.query(`CREATE TYPE "public"."notification_kind_old" AS ENUM('MENTION', 'REPLY', 'INVITATION', 'JOIN_REQUEST')`);
    await queryRunner.query(`ALTER TABLE "notification_preference" ALTER COLUMN "kind" TYPE "public"."notification_kind_old" USING "kind"::"text"::"public"."notification_kind_old"`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "kind" TYPE "public"."notification_kind_old" USING "kind"::"text"::"public"."notification_kind_old"`);
    await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."notification_kind_old" RENAME TO "notification_kind"`);
    await queryRunner.query(`ALTER TABLE "notification" ALTER COLUMN "event_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "notification" ADD CONSTRAINT "uq_notification_source" UNIQUE ("user_id", "kind", "event_id")`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "data"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "path"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "document_id"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "procurement_id"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "occasion"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "subject_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_document_follow_document"`);
    await queryRunner.query(`DROP TABLE "document_follow"`);
  }
}
