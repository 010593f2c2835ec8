import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../../common/columns.js';
import { Thread } from './thread.entity.js';

@ObjectType({ description: 'A message in a thread. Deleted messages stay as tombstones without text.' })
@Entity({ name: 'message' })
@Unique('uq_message_thread_seq', ['threadId', 'seq'])
@Unique('uq_message_idempotency', ['authorUserId', 'idempotencyKey'])
export class Message {
  @IdColumn()
  id!: string;

  @ForeignKey(() => Thread, { fk: 'fk_message_thread', onDelete: 'CASCADE' })
  threadId!: string;
  thread?: Thread;

  @Field(() => Int, { description: 'Position in the thread: 1, 2, 3 ... without gaps.' })
  @Column({ type: 'integer' })
  seq!: number;

  @Index('ix_message_author')
  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ name: 'author_organisation_id', type: 'uuid' })
  authorOrganisationId!: string;

  /** Markdown source; emptied when the message is deleted (the revisions keep the history). */
  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId!: string | null;

  @Column({ name: 'mention_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  mentionUserIds!: string[];

  /** The client's key for retries of one post: the same key returns the same message. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey!: string;

  @TimestampColumn('edited_at', { nullable: true })
  editedAt!: Date | null;

  @TimestampColumn('deleted_at', { nullable: true })
  deletedAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;
}

@ObjectType({ description: 'An earlier text of an edited message.' })
@Entity({ name: 'message_revision' })
export class MessageRevision {
  @IdColumn()
  id!: string;

  @Index('ix_message_revision_message')
  @ForeignKey(() => Message, { fk: 'fk_message_revision_message', onDelete: 'CASCADE' })
  messageId!: string;
  message?: Message;

  @Field(() => String, { description: 'The text as it was before this change.' })
  @Column({ type: 'text' })
  body!: string;

  @Field(() => String, { description: 'EDITED or DELETED.' })
  @Column({ type: 'varchar', length: 10 })
  change!: string;

  @Column({ name: 'changed_by_user_id', type: 'uuid' })
  changedByUserId!: string;

  @CreatedAt({ field: { description: 'When it was replaced.' } })
  createdAt!: Date;
}

/** One user's one emoji on one message. */
@Entity({ name: 'reaction' })
export class Reaction {
  @ForeignKey(() => Message, { fk: 'fk_reaction_message', onDelete: 'CASCADE', primary: true })
  messageId!: string;
  message?: Message;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  emoji!: string;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/** How far a user has read a thread. */
@Entity({ name: 'read_marker' })
export class ReadMarker {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ForeignKey(() => Thread, { fk: 'fk_read_marker_thread', onDelete: 'CASCADE', primary: true })
  threadId!: string;
  thread?: Thread;

  @Column({ name: 'last_read_seq', type: 'integer', default: 0 })
  lastReadSeq!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
