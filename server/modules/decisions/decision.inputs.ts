import { ArrayMaxSize, ArrayMinSize, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../common/validation.js';
import { ProcurementPhase } from '../procurements/procurement.entity.js';

@InputType()
export class OpenDecisionInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => String, { description: 'e.g. "Approve the requirement specification, version 3".' })
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000)
  description!: string;

  @Field(() => [String], {
    defaultValue: ['Approve', 'Reject'],
    description: 'Two to ten options; the first one approves.',
  })
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @Matches(/\S/, { each: true, message: 'each option must not be blank' })
  @MaxLength(200, { each: true })
  options!: string[];

  @Field(() => Int, { description: 'How many participating authorities must vote for the result to count.' })
  @Min(1)
  @Max(1000)
  quorum!: number;

  @Field(() => Date)
  closesAt!: Date;

  @Field(() => ProcurementPhase, {
    nullable: true,
    description: 'The phase this decision opens: moving into it requires this (or another) decision approved.',
  })
  gate?: ProcurementPhase | null;
}

@InputType()
export class CastVoteInput {
  @Field(() => ID)
  decisionId!: string;

  @Field(() => Int, { description: 'Index into the decision’s options.' })
  @Min(0)
  option!: number;
}
