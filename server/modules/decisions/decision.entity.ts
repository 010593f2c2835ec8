import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
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
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_decision_procurement')
  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @ManyToOne(() => Procurement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procurement_id', foreignKeyConstraintName: 'fk_decision_procurement' })
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

  @Field(() => Date)
  @Column({ name: 'closes_at', type: 'timestamptz', precision: 3 })
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

  @Field(() => Date, { nullable: true })
  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'opened_by_user_id', type: 'uuid' })
  openedByUserId!: string;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** One authority's vote; the latest choice counts until the decision closes. */
@Entity({ name: 'decision_vote' })
export class DecisionVote {
  @PrimaryColumn({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @ManyToOne(() => Decision, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'decision_id', foreignKeyConstraintName: 'fk_decision_vote_decision' })
  decision?: Decision;

  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'integer' })
  option!: number;

  @Column({ name: 'voted_by_user_id', type: 'uuid' })
  votedByUserId!: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
