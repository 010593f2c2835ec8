import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices about messages name their thread by its kind from now on, so the threads the server
 * makes ("General", "Buyers", "Market dialogue") show in the reader's language. Notices made before
 * carry only the stored English title: they get the kind of their thread.
 */
export class NotificationThreadKinds1796536200000 implements MigrationInterface {
  name = 'NotificationThreadKinds1796536200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "notification" n SET "data" = n."data" || jsonb_build_object('threadKind', t."kind"::text)
         FROM "thread" t
        WHERE t."id" = n."thread_id" AND NOT (n."data" ? 'threadKind')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "notification" SET "data" = "data" - 'threadKind' WHERE "data" ? 'threadKind'`);
  }
}
