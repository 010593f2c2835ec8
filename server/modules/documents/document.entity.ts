import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn, UpdatedAt } from '../../common/columns.js';
import { BuyerGroup } from '../groups/group.entity.js';

/** What a document hangs on. */
export enum DocumentParent {
  GROUP = 'GROUP',
  NEED = 'NEED',
  PROCUREMENT = 'PROCUREMENT',
}
registerEnumType(DocumentParent, { name: 'DocumentParent' });

export enum DocumentKind {
  NEED_DESCRIPTION = 'NEED_DESCRIPTION',
  REQUIREMENT_SPECIFICATION = 'REQUIREMENT_SPECIFICATION',
  MARKET_DIALOGUE_SUMMARY = 'MARKET_DIALOGUE_SUMMARY',
  MANDATE = 'MANDATE',
  CONTRACT = 'CONTRACT',
  OTHER = 'OTHER',
}
registerEnumType(DocumentKind, { name: 'DocumentKind' });

export enum DocumentLanguage {
  nb = 'nb',
  nn = 'nn',
  sv = 'sv',
  en = 'en',
}
registerEnumType(DocumentLanguage, {
  name: 'DocumentLanguage',
  description: 'Language of the text; full-text search stems words by it (nb and nn: Norwegian).',
});

export enum DocumentVisibility {
  GROUP = 'GROUP',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(DocumentVisibility, {
  name: 'DocumentVisibility',
  description:
    "GROUP: the group's members. PUBLISHED: a procurement's document whose `publishedVersion` its registered suppliers read.",
});

/** PostgreSQL text search configuration for a document language. */
export const searchConfig = (language: DocumentLanguage): 'norwegian' | 'swedish' | 'english' =>
  language === DocumentLanguage.sv ? 'swedish' : language === DocumentLanguage.en ? 'english' : 'norwegian';

@ObjectType({ description: 'A document of a group or a shared need, with immutable versions.' })
@Entity({ name: 'document' })
@Index('ix_document_parent', ['parentType', 'parentId'])
export class Document {
  @IdColumn()
  id!: string;

  @Index('ix_document_group')
  @ForeignKey(() => BuyerGroup, { fk: 'fk_document_group', onDelete: 'CASCADE' })
  groupId!: string;
  group?: BuyerGroup;

  @Field(() => DocumentParent)
  @Column({ name: 'parent_type', type: 'enum', enum: DocumentParent, enumName: 'document_parent' })
  parentType!: DocumentParent;

  @Column({ name: 'parent_id', type: 'uuid' })
  parentId!: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Field(() => DocumentKind)
  @Column({ type: 'enum', enum: DocumentKind, enumName: 'document_kind' })
  kind!: DocumentKind;

  @Field(() => DocumentLanguage)
  @Column({ type: 'enum', enum: DocumentLanguage, enumName: 'document_language' })
  language!: DocumentLanguage;

  @Field(() => DocumentVisibility)
  @Column({
    type: 'enum',
    enum: DocumentVisibility,
    enumName: 'document_visibility',
    default: DocumentVisibility.GROUP,
  })
  visibility!: DocumentVisibility;

  @Field(() => Int, {
    nullable: true,
    description:
      'The version suppliers read (procurement documents only): publishing fixes the current version; later versions stay with the buyers until published again.',
  })
  @Column({ name: 'published_version', type: 'integer', nullable: true })
  publishedVersion!: number | null;

  @TimestampColumn('published_at', { nullable: true })
  publishedAt!: Date | null;

  @Field(() => Int, { description: 'Number of the latest version (0: none yet).' })
  @Column({ name: 'current_version', type: 'integer', default: 0 })
  currentVersion!: number;

  @TimestampColumn('deleted_at', { nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'created_by_user_id', type: 'uuid' })
  createdByUserId!: string;

  /** The organisation that owns the document (may rename, publish-request and delete it). */
  @Column({ name: 'created_by_organisation_id', type: 'uuid' })
  createdByOrganisationId!: string;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}

export enum VersionContent {
  TEXT = 'TEXT',
  FILE = 'FILE',
}
registerEnumType(VersionContent, { name: 'VersionContent' });

@ObjectType({ description: 'One immutable version of a document: markdown text or a file.' })
@Entity({ name: 'document_version' })
@Unique('uq_document_version_number', ['documentId', 'number'])
@Index('ix_document_version_search', ['searchVector'], { type: 'gin' })
@Index('uq_document_version_blob', ['blobId'], { unique: true, where: '"blob_id" IS NOT NULL' })
export class DocumentVersion {
  @IdColumn()
  id!: string;

  @ForeignKey(() => Document, { fk: 'fk_document_version_document', onDelete: 'CASCADE' })
  documentId!: string;
  document?: Document;

  @Field(() => Int, { description: '1, 2, 3 ... in the order they were saved.' })
  @Column({ type: 'integer' })
  number!: number;

  @Field(() => VersionContent)
  @Column({ type: 'enum', enum: VersionContent, enumName: 'version_content' })
  content!: VersionContent;

  /** Markdown (TEXT versions). */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** The stored file (FILE versions). */
  @Column({ name: 'blob_id', type: 'uuid', nullable: true })
  blobId!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Field(() => String, { description: 'text/markdown for text; the detected type for files.' })
  @Column({ name: 'media_type', type: 'varchar', length: 120 })
  mediaType!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  @Column({ type: 'bigint' })
  size!: number;

  @Field(() => String)
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Field(() => String)
  @Column({ name: 'change_note', type: 'varchar', length: 500, default: '' })
  changeNote!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "For a merge: the version the author's own edit started from. Their edit was merged with the version before this one, which they saw.",
  })
  @Column({ name: 'merged_from_version', type: 'integer', nullable: true })
  mergedFromVersion!: number | null;

  @Column({ name: 'author_user_id', type: 'uuid' })
  authorUserId!: string;

  @Column({ name: 'author_organisation_id', type: 'uuid' })
  authorOrganisationId!: string;

  /** Words for full-text search, in the document's language (maintained by the service). */
  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false })
  searchVector!: string | null;

  @CreatedAt()
  createdAt!: Date;
}

/** Uploaded bytes (see blob.store.ts); a version refers to one once it is attached. */
@Entity({ name: 'file_blob' })
export class FileBlob {
  @IdColumn({ field: false })
  id!: string;

  @Column({ type: 'varchar', length: 10, default: 'UPLOADING' })
  status!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'bigint', default: 0 })
  size!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ name: 'media_type', type: 'varchar', length: 120, nullable: true })
  mediaType!: string | null;

  @Column({ name: 'uploaded_by_user_id', type: 'uuid' })
  uploadedByUserId!: string;

  @CreatedAt({ field: false })
  createdAt!: Date;
}

@Entity({ name: 'file_chunk' })
export class FileChunk {
  @ForeignKey(() => FileBlob, { fk: 'fk_file_chunk_blob', onDelete: 'CASCADE', primary: true })
  blobId!: string;
  blob?: FileBlob;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
