import { ValidateNested } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { EachDomainName, EmailField, InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';
import { Country, OrganisationKind } from './organisation.entity.js';

@InputType({ description: 'A person the operator makes an administrator of an organisation.' })
export class OrganisationAdminInput {
  @EmailField({ description: 'Gets a link to choose a password (which also confirms the address).' })
  email!: string;

  @InputField(() => String, { notBlank: true, maxLength: 120 })
  displayName!: string;
}

@InputType({ description: 'An authority or supplier, created by a platform admin.' })
export class CreateOrganisationInput {
  @InputField(() => String, { notBlank: true, maxLength: 200 })
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field(() => Country)
  country!: Country;

  @InputField(() => String, {
    maxLength: 20,
    description: 'Checked by the country rule (NO mod-11, SE Luhn, DK mod-11, FI Y-tunnus).',
  })
  organisationNumber!: string;

  @InputField(() => String, {
    maxLength: 4,
    nullable: true,
    description: 'Required for municipalities, refused for others.',
  })
  municipalityCode?: string | null;

  @InputField(() => [String], { maxItems: 20, defaultValue: [] })
  @EachDomainName()
  emailDomains!: string[];

  @Field(() => Boolean, { nullable: true, description: 'Default: true for public bodies, false for suppliers.' })
  requiresApproval?: boolean | null;

  @InputField(() => [OrganisationAdminInput], {
    maxItems: 10,
    defaultValue: [],
    description: 'Its first administrators.',
  })
  @ValidateNested()
  admins!: OrganisationAdminInput[];
}

@InputType({ description: 'How people join an organisation; set by its admins (and the operators).' })
export class OrganisationAccessInput {
  @InputField(() => [String], {
    maxItems: 20,
    nullable: true,
    description:
      "The organisation's e-mail domains. Its admins may remove domains and add subdomains of the ones it has; new domains are added by the operators.",
  })
  @EachDomainName()
  emailDomains?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Admit addresses at subdomains of the domains too.' })
  allowSubdomains?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'New users wait for an admin after confirming their address.' })
  requiresApproval?: boolean | null;
}

@InputType()
export class UpdateOrganisationInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  name?: string | null;

  @InputField(() => [String], { maxItems: 20, nullable: true })
  @EachDomainName()
  emailDomains?: string[] | null;
}

@ArgsType()
export class OrganisationsArgs extends PageArgs {
  @InputField(() => String, {
    maxLength: 200,
    nullable: true,
    description: 'Part of the name, or the organisation number.',
  })
  search?: string | null;

  @Field(() => OrganisationKind, { nullable: true })
  kind?: OrganisationKind | null;

  @Field(() => Country, { nullable: true })
  country?: Country | null;
}
