import { ArrayMaxSize, IsFQDN, IsOptional, MaxLength } from 'class-validator';
import { ArgsType, Field, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';
import { Country, OrganisationKind } from './organisation.entity.js';

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
