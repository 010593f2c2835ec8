import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { EmailField, InputField, NewPasswordField, TimeZoneField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { Locale, UserStatus } from './user.entity.js';

@InputType()
export class RegisterInput {
  @EmailField({ description: "Work address at one of the organisation's e-mail domains." })
  email!: string;

  @NewPasswordField()
  password!: string;

  @InputField(() => String, { notBlank: true, maxLength: 120 })
  displayName!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The organisation to join. Default: the one whose registered e-mail domain matches the address (needed only when several do).',
  })
  organisationId?: string | null;

  @Field(() => Locale, { nullable: true, description: "Defaults to the organisation's country language." })
  locale?: Locale | null;
}

@InputType()
export class SignInInput {
  @EmailField()
  email!: string;

  @InputField(() => String, { maxLength: 200 })
  password!: string;
}

@InputType()
export class UpdateProfileInput {
  @InputField(() => String, { notBlank: true, maxLength: 120, nullable: true })
  displayName?: string | null;

  @Field(() => Locale, { nullable: true })
  locale?: Locale | null;

  @TimeZoneField({ nullable: true })
  timeZone?: string | null;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Defaults to the viewer's organisation." })
  organisationId?: string | null;

  @InputField(() => String, { maxLength: 200, nullable: true })
  search?: string | null;

  @Field(() => [UserStatus], {
    nullable: true,
    description: "Default ACTIVE. Other states are shown to the organisation's admins and platform admins only.",
  })
  status?: UserStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Platform admins: search every organisation.' })
  allOrganisations?: boolean | null;
}

@InputType({ description: 'The token from a link in a mail, with a password.' })
export class TokenPasswordInput {
  @InputField(() => String, { maxLength: 200 })
  token!: string;

  @InputField(() => String, {
    maxLength: 200,
    description:
      'verifyEmail: the password chosen when registering. resetPassword: the new one (12 to 200 characters).',
  })
  password!: string;
}

@InputType()
export class NewPasswordInput {
  @InputField(() => String, { maxLength: 200 })
  token!: string;

  @NewPasswordField()
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @InputField(() => String, { maxLength: 200 })
  currentPassword!: string;

  @NewPasswordField()
  newPassword!: string;
}

@InputType()
export class EmailInput {
  @EmailField()
  email!: string;
}
