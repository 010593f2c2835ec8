import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { BuyerGroup } from '../groups/group.entity.js';

/** What a thread hangs on. */
export enum ThreadParent {
  GROUP = 'GROUP',
  NEED = 'NEED',
  PROCUREMENT = 'PROCUREMENT',
}
registerEnumType(ThreadParent, { name: 'ThreadParent' });

export enum ThreadKind {
  GENERAL = 'GENERAL',
  TOPIC = 'TOPIC',
  BUYERS = 'BUYERS',
  PUBLIC_DIALOGUE = 'PUBLIC_DIALOGUE',
}
registerEnumType(ThreadKind, {
  name: 'ThreadKind',
  description:
    "Every group has one GENERAL thread; TOPIC threads are started by members. A procurement has a BUYERS channel (the group's members only) and a PUBLIC_DIALOGUE channel that its registered suppliers read.",
});

@ObjectType({ description: 'A discussion attached to a group or a shared need.' })
@Entity({ name: 'thread' })
@Index('uq_thread_general', ['groupId'], { unique: true, where: `"kind" = 'GENERAL'` })
@Index('ix_thread_parent', ['parentType', 'parentId'])
@Index('uq_thread_procurement_channel', ['parentId', 'kind'], {
  unique: true,
  where: `"kind" IN ('BUYERS', 'PUBLIC_DIALOGUE')`,
})
export class Thread {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The group whose active members read the thread (the parent's group). */
  @Index('ix_thread_group')
  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @ManyToOne(() => BuyerGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_thread_group' })
  group?: BuyerGroup;

  @Field(() => ThreadParent)
  @Column({ name: 'parent_type', type: 'enum', enum: ThreadParent, enumName: 'thread_parent' })
  parentType!: ThreadParent;

  @Column({ name: 'parent_id', type: 'uuid' })
  parentId!: string;

  @Field(() => ThreadKind)
  @Column({ type: 'enum', enum: ThreadKind, enumName: 'thread_kind', default: ThreadKind.TOPIC })
  kind!: ThreadKind;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** Sequence number of the thread's latest message; messages are numbered 1, 2, 3 ... */
  @Field(() => Int, { description: 'Sequence number of the latest message (0 when empty).' })
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'last_message_at', type: 'timestamptz', precision: 3, nullable: true })
  lastMessageAt!: Date | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
