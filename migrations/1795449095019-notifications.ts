import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795449095019 implements MigrationInterface {
  name = 'Notifications1795449095019';

  // Edited after generation: both tables share the notification_kind type, which TypeORM
  // generated (and dropped) twice.
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."notification_kind" AS ENUM('MENTION', 'REPLY', 'INVITATION', 'JOIN_REQUEST')`);
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "kind" "public"."notification_kind" NOT NULL, "event_id" bigint NOT NULL, "actor_user_id" uuid, "group_id" uuid, "thread_id" uuid, "message_id" uuid, "read_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_notification_source" UNIQUE ("user_id", "event_id", "kind"), CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_notification_user" ON "notification"  ("user_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "notification_preference" ("user_id" uuid NOT NULL, "kind" "public"."notification_kind" NOT NULL, "enabled" boolean NOT NULL, CONSTRAINT "PK_0f7529aefc65bd035491bb755bf" PRIMARY KEY ("user_id", "kind"))`);
    await queryRunner.query(`CREATE TABLE "event_consumer" ("name" character varying(60) NOT NULL, "last_event_id" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_7ce51e9c3b18e548450cf7a82b0" PRIMARY KEY ("name"))`);
    // The projector starts at the present: history from before notifications existed stays quiet.
    await queryRunner.query(
      `INSERT INTO event_consumer (name, last_event_id) SELECT 'notifications', coalesce(max(id), 0) FROM event`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_consumer"`);
    await queryRunner.query(`DROP TABLE "notification_preference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_user"`);
    await queryRunner.query(`DROP TABLE "notification"`);
    await queryRunner.query(`DROP TYPE "public"."notification_kind"`);
  }
}
