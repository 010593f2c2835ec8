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

  // What a buyer needs in an eForms notice (BT-507, BT-510, BT-512, BT-513, BT-502, BT-503, BT-506):
  // set by the organisation's admins; a notice naming an authority without them is refused.

  @Field(() => String, {
    nullable: true,
    description: 'NUTS level 3 region of the address (e.g. NO060 Trøndelag, SE224 Skåne), for eForms notices.',
  })
  @Column({ name: 'nuts_code', type: 'varchar', length: 5, nullable: true })
  nutsCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address: street or post box.' })
  @Column({ name: 'street_address', type: 'varchar', length: 200, nullable: true })
  streetAddress!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  postcode!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  city!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Contact point named in notices: a role or department (e.g. Innkjøpsavdelingen), not a person.',
  })
  @Column({ name: 'contact_point', type: 'varchar', length: 200, nullable: true })
  contactPoint!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact e-mail address for notices (a shared mailbox).' })
  @Column({ name: 'contact_email', type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact telephone for notices, e.g. +47 72 54 00 00.' })
  @Column({ name: 'contact_phone', type: 'varchar', length: 40, nullable: true })
  contactPhone!: string | null;

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
