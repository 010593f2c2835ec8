import { Field, ID, Int, ObjectType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Thread } from './thread.entity.js';

@ObjectType({ description: 'A message in a thread. Deleted messages stay as tombstones without text.' })
@Entity({ name: 'message' })
@Unique('uq_message_thread_seq', ['threadId', 'seq'])
@Unique('uq_message_idempotency', ['authorUserId', 'idempotencyKey'])
export class Message {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'fk_message_thread' })
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

  @Field(() => Date, { nullable: true })
  @Column({ name: 'edited_at', type: 'timestamptz', precision: 3, nullable: true })
  editedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'deleted_at', type: 'timestamptz', precision: 3, nullable: true })
  deletedAt!: Date | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

@ObjectType({ description: 'An earlier text of an edited message.' })
@Entity({ name: 'message_revision' })
export class MessageRevision {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_message_revision_message')
  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_revision_message' })
  message?: Message;

  @Field(() => String, { description: 'The text as it was before this change.' })
  @Column({ type: 'text' })
  body!: string;

  @Field(() => String, { description: 'EDITED or DELETED.' })
  @Column({ type: 'varchar', length: 10 })
  change!: string;

  @Column({ name: 'changed_by_user_id', type: 'uuid' })
  changedByUserId!: string;

  @Field(() => Date, { description: 'When it was replaced.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** One user's one emoji on one message. */
@Entity({ name: 'reaction' })
export class Reaction {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  emoji!: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_reaction_message' })
  message?: Message;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** How far a user has read a thread. */
@Entity({ name: 'read_marker' })
export class ReadMarker {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id', foreignKeyConstraintName: 'fk_read_marker_thread' })
  thread?: Thread;

  @Column({ name: 'last_read_seq', type: 'integer', default: 0 })
  lastReadSeq!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  updatedAt!: Date;
}
