import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search compares query words with the words of the texts by trigram similarity (pg_trgm), for the
 * inflected forms the Norwegian and Swedish stemmers cut differently. pg_trgm ships with
 * PostgreSQL's contrib modules (in the embedded server's build and in distribution packages) and is
 * a trusted extension since PostgreSQL 13: the database owner may create it without superuser.
 */
export class SearchTrigrams1796536100000 implements MigrationInterface {
  name = 'SearchTrigrams1796536100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
