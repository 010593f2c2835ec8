import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn } from '../../common/columns.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Procurement } from '../procurements/procurement.entity.js';

export enum IndicatorDirection {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}
registerEnumType(IndicatorDirection, { name: 'IndicatorDirection' });

export enum MeasurementKind {
  BASELINE = 'BASELINE',
  FOLLOW_UP = 'FOLLOW_UP',
}
registerEnumType(MeasurementKind, {
  name: 'MeasurementKind',
  description: 'BASELINE: before the contract (one per authority). FOLLOW_UP: measured after it.',
});

@ObjectType({ description: 'A benefit the procurement should realise, measured per participating authority.' })
@Entity({ name: 'benefit_indicator' })
export class BenefitIndicator {
  @IdColumn()
  id!: string;

  @Index('ix_benefit_indicator_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_benefit_indicator_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  description!: string;

  @Field(() => String, { description: 'e.g. "hours per week", "kg CO2e", "%".' })
  @Column({ type: 'varchar', length: 40 })
  unit!: string;

  @Field(() => IndicatorDirection)
  @Column({ type: 'enum', enum: IndicatorDirection, enumName: 'indicator_direction' })
  direction!: IndicatorDirection;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreatedAt()
  createdAt!: Date;
}

@ObjectType({ description: 'One measurement of an indicator for one authority.' })
@Entity({ name: 'benefit_measurement' })
@Index('uq_benefit_measurement_baseline', ['indicatorId', 'organisationId'], {
  unique: true,
  where: `"kind" = 'BASELINE'`,
})
@Index('ix_benefit_measurement_indicator', ['indicatorId', 'organisationId', 'measuredOn'])
export class BenefitMeasurement {
  @IdColumn()
  id!: string;

  @ForeignKey(() => BenefitIndicator, { fk: 'fk_benefit_measurement_indicator', onDelete: 'CASCADE' })
  indicatorId!: string;
  indicator?: BenefitIndicator;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Field(() => MeasurementKind)
  @Column({ type: 'enum', enum: MeasurementKind, enumName: 'measurement_kind' })
  kind!: MeasurementKind;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric', precision: 16, scale: 3 })
  value!: string;

  @Field(() => LocalDateScalar)
  @Column({ name: 'measured_on', type: 'date' })
  measuredOn!: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'recorded_by_user_id', type: 'uuid' })
  recordedByUserId!: string;

  @CreatedAt()
  createdAt!: Date;
}
