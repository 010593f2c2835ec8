import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../../common/columns.js';
import { User } from '../users/user.entity.js';
import { BuyerGroup } from './group.entity.js';

/**
 * A person invited into one group as a guest (a consultant, a lawyer of another body) until an end
 * date. A guest reads and writes in that group only and acts for no organisation: no interests, no
 * votes, no mandates. Access ends at `endsAt` or when a coordinator revokes it (the row is kept).
 */
@ObjectType({ description: 'A guest of a buyer group: one person, until an end date.' })
@Entity({ name: 'group_guest' })
@Index('uq_group_guest_live', ['groupId', 'userId'], { unique: true, where: 'revoked_at IS NULL' })
export class GroupGuest {
  @IdColumn()
  id!: string;

  @ForeignKey(() => BuyerGroup, { fk: 'fk_group_guest_group', onDelete: 'CASCADE' })
  groupId!: string;
  group?: BuyerGroup;

  @Index('ix_group_guest_user')
  @ForeignKey(() => User, { fk: 'fk_group_guest_user', onDelete: 'CASCADE' })
  userId!: string;
  user?: User;

  @TimestampColumn('ends_at', { field: { description: 'Access ends at this time.' } })
  endsAt!: Date;

  @Column({ name: 'invited_by_user_id', type: 'uuid', nullable: true })
  invitedByUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the guest is here, as the coordinator wrote it.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @CreatedAt()
  createdAt!: Date;

  @TimestampColumn('revoked_at', { nullable: true })
  revokedAt!: Date | null;
}
