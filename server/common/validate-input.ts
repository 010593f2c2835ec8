import { validate, type ValidationError } from 'class-validator';
import { getMetadataStorage } from 'type-graphql';
import { UserInputError, type FieldProblem } from '../errors.js';

function problems(errors: ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((e) => {
    // An element of a nested array is named like the services name it: input.lots[1].title.
    const field = !prefix
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${prefix}[${e.property}]`
        : `${prefix}.${e.property}`;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...problems(e.children ?? [], field)];
  });
}

const isInputType = (type: unknown) => getMetadataStorage().inputTypes.some((t) => t.target === type);

/**
 * type-graphql's global validateFn: class-validator rules on args and input classes, reported as
 * BAD_USER_INPUT naming each field and rule. By convention an input object is always the `input`
 * argument, so its fields are reported as `input.<field>`; ArgsType fields are top-level arguments.
 */
export async function validateInput(argValue: unknown, argType: unknown): Promise<void> {
  if (argValue === null || typeof argValue !== 'object') return;
  const prefix = isInputType(argType) ? 'input' : '';
  // NUL and lone surrogates never get here: the request boundary refuses them first (text-check.ts),
  // which also matters because some validators (validator's isEmail) throw on a lone surrogate.
  const errors = await validate(argValue, { skipMissingProperties: true, forbidUnknownValues: false });
  const all = problems(errors, prefix);
  if (all.length) throw new UserInputError(all);
}
