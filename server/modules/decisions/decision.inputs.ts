import { Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { ProcurementPhase } from '../procurements/procurement.entity.js';

@InputType({ description: 'What an award decision awards: a lot, to one supplier or (a framework agreement) several.' })
export class AwardProposalInput {
  @Field(() => ID)
  lotId!: string;

  @InputField(() => [ID], {
    minItems: 1,
    maxItems: 50,
    description:
      'The winning suppliers: each has an admitted tender for the lot. Several only for a framework agreement.',
  })
  supplierIds!: string[];
}

@InputType()
export class OpenDecisionInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 200,
    description: 'e.g. "Approve the requirement specification, version 3".',
  })
  title!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '' })
  description!: string;

  @InputField(() => [String], {
    minItems: 2,
    maxItems: 10,
    defaultValue: ['Approve', 'Reject'],
    description: 'Two to ten options; the first one approves.',
  })
  @Matches(/\S/, { each: true, message: 'each option must not be blank' })
  @MaxLength(200, { each: true })
  options!: string[];

  @InputField(() => Int, {
    min: 1,
    max: 1000,
    description: 'How many participating authorities must vote for the result to count.',
  })
  quorum!: number;

  @Field(() => Date)
  closesAt!: Date;

  @Field(() => ProcurementPhase, {
    nullable: true,
    description: 'The phase this decision opens: moving into it requires this (or another) decision approved.',
  })
  gate?: ProcurementPhase | null;

  @Field(() => AwardProposalInput, {
    nullable: true,
    description:
      'Makes this an award decision (its gate is CONTRACT_FOLLOW_UP): approving it awards the lot and starts the standstill period.',
  })
  @ValidateNested()
  award?: AwardProposalInput | null;
}

@InputType()
export class CastVoteInput {
  @Field(() => ID)
  decisionId!: string;

  @InputField(() => Int, { min: 0, description: 'Index into the decision’s options.' })
  option!: number;
}
