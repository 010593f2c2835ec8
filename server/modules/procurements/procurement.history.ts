import { stringify } from 'csv-stringify/sync';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { Connection, PageArgs } from '../../common/pagination.js';
import { UserInputError } from '../../errors.js';
import { procurementPolicy } from './procurement.policy.js';
import type { ProcurementService } from './procurement.service.js';
import type { HistoryEntry } from './procurement.types.js';
import type { EventPayload, TypesOf } from '../../events/catalogue.js';
import type { benefitEvents } from '../benefits/benefit.events.js';
import type { decisionEvents } from '../decisions/decision.events.js';
import type { dialogueEvents } from '../dialogue/dialogue.events.js';
import type { documentEvents } from '../documents/document.events.js';
import type { procurementEvents } from './procurement.events.js';
import type { contractEvents } from '../contracts/contract.events.js';

function describe(type: string, payload: Record<string, unknown>, subject: string): string {
  const summary = DESCRIBE[type as HistoryType] as ((p: Record<string, unknown>, s: string) => string) | undefined;
  return summary ? summary(payload, subject) : type;
}

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

/** Every event a procurement's scope holds: its own, the dialogue's, decisions', benefits' and its documents'. */
type HistoryType =
  | TypesOf<typeof procurementEvents>
  | TypesOf<typeof dialogueEvents>
  | TypesOf<typeof decisionEvents>
  | TypesOf<typeof benefitEvents>
  | TypesOf<typeof documentEvents>
  | TypesOf<typeof contractEvents>;

/**
 * The audit trail in words: one entry per event type, so a new procurement event without a
 * summary fails the type check. A row of a retired type still appears, by its type.
 */
const DESCRIBE: { [T in HistoryType]: (p: EventPayload<T>, subject: string) => string } = {
  'procurement.created': (p) => `Created the procurement "${String(p.title)}"`,
  'procurement.updated': (p) => `Changed ${(p.fields as string[]).join(', ')}`,
  'procurement.phase_changed': (p) =>
    p.to === 'CANCELLED'
      ? `Cancelled the procurement (was ${String(p.from)}): ${String(p.reason ?? '')}`
      : `Moved from ${String(p.from)} to ${String(p.to)}`,
  'participant.added': (_p, s) => `Added ${s} as a participant`,
  'participant.removed': (_p, s) => `Removed ${s} as a participant`,
  'lot.added': (p) => `Added lot ${String(p.number)}`,
  'lot.updated': () => 'Changed a lot',
  'lot.removed': (p) => `Removed lot ${String(p.number)}`,
  'lot.value_set': (_p, s) => `Stated the value of a lot for ${s}`,
  'mandate.signed': (_p, s) => `${s} signed its mandate`,
  'mandate.withdrawn': (_p, s) => `${s} withdrew its mandate`,
  'milestone.set': (p) => `Set the ${String(p.kind)} milestone to ${String(p.dueAt)}`,
  'milestone.completed': (p) => (p.completed ? 'Completed a milestone' : 'Reopened a milestone'),
  'milestone.removed': (p) => `Removed the ${String(p.kind)} milestone`,
  'dialogue.published': (p) => `Published the market dialogue notice (questions until ${String(p.questionDeadline)})`,
  'dialogue.notice_updated': () => 'Updated the market dialogue notice',
  'dialogue.registered': (_p, s) => `${s} registered for the market dialogue`,
  'question.asked': (p) => `Question Q${String(p.number)} was asked`,
  'question.withdrawn': () => 'A question was withdrawn',
  'question.answered': (p) => `Published the answer to Q${String(p.number)}`,
  'answer.revised': (p) => `Published revision ${String(p.revision)} of the answer to Q${String(p.number)}`,
  'slots.opened': (p) => `Opened ${(p.slotIds as string[]).length} dialogue meeting slot(s)`,
  'slot.removed': () => 'Removed a dialogue meeting slot',
  'slot.booked': () => 'A dialogue meeting was booked',
  'slot.freed': () => 'A dialogue meeting booking was cancelled',
  'decision.opened': () => 'Opened a decision',
  'decision.voted': (_p, s) => `${s} voted`,
  'decision.closed': (p) => `A decision closed: ${String(p.outcome)}${p.approved ? ' (approved)' : ''}`,
  'tender.received': () => 'Recorded a tender',
  'tender.assessed': (p) => (p.status === 'REJECTED' ? 'Rejected a tender' : `Marked a tender ${String(p.status)}`),
  'award.made': (p) =>
    `Awarded a lot to ${p.supplierIds.length === 1 ? 'a supplier' : `${p.supplierIds.length} suppliers`}; the standstill period ends ${String(p.standstillEndsAt)}`,
  'award.notified': (p) =>
    `Recorded the notification of an award; the standstill period ends ${String(p.standstillEndsAt)}`,
  'contract.signed': () => 'Recorded a signed contract',
  'calloff.updated': (_p, s) => `${s} updated its call-off right under a contract`,
  'benefit.indicator_added': () => 'Added a benefit indicator',
  'benefit.measured': (p, s) => `Recorded a ${String(p.kind).toLowerCase().replace('_', '-')} measurement for ${s}`,
  'document.created': (p) => `Added the document "${String(p.title)}"`,
  'document.version_added': (p) => `Saved version ${String(p.number)} of a document`,
  'document.renamed': (p) => `Renamed a document to "${String(p.title)}"`,
  'document.visibility_changed': (p) =>
    p.visibility === 'PUBLISHED'
      ? `Published version ${String(p.publishedVersion)} of a document`
      : 'Unpublished a document',
  'document.updated': () => 'Changed a document',
  'document.deleted': () => 'Deleted a document',
};

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
      summary: describe(r.type, r.payload ?? {}, r.subject_organisation_name ?? 'an authority'),
      payload: r.payload ?? {},
      subjectOrganisationName: r.subject_organisation_name,
      actorName: r.actor_name,
      actorOrganisationName: r.actor_organisation_name,
      actorUserId: r.actor_user_id,
    })),
  };
}

/**
 * A spreadsheet runs a cell that starts with =, +, - or @ as a formula (CSV injection, OWASP): such
 * text from users gets a leading apostrophe, which spreadsheets show as plain text.
 */
const spreadsheetSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A procurement's full history and its CSV export: the coordinators' audit trail. */
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

  async csv(actor: Actor, procurementId: string): Promise<string> {
    await this.authorize(actor, procurementId, "export a procurement's history");
    const { entries } = await loadHistory(this.db, procurementId, 0, null);
    return stringify(
      entries.map((e) => [
        e.id,
        e.at.toISOString(),
        spreadsheetSafe(e.actorName ?? ''),
        spreadsheetSafe(e.actorOrganisationName ?? ''),
        e.type,
        spreadsheetSafe(e.summary),
      ]),
      { header: true, columns: ['event', 'time', 'who', 'organisation', 'type', 'what'] },
    );
  }
}
