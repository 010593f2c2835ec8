import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, UpdatedAt } from '../../common/columns.js';
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
  @IdColumn()
  id!: string;

  @Index('ix_shared_need_group')
  @ForeignKey(() => BuyerGroup, { fk: 'fk_shared_need_group', onDelete: 'CASCADE' })
  groupId!: string;
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

  @ForeignKey(() => Organisation, { fk: 'fk_shared_need_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}
