import { registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
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
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @ManyToOne(() => Procurement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procurement_id', foreignKeyConstraintName: 'fk_dialogue_registration_procurement' })
  procurement?: Procurement;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Index('ix_dialogue_registration_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
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
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @ManyToOne(() => Procurement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procurement_id', foreignKeyConstraintName: 'fk_dialogue_question_procurement' })
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

  @Column({ name: 'answered_at', type: 'timestamptz', precision: 3, nullable: true })
  answeredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** Every published version of an answer: edits are published to all, and the history is kept. */
@Entity({ name: 'dialogue_answer_revision' })
@Unique('uq_dialogue_answer_revision', ['questionId', 'revision'])
export class DialogueAnswerRevision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'question_id', type: 'uuid' })
  questionId!: string;

  @ManyToOne(() => DialogueQuestion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id', foreignKeyConstraintName: 'fk_dialogue_answer_revision_question' })
  question?: DialogueQuestion;

  @Column({ type: 'integer' })
  revision!: number;

  @Column({ name: 'published_question', type: 'text' })
  publishedQuestion!: string;

  @Column({ type: 'text' })
  answer!: string;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}

/** A one-to-one dialogue meeting slot; all slots of a procurement have the same length. */
@Entity({ name: 'dialogue_slot' })
@Unique('uq_dialogue_slot_start', ['procurementId', 'startsAt'])
export class DialogueSlot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'procurement_id', type: 'uuid' })
  procurementId!: string;

  @ManyToOne(() => Procurement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'procurement_id', foreignKeyConstraintName: 'fk_dialogue_slot_procurement' })
  procurement?: Procurement;

  @Column({ name: 'starts_at', type: 'timestamptz', precision: 3 })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3 })
  endsAt!: Date;

  /** A room or a video link. */
  @Column({ type: 'varchar', length: 300, default: '' })
  location!: string;

  @Index('ix_dialogue_slot_booked_by')
  @Column({ name: 'booked_by_organisation_id', type: 'uuid', nullable: true })
  bookedByOrganisationId!: string | null;

  @Column({ name: 'booked_by_user_id', type: 'uuid', nullable: true })
  bookedByUserId!: string | null;

  @Column({ name: 'booked_at', type: 'timestamptz', precision: 3, nullable: true })
  bookedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
