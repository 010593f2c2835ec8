import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { Connection } from '../../common/pagination.js';
import { instantOf, wallClock } from '../../common/time-zones.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import { eventActor, type EventWriter, type RecordEvent } from '../../events/event-log.js';
import { findById, UUID } from '../../loaders.js';
import { Decision, DecisionStatus } from '../decisions/decision.entity.js';
import type { DecisionService } from '../decisions/decision.service.js';
import type { DiscussionService } from '../discussions/discussion.service.js';
import { Message } from '../discussions/message.entity.js';
import { ThreadParent } from '../discussions/thread.entity.js';
import { Document, DocumentParent, DocumentVersion } from '../documents/document.entity.js';
import type { DocumentService } from '../documents/document.service.js';
import type { Locale } from '../users/user.entity.js';
import { legalBasis } from './record.bases.js';
import { buildCaseFile, directionOf, type CaseFile, type CaseRecord } from './record.casefile.js';
import {
  AccessClassification,
  CaseScope,
  RecordCase,
  RecordDirection,
  RecordMark,
  RecordSubject,
} from './record.entity.js';
import type { MarkAsRecordInput } from './record.inputs.js';
import { recordPolicy } from './record.policy.js';
import { loadSources, type CaseSources } from './record.sources.js';
import { ARCHIVE_TIME_ZONE, archiveLocale, RECORD_WORDS } from './record.words.js';

/** What marking needs to know of its subject once the actor may read it. */
interface Target {
  subject: RecordSubject;
  subjectId: string;
  scope: CaseScope;
  scopeId: string;
  groupId: string;
  version: number | null;
}

/** A journal number as people write it: year/sequence. */
export const journalNumber = (m: Pick<RecordMark, 'journalYear' | 'journalSequence'>) =>
  `${m.journalYear}/${m.journalSequence}`;

/**
 * Public records: the case files (record.casefile.ts), an authority's marks for its journal, and
 * the journal. Reads the other modules' rows; writes only its own tables and events. The locks on
 * marked subjects are record.lock.ts, which the discussions and documents services call.
 */
export class RecordService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly discussions: DiscussionService,
    private readonly documents: DocumentService,
    private readonly decisions: DecisionService,
  ) {}

  // ---- the case file ----

  /**
   * The case file of a procurement or group as the actor's authority may see it, read in one
   * snapshot. NOT_FOUND when it does not exist for the actor, or the authority took no part in it.
   */
  async caseFile(
    actor: Actor,
    scope: CaseScope,
    id: string,
    locale: Locale,
    timeZone: string,
  ): Promise<{ caseFile: CaseFile; sources: CaseSources }> {
    const entity = scope === CaseScope.PROCUREMENT ? 'JointProcurement' : 'BuyerGroup';
    const sources = UUID.test(id)
      ? await this.db.transaction('REPEATABLE READ', (em) => loadSources(em, scope, id))
      : null;
    if (!sources) throw new NotFoundError(entity, id);
    const membership = await actor.scope.membership(sources.group.id);
    // Someone outside the group (a supplier, another authority) is not told the case exists.
    if (!membership) throw new NotFoundError(entity, id);
    recordPolicy.authorize(actor, 'readCase', { membership }, 'read case files');
    const caseFile = buildCaseFile(sources, locale, timeZone);
    if (!caseFile.authorities.has(actor.organisation.id)) throw new NotFoundError(entity, id);
    return { caseFile, sources };
  }

  /** The records of the case the actor's authority took part in, each with its direction for it. */
  ownRecords(caseFile: CaseFile, organisationId: string): { record: CaseRecord; direction: RecordDirection }[] {
    return caseFile.records.flatMap((record) => {
      const direction = directionOf(record, organisationId);
      return direction ? [{ record, direction }] : [];
    });
  }

  /** The authority's marks of the given records. */
  marksOf(organisationId: string, recordIds: string[]): Promise<RecordMark[]> {
    return recordIds.length
      ? this.db
          .getRepository(RecordMark)
          .createQueryBuilder('m')
          .where('m.organisation_id = :organisationId AND m.subject_id = ANY(:ids::uuid[])', {
            organisationId,
            ids: recordIds,
          })
          .getMany()
      : Promise.resolve([]);
  }

  /** The authority's case file row for a case, opened (numbered in its series) if it has none yet. */
  async ensureCase(em: EntityManager, organisationId: string, scope: CaseScope, scopeId: string, year: number) {
    const existing = await em.getRepository(RecordCase).findOneBy({ organisationId, scope, scopeId });
    if (existing) return existing;
    const sequence = await nextNumber(em, organisationId, 'CASE', year);
    await em.query(
      `INSERT INTO record_case (organisation_id, scope, scope_id, year, sequence) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ON CONSTRAINT uq_record_case_scope DO NOTHING`,
      [organisationId, scope, scopeId, year, sequence],
    );
    return em.getRepository(RecordCase).findOneByOrFail({ organisationId, scope, scopeId });
  }

  // ---- marking ----

  async mark(actor: Actor, input: MarkAsRecordInput): Promise<RecordMark> {
    const code = input.legalBasis?.trim() || null;
    checkClassification(actor, input.classification, code);
    const target = await this.target(actor, input);
    recordPolicy.authorize(actor, 'mark', { membership: await actor.scope.membership(target.groupId) }, 'mark records');
    const organisationId = actor.organisation.id;
    return this.events.transaction(async (em, record) => {
      await this.lockSubject(em, target);
      const existing = await em
        .getRepository(RecordMark)
        .findOneBy({ organisationId, subject: target.subject, subjectId: target.subjectId });
      if (existing) return this.change(em, record, actor, existing, target, input.classification, code);

      const locale = archiveLocale(actor.organisation.country);
      const tz = ARCHIVE_TIME_ZONE[actor.organisation.country];
      const sources = await loadSources(em, target.scope, target.scopeId, {
        subject: target.subject,
        id: target.subjectId,
      });
      const rec = sources && buildCaseFile(sources, locale, tz).records.find((r) => r.id === target.subjectId);
      if (!rec)
        throw new NotFoundError(target.subject === RecordSubject.MESSAGE ? 'Message' : 'Document', target.subjectId);
      // A reader that joined after the record was made received it when it joined.
      const direction = directionOf(rec, organisationId) ?? RecordDirection.RECEIVED;
      const now = new Date();
      const year = wallClock(now, tz).year;
      const opened = wallClock(sources!.procurement?.createdAt ?? sources!.group.createdAt, tz).year;
      const kase = await this.ensureCase(em, organisationId, target.scope, target.scopeId, opened);
      // The case row lock numbers the case's records one after the other.
      await em.query(`SELECT 1 FROM record_case WHERE id = $1 FOR UPDATE`, [kase.id]);
      const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM record_mark WHERE case_id = $1`, [kase.id])) as {
        n: number;
      }[];
      const mark = em.getRepository(RecordMark).create({
        organisationId,
        caseId: kase.id,
        subject: target.subject,
        subjectId: target.subjectId,
        documentVersion: target.version,
        journalYear: year,
        journalSequence: await nextNumber(em, organisationId, 'JOURNAL', year),
        casePosition: n + 1,
        direction,
        title: rec.title.slice(0, 300),
        counterparts: counterpartsOf(rec, direction, sources!, actor.organisation.name, locale),
        classification: input.classification,
        legalBasis: code,
        markedByUserId: actor.user.id,
        changedAt: null,
      });
      await em.getRepository(RecordMark).insert(mark);
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        type: 'record.marked',
        actor: eventActor(actor),
        payload: {
          recordMarkId: mark.id,
          organisationId,
          subject: mark.subject,
          subjectId: mark.subjectId,
          documentVersion: mark.documentVersion,
          classification: mark.classification,
          legalBasis: mark.legalBasis,
          journalNumber: journalNumber(mark),
        },
      });
      return em.getRepository(RecordMark).findOneByOrFail({ id: mark.id });
    });
  }

  /** Marking again: a new classification, or a newer version of a document; the journal number stays. */
  private async change(
    em: EntityManager,
    record: RecordEvent,
    actor: Actor,
    mark: RecordMark,
    target: Target,
    classification: AccessClassification,
    legalBasisCode: string | null,
  ): Promise<RecordMark> {
    if (target.version !== null && mark.documentVersion !== null && target.version < mark.documentVersion) {
      throw UserInputError.field(
        'input.documentVersionId',
        'newerVersion',
        `the record already holds version ${mark.documentVersion}; a record is superseded by a newer version only`,
      );
    }
    const before = { ...mark };
    if (
      before.classification === classification &&
      before.legalBasis === legalBasisCode &&
      before.documentVersion === target.version
    ) {
      return mark;
    }
    await em
      .getRepository(RecordMark)
      .update(
        { id: mark.id },
        { classification, legalBasis: legalBasisCode, documentVersion: target.version, changedAt: new Date() },
      );
    await record({
      scopeType: 'user',
      scopeId: actor.user.id,
      groupId: null,
      type: 'record.changed',
      actor: eventActor(actor),
      payload: {
        recordMarkId: mark.id,
        organisationId: mark.organisationId,
        subject: mark.subject,
        subjectId: mark.subjectId,
        documentVersion: target.version,
        classification,
        legalBasis: legalBasisCode,
        journalNumber: journalNumber(mark),
        previousDocumentVersion: before.documentVersion,
        previousClassification: before.classification,
        previousLegalBasis: before.legalBasis,
      },
    });
    return em.getRepository(RecordMark).findOneByOrFail({ id: mark.id });
  }

  /** The one subject named, once the actor may read it (NOT_FOUND otherwise, as for reading it). */
  private async target(actor: Actor, input: MarkAsRecordInput): Promise<Target> {
    const named = [input.messageId, input.documentVersionId, input.decisionId].filter((x) => x != null);
    if (named.length !== 1) {
      throw UserInputError.field('input', 'oneSubject', 'give exactly one of messageId, documentVersionId, decisionId');
    }
    if (input.messageId) {
      const message = await findById(this.db, Message, input.messageId);
      if (!message) throw new NotFoundError('Message', input.messageId);
      const { thread } = await this.discussions.access(actor, message.threadId).catch(notFound('Message', message.id));
      const procurement = thread.parentType === ThreadParent.PROCUREMENT;
      return {
        subject: RecordSubject.MESSAGE,
        subjectId: message.id,
        scope: procurement ? CaseScope.PROCUREMENT : CaseScope.GROUP,
        scopeId: procurement ? thread.parentId : thread.groupId,
        groupId: thread.groupId,
        version: null,
      };
    }
    if (input.documentVersionId) {
      const version = await findById(this.db, DocumentVersion, input.documentVersionId);
      if (!version) throw new NotFoundError('DocumentVersion', input.documentVersionId);
      const { document } = await this.documents
        .access(actor, version.documentId)
        .catch(notFound('DocumentVersion', version.id));
      const procurement = document.parentType === DocumentParent.PROCUREMENT;
      return {
        subject: RecordSubject.DOCUMENT,
        subjectId: document.id,
        scope: procurement ? CaseScope.PROCUREMENT : CaseScope.GROUP,
        scopeId: procurement ? document.parentId : document.groupId,
        groupId: document.groupId,
        version: version.number,
      };
    }
    const decision = await this.decisions.get(actor, input.decisionId!);
    const procurement = await this.db.query(`SELECT group_id FROM procurement WHERE id = $1`, [decision.procurementId]);
    return {
      subject: RecordSubject.DECISION,
      subjectId: decision.id,
      scope: CaseScope.PROCUREMENT,
      scopeId: decision.procurementId,
      groupId: (procurement as { group_id: string }[])[0].group_id,
      version: null,
    };
  }

  /**
   * The subject's row lock (the one its own service's changes take), so a mark and an edit or a
   * deletion never pass each other; then its state: what is deleted or still open is not marked.
   */
  private async lockSubject(em: EntityManager, t: Target): Promise<void> {
    const entity =
      t.subject === RecordSubject.MESSAGE ? Message : t.subject === RecordSubject.DOCUMENT ? Document : Decision;
    const row = (await em
      .getRepository(entity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id: t.subjectId })
      .getOneOrFail()) as Message | Document | Decision;
    if (row instanceof Decision && row.status !== DecisionStatus.CLOSED) {
      throw new InvalidStateError('A decision becomes a record once it has closed.', ['decision status CLOSED']);
    }
    if ((row instanceof Message || row instanceof Document) && row.deletedAt) {
      throw new InvalidStateError(`The ${t.subject.toLowerCase()} is deleted.`, ['not deleted']);
    }
  }

  // ---- the journal ----

  /** The actor's authority's journal: the records it marked in a period (days on the actor's clock), in journal order. */
  async journal(
    actor: Actor,
    from: string,
    to: string,
    page: { first: number; after?: string | null } | null,
  ): Promise<Connection<RecordMark>> {
    recordPolicy.authorize(actor, 'readJournal', { membership: null }, 'read the journal');
    if (to < from) throw UserInputError.field('to', 'notBeforeFrom', 'must not be before `from`');
    const tz = actor.user.timeZone;
    const [y1, m1, d1] = from.split('-').map(Number);
    const [y2, m2, d2] = to.split('-').map(Number);
    const start = instantOf({ year: y1, month: m1, day: d1, hour: 0 }, tz);
    const end = instantOf({ year: y2, month: m2, day: d2 + 1, hour: 0 }, tz);
    const qb = this.db
      .getRepository(RecordMark)
      .createQueryBuilder('m')
      .where('m.organisation_id = :org AND m.created_at >= :start AND m.created_at < :end', {
        org: actor.organisation.id,
        start,
        end,
      });
    const totalCount = await qb.getCount();
    const cursor = page?.after?.match(/^(\d{1,6})\/(\d{1,9})$/);
    if (page?.after && !cursor) throw UserInputError.field('after', 'cursor', 'is not a cursor of this list');
    if (cursor) {
      qb.andWhere('(m.journal_year, m.journal_sequence) > (:y, :s)', { y: Number(cursor[1]), s: Number(cursor[2]) });
    }
    const limit = page ? page.first : 100_000;
    const rows = await qb
      .orderBy('m.journal_year', 'ASC')
      .addOrderBy('m.journal_sequence', 'ASC')
      .take(limit + 1)
      .getMany();
    const nodes = rows.slice(0, limit);
    return {
      nodes,
      edges: nodes.map((node) => ({ cursor: journalNumber(node), node })),
      pageInfo: {
        hasNextPage: rows.length > limit,
        endCursor: nodes.length ? journalNumber(nodes[nodes.length - 1]) : null,
      },
      totalCount,
    };
  }
}

const notFound = (entity: string, id: string) => (err: unknown) => {
  if (err instanceof NotFoundError) throw new NotFoundError(entity, id);
  throw err;
};

/** Exempt needs a basis from the authority's country's list; public has none. Each refusal names the field. */
function checkClassification(actor: Actor, classification: AccessClassification, code: string | null): void {
  if (classification === AccessClassification.EXEMPT && !code) {
    throw UserInputError.field(
      'input.legalBasis',
      'required',
      "an exempt record needs a legal basis from the list of the authority's country (legalBases)",
    );
  }
  if (classification === AccessClassification.PUBLIC && code) {
    throw UserInputError.field(
      'input.legalBasis',
      'onlyWhenExempt',
      'a public record has no legal basis for exemption',
    );
  }
  if (code && !legalBasis(actor.organisation.country, code)) {
    throw UserInputError.field(
      'input.legalBasis',
      'knownBasis',
      `is not a legal basis of ${actor.organisation.country} (see legalBases)`,
    );
  }
}

/** The next number of an authority's series (CASE or JOURNAL) in a year: the counter row's lock orders concurrent marks. */
async function nextNumber(em: EntityManager, organisationId: string, series: string, year: number): Promise<number> {
  const [row] = (await em.query(
    `INSERT INTO record_counter (organisation_id, series, year, value) VALUES ($1, $2, $3, 1)
     ON CONFLICT (organisation_id, series, year) DO UPDATE SET value = record_counter.value + 1
     RETURNING value`,
    [organisationId, series, year],
  )) as { value: number }[];
  return row.value;
}

/** Who the journal names as sender (received) or recipients (sent). */
function counterpartsOf(
  rec: CaseRecord,
  direction: RecordDirection,
  sources: CaseSources,
  own: string,
  locale: Locale,
): string {
  if (direction === RecordDirection.INTERNAL) return own;
  if (direction === RecordDirection.RECEIVED) return rec.origin.name;
  const names = [...rec.recipients].map((id) => sources.organisations.get(id)?.name ?? id).sort();
  if (rec.external) names.push(rec.external);
  return names.join('; ') || RECORD_WORDS[locale].suppliers;
}
