import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { LocalDateScalar } from '../../common/scalars.js';
import { AccessClassification } from './record.entity.js';

@InputType({
  description:
    'Marks one message, document version or closed decision as a record of the viewer’s authority (give exactly one). Marking the same subject again changes its classification, or moves a document’s record to a newer version; the journal number stays.',
})
export class MarkAsRecordInput {
  @Field(() => ID, { nullable: true })
  messageId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A version of a document (`DocumentVersion.id`).' })
  documentVersionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A closed decision.' })
  decisionId?: string | null;

  @Field(() => AccessClassification, { defaultValue: AccessClassification.PUBLIC })
  classification!: AccessClassification;

  @InputField(() => String, {
    nullable: true,
    maxLength: 60,
    description:
      "Required when EXEMPT: a code from `legalBases` of the authority's country (e.g. offl-23-3, osl-19-3). Not given when PUBLIC.",
  })
  legalBasis?: string | null;
}

@ArgsType()
export class JournalArgs extends PageArgs {
  @Field(() => LocalDateScalar, { description: "First day (on the viewer's clock), inclusive." })
  from!: string;

  @Field(() => LocalDateScalar, { description: "Last day (on the viewer's clock), inclusive." })
  to!: string;
}
