import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Decision } from '../decisions/decision.entity.js';
import { Currency } from '../needs/interest.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Lot, Procurement } from '../procurements/procurement.entity.js';

/*
 * The legal end of a joint procurement: the tenders received per lot, the award that an approved
 * award decision makes, the standstill period it starts, and the contracts signed after it with
 * each participating authority's right to call off. Only the procurement's buyers see any of it.
 */

export enum TenderStatus {
  RECEIVED = 'RECEIVED',
  ADMITTED = 'ADMITTED',
  REJECTED = 'REJECTED',
}
registerEnumType(TenderStatus, {
  name: 'TenderStatus',
  description: 'RECEIVED, then ADMITTED to the evaluation or REJECTED with a reason (e.g. late, not qualified).',
});

export enum CallOffKind {
  OWN_AGREEMENT = 'OWN_AGREEMENT',
  CALL_OFF = 'CALL_OFF',
}
registerEnumType(CallOffKind, {
  name: 'CallOffKind',
  description:
    "OWN_AGREEMENT: the authority signs its own agreement with the supplier on the joint contract's terms. CALL_OFF: it calls off from the framework agreement.",
});

export enum CallOffStatus {
  NOT_STARTED = 'NOT_STARTED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}
registerEnumType(CallOffStatus, {
  name: 'CallOffStatus',
  description: 'Where the authority stands with its own agreement or call-offs; the authority keeps it up to date.',
});

@ObjectType({ description: "A tender received for a lot. Only the procurement's buyers see tenders." })
@Entity({ name: 'procurement_tender' })
@Unique('uq_procurement_tender_supplier', ['lotId', 'supplierId'])
export class Tender {
  @IdColumn()
  id!: string;

  @Index('ix_procurement_tender_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_procurement_tender_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @ForeignKey(() => Lot, { fk: 'fk_procurement_tender_lot', onDelete: 'CASCADE' })
  lotId!: string;
  lot?: Lot;

  @ForeignKey(() => Organisation, { fk: 'fk_procurement_tender_supplier', onDelete: 'RESTRICT' })
  supplierId!: string;
  supplier?: Organisation;

  @TimestampColumn('received_at')
  receivedAt!: Date;

  @Field(() => DecimalScalar, { nullable: true, description: 'The tendered price for the lot, excluding VAT.' })
  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true })
  amount!: string | null;

  @Field(() => Currency, { nullable: true })
  @Column({ type: 'enum', enum: Currency, enumName: 'currency', nullable: true })
  currency!: Currency | null;

  @Field(() => TenderStatus)
  @Column({ type: 'enum', enum: TenderStatus, enumName: 'tender_status', default: TenderStatus.RECEIVED })
  status!: TenderStatus;

  @Field(() => String, { nullable: true, description: 'Why the tender was rejected.' })
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'recorded_by_user_id', type: 'uuid' })
  recordedByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}

@ObjectType({
  description:
    'The award of a lot, made by an approved award decision: the winning supplier, or several for a framework agreement. The standstill period runs from the notification of the award.',
})
@Entity({ name: 'procurement_award' })
export class Award {
  @IdColumn()
  id!: string;

  @Index('ix_procurement_award_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_procurement_award_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  /** One award per lot: a lot is awarded once (a new procedure is a new procurement). */
  @Index('uq_procurement_award_lot', { unique: true })
  @ForeignKey(() => Lot, { fk: 'fk_procurement_award_lot', onDelete: 'CASCADE' })
  lotId!: string;
  lot?: Lot;

  @Index('uq_procurement_award_decision', { unique: true })
  @ForeignKey(() => Decision, { fk: 'fk_procurement_award_decision', onDelete: 'RESTRICT' })
  decisionId!: string;
  decision?: Decision;

  @Column({ name: 'supplier_ids', type: 'uuid', array: true })
  supplierIds!: string[];

  @TimestampColumn('awarded_at')
  awardedAt!: Date;

  @TimestampColumn('notified_at', {
    field: { description: 'When the tenderers were told of the award: the standstill period runs from here.' },
  })
  notifiedAt!: Date;

  @TimestampColumn('standstill_ends_at', {
    field: { description: 'No contract may be signed before this (avtalsspärr / karenstid).' },
  })
  standstillEndsAt!: Date;

  @Field(() => Int, { description: "The standstill period in days, from the thresholds file for the lead's country." })
  @Column({ name: 'standstill_days', type: 'integer' })
  standstillDays!: number;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

@ObjectType({ description: 'A signed contract (or framework agreement) for a lot with one supplier.' })
@Entity({ name: 'procurement_contract' })
@Unique('uq_procurement_contract_supplier', ['awardId', 'supplierId'])
@Check('ck_procurement_contract_duration', `"duration_months" BETWEEN 1 AND 600`)
@Check(
  'ck_procurement_contract_extensions',
  `"option_count" >= 0 AND ("option_count" = 0 OR ("option_months" BETWEEN 1 AND 600 AND "duration_months" + "option_count" * "option_months" <= 600))`,
)
export class Contract {
  @IdColumn()
  id!: string;

  @Index('ix_procurement_contract_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_procurement_contract_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @ForeignKey(() => Award, { fk: 'fk_procurement_contract_award', onDelete: 'RESTRICT' })
  awardId!: string;
  award?: Award;

  @Column({ name: 'lot_id', type: 'uuid' })
  lotId!: string;

  @ForeignKey(() => Organisation, { fk: 'fk_procurement_contract_supplier', onDelete: 'RESTRICT' })
  supplierId!: string;
  supplier?: Organisation;

  @Field(() => String, { nullable: true, description: "The lead authority's reference (case or contract number)." })
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @Field(() => DecimalScalar, { description: 'The contract value over the whole period with options, excluding VAT.' })
  @Column({ type: 'numeric', precision: 16, scale: 2 })
  amount!: string;

  @Field(() => Currency)
  @Column({ type: 'enum', enum: Currency, enumName: 'currency' })
  currency!: Currency;

  @Field(() => LocalDateScalar)
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  @Field(() => Int)
  @Column({ name: 'duration_months', type: 'integer' })
  durationMonths!: number;

  @Field(() => Int, { description: 'How many extension options the contract has.' })
  @Column({ name: 'option_count', type: 'integer', default: 0 })
  optionCount!: number;

  @Field(() => Int, { nullable: true, description: 'The months each extension option adds.' })
  @Column({ name: 'option_months', type: 'integer', nullable: true })
  optionMonths!: number | null;

  @Field(() => LocalDateScalar)
  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Column({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @Column({ name: 'recorded_by_user_id', type: 'uuid' })
  recordedByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}

/** A participating authority's right under a contract: what it administers once the contract runs. */
@ObjectType({
  description:
    "A participating authority's right under a contract: its own agreement, or call-offs from the framework. The authority administers it.",
})
@Entity({ name: 'procurement_call_off_right' })
export class CallOffRight {
  @ForeignKey(() => Contract, { fk: 'fk_procurement_call_off_right_contract', onDelete: 'CASCADE', primary: true })
  contractId!: string;
  contract?: Contract;

  @Index('ix_procurement_call_off_right_organisation')
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Field(() => CallOffKind)
  @Column({ type: 'enum', enum: CallOffKind, enumName: 'call_off_kind' })
  kind!: CallOffKind;

  @Field(() => CallOffStatus)
  @Column({ type: 'enum', enum: CallOffStatus, enumName: 'call_off_status', default: CallOffStatus.NOT_STARTED })
  status!: CallOffStatus;

  @Field(() => String, { nullable: true, description: "The authority's own reference (its agreement or case number)." })
  @Column({ type: 'varchar', length: 100, nullable: true })
  reference!: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "When the authority's own agreement or first call-off starts.",
  })
  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Field(() => String, { description: 'Markdown notes of the authority.' })
  @Column({ type: 'text', default: '' })
  note!: string;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId!: string | null;

  @UpdatedAt()
  updatedAt!: Date;
}
