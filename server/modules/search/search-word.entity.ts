import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every word (lexeme, as each text's language stems it) that the searchable texts have ever
 * contained: the lexicon a query word is widened against (search.service.ts). Database triggers keep
 * it (migrations/…-search-words.ts): a message, a need or a document version adds its words when it
 * is written. Words are never removed: a stale word only widens a query to something that matches
 * nothing. It holds no text and says nothing of where a word occurs; search reads only rows the
 * viewer may read.
 */
@Entity({ name: 'search_word' })
export class SearchWord {
  /** The text search configuration that stemmed it: norwegian, swedish, english, danish or finnish. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  config!: string;

  // The trigram index (gin_trgm_ops) that finds words by ending and by similarity is made by the
  // migration: TypeORM cannot declare an operator class, so it is kept out of its schema sync.
  @Index('ix_search_word_trgm', { synchronize: false })
  @PrimaryColumn({ type: 'text' })
  word!: string;
}
