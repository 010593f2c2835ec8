import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentBlobUnique1795451957080 implements MigrationInterface {
  name = 'DocumentBlobUnique1795451957080';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_document_version_blob" ON "document_version"  ("blob_id") WHERE "blob_id" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_document_version_blob"`);
  }
}
