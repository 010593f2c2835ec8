import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { Currency } from '../needs/interest.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

/** The innovative-procurement method's phases, in order; CANCELLED can follow any open phase. */
export enum ProcurementPhase {
  ANCHORING = 'ANCHORING',
  NEED_ASSESSMENT = 'NEED_ASSESSMENT',
  MARKET_DIALOGUE = 'MARKET_DIALOGUE',
  PREPARATION = 'PREPARATION',
  COMPETITION = 'COMPETITION',
  CONTRACT_FOLLOW_UP = 'CONTRACT_FOLLOW_UP',
  BENEFITS_REALISATION = 'BENEFITS_REALISATION',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProcurementPhase, {
  name: 'ProcurementPhase',
  description:
    'ANCHORING → NEED_ASSESSMENT → MARKET_DIALOGUE → PREPARATION → COMPETITION → CONTRACT_FOLLOW_UP → BENEFITS_REALISATION → CLOSED; CANCELLED from any open phase.',
});

export const PHASE_ORDER: ProcurementPhase[] = [
  ProcurementPhase.ANCHORING,
  ProcurementPhase.NEED_ASSESSMENT,
  ProcurementPhase.MARKET_DIALOGUE,
  ProcurementPhase.PREPARATION,
  ProcurementPhase.COMPETITION,
  ProcurementPhase.CONTRACT_FOLLOW_UP,
  ProcurementPhase.BENEFITS_REALISATION,
  ProcurementPhase.CLOSED,
];

export const isFinished = (phase: ProcurementPhase) =>
  phase === ProcurementPhase.CLOSED || phase === ProcurementPhase.CANCELLED;

/** True when `phase` is at or after `than` in the method (CANCELLED counts as after everything). */
export const phaseAtLeast = (phase: ProcurementPhase, than: ProcurementPhase) =>
  phase === ProcurementPhase.CANCELLED || PHASE_ORDER.indexOf(phase) >= PHASE_ORDER.indexOf(than);

/** eForms procedure types (codelist `procurement-procedure-type`); the values are the eForms codes. */
export enum ProcedureType {
  OPEN = 'open',
  RESTRICTED = 'restricted',
  NEG_W_CALL = 'neg-w-call',
  COMP_DIAL = 'comp-dial',
  INNOVATION = 'innovation',
  NEG_WO_CALL = 'neg-wo-call',
  FA_WO_RC = 'fa-wo-rc',
  FA_W_RC = 'fa-w-rc',
  FA_MIX = 'fa-mix',
  DPS_LIST = 'dps-list',
  DPS_NLIST = 'dps-nlist',
}
registerEnumType(ProcedureType, {
  name: 'ProcedureType',
  description:
    'eForms procedure type; `procedureCode` gives the eForms code (OPEN = open, NEG_W_CALL = neg-w-call, FA_WO_RC = fa-wo-rc ...).',
  valuesConfig: {
    OPEN: { description: 'Open procedure.' },
    RESTRICTED: { description: 'Restricted procedure.' },
    NEG_W_CALL: { description: 'Competitive procedure with negotiation (with prior publication).' },
    COMP_DIAL: { description: 'Competitive dialogue.' },
    INNOVATION: { description: 'Innovation partnership.' },
    NEG_WO_CALL: { description: 'Negotiated procedure without prior publication.' },
    FA_WO_RC: { description: 'Call-off from a framework agreement without reopening of competition.' },
    FA_W_RC: { description: 'Call-off from a framework agreement with reopening of competition.' },
    FA_MIX: { description: 'Call-off from a framework agreement, partly with reopening of competition.' },
    DPS_LIST: { description: 'Dynamic purchasing system, with a list of qualified suppliers.' },
    DPS_NLIST: { description: 'Dynamic purchasing system, without a list.' },
  },
});

/** eForms contract nature. */
export enum ContractType {
  WORKS = 'works',
  SUPPLIES = 'supplies',
  SERVICES = 'services',
}
registerEnumType(ContractType, { name: 'ContractType', description: 'eForms contract nature.' });

export enum MandateStatus {
  REQUESTED = 'REQUESTED',
  SIGNED = 'SIGNED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(MandateStatus, {
  name: 'MandateStatus',
  description: 'REQUESTED, then SIGNED by the participant, or WITHDRAWN before the opt-out deadline.',
});

export enum MilestoneKind {
  OPT_OUT_DEADLINE = 'OPT_OUT_DEADLINE',
  QUESTION_DEADLINE = 'QUESTION_DEADLINE',
  DIALOGUE_MEETINGS = 'DIALOGUE_MEETINGS',
  TENDER_DEADLINE = 'TENDER_DEADLINE',
  AWARD_DECISION = 'AWARD_DECISION',
  STANDSTILL_END = 'STANDSTILL_END',
  CONTRACT_START = 'CONTRACT_START',
  CONTRACT_END = 'CONTRACT_END',
  OTHER = 'OTHER',
}
registerEnumType(MilestoneKind, {
  name: 'MilestoneKind',
  description: 'A procurement has at most one milestone of each kind except OTHER.',
});

/** What a lot's stated values are: a year's value, or the value of the whole contract period. */
export enum ValueBasis {
  ANNUAL = 'ANNUAL',
  TOTAL = 'TOTAL',
}
registerEnumType(ValueBasis, {
  name: 'ValueBasis',
  description:
    "What the participants' stated values of a lot are: ANNUAL (a year's value; the estimate multiplies it over the maximum duration with every option, which needs a duration) or TOTAL (the value of the whole period with options, as stated).",
  valuesConfig: {
    ANNUAL: { description: "A year's value." },
    TOTAL: { description: 'The value over the whole contract period with every option.' },
  },
});

/** The longest a lot's contract may run, options included: 50 years. */
export const MAX_CONTRACT_MONTHS = 600;

/** The title of a milestone given none ("Question deadline"); clients show the kind's translation for it. */
export const defaultMilestoneTitle = (kind: MilestoneKind): string =>
  kind.charAt(0) + kind.slice(1).toLowerCase().replace(/_/g, ' ');

@ObjectType('JointProcurement', {
  description: 'One joint tender a lead authority runs on behalf of the participating authorities of a buyer group.',
})
@Entity({ name: 'procurement' })
export class Procurement {
  @IdColumn()
  id!: string;

  @Index('ix_procurement_group')
  @ForeignKey(() => BuyerGroup, { fk: 'fk_procurement_group', onDelete: 'RESTRICT' })
  groupId!: string;
  group?: BuyerGroup;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String, { description: 'Markdown.' })
  @Column({ type: 'text', default: '' })
  description!: string;

  @Field(() => ProcedureType)
  @Column({ name: 'procedure_type', type: 'enum', enum: ProcedureType, enumName: 'procedure_type' })
  procedureType!: ProcedureType;

  @Field(() => ContractType)
  @Column({ name: 'contract_type', type: 'enum', enum: ContractType, enumName: 'contract_type' })
  contractType!: ContractType;

  @ForeignKey(() => Organisation, { fk: 'fk_procurement_lead_organisation', onDelete: 'RESTRICT' })
  leadOrganisationId!: string;
  leadOrganisation?: Organisation;

  @Field(() => ProcurementPhase)
  @Column({ type: 'enum', enum: ProcurementPhase, enumName: 'procurement_phase', default: ProcurementPhase.ANCHORING })
  phase!: ProcurementPhase;

  @Field(() => Date)
  @Column({ name: 'phase_changed_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  phaseChangedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Why the procurement was cancelled.' })
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason!: string | null;

  /** Markdown text of the market-dialogue notice; suppliers see it once published. */
  @Column({ name: 'dialogue_notice', type: 'text', nullable: true })
  dialogueNotice!: string | null;

  @TimestampColumn('dialogue_published_at', { nullable: true, field: false })
  dialoguePublishedAt!: Date | null;

  /** How many dialogue meetings one supplier organisation may book. */
  @Column({ name: 'max_bookings_per_supplier', type: 'integer', default: 1 })
  maxBookingsPerSupplier!: number;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}

/** The shared needs a procurement was brokered from. */
@Entity({ name: 'procurement_need' })
export class ProcurementNeed {
  @ForeignKey(() => Procurement, { fk: 'fk_procurement_need_procurement', onDelete: 'CASCADE', primary: true })
  procurementId!: string;
  procurement?: Procurement;

  @Index('ix_procurement_need_need')
  @PrimaryColumn({ name: 'need_id', type: 'uuid' })
  needId!: string;
}

@ObjectType({ description: 'A lot of a joint procurement.' })
@Entity({ name: 'procurement_lot' })
@Unique('uq_procurement_lot_number', ['procurementId', 'number'])
@Check('ck_procurement_lot_duration', `duration_months IS NULL OR duration_months BETWEEN 1 AND ${MAX_CONTRACT_MONTHS}`)
@Check(
  'ck_procurement_lot_options',
  `option_count >= 0 AND (option_count = 0 OR (duration_months IS NOT NULL AND option_months BETWEEN 1 AND ${MAX_CONTRACT_MONTHS} AND duration_months + option_count * option_months <= ${MAX_CONTRACT_MONTHS}))`,
)
@Check('ck_procurement_lot_annual', `value_basis <> 'ANNUAL' OR duration_months IS NOT NULL`)
export class Lot {
  @IdColumn()
  id!: string;

  @ForeignKey(() => Procurement, { fk: 'fk_procurement_lot_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Field(() => Int, { description: 'Lot number, 1, 2, 3 ...' })
  @Column({ type: 'integer' })
  number!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  description!: string;

  @Field(() => [String], { description: 'CPV codes (8 digits); the first is the main classification.' })
  @Column({ name: 'cpv_codes', type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  cpvCodes!: string[];

  /** The shared need this lot covers, if one: participants' stated values default from their interests in it. */
  @Column({ name: 'need_id', type: 'uuid', nullable: true })
  needId!: string | null;

  // The contract period. The rules between these (options need a duration and their months, at most
  // 50 years in all, ANNUAL values need a duration) are the service's, named per field; the checks
  // below only keep a row that bypassed it from holding nonsense.

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the contract is to start (planned).' })
  @Column({ name: 'contract_start', type: 'date', nullable: true })
  contractStart!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The contract period without options, in months (1 to 600); null while unknown.',
  })
  @Column({ name: 'duration_months', type: 'integer', nullable: true })
  durationMonths!: number | null;

  @Field(() => Int, { description: 'How many extension options the contract has (0: none).' })
  @Column({ name: 'option_count', type: 'integer', default: 0 })
  optionCount!: number;

  @Field(() => Int, { nullable: true, description: 'The months each extension option adds.' })
  @Column({ name: 'option_months', type: 'integer', nullable: true })
  optionMonths!: number | null;

  @Field(() => ValueBasis, {
    description: "Whether the participants' stated values are a year's (ANNUAL) or the whole period's (TOTAL).",
  })
  @Column({ name: 'value_basis', type: 'enum', enum: ValueBasis, enumName: 'value_basis', default: ValueBasis.TOTAL })
  valueBasis!: ValueBasis;

  @Field(() => Boolean, {
    description:
      'Whether the lot concludes a framework agreement (with one or several suppliers) rather than a contract.',
  })
  @Column({ name: 'framework_agreement', type: 'boolean', default: false })
  frameworkAgreement!: boolean;
}

/** A participating authority and its mandate (fullmakt) to the lead authority. */
@ObjectType({ description: 'A participating authority of a joint procurement and its mandate to the lead authority.' })
@Entity({ name: 'procurement_participant' })
@Unique('uq_procurement_participant', ['procurementId', 'organisationId'])
export class Participant {
  @IdColumn()
  id!: string;

  @ForeignKey(() => Procurement, { fk: 'fk_procurement_participant_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Index('ix_procurement_participant_organisation')
  @ForeignKey(() => Organisation, { fk: 'fk_procurement_participant_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Column({
    name: 'mandate_status',
    type: 'enum',
    enum: MandateStatus,
    enumName: 'mandate_status',
    default: MandateStatus.REQUESTED,
  })
  mandateStatus!: MandateStatus;

  @Column({ name: 'decision_reference', type: 'varchar', length: 200, nullable: true })
  decisionReference!: string | null;

  @Column({ name: 'decision_date', type: 'date', nullable: true })
  decisionDate!: string | null;

  @Column({ name: 'signed_by_user_id', type: 'uuid', nullable: true })
  signedByUserId!: string | null;

  @TimestampColumn('signed_at', { nullable: true, field: false })
  signedAt!: Date | null;

  /** The lots the signed mandate covers. */
  @Column({ name: 'lot_ids', type: 'uuid', array: true, default: () => "'{}'" })
  lotIds!: string[];

  @Column({ name: 'mandate_document_id', type: 'uuid', nullable: true })
  mandateDocumentId!: string | null;

  @TimestampColumn('withdrawn_at', { nullable: true, field: false })
  withdrawnAt!: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;

  @CreatedAt({ field: false })
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}

/** A participant's stated value for one lot (its share of the lot's estimated value). */
@ObjectType({ description: "A participating authority's stated value for one lot." })
@Entity({ name: 'procurement_lot_value' })
export class LotValue {
  @Field(() => ID)
  @ForeignKey(() => Lot, { fk: 'fk_procurement_lot_value_lot', onDelete: 'CASCADE', primary: true })
  lotId!: string;
  lot?: Lot;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Index('ix_procurement_lot_value_procurement')
  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric', precision: 16, scale: 2 })
  amount!: string;

  @Field(() => Currency)
  @Column({ type: 'enum', enum: Currency, enumName: 'currency' })
  currency!: Currency;

  @Column({ name: 'updated_by_user_id', type: 'uuid', nullable: true })
  updatedByUserId!: string | null;

  @UpdatedAt()
  updatedAt!: Date;
}

@ObjectType({ description: 'A dated milestone of a procurement.' })
@Entity({ name: 'procurement_milestone' })
@Index('uq_procurement_milestone_kind', ['procurementId', 'kind'], { unique: true, where: `"kind" <> 'OTHER'` })
export class Milestone {
  @IdColumn()
  id!: string;

  @Index('ix_procurement_milestone_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_procurement_milestone_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Field(() => MilestoneKind)
  @Column({ type: 'enum', enum: MilestoneKind, enumName: 'milestone_kind' })
  kind!: MilestoneKind;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @TimestampColumn('due_at')
  dueAt!: Date;

  @TimestampColumn('completed_at', { nullable: true })
  completedAt!: Date | null;

  @CreatedAt({ field: false })
  createdAt!: Date;
}
