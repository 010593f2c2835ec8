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
