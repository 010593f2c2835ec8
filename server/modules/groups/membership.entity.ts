import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, UpdatedAt } from '../../common/columns.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { BuyerGroup } from './group.entity.js';

export enum MembershipRole {
  COORDINATOR = 'COORDINATOR',
  MEMBER = 'MEMBER',
  OBSERVER = 'OBSERVER',
}
registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'COORDINATOR admits members and brokers procurements; MEMBER takes part; OBSERVER only reads.',
});

export enum MembershipStatus {
  INVITED = 'INVITED',
  REQUESTED = 'REQUESTED',
  ACTIVE = 'ACTIVE',
  LEFT = 'LEFT',
}
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'LEFT also records declined invitations and requests and removals; the row is kept for the record.',
});

@ObjectType({ description: "An organisation's place in a buyer group." })
@Entity({ name: 'membership' })
@Unique('uq_membership_group_organisation', ['groupId', 'organisationId'])
export class Membership {
  @IdColumn()
  id!: string;

  @ForeignKey(() => BuyerGroup, { fk: 'fk_membership_group', onDelete: 'CASCADE' })
  groupId!: string;
  group?: BuyerGroup;

  @Index('ix_membership_organisation')
  @ForeignKey(() => Organisation, { fk: 'fk_membership_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Field(() => MembershipRole)
  @Column({ type: 'enum', enum: MembershipRole, enumName: 'membership_role' })
  role!: MembershipRole;

  @Field(() => MembershipStatus)
  @Column({ type: 'enum', enum: MembershipStatus, enumName: 'membership_status' })
  status!: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Note sent with the invitation or the join request.' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  message!: string | null;

  @Column({ name: 'invited_by_user_id', type: 'uuid', nullable: true })
  invitedByUserId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the organisation last became an active member.' })
  @Column({ name: 'joined_at', type: 'timestamptz', nullable: true })
  joinedAt!: Date | null;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;

  /**
   * Not stored: set on the stand-in a guest of the group gets (the actor's scope, membership.scope.ts), which
   * reads and writes like a member but acts for no organisation (see actsForOrganisation).
   */
  guest?: boolean;

  /** Not stored: when a guest's access ends (set with `guest`). */
  guestUntil?: Date;
}
