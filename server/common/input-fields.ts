import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsFQDN,
  IsOptional,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { Field, type FieldOptions } from 'type-graphql';
import { stacked } from './columns.js';
import { isTimeZone } from './time-zones.js';
import { NotBlank } from './validation.js';

/*
 * Field decorators for @InputType and @ArgsType classes: the GraphQL field and its class-validator
 * rules in one place, so that the same kind of input (a title, a list of CPV codes, an optional
 * search text) is checked the same way everywhere. The GraphQL type stays spelled out at the field
 * (DESIGN habit 3).
 */

type ReturnTypeFunc = NonNullable<Parameters<typeof Field>[0]>;

export interface InputFieldOptions extends FieldOptions {
  /** Refuse a string that is empty or only whitespace. */
  notBlank?: boolean;
  /** Longest string, in characters. */
  maxLength?: number;
  /** Smallest and largest number. */
  min?: number;
  max?: number;
  /** Fewest and most items of a list. */
  minItems?: number;
  maxItems?: number;
}

/**
 * A GraphQL input field with its rules, checked in the order written here (blank, length, range, items).
 * A nullable field with rules is optional: null or absent skips them.
 */
export function InputField(
  type: ReturnTypeFunc,
  { notBlank, maxLength, min, max, minItems, maxItems, ...field }: InputFieldOptions = {},
): PropertyDecorator {
  const rules = [
    ...(notBlank ? [NotBlank()] : []),
    ...(maxLength !== undefined ? [MaxLength(maxLength)] : []),
    ...(min !== undefined ? [Min(min)] : []),
    ...(max !== undefined ? [Max(max)] : []),
    ...(minItems !== undefined ? [ArrayMinSize(minItems)] : []),
    ...(maxItems !== undefined ? [ArrayMaxSize(maxItems)] : []),
  ];
  return stacked(Field(type, field), ...(field.nullable && rules.length ? [IsOptional()] : []), ...rules);
}

/** An e-mail address, at most 254 characters (the longest address SMTP can carry). */
export const EmailField = (field: FieldOptions = {}) =>
  stacked(
    Field(() => String, field),
    IsEmail({}, { message: '$property must be an e-mail address' }),
    MaxLength(254),
  );

/** A password being chosen (not one being checked, whose rule is only the 200 limit): 12 to 200 characters. */
export const NewPasswordField = (field: FieldOptions = {}) =>
  stacked(
    Field(() => String, { description: '12 to 200 characters.', ...field }),
    MinLength(12, { message: '$property must be at least 12 characters' }),
    MaxLength(200),
  );

/** Each item of a list is a domain name (an organisation's e-mail domains). */
export const EachDomainName = () =>
  IsFQDN({}, { each: true, message: 'each of $property must be a domain name such as kommune.no' });

/** An IANA time zone name the runtime knows (Europe/Oslo), as the `timeZones` query lists them. */
export const TimeZoneField = (field: FieldOptions = {}) =>
  stacked(
    Field(() => String, { description: 'An IANA time zone such as Europe/Oslo (one of `timeZones`).', ...field }),
    ...(field.nullable ? [IsOptional()] : []),
    ValidateBy({
      name: 'timeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isTimeZone(value),
        defaultMessage: () => '$property must be an IANA time zone such as Europe/Oslo',
      },
    }),
  );
