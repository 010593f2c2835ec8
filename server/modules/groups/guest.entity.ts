import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
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
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @ManyToOne(() => BuyerGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_group_guest_group' })
  group?: BuyerGroup;

  @Index('ix_group_guest_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_group_guest_user' })
  user?: User;

  @Field(() => Date, { description: 'Access ends at this time.' })
  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3 })
  endsAt!: Date;

  @Column({ name: 'invited_by_user_id', type: 'uuid', nullable: true })
  invitedByUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the guest is here, as the coordinator wrote it.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
