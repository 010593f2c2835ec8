import { ArgsType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';

@ArgsType()
export class CpvCodesArgs extends PageArgs {
  @InputField(() => String, {
    maxLength: 200,
    nullable: true,
    description:
      'Digits (e.g. "3412", or a whole code with or without -N): codes starting with them. Otherwise words that must all appear in the title, in any case.',
  })
  search?: string | null;
}
