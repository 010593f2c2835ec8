import { registerEnumType } from 'type-graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { Procurement } from '../procurements/procurement.entity.js';

/**
 * Market dialogue rows. None of these entities is a GraphQL type itself: buyers and suppliers see
 * different projections of them (dialogue.types.ts), so a supplier-facing type can never grow a
 * field that reveals another supplier by accident.
 */

/** A supplier user registered for a procurement's market dialogue (its organisation is registered with it). */
@Entity({ name: 'dialogue_registration' })
@Unique('uq_dialogue_registration_user', ['procurementId', 'userId'])
@Index('ix_dialogue_registration_organisation', ['procurementId', 'organisationId'])
export class DialogueRegistration {
  @IdColumn({ field: false })
  id!: string;

  @ForeignKey(() => Procurement, { fk: 'fk_dialogue_registration_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Index('ix_dialogue_registration_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

export enum QuestionStatus {
  PENDING = 'PENDING',
  ANSWERED = 'ANSWERED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(QuestionStatus, {
  name: 'QuestionStatus',
  description: 'PENDING: seen by the buyers and the asker only. ANSWERED: published to every registered supplier.',
});

@Entity({ name: 'dialogue_question' })
@Unique('uq_dialogue_question_number', ['procurementId', 'number'])
export class DialogueQuestion {
  @IdColumn({ field: false })
  id!: string;

  @ForeignKey(() => Procurement, { fk: 'fk_dialogue_question_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  /** Q1, Q2 ...: numbered in the order asked, so published answers can be referred to. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ name: 'asked_by_user_id', type: 'uuid' })
  askedByUserId!: string;

  @Index('ix_dialogue_question_organisation')
  @Column({ name: 'asked_by_organisation_id', type: 'uuid' })
  askedByOrganisationId!: string;

  /** The question as the supplier wrote it (buyers and the asker only). */
  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'enum', enum: QuestionStatus, enumName: 'question_status', default: QuestionStatus.PENDING })
  status!: QuestionStatus;

  /** The question as published: the coordinator may rephrase it so that it names no one. */
  @Column({ name: 'published_question', type: 'text', nullable: true })
  publishedQuestion!: string | null;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  /** Number of the latest answer revision (0 until answered). */
  @Column({ name: 'answer_revision', type: 'integer', default: 0 })
  answerRevision!: number;

  @TimestampColumn('answered_at', { nullable: true, field: false })
  answeredAt!: Date | null;

  @CreatedAt({ field: false })
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;
}

/** Every published version of an answer: edits are published to all, and the history is kept. */
@Entity({ name: 'dialogue_answer_revision' })
@Unique('uq_dialogue_answer_revision', ['questionId', 'revision'])
export class DialogueAnswerRevision {
  @IdColumn({ field: false })
  id!: string;

  @ForeignKey(() => DialogueQuestion, { fk: 'fk_dialogue_answer_revision_question', onDelete: 'CASCADE' })
  questionId!: string;
  question?: DialogueQuestion;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'published_question', type: 'text' })
  publishedQuestion!: string;

  @Column({ type: 'text' })
  answer!: string;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/** A one-to-one dialogue meeting slot; all slots of a procurement have the same length. */
@Entity({ name: 'dialogue_slot' })
@Unique('uq_dialogue_slot_start', ['procurementId', 'startsAt'])
export class DialogueSlot {
  @IdColumn({ field: false })
  id!: string;

  @ForeignKey(() => Procurement, { fk: 'fk_dialogue_slot_procurement', onDelete: 'CASCADE' })
  procurementId!: string;
  procurement?: Procurement;

  @TimestampColumn('starts_at', { field: false })
  startsAt!: Date;

  @TimestampColumn('ends_at', { field: false })
  endsAt!: Date;

  /** A room or a video link. */
  @Column({ type: 'varchar', length: 300, default: '' })
  location!: string;

  @Index('ix_dialogue_slot_booked_by')
  @Column({ name: 'booked_by_organisation_id', type: 'uuid', nullable: true })
  bookedByOrganisationId!: string | null;

  @Column({ name: 'booked_by_user_id', type: 'uuid', nullable: true })
  bookedByUserId!: string | null;

  @TimestampColumn('booked_at', { nullable: true, field: false })
  bookedAt!: Date | null;

  /** The coordinator who opened the slot: a booking's calendar invitation goes to them and the supplier. */
  @Column({ name: 'opened_by_user_id', type: 'uuid', nullable: true })
  openedByUserId!: string | null;

  @CreatedAt({ field: false })
  createdAt!: Date;
}
