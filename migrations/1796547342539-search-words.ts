import type { MigrationInterface, QueryRunner } from 'typeorm';

// Each text's language, as search.service.ts chooses it: keep the two in step.
const MESSAGE_CONFIG = `(SELECT (CASE u.locale WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english' ELSE 'norwegian' END)::regconfig
     FROM user_account u WHERE u.id = NEW.author_user_id)`;
const NEED_CONFIG = `(SELECT (CASE o.country WHEN 'SE' THEN 'swedish' WHEN 'DK' THEN 'danish' WHEN 'FI' THEN 'finnish'
     ELSE 'norwegian' END)::regconfig FROM organisation o WHERE o.id = NEW.organisation_id)`;
const DOCUMENT_CONFIG = `(SELECT (CASE d.language WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english' ELSE 'norwegian' END)::regconfig
     FROM document d WHERE d.id = NEW.document_id)`;

/**
 * The lexicon search widens query words against (search-word.entity.ts), with a trigram index
 * (pg_trgm) that finds words by their ending and by similarity without reading every text. pg_trgm
 * ships with PostgreSQL's contrib modules (in the embedded server's build and in distribution
 * packages) and is a trusted extension since PostgreSQL 13: the database owner may create it.
 *
 * Triggers add the words of each message, need and document version as it is written, after the
 * row (a word new to the lexicon waits only for a concurrent writer of the same new word).
 */
export class SearchWords1796547342539 implements MigrationInterface {
  name = 'SearchWords1796547342539';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "search_word" ("config" character varying(20) NOT NULL, "word" text NOT NULL, CONSTRAINT "PK_df7e876bc2257e459460352959f" PRIMARY KEY ("config", "word"))`);
    await queryRunner.query(`CREATE INDEX "ix_search_word_trgm" ON "search_word" USING gin ("word" gin_trgm_ops)`);
    await queryRunner.query(
      `CREATE FUNCTION search_words_add(cfg regconfig, words tsvector) RETURNS void LANGUAGE sql AS $$
         INSERT INTO search_word (config, word)
         SELECT cfg::text, lexeme FROM unnest(words) ORDER BY lexeme ON CONFLICT DO NOTHING
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION message_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE cfg regconfig := ${MESSAGE_CONFIG};
       BEGIN
         PERFORM search_words_add(cfg, to_tsvector(cfg, NEW.body));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER message_search_words AFTER INSERT OR UPDATE OF body ON message
         FOR EACH ROW EXECUTE FUNCTION message_search_words()`,
    );
    await queryRunner.query(
      `CREATE FUNCTION need_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE cfg regconfig := ${NEED_CONFIG};
       BEGIN
         PERFORM search_words_add(cfg, to_tsvector(cfg,
           NEW.title || ' ' || NEW.problem || ' ' || NEW.intended_effects || ' ' || NEW.success_criteria));
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER need_search_words
         AFTER INSERT OR UPDATE OF title, problem, intended_effects, success_criteria ON shared_need
         FOR EACH ROW EXECUTE FUNCTION need_search_words()`,
    );
    // A version's vector is set by an UPDATE right after its INSERT (document.service.ts).
    await queryRunner.query(
      `CREATE FUNCTION document_version_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.search_vector IS NOT NULL THEN
           PERFORM search_words_add(${DOCUMENT_CONFIG}, NEW.search_vector);
         END IF;
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER document_version_search_words AFTER INSERT OR UPDATE OF search_vector ON document_version
         FOR EACH ROW EXECUTE FUNCTION document_version_search_words()`,
    );
    await SearchWords1796547342539.backfill(queryRunner);
  }

  /** The words of the texts written before the triggers (also run by the search tests). */
  static async backfill(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO search_word (config, word)
       SELECT DISTINCT x.cfg::text, l.lexeme FROM (
         SELECT (CASE u.locale WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english' ELSE 'norwegian' END)::regconfig AS cfg, m.body AS text
           FROM message m JOIN user_account u ON u.id = m.author_user_id
         UNION ALL
         SELECT (CASE o.country WHEN 'SE' THEN 'swedish' WHEN 'DK' THEN 'danish' WHEN 'FI' THEN 'finnish' ELSE 'norwegian' END)::regconfig,
                n.title || ' ' || n.problem || ' ' || n.intended_effects || ' ' || n.success_criteria
           FROM shared_need n JOIN organisation o ON o.id = n.organisation_id
       ) x CROSS JOIN LATERAL unnest(to_tsvector(x.cfg, x.text)) l
       UNION
       SELECT (CASE d.language WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english' ELSE 'norwegian' END), l.lexeme
         FROM document_version v JOIN document d ON d.id = v.document_id
         CROSS JOIN LATERAL unnest(v.search_vector) l
       ON CONFLICT DO NOTHING`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER document_version_search_words ON document_version`);
    await queryRunner.query(`DROP FUNCTION document_version_search_words()`);
    await queryRunner.query(`DROP TRIGGER need_search_words ON shared_need`);
    await queryRunner.query(`DROP FUNCTION need_search_words()`);
    await queryRunner.query(`DROP TRIGGER message_search_words ON message`);
    await queryRunner.query(`DROP FUNCTION message_search_words()`);
    await queryRunner.query(`DROP FUNCTION search_words_add(regconfig, tsvector)`);
    await queryRunner.query(`DROP TABLE "search_word"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
