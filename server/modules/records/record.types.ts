import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CaseRecordKind as Kind } from './record.words.js';
import { CaseScope, RecordDirection, RecordSubject } from './record.entity.js';

export enum CaseRecordKind {
  MESSAGE = 'MESSAGE',
  DOCUMENT = 'DOCUMENT',
  DECISION = 'DECISION',
  MANDATE = 'MANDATE',
  QUESTION = 'QUESTION',
  ANSWER = 'ANSWER',
  NOTICE = 'NOTICE',
  TENDER = 'TENDER',
  AWARD = 'AWARD',
}
registerEnumType(CaseRecordKind, {
  name: 'CaseRecordKind',
  description:
    'A message of a channel or thread, a document (every version), a decision with its votes, a mandate, a question from a supplier, a published answer, the market dialogue notice, a tender received, an award.',
});
// The words (record.words.ts) and the schema name the same kinds.
const _sameKinds: Record<Kind, CaseRecordKind> = CaseRecordKind;
void _sameKinds;

export enum ArchiveFormat {
  NOARK5 = 'noark5',
  EARK = 'eark',
}
registerEnumType(ArchiveFormat, {
  name: 'ArchiveFormat',
  description:
    'NOARK5: a Noark 5 archive extract (Norway). EARK: an E-ARK submission information package with the case in CITS ERMS, the structure FGS builds on (Sweden).',
});

@ObjectType('CaseRecord', {
  description:
    "A record of a case file as the viewer's authority took part in it. A deleted message is listed as deleted, without its words (its archive package keeps them).",
})
export class CaseRecordView {
  @Field(() => ID)
  id!: string;

  @Field(() => CaseRecordKind)
  kind!: CaseRecordKind;

  @Field(() => RecordSubject, {
    nullable: true,
    description: 'What `markAsRecord` takes for it (MESSAGE, DOCUMENT, DECISION); null when it cannot be marked.',
  })
  subject!: RecordSubject | null;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'The person who made it (as their name now is).' })
  author!: string | null;

  @Field(() => String, { description: 'The organisation it came from (an authority, a supplier, or a guest).' })
  organisationName!: string;

  @Field(() => RecordDirection, { description: "For the viewer's authority." })
  direction!: RecordDirection;

  @Field(() => Date, { nullable: true, description: 'When it was deleted (messages).' })
  deletedAt!: Date | null;

  @Field(() => Int, { description: 'How many versions its content has.' })
  versions!: number;

  /** For the viewer's mark (field resolver). */
  organisationId!: string;
}

@ObjectType('ArchivePackage', {
  description:
    "The viewer authority's archive package of a case: one zip, streamed from `url` with its length announced, so a download shows its progress.",
})
export class ArchivePackageInfo {
  @Field(() => ArchiveFormat)
  format!: ArchiveFormat;

  @Field(() => String, { description: 'Where to download it (same authentication as the API: token or cookie).' })
  url!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => Int, { description: 'Files in the package (XML, schemas and every version of every record).' })
  fileCount!: number;

  @Field(() => Float, { description: 'The zip’s size in bytes, as the download’s Content-Length.' })
  byteSize!: number;
}

@ObjectType('CaseFile', {
  description:
    "A procurement's or a group's case file as the viewer's authority took part in it: what it sent, received or made internally.",
})
export class CaseFileView {
  @Field(() => CaseScope)
  scope!: CaseScope;

  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Date, { nullable: true, description: 'When the procurement closed or was cancelled.' })
  closedAt!: Date | null;

  @Field(() => [CaseRecordView], { description: 'Oldest first.' })
  records!: CaseRecordView[];
}

export const archiveUrl = (scope: CaseScope, id: string, format?: string) =>
  `/archive/${scope === CaseScope.PROCUREMENT ? 'procurements' : 'groups'}/${id}.zip${format ? `?format=${format}` : ''}`;
