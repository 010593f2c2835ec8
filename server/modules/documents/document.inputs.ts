import { IsOptional, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
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

  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => DocumentKind)
  kind!: DocumentKind;

  @Field(() => DocumentLanguage)
  language!: DocumentLanguage;

  @Field(() => String, { nullable: true, description: 'Markdown for version 1. Without it the document starts empty.' })
  @IsOptional()
  @MaxLength(MAX_TEXT)
  text?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  changeNote?: string | null;
}

@InputType({ description: 'A new text version, based on the version the author started from.' })
export class AddTextVersionInput {
  @Field(() => ID)
  documentId!: string;

  @Field(() => Int, {
    description: 'The version this text was edited from (0 for the first). If another version came first: CONFLICT.',
  })
  @Min(0)
  baseVersion!: number;

  @Field(() => String)
  @MaxLength(MAX_TEXT)
  text!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(500)
  changeNote!: string;
}

@InputType({ description: 'A new file version: upload the bytes first (POST /uploads), then name the upload here.' })
export class AddFileVersionInput {
  @Field(() => ID)
  documentId!: string;

  @Field(() => Int)
  @Min(0)
  baseVersion!: number;

  @Field(() => ID, { description: 'The id POST /uploads answered with.' })
  uploadId!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(500)
  changeNote!: string;
}

@InputType()
export class UpdateDocumentInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string | null;

  @Field(() => DocumentVisibility, { nullable: true, description: 'PUBLISHED is for coordinators to decide.' })
  visibility?: DocumentVisibility | null;

  @Field(() => DocumentKind, { nullable: true })
  kind?: DocumentKind | null;
}

@ArgsType()
export class DocumentsArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}
