import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { Procurement, ProcurementPhase } from '../procurements/procurement.entity.js';

export enum DecisionStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(DecisionStatus, { name: 'DecisionStatus' });

export enum DecisionOutcome {
  /** Quorum reached and one option had the most votes. */
  DECIDED = 'DECIDED',
  /** Quorum reached but two or more options tied. */
  TIED = 'TIED',
  NO_QUORUM = 'NO_QUORUM',
}
registerEnumType(DecisionOutcome, {
  name: 'DecisionOutcome',
  description: 'DECIDED: quorum reached and one option had most votes. TIED. NO_QUORUM: too few authorities voted.',
});

@ObjectType({
  description:
    'A decision among the participating authorities of a procurement: one vote per authority, changeable until it closes.',
})
@Entity({ name: 'decision' })
@Index('ix_decision_open', ['closesAt'], { where: `"status" = 'OPEN'` })
export class Decision {
  @IdColumn()
  id!: string;

  @Index('ix_decision_procurement')
  @ForeignKey(() => Procurement, { fk: 'fk_decision_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => String, { description: 'Markdown.' })
  @Column({ type: 'text', default: '' })
  description!: string;

  @Field(() => [String], { description: 'The options; the first one approves (e.g. "Approve", "Reject").' })
  @Column({ type: 'text', array: true })
  options!: string[];

  @Field(() => Int, { description: 'How many participating authorities must vote for the result to count.' })
  @Column({ type: 'integer' })
  quorum!: number;

  @TimestampColumn('closes_at')
  closesAt!: Date;

  @Field(() => ProcurementPhase, {
    nullable: true,
    description: 'The phase this decision opens: entering it requires the decision approved.',
  })
  @Column({ type: 'enum', enum: ProcurementPhase, enumName: 'procurement_phase', nullable: true })
  gate!: ProcurementPhase | null;

  @Field(() => DecisionStatus)
  @Column({ type: 'enum', enum: DecisionStatus, enumName: 'decision_status', default: DecisionStatus.OPEN })
  status!: DecisionStatus;

  @Field(() => DecisionOutcome, { nullable: true })
  @Column({ type: 'enum', enum: DecisionOutcome, enumName: 'decision_outcome', nullable: true })
  outcome!: DecisionOutcome | null;

  @Field(() => Int, { nullable: true, description: 'Index into `options` of the winning option (when DECIDED).' })
  @Column({ name: 'winning_option', type: 'integer', nullable: true })
  winningOption!: number | null;

  @TimestampColumn('closed_at', { nullable: true })
  closedAt!: Date | null;

  /** An award decision: the lot it awards (approving it makes the award). Resolved by the contracts module. */
  @Column({ name: 'award_lot_id', type: 'uuid', nullable: true })
  awardLotId!: string | null;

  /** An award decision's winning suppliers (organisations that tendered for the lot). */
  @Column({ name: 'award_supplier_ids', type: 'uuid', array: true, default: () => "'{}'" })
  awardSupplierIds!: string[];

  @Column({ name: 'opened_by_user_id', type: 'uuid' })
  openedByUserId!: string;

  @CreatedAt()
  createdAt!: Date;
}

/** One authority's vote; the latest choice counts until the decision closes. */
@Entity({ name: 'decision_vote' })
export class DecisionVote {
  @ForeignKey(() => Decision, { fk: 'fk_decision_vote_decision', onDelete: 'CASCADE', primary: true })
  decisionId!: string;
  decision?: Decision;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'integer' })
  option!: number;

  @Column({ name: 'voted_by_user_id', type: 'uuid' })
  votedByUserId!: string;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}
