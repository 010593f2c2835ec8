import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { UserInputError } from '../../errors.js';

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
 * Full-text search with PostgreSQL's own text search, each text stemmed in its language (the
 * document's language; for needs the describing organisation's country; for messages the author's
 * interface language), so "skole" finds "skolene" and "skola" finds "skolorna". Only what the
 * viewer may read is searched: things of groups where the viewer's organisation is an active member.
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
       candidates AS (
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
                n.problem || ' ' || n.intended_effects || ' ' || n.success_criteria
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
       hits AS (
         SELECT c.*, ts_rank_cd(c.vector, query) AS rank, query
           FROM candidates c
           CROSS JOIN LATERAL (SELECT websearch_to_tsquery(c.cfg, $2) AS query) q
          WHERE c.vector @@ query
          ORDER BY rank DESC, c.id
          LIMIT $5
       )
       SELECT kind, id, group_id, title, need_id, thread_id, rank,
              ts_headline(cfg, body, query, 'StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=8, MaxFragments=2') AS headline
         FROM hits ORDER BY rank DESC, id`,
      [actor.organisation.id, q, kinds, o.allVersions, o.first, actor.user.id],
    )) as {
      kind: SearchKind;
      id: string;
      group_id: string;
      title: string;
      need_id: string | null;
      thread_id: string | null;
      rank: number;
      headline: string;
    }[];
    return rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      groupId: r.group_id,
      title: r.title,
      needId: r.need_id,
      threadId: r.thread_id,
      rank: Number(r.rank),
      snippet: parts(r.headline),
    }));
  }
}
