import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, IdColumn, TimestampColumn } from '../../common/columns.js';

/** What a notification is about. Later features add their kinds (document versions, phases, deadlines). */
export enum NotificationKind {
  MENTION = 'MENTION',
  REPLY = 'REPLY',
  INVITATION = 'INVITATION',
  JOIN_REQUEST = 'JOIN_REQUEST',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'MENTION: you were mentioned. REPLY: someone answered your message. INVITATION: your organisation was invited to a group. JOIN_REQUEST: an organisation asks to join a group you coordinate.',
});

@ObjectType({ description: "An entry in a user's inbox." })
@Entity({ name: 'notification' })
@Unique('uq_notification_source', ['userId', 'eventId', 'kind'])
@Index('ix_notification_user', ['userId', 'createdAt'])
export class Notification {
  @IdColumn()
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Field(() => NotificationKind)
  @Column({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind!: NotificationKind;

  /** The event it was made from (the projector's idempotency key). */
  @Column({ name: 'event_id', type: 'bigint' })
  eventId!: number;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId!: string | null;

  @Column({ name: 'thread_id', type: 'uuid', nullable: true })
  threadId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @TimestampColumn('read_at', { nullable: true })
  readAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;
}

/** A user's choice for one kind; no row means the kind is on. */
@Entity({ name: 'notification_preference' })
export class NotificationPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'enum', enum: NotificationKind, enumName: 'notification_kind' })
  kind!: NotificationKind;

  @Column({ type: 'boolean' })
  enabled!: boolean;
}

/** Position of an in-order consumer of the event log (e.g. the notification projector). */
@Entity({ name: 'event_consumer' })
export class EventConsumer {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ name: 'last_event_id', type: 'bigint', default: 0 })
  lastEventId!: number;
}
