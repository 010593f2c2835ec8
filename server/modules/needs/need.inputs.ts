import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { NotBlank } from '../../common/validation.js';
import { Currency, Priority } from './interest.entity.js';
import { NeedStatus } from './need.entity.js';

@InputType()
export class CreateSharedNeedInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { description: 'Markdown: the problem, described by function and outcome.' })
  @NotBlank()
  @MaxLength(20000)
  problem!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000)
  intendedEffects!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000)
  successCriteria!: string;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(50)
  cpvCodes!: string[];

  @Field(() => NeedStatus, { defaultValue: NeedStatus.OPEN, description: 'DRAFT or OPEN.' })
  status!: NeedStatus;
}

@InputType()
export class UpdateSharedNeedInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(20000)
  problem?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  intendedEffects?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  successCriteria?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  cpvCodes?: string[] | null;
}

@InputType({ description: "The viewer's organisation's own interest in a need (created or replaced)." })
export class SetNeedInterestInput {
  @Field(() => ID)
  needId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'With `unit`. Up to 3 decimals.' })
  quantity?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(40)
  unit?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'With `currency`. Up to 2 decimals.' })
  annualValue?: string | null;

  @Field(() => Currency, { nullable: true })
  currency?: Currency | null;

  @Field(() => LocalDateScalar, { nullable: true })
  wantedStart?: string | null;

  @Field(() => Priority, { defaultValue: Priority.MEDIUM })
  priority!: Priority;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  comment?: string | null;
}

@ArgsType()
export class SharedNeedsArgs extends PageArgs {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => [NeedStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  status?: NeedStatus[] | null;
}
