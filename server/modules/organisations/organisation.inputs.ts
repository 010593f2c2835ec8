import { ArrayMaxSize, IsEmail, IsFQDN, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
import { Country, OrganisationKind } from './organisation.entity.js';

@InputType({ description: 'A person the operator makes an administrator of an organisation.' })
export class OrganisationAdminInput {
  @Field(() => String, { description: 'Gets a link to choose a password (which also confirms the address).' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(120)
  displayName!: string;
}

@InputType({ description: 'An authority or supplier, created by a platform admin.' })
export class CreateOrganisationInput {
  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field(() => Country)
  country!: Country;

  @Field(() => String, { description: 'Checked by the country rule (NO mod-11, SE Luhn, DK mod-11, FI Y-tunnus).' })
  @MaxLength(20)
  organisationNumber!: string;

  @Field(() => String, { nullable: true, description: 'Required for municipalities, refused for others.' })
  @IsOptional()
  @MaxLength(4)
  municipalityCode?: string | null;

  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(20)
  @IsFQDN({}, { each: true, message: 'each of $property must be a domain name such as kommune.no' })
  emailDomains!: string[];

  @Field(() => Boolean, { nullable: true, description: 'Default: true for public bodies, false for suppliers.' })
  requiresApproval?: boolean | null;

  @Field(() => [OrganisationAdminInput], { defaultValue: [], description: 'Its first administrators.' })
  @ArrayMaxSize(10)
  @ValidateNested()
  admins!: OrganisationAdminInput[];
}

@InputType({ description: 'How people join an organisation; set by its admins (and the operators).' })
export class OrganisationAccessInput {
  @Field(() => [String], {
    nullable: true,
    description:
      "The organisation's e-mail domains. Its admins may remove domains and add subdomains of the ones it has; new domains are added by the operators.",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsFQDN({}, { each: true, message: 'each of $property must be a domain name such as kommune.no' })
  emailDomains?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Admit addresses at subdomains of the domains too.' })
  allowSubdomains?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'New users wait for an admin after confirming their address.' })
  requiresApproval?: boolean | null;
}

@InputType()
export class UpdateOrganisationInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  name?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsFQDN({}, { each: true, message: 'each of $property must be a domain name such as kommune.no' })
  emailDomains?: string[] | null;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the name, or the organisation number.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => OrganisationKind, { nullable: true })
  kind?: OrganisationKind | null;

  @Field(() => Country, { nullable: true })
  country?: Country | null;
}
