import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarFeeds1796533405291 implements MigrationInterface {
  name = 'CalendarFeeds1796533405291';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "calendar_feed" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "last_fetched_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_24c0b9c80e4a4ac8752d854bc2e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_calendar_feed_user" ON "calendar_feed"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_calendar_feed_token_hash" ON "calendar_feed"  ("token_hash") `);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "ical_event" jsonb`);
    await queryRunner.query(`ALTER TABLE "dialogue_slot" ADD "opened_by_user_id" uuid`);
    // Slots opened before this: the coordinator who opened them, from the event log (slots.opened names them).
    await queryRunner.query(`UPDATE "dialogue_slot" s SET "opened_by_user_id" = e."actor_user_id"
      FROM "event" e
      WHERE e."type" = 'slots.opened' AND e."scope_type" = 'procurement' AND e."scope_id" = s."procurement_id"
        AND e."payload"->'slotIds' ? s."id"::text`);
    await queryRunner.query(`ALTER TABLE "calendar_feed" ADD CONSTRAINT "fk_calendar_feed_user" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_feed" DROP CONSTRAINT "fk_calendar_feed_user"`);
    await queryRunner.query(`ALTER TABLE "dialogue_slot" DROP COLUMN "opened_by_user_id"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "ical_event"`);
    await queryRunner.query(`DROP INDEX "public"."uq_calendar_feed_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."uq_calendar_feed_user"`);
    await queryRunner.query(`DROP TABLE "calendar_feed"`);
  }
}
