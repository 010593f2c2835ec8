import { IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';

@ArgsType()
export class CpvCodesArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'Digits (e.g. "3412", or a whole code with or without -N): codes starting with them. Otherwise words that must all appear in the title, in any case.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}
