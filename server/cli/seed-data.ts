import { Country, OrganisationKind } from '../modules/organisations/organisation.entity.js';
import { Locale } from '../modules/users/user.entity.js';

/** Demo data only: every demo user has this password, and start-up prints it. */
export const DEMO_PASSWORD = 'samverka-demo';

const { MUNICIPALITY, COUNTY, STATE_AGENCY, PUBLIC_COMPANY, SUPPLIER } = OrganisationKind;

/**
 * Real authorities with their real organisation numbers (Enhetsregisteret, Bolagsverket, CVR, YTJ)
 * and municipality numbers. The people are invented.
 */
export const ORGANISATIONS = [
  {
    key: 'stjordal',
    name: 'Stjørdal kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '939958851',
    code: '5035',
    domain: 'stjordal.kommune.no',
  },
  {
    key: 'meraker',
    name: 'Meråker kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '835231712',
    code: '5034',
    domain: 'meraker.kommune.no',
  },
  {
    key: 'frosta',
    name: 'Frosta kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '944482253',
    code: '5036',
    domain: 'frosta.kommune.no',
  },
  {
    key: 'selbu',
    name: 'Selbu kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '971197609',
    code: '5032',
    domain: 'selbu.kommune.no',
  },
  {
    key: 'tydal',
    name: 'Tydal kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '864983472',
    code: '5033',
    domain: 'tydal.kommune.no',
  },
  {
    key: 'malvik',
    name: 'Malvik kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '971035560',
    code: '5031',
    domain: 'malvik.kommune.no',
  },
  {
    key: 'trondheim',
    name: 'Trondheim kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '942110464',
    code: '5001',
    domain: 'trondheim.kommune.no',
  },
  {
    key: 'trondelag',
    name: 'Trøndelag fylkeskommune',
    kind: COUNTY,
    country: Country.NO,
    number: '817920632',
    domain: 'trondelagfylke.no',
  },
  {
    key: 'digdir',
    name: 'Digitaliseringsdirektoratet',
    kind: STATE_AGENCY,
    country: Country.NO,
    number: '991825827',
    domain: 'digdir.no',
  },
  {
    key: 'entur',
    name: 'Entur AS',
    kind: PUBLIC_COMPANY,
    country: Country.NO,
    number: '917422575',
    domain: 'entur.org',
  },
  {
    key: 'stockholm',
    name: 'Region Stockholm',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000016',
    domain: 'regionstockholm.se',
  },
  { key: 'skane', name: 'Region Skåne', kind: COUNTY, country: Country.SE, number: '2321000255', domain: 'skane.se' },
  {
    key: 'vgr',
    name: 'Västra Götalandsregionen',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000131',
    domain: 'vgregion.se',
  },
  {
    key: 'ostergotland',
    name: 'Region Östergötland',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000040',
    domain: 'regionostergotland.se',
  },
  {
    key: 'uppsala',
    name: 'Region Uppsala',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000024',
    domain: 'regionuppsala.se',
  },
  {
    key: 'halland',
    name: 'Region Halland',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000115',
    domain: 'regionhalland.se',
  },
  {
    key: 'uhm',
    name: 'Upphandlingsmyndigheten',
    kind: STATE_AGENCY,
    country: Country.SE,
    number: '2021006610',
    domain: 'upphandlingsmyndigheten.se',
  },
  {
    key: 'aarhus',
    name: 'Aarhus Kommune',
    kind: MUNICIPALITY,
    country: Country.DK,
    number: '55133018',
    code: '751',
    domain: 'aarhus.dk',
  },
  {
    key: 'helsinki',
    name: 'Helsingin kaupunki',
    kind: MUNICIPALITY,
    country: Country.FI,
    number: '0201256-6',
    code: '091',
    domain: 'hel.fi',
  },
  { key: 'tide', name: 'Tide Buss AS', kind: SUPPLIER, country: Country.NO, number: '910500805', domain: 'tide.no' },
  { key: 'nobina', name: 'Nobina AB', kind: SUPPLIER, country: Country.SE, number: '5565764569', domain: 'nobina.com' },
] as const;

export type OrgKey = (typeof ORGANISATIONS)[number]['key'];

/**
 * The demo's named people: each is the admin of its organisation (the demo's approval queue needs
 * one), with the language of its country. Organisations without a named person get admin@<domain>.
 */
export const PEOPLE: { email: string; name: string; org: OrgKey }[] = [
  { email: 'ingrid.lien@stjordal.kommune.no', name: 'Ingrid Lien', org: 'stjordal' },
  { email: 'ola.haugen@meraker.kommune.no', name: 'Ola Haugen', org: 'meraker' },
  { email: 'marit.aune@frosta.kommune.no', name: 'Marit Aune', org: 'frosta' },
  { email: 'jon.moen@selbu.kommune.no', name: 'Jon Moen', org: 'selbu' },
  { email: 'siri.bakken@tydal.kommune.no', name: 'Siri Bakken', org: 'tydal' },
  { email: 'anders.berg@malvik.kommune.no', name: 'Anders Berg', org: 'malvik' },
  { email: 'anna.lindqvist@skane.se', name: 'Anna Lindqvist', org: 'skane' },
  { email: 'erik.johansson@regionstockholm.se', name: 'Erik Johansson', org: 'stockholm' },
  { email: 'sara.nilsson@vgregion.se', name: 'Sara Nilsson', org: 'vgr' },
  { email: 'hanne.vik@tide.no', name: 'Hanne Vik', org: 'tide' },
  { email: 'lars.ek@nobina.com', name: 'Lars Ek', org: 'nobina' },
];

/** The platform admin (the operators at Digdir), in English. */
export const OPERATOR = { email: 'admin@digdir.no', name: 'Plattformdrift', org: 'digdir', locale: Locale.en } as const;

/** A guest of the Værnes group: an adviser without an organisation on Samverka. */
export const GUEST = {
  email: 'kari.rad@omsorgsteknologi.no',
  name: 'Kari Rådgiver',
  affiliation: 'Omsorgsteknologi Rådgivning',
  note: 'Faglig rådgiver for behovsbeskrivelsen',
  days: 90,
};

/** The organisation's person in the demo: its named person, or its admin@<domain>. */
export function demoPerson(key: OrgKey): { email: string; name: string } {
  const named = [...PEOPLE, OPERATOR].find((p) => p.org === key);
  if (named) return named;
  const o = ORGANISATIONS.find((x) => x.key === key)!;
  return { email: `admin@${o.domain}`, name: `Administrator, ${o.name}` };
}

/**
 * What the demo authorities' admins set for their eForms notices: their region (NUTS 2021 level 3),
 * postal address and a shared contact. Demo values in each authority's own region and domain:
 * check the real ones before a notice leaves Samverka.
 */
export const NOTICE_DETAILS: Partial<
  Record<
    OrgKey,
    {
      nutsCode: string;
      streetAddress: string;
      postcode: string;
      city: string;
      contactPhone: string;
      contactPoint: string;
    }
  >
> = {
  stjordal: {
    nutsCode: 'NO060',
    streetAddress: 'Kjøpmannsgata 9',
    postcode: '7500',
    city: 'Stjørdal',
    contactPhone: '+47 74 83 45 00',
    contactPoint: 'Innkjøp',
  },
  meraker: {
    nutsCode: 'NO060',
    streetAddress: 'Stasjonsvegen 18',
    postcode: '7530',
    city: 'Meråker',
    contactPhone: '+47 74 81 35 00',
    contactPoint: 'Innkjøp',
  },
  frosta: {
    nutsCode: 'NO060',
    streetAddress: 'Frostavegen 1',
    postcode: '7633',
    city: 'Frosta',
    contactPhone: '+47 74 80 88 00',
    contactPoint: 'Innkjøp',
  },
  selbu: {
    nutsCode: 'NO060',
    streetAddress: 'Gjelbakken 15',
    postcode: '7580',
    city: 'Selbu',
    contactPhone: '+47 73 81 67 00',
    contactPoint: 'Innkjøp',
  },
  tydal: {
    nutsCode: 'NO060',
    streetAddress: 'Tydalsvegen 1',
    postcode: '7590',
    city: 'Tydal',
    contactPhone: '+47 73 81 59 00',
    contactPoint: 'Innkjøp',
  },
  malvik: {
    nutsCode: 'NO060',
    streetAddress: 'Torggata 8',
    postcode: '7560',
    city: 'Hommelvik',
    contactPhone: '+47 73 98 10 00',
    contactPoint: 'Innkjøp',
  },
  trondheim: {
    nutsCode: 'NO060',
    streetAddress: 'Postboks 2300 Torgarden',
    postcode: '7004',
    city: 'Trondheim',
    contactPhone: '+47 72 54 00 00',
    contactPoint: 'Innkjøpsseksjonen',
  },
  trondelag: {
    nutsCode: 'NO060',
    streetAddress: 'Postboks 2560',
    postcode: '7735',
    city: 'Steinkjer',
    contactPhone: '+47 74 17 40 00',
    contactPoint: 'Innkjøp',
  },
  digdir: {
    nutsCode: 'NO081',
    streetAddress: 'Postboks 1382 Vika',
    postcode: '0114',
    city: 'Oslo',
    contactPhone: '+47 22 45 10 00',
    contactPoint: 'Anskaffelser',
  },
  entur: {
    nutsCode: 'NO081',
    streetAddress: 'Rådhusgata 5',
    postcode: '0151',
    city: 'Oslo',
    contactPhone: '+47 21 00 00 00',
    contactPoint: 'Innkjøp',
  },
  stockholm: {
    nutsCode: 'SE110',
    streetAddress: 'Box 22550',
    postcode: '104 22',
    city: 'Stockholm',
    contactPhone: '+46 8 123 132 00',
    contactPoint: 'Upphandling',
  },
  skane: {
    nutsCode: 'SE224',
    streetAddress: 'Rådhus Skåne',
    postcode: '291 89',
    city: 'Kristianstad',
    contactPhone: '+46 44 309 30 00',
    contactPoint: 'Upphandling',
  },
  vgr: {
    nutsCode: 'SE232',
    streetAddress: 'Regionens Hus',
    postcode: '462 80',
    city: 'Vänersborg',
    contactPhone: '+46 10 441 00 00',
    contactPoint: 'Upphandling',
  },
  ostergotland: {
    nutsCode: 'SE123',
    streetAddress: 'Region Östergötland',
    postcode: '581 91',
    city: 'Linköping',
    contactPhone: '+46 10 103 00 00',
    contactPoint: 'Upphandling',
  },
  uppsala: {
    nutsCode: 'SE121',
    streetAddress: 'Box 602',
    postcode: '751 25',
    city: 'Uppsala',
    contactPhone: '+46 18 611 00 00',
    contactPoint: 'Upphandling',
  },
  halland: {
    nutsCode: 'SE231',
    streetAddress: 'Box 517',
    postcode: '301 80',
    city: 'Halmstad',
    contactPhone: '+46 35 13 48 00',
    contactPoint: 'Upphandling',
  },
  uhm: {
    nutsCode: 'SE110',
    streetAddress: 'Box 1228',
    postcode: '171 23',
    city: 'Solna',
    contactPhone: '+46 8 586 21 700',
    contactPoint: 'Upphandling',
  },
  aarhus: {
    nutsCode: 'DK042',
    streetAddress: 'Rådhuspladsen 2',
    postcode: '8000',
    city: 'Aarhus C',
    contactPhone: '+45 89 40 20 00',
    contactPoint: 'Indkøb og Udbud',
  },
  helsinki: {
    nutsCode: 'FI1B1',
    streetAddress: 'PL 1',
    postcode: '00099',
    city: 'Helsingin kaupunki',
    contactPhone: '+358 9 310 1641',
    contactPoint: 'Hankinnat',
  },
};
