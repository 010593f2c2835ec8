import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { Connection, PageArgs } from '../../common/pagination.js';
import { UserInputError } from '../../errors.js';
import { Locale } from '../users/user.entity.js';
import { describeEvent, summaryPhrasing } from './history.words.js';
import { procurementPolicy } from './procurement.policy.js';
import type { ProcurementService } from './procurement.service.js';
import type { HistoryEntry } from './procurement.types.js';

interface Row {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_organisation_name: string | null;
  subject_organisation_name: string | null;
}

/** A procurement's history from the event log, oldest first, after event id `after`. */
export async function loadHistory(
  db: DataSource,
  procurementId: string,
  after: number,
  limit: number | null,
): Promise<{ entries: HistoryEntry[]; total: number }> {
  const rows = (await db.query(
    `SELECT e.id::text, e.type, e.payload, e.created_at, e.actor_user_id,
            u.display_name AS actor_name, ao.name AS actor_organisation_name, so.name AS subject_organisation_name
     FROM event e
     LEFT JOIN user_account u ON u.id = e.actor_user_id
     LEFT JOIN organisation ao ON ao.id = e.actor_organisation_id
     LEFT JOIN organisation so ON so.id::text = e.payload->>'organisationId'
     WHERE e.scope_type = 'procurement' AND e.scope_id = $1 AND e.id > $2
     ORDER BY e.id
     ${limit === null ? '' : 'LIMIT $3'}`,
    limit === null ? [procurementId, after] : [procurementId, after, limit],
  )) as Row[];
  const [{ n }] = (await db.query(
    `SELECT count(*)::int AS n FROM event WHERE scope_type = 'procurement' AND scope_id = $1`,
    [procurementId],
  )) as { n: number }[];
  return {
    total: n,
    entries: rows.map((r) => ({
      id: r.id,
      at: r.created_at,
      type: r.type,
      summary: describeEvent(
        Locale.en,
        r.type,
        r.payload ?? {},
        summaryPhrasing(r.subject_organisation_name ?? 'an authority'),
      ),
      payload: r.payload ?? {},
      subjectOrganisationName: r.subject_organisation_name,
      actorName: r.actor_name,
      actorOrganisationName: r.actor_organisation_name,
      actorUserId: r.actor_user_id,
    })),
  };
}

/** A procurement's full history: the coordinators' audit trail (its spreadsheets: export.service.ts). */
export class ProcurementHistoryService {
  constructor(
    private readonly db: DataSource,
    private readonly procurements: ProcurementService,
  ) {}

  private async authorize(actor: Actor, procurementId: string, what: string): Promise<void> {
    const access = await this.procurements.access(actor, procurementId);
    procurementPolicy.authorize(actor, 'readAsCoordinator', access, what);
  }

  /** The full history from the event log, oldest first. */
  async page(actor: Actor, procurementId: string, args: PageArgs): Promise<Connection<HistoryEntry>> {
    await this.authorize(actor, procurementId, "read a procurement's full history");
    if (args.after != null && !/^\d{1,15}$/.test(args.after)) {
      throw UserInputError.field('after', 'cursor', 'is not a cursor of this list');
    }
    const { entries, total } = await loadHistory(this.db, procurementId, Number(args.after ?? 0), args.first + 1);
    const nodes = entries.slice(0, args.first);
    return {
      edges: nodes.map((node) => ({ cursor: node.id, node })),
      nodes,
      pageInfo: { hasNextPage: entries.length > args.first, endCursor: nodes.at(-1)?.id ?? null },
      totalCount: total,
    };
  }
}
