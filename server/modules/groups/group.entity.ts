import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, UpdatedAt } from '../../common/columns.js';
import { Organisation } from '../organisations/organisation.entity.js';

export enum FocusArea {
  TRANSPORT = 'TRANSPORT',
  HEALTH_AND_CARE = 'HEALTH_AND_CARE',
  WELFARE_TECHNOLOGY = 'WELFARE_TECHNOLOGY',
  BUILT_ENVIRONMENT = 'BUILT_ENVIRONMENT',
  ENERGY = 'ENERGY',
  DIGITAL_SERVICES = 'DIGITAL_SERVICES',
  EDUCATION = 'EDUCATION',
  FOOD = 'FOOD',
  CIRCULAR_ECONOMY = 'CIRCULAR_ECONOMY',
  OTHER = 'OTHER',
}
registerEnumType(FocusArea, { name: 'FocusArea', description: 'What a buyer group works on.' });

export enum GroupVisibility {
  LISTED = 'LISTED',
  UNLISTED = 'UNLISTED',
}
registerEnumType(GroupVisibility, {
  name: 'GroupVisibility',
  description:
    'LISTED: other authorities can find the group and ask to join. UNLISTED: invitation only, invisible to others.',
});

export enum GroupStatus {
  FORMING = 'FORMING',
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(GroupStatus, { name: 'GroupStatus', description: 'ARCHIVED groups are read-only.' });

@ObjectType('BuyerGroup', { description: 'Authorities that share a need and procure together.' })
@Entity({ name: 'buyer_group' })
export class BuyerGroup {
  @IdColumn()
  id!: string;

  @Field(() => String)
  @Index('ix_buyer_group_name')
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { description: 'Markdown.' })
  @Column({ type: 'text', default: '' })
  description!: string;

  @Field(() => FocusArea)
  @Column({ name: 'focus_area', type: 'enum', enum: FocusArea, enumName: 'focus_area' })
  focusArea!: FocusArea;

  @Field(() => [String], { description: 'CPV codes of interest (8 digits, without the check digit).' })
  @Column({ name: 'cpv_codes', type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  cpvCodes!: string[];

  @Field(() => GroupVisibility)
  @Column({ type: 'enum', enum: GroupVisibility, enumName: 'group_visibility' })
  visibility!: GroupVisibility;

  @Field(() => GroupStatus)
  @Column({ type: 'enum', enum: GroupStatus, enumName: 'group_status', default: GroupStatus.FORMING })
  status!: GroupStatus;

  @ForeignKey(() => Organisation, { fk: 'fk_buyer_group_created_by_org', onDelete: 'RESTRICT' })
  createdByOrganisationId!: string;
  createdByOrganisation?: Organisation;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}
