import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { DocumentKind, DocumentLanguage, DocumentVisibility } from './document.entity.js';

/** Largest markdown text of one version, in characters. */
export const MAX_TEXT = 500_000;

@InputType()
export class CreateDocumentInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID, { nullable: true, description: 'Attach the document to this shared need of the group.' })
  needId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Attach the document to this joint procurement of the group (not together with needId).',
  })
  procurementId?: string | null;

  @InputField(() => String, { notBlank: true, maxLength: 200 })
  title!: string;

  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field(() => DocumentLanguage)
  language!: DocumentLanguage;

  @InputField(() => String, {
    maxLength: MAX_TEXT,
    nullable: true,
    description: 'Markdown for version 1. Without it the document starts empty.',
  })
  text?: string | null;

  @InputField(() => String, { maxLength: 500, nullable: true })
  changeNote?: string | null;
}

@InputType({ description: 'A new text version, based on the version the author started from.' })
export class AddTextVersionInput {
  @Field(() => ID)
  documentId!: string;

  @InputField(() => Int, {
    min: 0,
    description: 'The version this text was edited from (0 for the first). If another version came first: CONFLICT.',
  })
  baseVersion!: number;

  @InputField(() => String, { maxLength: MAX_TEXT })
  text!: string;

  @InputField(() => String, { maxLength: 500, defaultValue: '' })
  changeNote!: string;

  @InputField(() => Int, {
    nullable: true,
    min: 0,
    description:
      'For a merge (see documentMerge): the version the edit started from, before baseVersion. The merge still names the current version as baseVersion, so a version saved meanwhile is refused with CONFLICT like any other.',
  })
  mergedFromVersion?: number | null;
}

@InputType({ description: 'A new file version: upload the bytes first (POST /uploads), then name the upload here.' })
export class AddFileVersionInput {
  @Field(() => ID)
  documentId!: string;

  @InputField(() => Int, { min: 0 })
  baseVersion!: number;

  @Field(() => ID, { description: 'The id POST /uploads answered with.' })
  uploadId!: string;

  @InputField(() => String, { maxLength: 500, defaultValue: '' })
  changeNote!: string;
}

@InputType()
export class UpdateDocumentInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  title?: string | null;

  @Field(() => DocumentVisibility, { nullable: true, description: 'PUBLISHED is for coordinators to decide.' })
  visibility?: DocumentVisibility | null;

  @Field(() => DocumentKind, { nullable: true })
  kind?: DocumentKind | null;

  @InputField(() => Int, {
    nullable: true,
    min: 1,
    description:
      'With visibility PUBLISHED: the version the coordinator looked at. If another version was saved since, CONFLICT (with currentVersion) and nothing is published, so suppliers never read a version nobody checked.',
  })
  expectedVersion?: number | null;
}

@ArgsType()
export class DocumentMergeArgs {
  @Field(() => ID)
  documentId!: string;

  @InputField(() => Int, { min: 0, description: 'The version the text was edited from.' })
  baseVersion!: number;

  @InputField(() => String, { maxLength: MAX_TEXT, description: 'The edited text.' })
  text!: string;
}

@ArgsType()
export class DocumentsArgs extends PageArgs {
  @InputField(() => String, { maxLength: 200, nullable: true })
  search?: string | null;
}
