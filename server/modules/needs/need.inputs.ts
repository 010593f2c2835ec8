import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Currency, Priority } from './interest.entity.js';
import { NeedStatus } from './need.entity.js';

@InputType()
export class CreateSharedNeedInput {
  @Field(() => ID)
  groupId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 200 })
  title!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 20000,
    description: 'Markdown: the problem, described by function and outcome.',
  })
  problem!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '' })
  intendedEffects!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '' })
  successCriteria!: string;

  @InputField(() => [String], { maxItems: 50, defaultValue: [] })
  cpvCodes!: string[];

  @Field(() => NeedStatus, { defaultValue: NeedStatus.OPEN, description: 'DRAFT or OPEN.' })
  status!: NeedStatus;
}

@InputType()
export class UpdateSharedNeedInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  title?: string | null;

  @InputField(() => String, { notBlank: true, maxLength: 20000, nullable: true })
  problem?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  intendedEffects?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  successCriteria?: string | null;

  @InputField(() => [String], { maxItems: 50, nullable: true })
  cpvCodes?: string[] | null;
}

@InputType({ description: "The viewer's organisation's own interest in a need (created or replaced)." })
export class SetNeedInterestInput {
  @Field(() => ID)
  needId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'With `unit`. Up to 3 decimals.' })
  quantity?: string | null;

  @InputField(() => String, { notBlank: true, maxLength: 40, nullable: true })
  unit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'With `currency`. Up to 2 decimals.' })
  annualValue?: string | null;

  @Field(() => Currency, { nullable: true })
  currency?: Currency | null;

  @Field(() => LocalDateScalar, { nullable: true })
  wantedStart?: string | null;

  @Field(() => Priority, { defaultValue: Priority.MEDIUM })
  priority!: Priority;

  @InputField(() => String, { maxLength: 2000, nullable: true })
  comment?: string | null;
}

@ArgsType()
export class SharedNeedsArgs extends PageArgs {
  @InputField(() => String, { maxLength: 200, nullable: true })
  search?: string | null;

  @InputField(() => [NeedStatus], { maxItems: 4, nullable: true })
  status?: NeedStatus[] | null;
}
