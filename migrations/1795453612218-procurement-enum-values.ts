import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * New values of existing enums, in a transaction of their own: PostgreSQL refuses to use a value
 * added in the same transaction, and the next migration indexes threads by the new kinds.
 */
export class ProcurementEnumValues1795453612218 implements MigrationInterface {
  name = 'ProcurementEnumValues1795453612218';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TYPE "public"."thread_parent" ADD VALUE 'PROCUREMENT'`);
    await queryRunner.query(`ALTER TYPE "public"."thread_kind" ADD VALUE 'BUYERS'`);
    await queryRunner.query(`ALTER TYPE "public"."thread_kind" ADD VALUE 'PUBLIC_DIALOGUE'`);
    await queryRunner.query(`ALTER TYPE "public"."document_parent" ADD VALUE 'PROCUREMENT'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_document_parent"`);
    await queryRunner.query(`DROP INDEX "public"."ix_thread_parent"`);
    await queryRunner.query(`CREATE TYPE "public"."document_parent_old" AS ENUM('GROUP', 'NEED')`);
    await queryRunner.query(`ALTER TABLE "document" ALTER COLUMN "parent_type" TYPE "public"."document_parent_old" USING "parent_type"::"text"::"public"."document_parent_old"`);
    await queryRunner.query(`DROP TYPE "public"."document_parent"`);
    await queryRunner.query(`ALTER TYPE "public"."document_parent_old" RENAME TO "document_parent"`);
    await queryRunner.query(`CREATE INDEX "ix_document_parent" ON "document" USING btree ("parent_id", "parent_type") `);
    await queryRunner.query(`CREATE TYPE "public"."thread_kind_old" AS ENUM('GENERAL', 'TOPIC')`);
    await queryRunner.query(`ALTER TABLE "thread" ALTER COLUMN "kind" TYPE "public"."thread_kind_old" USING "kind"::"text"::"public"."thread_kind_old"`);
    await queryRunner.query(`DROP TYPE "public"."thread_kind"`);
    await queryRunner.query(`ALTER TYPE "public"."thread_kind_old" RENAME TO "thread_kind"`);
    await queryRunner.query(`CREATE TYPE "public"."thread_parent_old" AS ENUM('GROUP', 'NEED')`);
    await queryRunner.query(`ALTER TABLE "thread" ALTER COLUMN "parent_type" TYPE "public"."thread_parent_old" USING "parent_type"::"text"::"public"."thread_parent_old"`);
    await queryRunner.query(`DROP TYPE "public"."thread_parent"`);
    await queryRunner.query(`ALTER TYPE "public"."thread_parent_old" RENAME TO "thread_parent"`);
    await queryRunner.query(`CREATE INDEX "ix_thread_parent" ON "thread" USING btree ("parent_id", "parent_type") `);
  }
}
