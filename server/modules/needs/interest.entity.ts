import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, UpdatedAt } from '../../common/columns.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { SharedNeed } from './need.entity.js';

export enum Currency {
  NOK = 'NOK',
  SEK = 'SEK',
  DKK = 'DKK',
  EUR = 'EUR',
}
registerEnumType(Currency, { name: 'Currency', description: 'ISO 4217 currency code.' });

export enum Priority {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(Priority, { name: 'Priority' });

@ObjectType({ description: "One member authority's own share of a shared need." })
@Entity({ name: 'need_interest' })
@Unique('uq_need_interest_need_organisation', ['needId', 'organisationId'])
@Check('ck_need_interest_quantity_unit', '(quantity IS NULL) = (unit IS NULL)')
@Check('ck_need_interest_value_currency', '(annual_value IS NULL) = (currency IS NULL)')
export class NeedInterest {
  @IdColumn()
  id!: string;

  @Index('ix_need_interest_need')
  @ForeignKey(() => SharedNeed, { fk: 'fk_need_interest_need', onDelete: 'CASCADE' })
  needId!: string;
  need?: SharedNeed;

  @Index('ix_need_interest_organisation')
  @ForeignKey(() => Organisation, { fk: 'fk_need_interest_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Field(() => DecimalScalar, { nullable: true, description: 'Estimated quantity, in `unit`.' })
  @Column({ type: 'numeric', precision: 14, scale: 3, nullable: true })
  quantity!: string | null;

  @Field(() => String, { nullable: true, description: 'Unit of the quantity, e.g. "vehicles", "users", "m²".' })
  @Column({ type: 'varchar', length: 40, nullable: true })
  unit!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Estimated annual value, in `currency`.' })
  @Column({ name: 'annual_value', type: 'numeric', precision: 16, scale: 2, nullable: true })
  annualValue!: string | null;

  @Field(() => Currency, { nullable: true })
  @Column({ type: 'enum', enum: Currency, enumName: 'currency', nullable: true })
  currency!: Currency | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the authority wants to start.' })
  @Column({ name: 'wanted_start', type: 'date', nullable: true })
  wantedStart!: string | null;

  @Field(() => Priority)
  @Column({ type: 'enum', enum: Priority, enumName: 'priority', default: Priority.MEDIUM })
  priority!: Priority;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  comment!: string | null;

  @Column({ name: 'updated_by_user_id', type: 'uuid' })
  updatedByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}
