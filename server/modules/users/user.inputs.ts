import { IsEmail, IsOptional, MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
import { Locale } from './user.entity.js';

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
}
