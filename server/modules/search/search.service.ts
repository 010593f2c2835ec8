import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { UserInputError } from '../../errors.js';
import { markdownToPlainText } from './search.text.js';

export type SearchKind = 'DOCUMENT' | 'NEED' | 'MESSAGE';

export interface SearchRow {
  kind: SearchKind;
  id: string;
  groupId: string;
  title: string;
  needId: string | null;
  threadId: string | null;
  rank: number;
  snippet: { text: string; highlighted: boolean }[];
}

// Markers ts_headline puts around matches; control characters cannot occur in stored text.
const START = '\u0002';
const STOP = '\u0003';

/** Splits a ts_headline result into plain and highlighted parts (no HTML to sanitise). */
function parts(headline: string): SearchRow['snippet'] {
  const out: SearchRow['snippet'] = [];
  for (const [i, piece] of headline.split(START).entries()) {
    if (i === 0) {
      if (piece) out.push({ text: piece, highlighted: false });
      continue;
    }
    const [hit, rest = ''] = piece.split(STOP);
    if (hit) out.push({ text: hit, highlighted: true });
    if (rest) out.push({ text: rest, highlighted: false });
  }
  return out;
}

/**
 * Words a query word of at least 4 letters is widened to, besides the words it begins (a prefix
 * operand 'skol':*, for a compound's first part or a longer inflection), found in the lexicon of
 * every word the searchable texts have contained (search_word, kept by triggers) through its
 * trigram index:
 * - words it ends: a compound's last part ("buss" finds "skolebuss", "elbuss");
 * - words of the same first three letters with trigram similarity >= 0.6 (pg_trgm), for forms the
 *   stemmer cuts differently ("responssenteret" -> responssenter, "responssenter" -> responssent).
 * At most WIDEST of them, the most similar first, so that a common ending cannot make the query huge.
 * Shorter words ("bil", "vei") match only themselves: as a beginning or an end they would match
 * too many unrelated words. The lexicon spans all groups; only readable texts are matched.
 */
const WIDEN = `(
  SELECT word FROM search_word
   WHERE config = p.cfg::text
     AND word LIKE '%' || replace(replace(replace(p.term, '\\', '\\\\'), '%', '\\%'), '_', '\\_')
  UNION
  -- % (similarity above pg_trgm's default 0.3) lets the index find the candidates.
  SELECT word FROM search_word
   WHERE config = p.cfg::text AND word % p.term
     AND left(word, 3) = left(p.term, 3) AND similarity(word, p.term) >= 0.6
)`;
const WIDEST = 50;

/** A lexeme as a tsquery operand: quoted, quotes doubled, backslashes escaped. */
const OPERAND = `'''' || replace(replace(w.lexeme, '\\', '\\\\'), '''', '''''') || ''''`;

/**
 * Full-text search with PostgreSQL's own text search, each text stemmed in its language (the
 * document's language; for needs the describing organisation's country; for messages the author's
 * interface language), so "skole" finds "skolene" and "skola" finds "skolorna", and widened for
 * compounds and stemmer gaps (WIDEN). Only what the viewer may read is searched: things of groups
 * where the viewer's organisation is an active member or the viewer a current guest. Snippets are
 * cut from the text without its markdown.
 */
export class SearchService {
  constructor(private readonly db: DataSource) {}

  async search(
    actor: Actor,
    text: string,
    o: { first: number; kinds: SearchKind[] | null; allVersions: boolean },
  ): Promise<SearchRow[]> {
    const q = text.trim();
    if (q.length < 2) throw UserInputError.field('text', 'minLength', 'must be at least 2 characters');
    const kinds = o.kinds?.length ? o.kinds : ['DOCUMENT', 'NEED', 'MESSAGE'];
    const rows = (await this.db.query(
      `WITH readable AS (
         SELECT group_id FROM membership WHERE organisation_id = $1 AND status = 'ACTIVE'
         UNION SELECT group_id FROM group_guest WHERE user_id = $6 AND revoked_at IS NULL AND ends_at > now()
       ),
       candidates AS MATERIALIZED (
         SELECT 'DOCUMENT' AS kind, d.id, d.group_id, d.title,
                CASE WHEN d.parent_type = 'NEED' THEN d.parent_id END AS need_id, NULL::uuid AS thread_id,
                (CASE d.language WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english' ELSE 'norwegian' END)::regconfig AS cfg,
                dv.search_vector AS vector, coalesce(dv.text, dv.file_name, '') AS body
           FROM document d
           JOIN document_version dv ON dv.document_id = d.id AND ($4 OR dv.number = d.current_version)
          WHERE 'DOCUMENT' = ANY($3) AND d.deleted_at IS NULL AND d.group_id IN (SELECT group_id FROM readable)
         UNION ALL
         SELECT 'NEED', n.id, n.group_id, n.title, n.id, NULL,
                c.cfg,
                setweight(to_tsvector(c.cfg, n.title), 'A') ||
                setweight(to_tsvector(c.cfg, n.problem || ' ' || n.intended_effects || ' ' || n.success_criteria), 'B'),
                n.problem || E'\\n\\n' || n.intended_effects || E'\\n\\n' || n.success_criteria
           FROM shared_need n
           JOIN organisation o ON o.id = n.organisation_id
           CROSS JOIN LATERAL (SELECT (CASE o.country WHEN 'SE' THEN 'swedish' WHEN 'DK' THEN 'danish'
                                        WHEN 'FI' THEN 'finnish' ELSE 'norwegian' END)::regconfig AS cfg) c
          WHERE 'NEED' = ANY($3) AND n.group_id IN (SELECT group_id FROM readable)
         UNION ALL
         SELECT 'MESSAGE', m.id, t.group_id, t.title,
                CASE WHEN t.parent_type = 'NEED' THEN t.parent_id END, t.id,
                c.cfg, to_tsvector(c.cfg, m.body), m.body
           FROM message m
           JOIN thread t ON t.id = m.thread_id
           JOIN user_account u ON u.id = m.author_user_id
           CROSS JOIN LATERAL (SELECT (CASE u.locale WHEN 'sv' THEN 'swedish' WHEN 'en' THEN 'english'
                                        ELSE 'norwegian' END)::regconfig AS cfg) c
          WHERE 'MESSAGE' = ANY($3) AND m.deleted_at IS NULL AND t.group_id IN (SELECT group_id FROM readable)
       ),
       -- The query in each language present, cut into its operands ('skol') and what lies between
       -- them (&, |, !, <->, parentheses), in order.
       pieces AS (
         SELECT g.cfg, p.ord, p.m[1] AS piece,
                CASE WHEN left(p.m[1], 1) = '''' THEN replace(substr(p.m[1], 2, length(p.m[1]) - 2), '''''', '''') END AS term
           FROM (SELECT DISTINCT cfg FROM candidates) g
           CROSS JOIN LATERAL regexp_matches(websearch_to_tsquery(g.cfg, $2)::text, '''(?:[^'']|'''')*''|[^'']+', 'g')
                WITH ORDINALITY AS p(m, ord)
       ),
       widened AS MATERIALIZED (
         SELECT p.cfg, p.ord, w.word AS lexeme, similarity(w.word, p.term) AS similarity
           FROM pieces p CROSS JOIN LATERAL ${WIDEN} w
          WHERE length(p.term) >= 4 AND NOT starts_with(w.word, p.term)
       ),
       -- exact: the query as typed (stemmed); wide: each operand also as a prefix, ORed with the
       -- words it was widened to.
       queries AS (
         SELECT p.cfg, string_agg(p.piece, '' ORDER BY p.ord)::tsquery AS exact,
                string_agg(CASE WHEN length(p.term) >= 4 THEN '(' || p.piece || ':*' || coalesce(
                  (SELECT string_agg(' | ' || ${OPERAND}, '')
                     FROM (SELECT lexeme FROM widened w WHERE w.cfg = p.cfg AND w.ord = p.ord
                            ORDER BY w.similarity DESC, w.lexeme LIMIT ${WIDEST}) w), '') || ')'
                  ELSE p.piece END, '' ORDER BY p.ord)::tsquery AS wide
           FROM pieces p GROUP BY p.cfg
       )
       SELECT c.kind, c.id, c.group_id, c.title, c.need_id, c.thread_id, c.cfg::text AS cfg, c.body,
              q.wide::text AS query,
              -- A word as typed (or inflected) counts twice, a widened one once.
              ts_rank_cd(c.vector, q.exact) + ts_rank_cd(c.vector, q.wide) AS rank
         FROM candidates c JOIN queries q ON q.cfg = c.cfg
        WHERE c.vector @@ q.wide
        ORDER BY rank DESC, c.id
        LIMIT $5`,
      [actor.organisation.id, q, kinds, o.allVersions, o.first, actor.user.id],
    )) as {
      kind: SearchKind;
      id: string;
      group_id: string;
      title: string;
      need_id: string | null;
      thread_id: string | null;
      cfg: string;
      body: string;
      query: string;
      rank: number;
    }[];
    if (!rows.length) return [];
    // Snippets from the plain text: the markdown is parsed here rather than guessed at with patterns in SQL.
    const headlines = (await this.db.query(
      `SELECT ts_headline(x.cfg::regconfig, x.body, x.query::tsquery,
                'StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=2') AS headline
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(cfg, body, query, ord)
        ORDER BY x.ord`,
      [rows.map((r) => r.cfg), rows.map((r) => markdownToPlainText(r.body)), rows.map((r) => r.query)],
    )) as { headline: string }[];
    return rows.map((r, i) => ({
      kind: r.kind,
      id: r.id,
      groupId: r.group_id,
      title: r.title,
      needId: r.need_id,
      threadId: r.thread_id,
      rank: Number(r.rank),
      snippet: parts(headlines[i].headline),
    }));
  }
}
