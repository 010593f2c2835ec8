import { In, type EntityManager } from 'typeorm';
import { Award, Tender } from '../contracts/contract.entity.js';
import { Decision, DecisionVote } from '../decisions/decision.entity.js';
import { DialogueAnswerRevision, DialogueQuestion } from '../dialogue/dialogue.entity.js';
import { Message, MessageRevision } from '../discussions/message.entity.js';
import { Thread, ThreadParent } from '../discussions/thread.entity.js';
import { Document, DocumentParent, DocumentVersion } from '../documents/document.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { Membership } from '../groups/membership.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Lot, Participant, Procurement } from '../procurements/procurement.entity.js';
import { User } from '../users/user.entity.js';
import { CaseScope, RecordSubject } from './record.entity.js';

/**
 * The rows a case file is made of, read in one snapshot from the tables that already hold them
 * (and, where a table keeps no trace, from the event log): nothing is copied into tables of the
 * records module. A case file is the procurement's (its channels, documents, decisions, mandates,
 * dialogue, tenders and awards) or the group's (its own and its needs' threads and documents).
 */
export interface CaseSources {
  scope: CaseScope;
  group: BuyerGroup;
  procurement: Procurement | null;
  memberships: Membership[];
  participants: Participant[];
  lots: Lot[];
  threads: Thread[];
  messages: Message[];
  /** Earlier texts of edited messages and the texts of deleted ones, oldest first. */
  revisions: MessageRevision[];
  documents: Document[];
  /** Every version of the documents, without their text (read when a package streams). */
  versions: DocumentVersion[];
  decisions: Decision[];
  votes: DecisionVote[];
  questions: DialogueQuestion[];
  answers: DialogueAnswerRevision[];
  tenders: Tender[];
  awards: Award[];
  /** The events the tables do not remember: who opened a decision or published the notice, renames. */
  events: LoggedEvent[];
  organisations: Map<string, Organisation>;
  users: Map<string, User>;
}

export interface LoggedEvent {
  id: number;
  type: string;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** The event types a case file reads from the log. */
const NONE = '00000000-0000-0000-0000-000000000000';

const LOGGED = ['decision.opened', 'dialogue.published', 'document.created', 'document.renamed', 'message.deleted'];

/** Everything of a version but its text (read when a package streams) and its search words. */
const VERSION_COLUMNS = {
  id: true,
  documentId: true,
  number: true,
  content: true,
  blobId: true,
  fileName: true,
  mediaType: true,
  size: true,
  sha256: true,
  changeNote: true,
  authorUserId: true,
  authorOrganisationId: true,
  createdAt: true,
} as const;

/** One record to read instead of the whole case (marking needs only the record it marks). */
export interface OnlyRecord {
  subject: RecordSubject;
  id: string;
}

/**
 * The case file's rows of a procurement or a group, or null when it does not exist; with `only`,
 * the rows of that one record (and who it reached), not the rest of the case.
 */
export async function loadSources(
  em: EntityManager,
  scope: CaseScope,
  id: string,
  only?: OnlyRecord,
): Promise<CaseSources | null> {
  const procurement = scope === CaseScope.PROCUREMENT ? await em.getRepository(Procurement).findOneBy({ id }) : null;
  if (scope === CaseScope.PROCUREMENT && !procurement) return null;
  const group = await em.getRepository(BuyerGroup).findOneBy({ id: procurement?.groupId ?? id });
  if (!group) return null;

  const threads = await em.getRepository(Thread).find({
    where: procurement
      ? { parentType: ThreadParent.PROCUREMENT, parentId: procurement.id }
      : { groupId: group.id, parentType: In([ThreadParent.GROUP, ThreadParent.NEED]) },
    order: { createdAt: 'ASC' },
  });
  const documents = await em.getRepository(Document).find({
    where: procurement
      ? { parentType: DocumentParent.PROCUREMENT, parentId: procurement.id }
      : { groupId: group.id, parentType: In([DocumentParent.GROUP, DocumentParent.NEED]) },
    order: { createdAt: 'ASC' },
  });
  // A deleted document left the case (it was withdrawn before it became a record: marking locks it).
  const live = documents.filter(
    (d) => !d.deletedAt && (!only || (only.subject === RecordSubject.DOCUMENT && only.id === d.id)),
  );
  const threadIds = threads.map((t) => t.id);
  /** With `only`, an id no row has: the query that would read the other kinds of record reads nothing. */
  const kind = (subject: RecordSubject, all: string) => (!only ? all : only.subject === subject ? only.id : NONE);
  const documentIds = live.map((d) => d.id);
  const procurementId = procurement?.id ?? NONE;
  const rest = only ? NONE : procurementId;

  const [memberships, participants, lots, messages, versions, decisions, questions, tenders, awards] =
    await Promise.all([
      em.getRepository(Membership).find({ where: { groupId: group.id } }),
      em.getRepository(Participant).find({ where: { procurementId }, order: { createdAt: 'ASC' } }),
      em.getRepository(Lot).find({ where: { procurementId }, order: { number: 'ASC' } }),
      em.getRepository(Message).find({
        where: only ? { id: kind(RecordSubject.MESSAGE, ''), threadId: In(threadIds) } : { threadId: In(threadIds) },
        order: { createdAt: 'ASC', seq: 'ASC' },
      }),
      em.getRepository(DocumentVersion).find({
        select: VERSION_COLUMNS,
        where: { documentId: In(documentIds) },
        order: { documentId: 'ASC', number: 'ASC' },
      }),
      em.getRepository(Decision).find({
        where: only ? { id: kind(RecordSubject.DECISION, ''), procurementId } : { procurementId },
        order: { createdAt: 'ASC' },
      }),
      em.getRepository(DialogueQuestion).find({ where: { procurementId: rest }, order: { number: 'ASC' } }),
      em.getRepository(Tender).find({ where: { procurementId: rest }, order: { receivedAt: 'ASC' } }),
      em.getRepository(Award).find({ where: { procurementId: rest }, order: { awardedAt: 'ASC' } }),
    ]);
  const messageIds = messages.map((m) => m.id);
  const [revisions, votes, answers] = await Promise.all([
    em.getRepository(MessageRevision).find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC' } }),
    em.getRepository(DecisionVote).find({ where: { decisionId: In(decisions.map((d) => d.id)) } }),
    em
      .getRepository(DialogueAnswerRevision)
      .find({ where: { questionId: In(questions.map((q) => q.id)) }, order: { revision: 'ASC' } }),
  ]);
  // Documents' events are in their parent's scope (the procurement, the group or one of its needs).
  const events = await loggedEvents(em, [
    procurement?.id ?? group.id,
    ...new Set(documents.map((d) => d.parentId)),
    ...threadIds,
  ]);

  const userIds = new Set<string>([
    ...messages.map((m) => m.authorUserId),
    ...revisions.map((r) => r.changedByUserId),
    ...versions.map((v) => v.authorUserId),
    ...decisions.map((d) => d.openedByUserId),
    ...votes.map((v) => v.votedByUserId),
    ...participants.flatMap((p) => (p.signedByUserId ? [p.signedByUserId] : [])),
    ...questions.map((q) => q.askedByUserId),
    ...answers.map((a) => a.authorUserId),
    ...events.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
  ]);
  const users = await em.getRepository(User).findBy({ id: In([...userIds]) });
  const organisationIds = new Set<string>([
    group.createdByOrganisationId,
    ...(procurement ? [procurement.leadOrganisationId] : []),
    ...memberships.map((m) => m.organisationId),
    ...participants.map((p) => p.organisationId),
    ...messages.map((m) => m.authorOrganisationId),
    ...versions.map((v) => v.authorOrganisationId),
    ...live.map((d) => d.createdByOrganisationId),
    ...votes.map((v) => v.organisationId),
    ...questions.map((q) => q.askedByOrganisationId),
    ...tenders.map((t) => t.supplierId),
    ...awards.flatMap((a) => a.supplierIds),
    ...users.map((u) => u.organisationId),
    ...events.flatMap((e) => (e.actorOrganisationId ? [e.actorOrganisationId] : [])),
  ]);
  const organisations = await em.getRepository(Organisation).findBy({ id: In([...organisationIds]) });
  return {
    scope,
    group,
    procurement,
    memberships,
    participants,
    lots,
    threads,
    messages,
    revisions,
    documents: live,
    versions,
    decisions,
    votes,
    questions,
    answers,
    tenders,
    awards,
    events,
    organisations: new Map(organisations.map((o) => [o.id, o])),
    users: new Map(users.map((u) => [u.id, u])),
  };
}

/** The logged events of the case's scopes (its own, its needs', its threads') that the tables forget. */
async function loggedEvents(em: EntityManager, scopes: string[]): Promise<LoggedEvent[]> {
  const rows = (await em.query(
    `SELECT id, type, actor_user_id, actor_organisation_id, payload, created_at FROM event
      WHERE scope_type = ANY($1::text[]) AND scope_id = ANY($2::uuid[]) AND type = ANY($3::text[])
      ORDER BY id`,
    [['procurement', 'group', 'need', 'thread'], [...new Set(scopes)], LOGGED],
  )) as {
    id: string;
    type: string;
    actor_user_id: string | null;
    actor_organisation_id: string | null;
    payload: Record<string, unknown>;
    created_at: Date;
  }[];
  return rows.map((r) => ({
    id: Number(r.id),
    type: r.type,
    actorUserId: r.actor_user_id,
    actorOrganisationId: r.actor_organisation_id,
    payload: r.payload ?? {},
    createdAt: r.created_at,
  }));
}
