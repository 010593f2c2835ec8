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
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
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

  @Column({ name: 'created_by_organisation_id', type: 'uuid' })
  createdByOrganisationId!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_organisation_id', foreignKeyConstraintName: 'fk_buyer_group_created_by_org' })
  createdByOrganisation?: Organisation;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Field(() => Date)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
