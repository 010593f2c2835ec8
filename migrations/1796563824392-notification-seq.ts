import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order notices were made in (notification.entity.ts, `seq`): the inbox and the digest list by
 * it, since notices made in one millisecond share their `created_at`. Existing notices are numbered
 * by their time, then their id (the best order there is for them).
 */
export class NotificationSeq1796563824392 implements MigrationInterface {
  name = 'NotificationSeq1796563824392';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_user"`);
    await queryRunner.query(`ALTER TABLE "notification" ADD "seq" BIGSERIAL NOT NULL`);
    await queryRunner.query(
      `UPDATE "notification" n SET "seq" = o.rn
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS rn FROM "notification") o
        WHERE n.id = o.id`,
    );
    await queryRunner.query(
      `SELECT setval(pg_get_serial_sequence('notification', 'seq'), COALESCE((SELECT MAX("seq") FROM "notification"), 0) + 1, false)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_notification_user" ON "notification" ("user_id", "seq") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_user"`);
    await queryRunner.query(`ALTER TABLE "notification" DROP COLUMN "seq"`);
    await queryRunner.query(`CREATE INDEX "ix_notification_user" ON "notification" ("user_id", "created_at") `);
  }
}
