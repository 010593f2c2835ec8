import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { BuyerGroup } from '../groups/group.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

export enum NeedStatus {
  DRAFT = 'DRAFT',
  OPEN = 'OPEN',
  CONSOLIDATED = 'CONSOLIDATED',
  CLOSED = 'CLOSED',
}
registerEnumType(NeedStatus, {
  name: 'NeedStatus',
  description: 'DRAFT while described; OPEN for interests; CONSOLIDATED when the demand is fixed; CLOSED.',
});

@ObjectType({ description: 'A need described by function and outcome ("what, not how"), shared in a group.' })
@Entity({ name: 'shared_need' })
export class SharedNeed {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_shared_need_group')
  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @ManyToOne(() => BuyerGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_shared_need_group' })
  group?: BuyerGroup;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String, { description: 'Markdown: the problem to be solved.' })
  @Column({ type: 'text' })
  problem!: string;

  @Field(() => String, { description: 'Markdown: the effects the authorities want.' })
  @Column({ name: 'intended_effects', type: 'text', default: '' })
  intendedEffects!: string;

  @Field(() => String, { description: 'Markdown: how success will be judged.' })
  @Column({ name: 'success_criteria', type: 'text', default: '' })
  successCriteria!: string;

  @Field(() => [String], { description: 'CPV codes (8 digits, without the check digit).' })
  @Column({ name: 'cpv_codes', type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  cpvCodes!: string[];

  @Field(() => NeedStatus)
  @Column({ type: 'enum', enum: NeedStatus, enumName: 'need_status' })
  status!: NeedStatus;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'fk_shared_need_organisation' })
  organisation?: Organisation;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
