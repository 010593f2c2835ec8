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

@InputType({
  description:
    "What the organisation's admins (and the operators) set: how people join it, and the address and contact its eForms notices name. A field left out (or null) stays as it is; an empty string clears a notice detail.",
})
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

  @InputField(() => String, {
    maxLength: 10,
    nullable: true,
    description: "NUTS level 3 code in the organisation's country, e.g. NO060, SE224, DK042, FI1B1.",
  })
  nutsCode?: string | null;

  @InputField(() => String, { maxLength: 200, nullable: true, description: 'Street address or post box.' })
  streetAddress?: string | null;

  @InputField(() => String, { maxLength: 20, nullable: true })
  postcode?: string | null;

  @InputField(() => String, { maxLength: 100, nullable: true })
  city?: string | null;

  @InputField(() => String, { maxLength: 200, nullable: true, description: 'A role or department, not a person.' })
  contactPoint?: string | null;

  @InputField(() => String, { maxLength: 254, nullable: true, description: 'Contact e-mail address for notices.' })
  contactEmail?: string | null;

  @InputField(() => String, {
    maxLength: 40,
    nullable: true,
    description: 'Contact telephone for notices: digits, spaces and hyphens, optionally starting with +.',
  })
  contactPhone?: string | null;
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
