import { findById } from '../../loaders.js';
import type { Loaders } from '../../loaders.js';
import DataLoader from 'dataloader';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { UUID } from '../../loaders.js';
import { Message } from '../discussions/message.entity.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { Document, DocumentParent, DocumentVersion, DocumentVisibility } from '../documents/document.entity.js';
import { isActiveMember, requireCoordinator } from '../groups/group.policy.js';
import type { GroupService } from '../groups/group.service.js';
import { OrganisationKind } from '../organisations/organisation.entity.js';
import {
  isFinished,
  MilestoneKind,
  Milestone,
  phaseAtLeast,
  Procurement,
  ProcurementPhase,
} from '../procurements/procurement.entity.js';
import {
  procurementEvent,
  requireOpen,
  type ProcurementAccess,
  type ProcurementService,
} from '../procurements/procurement.service.js';
import {
  DialogueAnswerRevision,
  DialogueQuestion,
  DialogueRegistration,
  DialogueSlot,
  QuestionStatus,
} from './dialogue.entity.js';
import type {
  AnswerQuestionInput,
  AskQuestionInput,
  OpenSlotsInput,
  PublishDialogueNoticeInput,
} from './dialogue.inputs.js';
import { MarketDialogue } from './dialogue.types.js';

/** Who is reading a dialogue: a buyer (active member of the group) or a supplier, registered or not. */
export interface DialogueReader {
  procurement: Procurement;
  buyer: boolean;
  registered: boolean;
}

/** The dialogue takes questions and bookings once published and until the competition starts. */
export const dialogueOpen = (p: Procurement) =>
  p.dialoguePublishedAt !== null && !phaseAtLeast(p.phase, ProcurementPhase.COMPETITION);

const closedError = (p: Procurement) =>
  new InvalidStateError(
    p.dialoguePublishedAt === null
      ? 'The market dialogue has not been published.'
      : `The market dialogue is closed (the procurement is in ${p.phase}).`,
    ['an open market dialogue (published, before COMPETITION)'],
  );

/**
 * Market dialogue with equal treatment of suppliers (DESIGN 2). Answers exist only as publications
 * to every registered supplier at once: there is no operation that answers one supplier, and the
 * supplier-facing types never name the asker or another supplier.
 */
export class DialogueService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly procurements: ProcurementService,
    private readonly streams: EventStreams,
  ) {}

  /** Each actor's readers by procurement, for the actor's lifetime (see `reader`). */
  private readonly readers = new WeakMap<Actor, Map<string, Promise<DialogueReader>>>();

  // ---- access ----

  /**
   * A published dialogue for any signed-in user (the notice is public); an unpublished one only
   * for the group's members. Everything beyond the notice needs `registered` or `buyer`.
   */
  reader(actor: Actor, procurementId: string): Promise<DialogueReader> {
    // Kept for the actor's lifetime (one request): a page asks several fields of one dialogue.
    let mine = this.readers.get(actor);
    if (!mine) this.readers.set(actor, (mine = new Map()));
    let reader = mine.get(procurementId);
    if (!reader) {
      reader = this.readDialogue(actor, procurementId);
      mine.set(procurementId, reader);
    }
    return reader;
  }

  private async readDialogue(actor: Actor, id: string): Promise<DialogueReader> {
    const procurement = await findById(this.db, Procurement, id);
    if (!procurement) throw new NotFoundError('MarketDialogue', id);
    const membership = await actor.scope.membership(procurement.groupId);
    const buyer = isActiveMember(membership);
    if (!buyer && procurement.dialoguePublishedAt === null) throw new NotFoundError('MarketDialogue', id);
    const registered =
      !buyer &&
      (await this.db
        .getRepository(DialogueRegistration)
        .existsBy({ procurementId: id, organisationId: actor.organisation.id }));
    return { procurement, buyer, registered };
  }

  /** For the parts of a dialogue beyond its notice: buyers and registered suppliers. */
  async insider(actor: Actor, procurementId: string, what: string): Promise<DialogueReader> {
    const reader = await this.reader(actor, procurementId);
    if (!reader.buyer && !reader.registered) {
      throw new ForbiddenError(`Register for the market dialogue to see ${what}.`);
    }
    return reader;
  }

  async get(actor: Actor, procurementId: string): Promise<MarketDialogue> {
    const { procurement } = await this.reader(actor, procurementId);
    return Object.assign(new MarketDialogue(), { procurement });
  }

  /** Published, open-for-questions-or-not dialogue notices, newest first: the notice board suppliers browse. */
  async list(actor: Actor, search: string | null | undefined, first: number): Promise<MarketDialogue[]> {
    const qb = this.db
      .getRepository(Procurement)
      .createQueryBuilder('p')
      .where('p.dialogue_published_at IS NOT NULL')
      .orderBy('p.dialogue_published_at', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(first);
    if (search?.trim()) {
      qb.andWhere(`(p.title ILIKE :q OR p.dialogue_notice ILIKE :q)`, {
        q: `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const rows = await qb.getMany();
    return rows.map((procurement) => Object.assign(new MarketDialogue(), { procurement }));
  }

  private async lockForSupplier(
    em: EntityManager,
    viewer: Actor,
    procurementId: string,
  ): Promise<{ procurement: Procurement; registered: boolean }> {
    const procurement = UUID.test(procurementId)
      ? await em
          .getRepository(Procurement)
          .createQueryBuilder('p')
          .setLock('pessimistic_write')
          .where('p.id = :procurementId', { procurementId })
          .getOne()
      : null;
    if (!procurement || procurement.dialoguePublishedAt === null) {
      throw new NotFoundError('MarketDialogue', procurementId);
    }
    const registered = await em
      .getRepository(DialogueRegistration)
      .existsBy({ procurementId, organisationId: viewer.organisation.id });
    return { procurement, registered };
  }

  private requireSupplier(viewer: Actor) {
    if (viewer.organisation.kind !== OrganisationKind.SUPPLIER) {
      throw new ForbiddenError('Only suppliers take part in the market dialogue as suppliers.');
    }
  }

  /** A coordinator's change to the dialogue of an open procurement, under the procurement's row lock. */
  private coordinatorChange<T>(
    actor: Actor,
    procurementId: string,
    fn: (em: EntityManager, record: RecordEvent, access: ProcurementAccess, viewer: Actor) => Promise<T>,
  ): Promise<T> {
    return this.procurements.change(actor, procurementId, fn, { coordinatorsOnly: 'run the market dialogue' });
  }

  // ---- the notice ----

  publishNotice(actor: Actor, input: PublishDialogueNoticeInput): Promise<Procurement> {
    return this.coordinatorChange(actor, input.procurementId, async (em, record, { procurement }, viewer) => {
      if (phaseAtLeast(procurement.phase, ProcurementPhase.COMPETITION)) throw closedError(procurement);
      if (Number.isNaN(input.questionDeadline.getTime()) || input.questionDeadline.getTime() <= Date.now()) {
        throw UserInputError.field('input.questionDeadline', 'future', 'must be in the future');
      }
      const first = procurement.dialoguePublishedAt === null;
      const changes = {
        dialogueNotice: input.notice.trim(),
        dialoguePublishedAt: procurement.dialoguePublishedAt ?? new Date(),
        maxBookingsPerSupplier: input.maxBookingsPerSupplier,
      };
      await em.getRepository(Procurement).update({ id: procurement.id }, changes);
      await this.procurements.upsertMilestone(
        em,
        procurement,
        MilestoneKind.QUESTION_DEADLINE,
        null,
        input.questionDeadline,
      );
      await record(
        procurementEvent(
          procurement,
          viewer,
          first ? 'dialogue.published' : 'dialogue.notice_updated',
          { questionDeadline: input.questionDeadline.toISOString() },
          true,
        ),
      );
      return em.getRepository(Procurement).findOneByOrFail({ id: procurement.id });
    });
  }

  // ---- registration ----

  async register(actor: Actor, procurementId: string): Promise<MarketDialogue> {
    this.requireSupplier(actor);
    await this.events.transaction(async (em, record) => {
      const { procurement } = await this.lockForSupplier(em, actor, procurementId);
      const mine = await em.getRepository(DialogueRegistration).existsBy({ procurementId, userId: actor.user.id });
      if (mine) return;
      if (!dialogueOpen(procurement)) throw closedError(procurement);
      await em
        .getRepository(DialogueRegistration)
        .insert({ procurementId, organisationId: actor.organisation.id, userId: actor.user.id });
      // Buyers only: who takes part in the dialogue is not for the other suppliers.
      await record(
        procurementEvent(procurement, actor, 'dialogue.registered', { organisationId: actor.organisation.id }),
      );
    });
    this.readers.get(actor)?.delete(procurementId);
    return this.get(actor, procurementId);
  }

  // ---- questions ----

  async ask(actor: Actor, input: AskQuestionInput): Promise<DialogueQuestion> {
    this.requireSupplier(actor);
    return this.events.transaction(async (em, record) => {
      const { procurement, registered } = await this.lockForSupplier(em, actor, input.procurementId);
      if (!registered) throw new ForbiddenError('Register for the market dialogue before asking.');
      if (!dialogueOpen(procurement)) throw closedError(procurement);
      const deadline = await em
        .getRepository(Milestone)
        .findOneBy({ procurementId: procurement.id, kind: MilestoneKind.QUESTION_DEADLINE });
      if (deadline && deadline.dueAt.getTime() <= Date.now()) {
        throw new InvalidStateError(`The question deadline passed on ${deadline.dueAt.toISOString()}.`, [
          'before the question deadline',
        ]);
      }
      const [{ n }] = (await em.query(
        `SELECT coalesce(max(number), 0) + 1 AS n FROM dialogue_question WHERE procurement_id = $1`,
        [procurement.id],
      )) as { n: number }[];
      const question = await em.getRepository(DialogueQuestion).save(
        em.getRepository(DialogueQuestion).create({
          procurementId: procurement.id,
          number: Number(n),
          askedByUserId: actor.user.id,
          askedByOrganisationId: actor.organisation.id,
          text: input.text.trim(),
          status: QuestionStatus.PENDING,
          publishedQuestion: null,
          answer: null,
          answerRevision: 0,
          answeredAt: null,
        }),
      );
      // For the buyers (who answer) only: a question is private until answered to all.
      await record(
        procurementEvent(procurement, actor, 'question.asked', { questionId: question.id, number: question.number }),
      );
      return question;
    });
  }

  async withdraw(actor: Actor, questionId: string): Promise<DialogueQuestion> {
    const question = await this.questionOrFail(questionId);
    if (question.askedByOrganisationId !== actor.organisation.id) throw new NotFoundError('Question', questionId);
    return this.events.transaction(async (em, record) => {
      const { procurement } = await this.lockForSupplier(em, actor, question.procurementId);
      const locked = await em.getRepository(DialogueQuestion).findOneByOrFail({ id: question.id });
      if (locked.status !== QuestionStatus.PENDING) {
        throw new InvalidStateError(`The question is ${locked.status.toLowerCase()}.`, ['question status PENDING']);
      }
      locked.status = QuestionStatus.WITHDRAWN;
      await em.getRepository(DialogueQuestion).update({ id: locked.id }, { status: locked.status });
      await record(procurementEvent(procurement, actor, 'question.withdrawn', { questionId: locked.id }));
      return locked;
    });
  }

  private async questionOrFail(questionId: string): Promise<DialogueQuestion> {
    const q = UUID.test(questionId)
      ? await this.db.getRepository(DialogueQuestion).findOneBy({ id: questionId })
      : null;
    if (!q) throw new NotFoundError('Question', questionId);
    return q;
  }

  /** Publishes the answer (first or revised) to every registered supplier at once. */
  async answer(actor: Actor, input: AnswerQuestionInput, revise: boolean): Promise<DialogueQuestion> {
    const question = await this.questionOrFail(input.questionId);
    return this.coordinatorChange(actor, question.procurementId, async (em, record, { procurement }, viewer) => {
      const q = await em.getRepository(DialogueQuestion).findOneByOrFail({ id: question.id });
      const wanted = revise ? QuestionStatus.ANSWERED : QuestionStatus.PENDING;
      if (q.status !== wanted) {
        throw new InvalidStateError(
          revise ? 'Only a published answer can be edited.' : `The question is ${q.status.toLowerCase()}.`,
          [`question status ${wanted}`],
        );
      }
      const publishedQuestion = input.publishedQuestion?.trim() || q.publishedQuestion || q.text;
      const revision = q.answerRevision + 1;
      const now = new Date();
      await em.getRepository(DialogueQuestion).update(
        { id: q.id },
        {
          status: QuestionStatus.ANSWERED,
          publishedQuestion,
          answer: input.answer.trim(),
          answerRevision: revision,
          answeredAt: q.answeredAt ?? now,
        },
      );
      await em.getRepository(DialogueAnswerRevision).insert({
        questionId: q.id,
        revision,
        publishedQuestion,
        answer: input.answer.trim(),
        authorUserId: viewer.user.id,
      });
      await record(
        procurementEvent(
          procurement,
          viewer,
          revise ? 'answer.revised' : 'question.answered',
          { questionId: q.id, number: q.number, revision },
          true,
        ),
      );
      return em.getRepository(DialogueQuestion).findOneByOrFail({ id: q.id });
    });
  }

  // ---- meetings ----

  openSlots(actor: Actor, input: OpenSlotsInput): Promise<DialogueSlot[]> {
    return this.coordinatorChange(actor, input.procurementId, async (em, record, { procurement }, viewer) => {
      if (phaseAtLeast(procurement.phase, ProcurementPhase.COMPETITION)) throw closedError(procurement);
      if (Number.isNaN(input.startsAt.getTime()) || input.startsAt.getTime() <= Date.now()) {
        throw UserInputError.field('input.startsAt', 'future', 'must be in the future');
      }
      const ms = input.durationMinutes * 60_000;
      const existing = await em.getRepository(DialogueSlot).findBy({ procurementId: procurement.id });
      const length = existing[0] ? existing[0].endsAt.getTime() - existing[0].startsAt.getTime() : ms;
      if (length !== ms) {
        throw UserInputError.field(
          'input.durationMinutes',
          'equalLength',
          `every dialogue meeting of this procurement lasts ${length / 60_000} minutes (equal treatment)`,
        );
      }
      const slots = Array.from({ length: input.count }, (_, i) => {
        const startsAt = new Date(input.startsAt.getTime() + i * ms);
        return { startsAt, endsAt: new Date(startsAt.getTime() + ms) };
      });
      const overlap = existing.find((e) => slots.some((s) => s.startsAt < e.endsAt && e.startsAt < s.endsAt));
      if (overlap) {
        throw UserInputError.field(
          'input.startsAt',
          'noOverlap',
          `overlaps the slot starting ${overlap.startsAt.toISOString()}`,
        );
      }
      const saved = await em.getRepository(DialogueSlot).save(
        slots.map((s) =>
          em.getRepository(DialogueSlot).create({
            ...s,
            procurementId: procurement.id,
            location: input.location.trim(),
            bookedByOrganisationId: null,
            bookedByUserId: null,
            bookedAt: null,
          }),
        ),
      );
      await record(procurementEvent(procurement, viewer, 'slots.opened', { slotIds: saved.map((s) => s.id) }, true));
      return saved.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    });
  }

  async removeSlot(actor: Actor, slotId: string): Promise<Procurement> {
    const slot = await this.slotOrFail(slotId);
    return this.coordinatorChange(actor, slot.procurementId, async (em, record, { procurement }, viewer) => {
      await em.getRepository(DialogueSlot).delete({ id: slot.id });
      await record(procurementEvent(procurement, viewer, 'slot.removed', { slotId: slot.id }, true));
      return procurement;
    });
  }

  private async slotOrFail(slotId: string): Promise<DialogueSlot> {
    const s = UUID.test(slotId) ? await this.db.getRepository(DialogueSlot).findOneBy({ id: slotId }) : null;
    if (!s) throw new NotFoundError('DialogueSlot', slotId);
    return s;
  }

  async book(actor: Actor, slotId: string): Promise<DialogueSlot> {
    this.requireSupplier(actor);
    const slot = await this.slotOrFail(slotId);
    return this.events.transaction(async (em, record) => {
      // The procurement lock serialises bookings: the per-supplier limit and one booking per slot hold.
      const { procurement, registered } = await this.lockForSupplier(em, actor, slot.procurementId);
      if (!registered) throw new ForbiddenError('Register for the market dialogue before booking a meeting.');
      if (!dialogueOpen(procurement)) throw closedError(procurement);
      const current = await em.getRepository(DialogueSlot).findOneBy({ id: slot.id });
      if (!current) throw new NotFoundError('DialogueSlot', slotId);
      if (current.bookedByOrganisationId === actor.organisation.id) return current;
      if (current.bookedByOrganisationId) throw new ConflictError('This slot is already booked; choose another.');
      if (current.startsAt.getTime() <= Date.now()) {
        throw new InvalidStateError('This slot has already started.', ['a future slot']);
      }
      const mine = await em
        .getRepository(DialogueSlot)
        .countBy({ procurementId: procurement.id, bookedByOrganisationId: actor.organisation.id });
      if (mine >= procurement.maxBookingsPerSupplier) {
        throw new InvalidStateError(
          `Each supplier may book at most ${procurement.maxBookingsPerSupplier} meeting(s); cancel one first.`,
          [`at most ${procurement.maxBookingsPerSupplier} booking(s) per supplier`],
        );
      }
      Object.assign(current, {
        bookedByOrganisationId: actor.organisation.id,
        bookedByUserId: actor.user.id,
        bookedAt: new Date(),
      });
      await em.getRepository(DialogueSlot).save(current);
      await record(procurementEvent(procurement, actor, 'slot.booked', { slotId: current.id }, true));
      return current;
    });
  }

  /** The booking supplier, or a coordinator, frees a slot. */
  async cancelBooking(actor: Actor, slotId: string): Promise<DialogueSlot> {
    const slot = await this.slotOrFail(slotId);
    return this.events.transaction(async (em, record) => {
      const procurement = await em
        .getRepository(Procurement)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.id = :id', { id: slot.procurementId })
        .getOneOrFail();
      const current = await em.getRepository(DialogueSlot).findOneBy({ id: slot.id });
      if (!current) throw new NotFoundError('DialogueSlot', slotId);
      if (current.bookedByOrganisationId !== actor.organisation.id) {
        const membership = await this.groups.viewerMembership(actor, procurement.groupId);
        if (!isActiveMember(membership)) throw new NotFoundError('DialogueSlot', slotId);
        requireCoordinator(membership, "cancel another organisation's booking");
      }
      if (!current.bookedByOrganisationId) return current;
      if (isFinished(procurement.phase)) requireOpen(procurement);
      Object.assign(current, { bookedByOrganisationId: null, bookedByUserId: null, bookedAt: null });
      await em.getRepository(DialogueSlot).save(current);
      await record(procurementEvent(procurement, actor, 'slot.freed', { slotId: current.id }, true));
      return current;
    });
  }

  // ---- reading ----

  questions(loaders: Loaders, procurementId: string): Promise<DialogueQuestion[]> {
    return loaders.children(
      'dialogueQuestions',
      (r) => r.procurementId,
      (ids) =>
        this.db.getRepository(DialogueQuestion).find({ where: { procurementId: In(ids) }, order: { number: 'ASC' } }),
      procurementId,
    );
  }

  /** Answer revisions of these questions, oldest first; batched per request. */
  async revisions(loaders: Loaders, questionIds: string[]): Promise<DialogueAnswerRevision[]> {
    const loader = loaders.get(
      'dialogueAnswerRevisions',
      () =>
        new DataLoader<string, DialogueAnswerRevision[]>(async (ids) => {
          const rows = await this.db
            .getRepository(DialogueAnswerRevision)
            .find({ where: { questionId: In([...ids]) }, order: { revision: 'ASC' } });
          return ids.map((id) => rows.filter((r) => r.questionId === id));
        }),
    );
    return (await loader.loadMany(questionIds)).flatMap((r) => (r instanceof Error ? [] : r));
  }

  slots(loaders: Loaders, procurementId: string): Promise<DialogueSlot[]> {
    return loaders.children(
      'dialogueSlots',
      (r) => r.procurementId,
      (ids) =>
        this.db.getRepository(DialogueSlot).find({ where: { procurementId: In(ids) }, order: { startsAt: 'ASC' } }),
      procurementId,
    );
  }

  registrations(loaders: Loaders, procurementId: string): Promise<DialogueRegistration[]> {
    return loaders.children(
      'dialogueRegistrations',
      (r) => r.procurementId,
      (ids) =>
        this.db
          .getRepository(DialogueRegistration)
          .find({ where: { procurementId: In(ids) }, order: { createdAt: 'ASC' } }),
      procurementId,
    );
  }

  /** Published procurement documents with their published version. */
  async publishedDocuments(procurementId: string): Promise<{ document: Document; version: DocumentVersion }[]> {
    const docs = await this.db.getRepository(Document).find({
      where: {
        parentType: DocumentParent.PROCUREMENT,
        parentId: procurementId,
        visibility: DocumentVisibility.PUBLISHED,
      },
      order: { publishedAt: 'ASC' },
    });
    const live = docs.filter((d) => !d.deletedAt && d.publishedVersion);
    if (!live.length) return [];
    const versions = (await this.db.query(
      `SELECT v.id FROM document_version v JOIN unnest($1::uuid[], $2::int[]) AS p(document_id, number)
         ON v.document_id = p.document_id AND v.number = p.number`,
      [live.map((d) => d.id), live.map((d) => d.publishedVersion)],
    )) as { id: string }[];
    const rows = await this.db.getRepository(DocumentVersion).findBy({ id: In(versions.map((v) => v.id)) });
    return live.flatMap((document) => {
      const version = rows.find((v) => v.documentId === document.id && v.number === document.publishedVersion);
      return version ? [{ document, version }] : [];
    });
  }

  /** One published document's published version, for a reader of the dialogue (the download route). */
  async publishedDocument(
    actor: Actor,
    procurementId: string,
    documentId: string,
  ): Promise<{ document: Document; version: DocumentVersion }> {
    await this.insider(actor, procurementId, 'its documents');
    const found = (await this.publishedDocuments(procurementId)).find((d) => d.document.id === documentId);
    if (!found) throw new NotFoundError('PublishedDocument', documentId);
    return found;
  }

  async publicThread(procurementId: string): Promise<Thread> {
    return this.db.getRepository(Thread).findOneByOrFail({
      parentType: ThreadParent.PROCUREMENT,
      parentId: procurementId,
      kind: ThreadKind.PUBLIC_DIALOGUE,
    });
  }

  async publicMessages(procurementId: string, last: number, beforeSeq: number | null | undefined): Promise<Message[]> {
    const thread = await this.publicThread(procurementId);
    const qb = this.db
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.thread_id = :t', { t: thread.id })
      .orderBy('m.seq', 'DESC')
      .take(last);
    if (beforeSeq != null) qb.andWhere('m.seq < :b', { b: beforeSeq });
    return (await qb.getMany()).reverse();
  }

  // ---- live ----

  /** Public events of the procurement and its public channel, for its registered suppliers and buyers. */
  async stream(
    actor: Actor,
    procurementId: string,
    after: string | null | undefined,
  ): Promise<AsyncIterable<StreamItem>> {
    await this.insider(actor, procurementId, 'its updates');
    const thread = await this.publicThread(procurementId);
    return this.streams.publicEvents(actor, after, [
      { scopeType: 'procurement', scopeId: procurementId },
      { scopeType: 'thread', scopeId: thread.id },
    ]);
  }
}
