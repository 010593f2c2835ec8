import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { Organisation } from '../organisations/organisation.entity.js';

/** What an authority can mark for its journal: a message, a document (at a version) or a closed decision. */
export enum RecordSubject {
  MESSAGE = 'MESSAGE',
  DOCUMENT = 'DOCUMENT',
  DECISION = 'DECISION',
}
registerEnumType(RecordSubject, {
  name: 'RecordSubject',
  description: 'MESSAGE, DOCUMENT (marked at one of its versions) or DECISION (once closed).',
});

export enum AccessClassification {
  PUBLIC = 'PUBLIC',
  EXEMPT = 'EXEMPT',
}
registerEnumType(AccessClassification, {
  name: 'AccessClassification',
  description:
    'PUBLIC: open to public access. EXEMPT: exempt from public access on a legal basis of the authority’s country (`legalBases`).',
});

/** How a record passed through the authority: the Noark journalposttype I/U/N, FGS incoming/outgoing/internal. */
export enum RecordDirection {
  RECEIVED = 'RECEIVED',
  SENT = 'SENT',
  INTERNAL = 'INTERNAL',
}
registerEnumType(RecordDirection, {
  name: 'RecordDirection',
  description:
    'For one authority: RECEIVED from another authority or a supplier, SENT by it to others, or INTERNAL (nobody outside the authority took part).',
});

/** The case a record is filed in: a joint procurement, or a buyer group (its own threads and documents). */
export enum CaseScope {
  PROCUREMENT = 'PROCUREMENT',
  GROUP = 'GROUP',
}
registerEnumType(CaseScope, { name: 'CaseScope' });

/**
 * One authority's case file (saksmappe / akt) for a procurement or a group, numbered in its own
 * series (year and sequence), opened when it first marks a record there or exports the case.
 */
@Entity({ name: 'record_case' })
@Unique('uq_record_case_scope', ['organisationId', 'scope', 'scopeId'])
@Unique('uq_record_case_number', ['organisationId', 'year', 'sequence'])
export class RecordCase {
  @IdColumn({ field: false })
  id!: string;

  @ForeignKey(() => Organisation, { fk: 'fk_record_case_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @Column({ type: 'enum', enum: CaseScope, enumName: 'case_scope' })
  scope!: CaseScope;

  @Column({ name: 'scope_id', type: 'uuid' })
  scopeId!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  sequence!: number;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

/**
 * A record marked by one authority for its journal ("journalføres" / "diarieförs"): the journal
 * number in the authority's own series, the direction, title and counterparts as they were when it
 * was marked, and the access classification. Marked messages and documents are locked (record.lock.ts).
 * One row per authority and subject: marking again changes the classification or, for a document,
 * the version the record holds (a new version supersedes the old; the journal number stays).
 */
@ObjectType('RecordMark', {
  description:
    "A record in the viewer authority's journal. Only the authority that marked it sees it; other authorities see only that the subject is locked.",
})
@Entity({ name: 'record_mark' })
@Unique('uq_record_mark_subject', ['organisationId', 'subject', 'subjectId'])
@Unique('uq_record_mark_journal', ['organisationId', 'journalYear', 'journalSequence'])
@Index('ix_record_mark_subject', ['subject', 'subjectId'])
@Index('ix_record_mark_journal_date', ['organisationId', 'createdAt'])
@Check('ck_record_mark_basis', `"classification" = 'PUBLIC' OR "legal_basis" IS NOT NULL`)
export class RecordMark {
  @IdColumn()
  id!: string;

  @ForeignKey(() => Organisation, { fk: 'fk_record_mark_organisation', onDelete: 'RESTRICT' })
  organisationId!: string;
  organisation?: Organisation;

  @ForeignKey(() => RecordCase, { fk: 'fk_record_mark_case', onDelete: 'RESTRICT' })
  caseId!: string;
  case?: RecordCase;

  @Field(() => RecordSubject)
  @Column({ type: 'enum', enum: RecordSubject, enumName: 'record_subject' })
  subject!: RecordSubject;

  /** The message, document or decision. */
  @Field(() => String, { description: 'The id of the message, document or decision.' })
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Field(() => Int, { nullable: true, description: 'For a document: the version the record holds.' })
  @Column({ name: 'document_version', type: 'integer', nullable: true })
  documentVersion!: number | null;

  @Field(() => Int, { description: 'Journal year (journalår).' })
  @Column({ name: 'journal_year', type: 'integer' })
  journalYear!: number;

  @Field(() => Int, { description: 'Sequence in the journal year (journalsekvensnummer).' })
  @Column({ name: 'journal_sequence', type: 'integer' })
  journalSequence!: number;

  /** The record's number within its case (journalpostnummer / document number). */
  @Field(() => Int, { description: 'Number of the record within its case file.' })
  @Column({ name: 'case_position', type: 'integer' })
  casePosition!: number;

  @Field(() => RecordDirection)
  @Column({ type: 'enum', enum: RecordDirection, enumName: 'record_direction' })
  direction!: RecordDirection;

  @Field(() => String, { description: 'The title as the journal shows it (as it was when marked).' })
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Field(() => String, {
    description: 'Sender (RECEIVED) or recipients (SENT), as they were when marked; the authority itself for INTERNAL.',
  })
  @Column({ type: 'text' })
  counterparts!: string;

  @Field(() => AccessClassification)
  @Column({ type: 'enum', enum: AccessClassification, enumName: 'access_classification' })
  classification!: AccessClassification;

  /** A code of the authority's country's list (record.bases.json); required when EXEMPT. */
  @Column({ name: 'legal_basis', type: 'varchar', length: 60, nullable: true })
  legalBasis!: string | null;

  @Column({ name: 'marked_by_user_id', type: 'uuid' })
  markedByUserId!: string;

  @CreatedAt({ field: { description: 'When it was marked: the journal date.' } })
  createdAt!: Date;

  @UpdatedAt({ field: false })
  updatedAt!: Date;

  /** When the classification or the document version last changed (null: never). */
  @TimestampColumn('changed_at', { nullable: true, field: false })
  changedAt!: Date | null;
}

/** The authorities' numbering series: case files and journal entries per year. */
@Entity({ name: 'record_counter' })
export class RecordCounter {
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** CASE or JOURNAL. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  series!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  value!: number;
}
