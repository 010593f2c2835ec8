import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
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
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_benefit_indicator_procurement')
  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @ManyToOne(() => Procurement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procurement_id', foreignKeyConstraintName: 'fk_benefit_indicator_procurement' })
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

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
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
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'indicator_id', type: 'uuid' })
  indicatorId!: string;

  @ManyToOne(() => BenefitIndicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_benefit_measurement_indicator' })
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

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
