import { IsEmail, IsOptional, MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
import { Locale, UserStatus } from './user.entity.js';

@InputType()
export class RegisterInput {
  @Field(() => String, { description: "Work address at one of the organisation's e-mail domains." })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @Field(() => String, { description: '12 to 200 characters.' })
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(120)
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
  @Field(() => String)
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @Field(() => String)
  @MaxLength(200)
  password!: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(120)
  displayName?: string | null;

  @Field(() => Locale, { nullable: true })
  locale?: Locale | null;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Defaults to the viewer's organisation." })
  organisationId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
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
  @Field(() => String)
  @MaxLength(200)
  token!: string;

  @Field(() => String, {
    description:
      'verifyEmail: the password chosen when registering. resetPassword: the new one (12 to 200 characters).',
  })
  @MaxLength(200)
  password!: string;
}

@InputType()
export class NewPasswordInput {
  @Field(() => String)
  @MaxLength(200)
  token!: string;

  @Field(() => String, { description: '12 to 200 characters.' })
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  @MaxLength(200)
  currentPassword!: string;

  @Field(() => String, { description: '12 to 200 characters.' })
  @MinLength(12, { message: 'newPassword must be at least 12 characters' })
  @MaxLength(200)
  newPassword!: string;
}

@InputType()
export class EmailInput {
  @Field(() => String)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
}
