import {
  IsNull,
  MoreThan,
  Not,
  type DataSource,
  type EntityManager,
  type EntityTarget,
  type ObjectLiteral,
} from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { containsPattern } from '../../common/pagination.js';
import { enforce } from '../../auth/policy.js';
import { ConflictError, InvalidStateError, NotFoundError } from '../../errors.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import type { EventStreams, StreamItem } from '../../events/stream.js';
import { findById, UUID } from '../../loaders.js';
import { Thread, ThreadKind, ThreadParent } from '../discussions/thread.entity.js';
import { Document, DocumentVersion } from '../documents/document.entity.js';
import type { GroupService } from '../groups/group.service.js';
import type { Booking, MeetingInvitations } from '../calendars/invitation.service.js';
import { MilestoneKind, Milestone, Procurement } from '../procurements/procurement.entity.js';
import { upsertMilestone } from '../procurements/milestone.service.js';
import { procurementEvent } from '../procurements/procurement.service.js';
import { requireOpen } from '../procurements/procurement.policy.js';
import type { ProcurementAccess, ProcurementService } from '../procurements/procurement.service.js';
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
import { dialoguePolicy, type DialogueAction, type DialogueSubject } from './dialogue.policy.js';
import {
  isPublishedIn,
  planSlots,
  requireBeforeCompetition,
  requireBeforeDeadline,
  requireBookable,
  requireDialogueOpen,
  requireFuture,
} from './dialogue.rules.js';
import { MarketDialogue } from './dialogue.types.js';

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
    /** Calendar invitations for booked meetings, queued in the booking's transaction. */
    private readonly invitations: MeetingInvitations,
  ) {}

  /** Each actor's readers by procurement, for the actor's lifetime (see `reader`). */
  private readonly readers = new WeakMap<Actor, Map<string, Promise<DialogueSubject>>>();

  // ---- access ----

  /**
   * Where the actor stands in a dialogue they may see (the policy's `readNotice`: a published one
   * for anyone signed in, an unpublished one for the buyers); NOT_FOUND otherwise. Everything
   * beyond the notice needs `readInside`.
   */
  reader(actor: Actor, procurementId: string): Promise<DialogueSubject> {
    // Kept for the actor's lifetime (one request): a page asks several fields of one dialogue.
    let mine = this.readers.get(actor);
    if (!mine) this.readers.set(actor, (mine = new Map()));
    let reader = mine.get(procurementId);
    if (!reader) {
      reader = this.standing(this.db.manager, actor, procurementId, false);
      mine.set(procurementId, reader);
    }
    return reader;
  }

  /**
   * The actor's standing in a dialogue they may see, read in `em` (under the procurement's row
   * lock when `lock`, which serialises registrations, questions and bookings); NOT_FOUND otherwise.
   */
  private async standing(em: EntityManager, actor: Actor, id: string, lock: boolean): Promise<DialogueSubject> {
    const qb = em.getRepository(Procurement).createQueryBuilder('p').where('p.id = :id', { id });
    const procurement = UUID.test(id) ? await (lock ? qb.setLock('pessimistic_write') : qb).getOne() : null;
    if (!procurement) throw new NotFoundError('MarketDialogue', id);
    const subject: DialogueSubject = {
      procurement,
      membership: await actor.scope.membership(procurement.groupId),
      registered: false,
    };
    if (!dialoguePolicy.can(actor, 'readNotice', subject)) throw new NotFoundError('MarketDialogue', id);
    // Only suppliers register: for anyone else there is nothing to look up.
    if (dialoguePolicy.can(actor, 'register', subject)) {
      subject.registered = await em
        .getRepository(DialogueRegistration)
        .existsBy({ procurementId: id, organisationId: actor.organisation.id });
    }
    return subject;
  }

  /** A supplier's change (`action`), under the procurement's row lock, once the policy lets them make it. */
  private supplierChange<T>(
    actor: Actor,
    procurementId: string,
    action: DialogueAction,
    fn: (em: EntityManager, record: RecordEvent, procurement: Procurement) => Promise<T>,
  ): Promise<T> {
    return this.events.transaction(async (em, record) => {
      const subject = await this.standing(em, actor, procurementId, true);
      dialoguePolicy.authorize(actor, action, subject);
      return fn(em, record, subject.procurement);
    });
  }

  /** For the parts of a dialogue beyond its notice: buyers and registered suppliers. */
  async insider(actor: Actor, procurementId: string, what: string): Promise<DialogueSubject> {
    const reader = await this.reader(actor, procurementId);
    dialoguePolicy.authorize(actor, 'readInside', reader, what);
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
      qb.andWhere(`(p.title ILIKE :q OR p.dialogue_notice ILIKE :q)`, { q: containsPattern(search) });
    }
    const rows = await qb.getMany();
    return rows.map((procurement) => Object.assign(new MarketDialogue(), { procurement }));
  }

  /**
   * A coordinator's change to the dialogue of an open procurement, under the procurement's row
   * lock: the buyers' own (NOT_FOUND for anyone else), the coordinators' to make (`manage`), checked
   * before the group's and the procurement's state.
   */
  private coordinatorChange<T>(
    actor: Actor,
    procurementId: string,
    fn: (em: EntityManager, record: RecordEvent, access: ProcurementAccess) => Promise<T>,
  ): Promise<T> {
    return this.procurements.change(actor, procurementId, fn, {
      authorize: (access) => dialoguePolicy.authorize(actor, 'manage', { ...access, registered: false }),
    });
  }

  /** A question or slot by id, or NOT_FOUND; who may act on it is the caller's to check. */
  private async found<T extends ObjectLiteral & { id: string }>(
    entity: EntityTarget<T>,
    name: string,
    id: string,
  ): Promise<T> {
    const row = await findById(this.db, entity, id);
    if (!row) throw new NotFoundError(name, id);
    return row;
  }

  // ---- the notice ----

  publishNotice(actor: Actor, input: PublishDialogueNoticeInput): Promise<Procurement> {
    return this.coordinatorChange(actor, input.procurementId, async (em, record, { procurement }) => {
      requireBeforeCompetition(procurement);
      requireFuture(input.questionDeadline, 'input.questionDeadline');
      const first = procurement.dialoguePublishedAt === null;
      const changes = {
        dialogueNotice: input.notice.trim(),
        dialoguePublishedAt: procurement.dialoguePublishedAt ?? new Date(),
        maxBookingsPerSupplier: input.maxBookingsPerSupplier,
      };
      await em.getRepository(Procurement).update({ id: procurement.id }, changes);
      await upsertMilestone(em, procurement, MilestoneKind.QUESTION_DEADLINE, null, input.questionDeadline);
      await record(
        procurementEvent(
          procurement,
          actor,
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
    await this.supplierChange(actor, procurementId, 'register', async (em, record, procurement) => {
      const mine = await em.getRepository(DialogueRegistration).existsBy({ procurementId, userId: actor.user.id });
      if (mine) return;
      requireDialogueOpen(procurement);
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
    return this.supplierChange(actor, input.procurementId, 'ask', async (em, record, procurement) => {
      requireDialogueOpen(procurement);
      const deadline = await em
        .getRepository(Milestone)
        .findOneBy({ procurementId: procurement.id, kind: MilestoneKind.QUESTION_DEADLINE });
      requireBeforeDeadline(deadline);
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
    const question = await this.found(DialogueQuestion, 'Question', questionId);
    return this.events.transaction(async (em, record) => {
      const standing = await this.standing(em, actor, question.procurementId, true);
      // Another organisation's question is not the actor's to know of.
      if (!dialoguePolicy.can(actor, 'withdraw', { ...standing, owner: question.askedByOrganisationId })) {
        throw new NotFoundError('Question', questionId);
      }
      const { procurement } = standing;
      requireOpen(procurement);
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

  /** Publishes the answer (first or revised) to every registered supplier at once. */
  async answer(actor: Actor, input: AnswerQuestionInput, revise: boolean): Promise<DialogueQuestion> {
    const question = await this.found(DialogueQuestion, 'Question', input.questionId);
    return this.coordinatorChange(actor, question.procurementId, async (em, record, { procurement }) => {
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
        authorUserId: actor.user.id,
      });
      await record(
        procurementEvent(
          procurement,
          actor,
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
    return this.coordinatorChange(actor, input.procurementId, async (em, record, { procurement }) => {
      requireBeforeCompetition(procurement);
      const existing = await em.getRepository(DialogueSlot).findBy({ procurementId: procurement.id });
      const slots = planSlots(existing, input);
      const saved = await em.getRepository(DialogueSlot).save(
        slots.map((s) =>
          em.getRepository(DialogueSlot).create({
            ...s,
            procurementId: procurement.id,
            location: input.location.trim(),
            bookedByOrganisationId: null,
            bookedByUserId: null,
            bookedAt: null,
            openedByUserId: actor.user.id,
          }),
        ),
      );
      await record(procurementEvent(procurement, actor, 'slots.opened', { slotIds: saved.map((s) => s.id) }, true));
      return saved.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    });
  }

  async removeSlot(actor: Actor, slotId: string): Promise<Procurement> {
    const slot = await this.found(DialogueSlot, 'DialogueSlot', slotId);
    const result = await this.coordinatorChange(actor, slot.procurementId, async (em, record, { procurement }) => {
      // Read under the procurement's lock: a booking made since the read above is cancelled too.
      const current = await em.getRepository(DialogueSlot).findOneBy({ id: slot.id });
      await em.getRepository(DialogueSlot).delete({ id: slot.id });
      await record(procurementEvent(procurement, actor, 'slot.removed', { slotId: slot.id }, true));
      if (current?.bookedAt) await this.invitations.cancelled(em, procurement, current as Booking);
      return procurement;
    });
    this.invitations.wake();
    return result;
  }

  async book(actor: Actor, slotId: string): Promise<DialogueSlot> {
    const slot = await this.found(DialogueSlot, 'DialogueSlot', slotId);
    // The procurement lock serialises bookings: the per-supplier limit and one booking per slot hold.
    const booked = await this.supplierChange(actor, slot.procurementId, 'book', async (em, record, procurement) => {
      requireDialogueOpen(procurement);
      const current = await em.getRepository(DialogueSlot).findOneBy({ id: slot.id });
      if (!current) throw new NotFoundError('DialogueSlot', slotId);
      if (current.bookedByOrganisationId === actor.organisation.id) return current;
      if (current.bookedByOrganisationId) throw new ConflictError('This slot is already booked; choose another.');
      const mine = await em
        .getRepository(DialogueSlot)
        .countBy({ procurementId: procurement.id, bookedByOrganisationId: actor.organisation.id });
      requireBookable(procurement, current, mine);
      Object.assign(current, {
        bookedByOrganisationId: actor.organisation.id,
        bookedByUserId: actor.user.id,
        bookedAt: new Date(),
      });
      await em.getRepository(DialogueSlot).save(current);
      await record(procurementEvent(procurement, actor, 'slot.booked', { slotId: current.id }, true));
      await this.invitations.booked(em, procurement, current as Booking);
      return current;
    });
    this.invitations.wake();
    return booked;
  }

  /** The booking supplier, or a coordinator, frees a slot. */
  async cancelBooking(actor: Actor, slotId: string): Promise<DialogueSlot> {
    const slot = await this.found(DialogueSlot, 'DialogueSlot', slotId);
    const freed = await this.events.transaction(async (em, record) => {
      const standing = await this.standing(em, actor, slot.procurementId, true);
      const { procurement } = standing;
      const current = await em.getRepository(DialogueSlot).findOneBy({ id: slot.id });
      if (!current) throw new NotFoundError('DialogueSlot', slotId);
      const verdict = dialoguePolicy.check(actor, 'cancelBooking', {
        ...standing,
        owner: current.bookedByOrganisationId,
      });
      // Outside the buyers, another organisation's booking is not the actor's to know of.
      if (!verdict.ok && !dialoguePolicy.can(actor, 'readAsBuyer', standing)) {
        throw new NotFoundError('DialogueSlot', slotId);
      }
      enforce(verdict);
      if (!current.bookedByOrganisationId) return current;
      requireOpen(procurement);
      const booking = { ...current } as Booking;
      Object.assign(current, { bookedByOrganisationId: null, bookedByUserId: null, bookedAt: null });
      await em.getRepository(DialogueSlot).save(current);
      await record(procurementEvent(procurement, actor, 'slot.freed', { slotId: current.id }, true));
      await this.invitations.cancelled(em, procurement, booking);
      return current;
    });
    this.invitations.wake();
    return freed;
  }

  /**
   * The booked meetings still to come of a procurement whose dialogue ends (it is cancelled, or
   * moves into COMPETITION), in that transaction (ProcurementService.onDialogueEnd): each booking
   * is freed and its supplier and the coordinator who opened the slot get a METHOD:CANCEL, as when
   * one meeting is cancelled, so nobody keeps a meeting that will not happen in their calendar.
   * Meetings already begun stay as they were (the record of the dialogue).
   */
  async cancelMeetings(em: EntityManager, record: RecordEvent, procurement: Procurement, actor: Actor): Promise<void> {
    const booked = await em.getRepository(DialogueSlot).find({
      where: { procurementId: procurement.id, bookedByOrganisationId: Not(IsNull()), startsAt: MoreThan(new Date()) },
      order: { startsAt: 'ASC' },
    });
    for (const slot of booked) {
      await em
        .getRepository(DialogueSlot)
        .update({ id: slot.id }, { bookedByOrganisationId: null, bookedByUserId: null, bookedAt: null });
      await record(procurementEvent(procurement, actor, 'slot.freed', { slotId: slot.id }, true));
      await this.invitations.cancelled(em, procurement, slot as Booking);
    }
  }

  // ---- reading ----

  /** One published document's published version, for a reader of the dialogue (the download route). */
  async publishedDocument(
    actor: Actor,
    procurementId: string,
    documentId: string,
  ): Promise<{ document: Document; version: DocumentVersion }> {
    await this.insider(actor, procurementId, 'its documents');
    const document = await findById(this.db, Document, documentId);
    const version =
      document && isPublishedIn(document, procurementId)
        ? await this.db.getRepository(DocumentVersion).findOneBy({ documentId, number: document.publishedVersion! })
        : null;
    if (!document || !version) throw new NotFoundError('PublishedDocument', documentId);
    return { document, version };
  }

  /** The procurement's public dialogue channel: buyers write, registered suppliers read. */
  async publicThread(procurementId: string): Promise<Thread> {
    return this.db.getRepository(Thread).findOneByOrFail({
      parentType: ThreadParent.PROCUREMENT,
      parentId: procurementId,
      kind: ThreadKind.PUBLIC_DIALOGUE,
    });
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
