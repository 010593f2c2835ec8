import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentVersionMergedFrom1796540829262 implements MigrationInterface {
  name = 'DocumentVersionMergedFrom1796540829262';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_version" ADD "merged_from_version" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_version" DROP COLUMN "merged_from_version"`);
  }
}
