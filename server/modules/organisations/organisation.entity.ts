import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, Unique } from 'typeorm';
import { CreatedAt, IdColumn, UpdatedAt } from '../../common/columns.js';

export enum OrganisationKind {
  MUNICIPALITY = 'MUNICIPALITY',
  COUNTY = 'COUNTY',
  STATE_AGENCY = 'STATE_AGENCY',
  PUBLIC_COMPANY = 'PUBLIC_COMPANY',
  SUPPLIER = 'SUPPLIER',
  /** Stands for one guest without an organisation on Samverka: never a member, never an authority. */
  GUEST = 'GUEST',
}
registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description:
    'An authority (municipality, county/region, state agency, public company), a supplier, or GUEST: the placeholder of a guest who has no organisation on Samverka.',
});

export enum Country {
  NO = 'NO',
  SE = 'SE',
  DK = 'DK',
  FI = 'FI',
}
registerEnumType(Country, { name: 'Country', description: 'ISO 3166-1 alpha-2 country code.' });

export const isAuthority = (kind: OrganisationKind) =>
  kind !== OrganisationKind.SUPPLIER && kind !== OrganisationKind.GUEST;

@ObjectType({ description: 'A public authority or a supplier company.' })
@Entity({ name: 'organisation' })
@Unique('uq_organisation_country_number', ['country', 'organisationNumber'])
export class Organisation {
  @IdColumn()
  id!: string;

  @Field(() => String)
  @Index('ix_organisation_name')
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => OrganisationKind)
  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind!: OrganisationKind;

  @Field(() => Country)
  @Column({ type: 'enum', enum: Country, enumName: 'country' })
  country!: Country;

  @Field(() => String, {
    description: 'National identifier in canonical form: digits for NO, SE and DK; NNNNNNN-C for FI.',
  })
  @Column({ name: 'organisation_number', type: 'varchar', length: 20 })
  organisationNumber!: string;

  @Field(() => String, { nullable: true, description: 'Official municipality number (municipalities only).' })
  @Column({ name: 'municipality_code', type: 'varchar', length: 4, nullable: true })
  municipalityCode!: string | null;

  /** Domains whose verified addresses may register here (resolved for admins only: see OrganisationResolver). */
  @Column({ name: 'email_domains', type: 'varchar', length: 253, array: true, default: () => "'{}'" })
  emailDomains!: string[];

  /** Whether addresses at subdomains of emailDomains (helse.kommune.no for kommune.no) may register too. */
  @Column({ name: 'allow_subdomains', type: 'boolean', default: false })
  allowSubdomains!: boolean;

  /** New users wait for an admin of the organisation after confirming their address (default for public bodies). */
  @Column({ name: 'requires_approval', type: 'boolean', default: true })
  requiresApproval!: boolean;

  @CreatedAt()
  createdAt!: Date;

  @UpdatedAt()
  updatedAt!: Date;
}
