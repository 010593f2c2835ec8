import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Generated, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, IdColumn, TimestampColumn } from '../../common/columns.js';

/** What a notification is about. Each kind has its audience (notification.sources.ts) and its words (notification.words.ts). */
export enum NotificationKind {
  MENTION = 'MENTION',
  REPLY = 'REPLY',
  INVITATION = 'INVITATION',
  JOIN_REQUEST = 'JOIN_REQUEST',
  JOIN_REQUEST_DECIDED = 'JOIN_REQUEST_DECIDED',
  GUEST_INVITATION = 'GUEST_INVITATION',
  MANDATE_REQUESTED = 'MANDATE_REQUESTED',
  MANDATE_SIGNED = 'MANDATE_SIGNED',
  MANDATE_WITHDRAWN = 'MANDATE_WITHDRAWN',
  PHASE_CHANGED = 'PHASE_CHANGED',
  DECISION_OPENED = 'DECISION_OPENED',
  DECISION_CLOSING = 'DECISION_CLOSING',
  DECISION_CLOSED = 'DECISION_CLOSED',
  MILESTONE_DUE = 'MILESTONE_DUE',
  MILESTONE_OVERDUE = 'MILESTONE_OVERDUE',
  DOCUMENT_VERSION = 'DOCUMENT_VERSION',
  QUESTION_RECEIVED = 'QUESTION_RECEIVED',
  ANSWER_PUBLISHED = 'ANSWER_PUBLISHED',
  DOCUMENT_PUBLISHED = 'DOCUMENT_PUBLISHED',
  SLOT_BOOKED = 'SLOT_BOOKED',
  SLOT_CANCELLED = 'SLOT_CANCELLED',
  AWARD_MADE = 'AWARD_MADE',
  STANDSTILL_ENDED = 'STANDSTILL_ENDED',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: [
    'MENTION: you were mentioned. REPLY: someone answered your message.',
    'INVITATION: your organisation was invited to a group. JOIN_REQUEST: an organisation asks to join a group you coordinate.',
    "JOIN_REQUEST_DECIDED: your organisation's request to join was approved or declined. GUEST_INVITATION: you were made a guest of a group.",
    'MANDATE_REQUESTED: your authority is asked for its mandate. MANDATE_SIGNED / MANDATE_WITHDRAWN: a participant signed or withdrew (to the coordinators and the lead).',
    'PHASE_CHANGED: a procurement of your group moved to another phase.',
    'DECISION_OPENED / DECISION_CLOSING (within 24 hours, to authorities that have not voted) / DECISION_CLOSED (with its outcome).',
    'MILESTONE_DUE (within a few days) / MILESTONE_OVERDUE: a deadline of a procurement you take part in.',
    'DOCUMENT_VERSION: a new version of a document you follow.',
    'QUESTION_RECEIVED: a supplier asked a question (coordinators). ANSWER_PUBLISHED / DOCUMENT_PUBLISHED: to the registered suppliers of a market dialogue.',
    'SLOT_BOOKED / SLOT_CANCELLED: a dialogue meeting was booked or cancelled (the coordinators and the booking supplier).',
    'AWARD_MADE / STANDSTILL_ENDED: a lot was awarded, its standstill period ended (the participating authorities).',
  ].join(' '),
});

/** How a user hears of a kind of notice. */
export enum NotificationDelivery {
  IN_APP = 'IN_APP',
  EMAIL_NOW = 'EMAIL_NOW',
  DIGEST = 'DIGEST',
  OFF = 'OFF',
}
registerEnumType(NotificationDelivery, {
  name: 'NotificationDelivery',
  description:
    'IN_APP: in the inbox only. EMAIL_NOW: in the inbox and by e-mail at once. DIGEST: in the inbox and in the daily digest e-mail. OFF: not at all.',
});

/**
 * How each kind is delivered until a user chooses: what needs an act soon (mandates, deadlines,
 * votes, questions to answer, one's own meetings) by e-mail at once; the chatter and the news of
 * the day in the digest. A guest invitation is mailed by the invitation itself, so it stays in the app.
 */
export const DEFAULT_DELIVERY: Record<NotificationKind, NotificationDelivery> = {
  MENTION: NotificationDelivery.EMAIL_NOW,
  REPLY: NotificationDelivery.DIGEST,
  INVITATION: NotificationDelivery.EMAIL_NOW,
  JOIN_REQUEST: NotificationDelivery.EMAIL_NOW,
  JOIN_REQUEST_DECIDED: NotificationDelivery.EMAIL_NOW,
  GUEST_INVITATION: NotificationDelivery.IN_APP,
  MANDATE_REQUESTED: NotificationDelivery.EMAIL_NOW,
  MANDATE_SIGNED: NotificationDelivery.EMAIL_NOW,
  MANDATE_WITHDRAWN: NotificationDelivery.EMAIL_NOW,
  PHASE_CHANGED: NotificationDelivery.DIGEST,
  DECISION_OPENED: NotificationDelivery.EMAIL_NOW,
  DECISION_CLOSING: NotificationDelivery.EMAIL_NOW,
  DECISION_CLOSED: NotificationDelivery.DIGEST,
  MILESTONE_DUE: NotificationDelivery.EMAIL_NOW,
  MILESTONE_OVERDUE: NotificationDelivery.EMAIL_NOW,
  DOCUMENT_VERSION: NotificationDelivery.DIGEST,
  QUESTION_RECEIVED: NotificationDelivery.EMAIL_NOW,
  ANSWER_PUBLISHED: NotificationDelivery.EMAIL_NOW,
  DOCUMENT_PUBLISHED: NotificationDelivery.EMAIL_NOW,
  // The calendar invitation (and its cancellation) is already e-mailed to both sides at once
  // (calendars/invitation.service.ts): a second mail for the same booking would only repeat it.
  SLOT_BOOKED: NotificationDelivery.IN_APP,
  SLOT_CANCELLED: NotificationDelivery.IN_APP,
  AWARD_MADE: NotificationDelivery.EMAIL_NOW,
  STANDSTILL_ENDED: NotificationDelivery.EMAIL_NOW,
};

/**
 * What a notification says beyond its kind, as it was when it was made: the names of its group,
 * procurement and subject, a moment, a phase. A notice to a supplier holds only what suppliers see
 * (the dialogue's title, a published document's title, its own meeting), never a buyer's name.
 */
export interface NotificationData {
  groupName?: string;
  procurementTitle?: string;
  /** The thread, document, decision or milestone title, or a question's number (Q3). */
  title?: string;
  /** A thread's kind: the threads the server makes (GENERAL, BUYERS, PUBLIC_DIALOGUE) are named by it. */
  threadKind?: string;
  /** The organisation the notice is about (the authority that signed, the supplier that booked ...). */
  organisationName?: string;
  /** ISO 8601: a deadline, a decision's closing time, a meeting's start, the end of a standstill period. */
  at?: string;
  phase?: string;
  fromPhase?: string;
  outcome?: string;
  approved?: boolean;
  /** A version, a lot or a revision number. */
  number?: number;
  milestoneKind?: string;
}

@ObjectType({ description: "An entry in a user's inbox." })
@Entity({ name: 'notification' })
@Unique('uq_notification_source', ['userId', 'eventId', 'kind'])
// A time-driven notice (a deadline near) is made once per recipient and occasion (the deadline it was for).
@Index('uq_notification_occasion', ['userId', 'kind', 'subjectId', 'occasion'], {
  unique: true,
  where: '"occasion" IS NOT NULL',
})
@Index('ix_notification_user', ['userId', 'seq'])
@Index('ix_notification_digest_pending', ['userId', 'createdAt'], {
  where: `"delivery" = 'DIGEST' AND "digest_id" IS NULL`,
})
export class Notification {
  @IdColumn()
  id!: string;

  /**
   * The order notices were made in, which the inbox and the digest list them by: several made in
   * one millisecond (the projector writes a batch of events at once) share their `created_at`.
   */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Field(() => NotificationKind)
  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind!: NotificationKind;

  /** The event it was made from (the projector's idempotency key); null for time-driven notices. */
  @Column({ name: 'event_id', type: 'bigint', nullable: true })
  eventId!: number | null;

  /** What a time-driven notice is about (decision, milestone, award). */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** Which occurrence of a time-driven notice (the deadline's time): with the subject, its idempotency key. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  occasion!: string | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId!: string | null;

  @Column({ name: 'procurement_id', type: 'uuid', nullable: true })
  procurementId!: string | null;

  @Column({ name: 'thread_id', type: 'uuid', nullable: true })
  threadId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId!: string | null;

  @Field(() => String, {
    description: 'Where in the web client the notice leads (a path such as /groups/…/procurements/…#decisions).',
  })
  @Column({ type: 'varchar', length: 300, default: '/' })
  path!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: NotificationData;

  /** How it was to be delivered when it was made (never OFF: an OFF notice is not made). */
  @Field(() => NotificationDelivery)
  @Column({
    type: 'enum',
    enum: NotificationDelivery,
    enumName: 'notification_delivery',
    default: NotificationDelivery.IN_APP,
  })
  delivery!: NotificationDelivery;

  @TimestampColumn('read_at', { nullable: true })
  readAt!: Date | null;

  /** The daily digest that told of it (DIGEST notices); null while it waits for one. */
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId!: string | null;

  @CreatedAt()
  createdAt!: Date;
}

/** A user's choice for one kind; no row means the kind's default (DEFAULT_DELIVERY). */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind!: NotificationKind;

  @Column({ type: 'enum', enum: NotificationDelivery, enumName: 'notification_delivery' })
  delivery!: NotificationDelivery;
}

/** A group or a procurement the user hears nothing of (a group's mute covers its procurements). */
@Entity({ name: 'notification_mute' })
export class NotificationMute {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** A group's or a procurement's id. */
  @PrimaryColumn({ name: 'scope_id', type: 'uuid' })
  scopeId!: string;

  @Column({ name: 'scope_type', type: 'varchar', length: 20 })
  scopeType!: 'group' | 'procurement';

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/**
 * Who follows a document's new versions. Authors and editors follow from their first version on
 * (the projector writes their row); `following: false` is an explicit unfollow, which a later
 * version of theirs does not undo.
 */
@Entity({ name: 'document_follow' })
@Index('ix_document_follow_document', ['documentId'])
export class DocumentFollow {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ type: 'boolean' })
  following!: boolean;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/**
 * One user's daily digest for one date on their own clock: the unique (user, date) row is claimed in
 * the transaction that marks the notices and queues the e-mail, so whichever instance gets there
 * first sends it, and no instance sends a second one that day.
 */
@Entity({ name: 'notification_digest' })
@Unique('uq_notification_digest_day', ['userId', 'localDate'])
export class NotificationDigest {
  @IdColumn({ field: false })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'local_date', type: 'date' })
  localDate!: string;

  /** How many notices it told of. */
  @Column({ type: 'integer' })
  count!: number;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/** Position of an in-order consumer of the event log (e.g. the notification projector). */
@Entity({ name: 'event_consumer' })
export class EventConsumer {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'last_event_id', type: 'bigint', default: 0 })
  lastEventId!: number;
}
