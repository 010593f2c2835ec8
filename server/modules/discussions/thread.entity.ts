import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../../common/columns.js';
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
  @IdColumn()
  id!: string;

  /** The group whose active members read the thread (the parent's group). */
  @Index('ix_thread_group')
  @ForeignKey(() => BuyerGroup, { fk: 'fk_thread_group', onDelete: 'CASCADE' })
  groupId!: string;
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

  @TimestampColumn('last_message_at', { nullable: true })
  lastMessageAt!: Date | null;

  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;

  @CreatedAt()
  createdAt!: Date;
}
