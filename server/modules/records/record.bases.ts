import { readFileSync } from 'node:fs';
import { Field, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { fromRoot } from '../../project-root.js';
import { Country } from '../organisations/organisation.entity.js';

/** A legal basis for exempting a record from public access (skjermingshjemmel / sekretessgrund). */
@ObjectType({ description: "A legal basis for exempting a record from public access, from its country's list." })
export class LegalBasis {
  @Field(() => String, { description: 'Stable code, given as `legalBasis` when marking.' })
  code!: string;

  @Field(() => Country)
  country!: Country;

  @Field(() => String, { description: 'How the journal cites it, e.g. "Offl. § 23 tredje ledd", "19 kap. 3 § OSL".' })
  reference!: string;

  @Field(() => String, { description: "What it covers, in the country's language." })
  description!: string;
}

const entry = z.object({
  code: z.string().regex(/^[a-z0-9-]{2,60}$/),
  reference: z.string().min(1).max(200),
  description: z.string().min(1).max(500),
});
const file = z.object(
  Object.fromEntries(Object.values(Country).map((c) => [c, z.array(entry)])) as Record<
    Country,
    z.ZodArray<typeof entry>
  >,
);

/** The data file beside this module: the lists are data, kept apart from the code that checks them. */
export const LEGAL_BASES_FILE = fromRoot('server', 'modules', 'records', 'record.bases.json');

function load(): Map<Country, LegalBasis[]> {
  const parsed = file.parse(JSON.parse(readFileSync(LEGAL_BASES_FILE, 'utf8')));
  const codes = new Set<string>();
  const byCountry = new Map<Country, LegalBasis[]>();
  for (const country of Object.values(Country)) {
    byCountry.set(
      country,
      parsed[country].map((e) => {
        // One code names one basis across countries, so a mark's code alone says which it is.
        if (codes.has(e.code)) throw new Error(`${LEGAL_BASES_FILE}: the code ${e.code} is used twice`);
        codes.add(e.code);
        return Object.assign(new LegalBasis(), { ...e, country });
      }),
    );
  }
  return byCountry;
}

const BASES = load();

/** The legal bases an authority of `country` may cite. */
export const legalBasesOf = (country: Country): LegalBasis[] => BASES.get(country) ?? [];

/** The basis of `code` in `country`'s list, or undefined. */
export const legalBasis = (country: Country, code: string | null | undefined): LegalBasis | undefined =>
  code ? legalBasesOf(country).find((b) => b.code === code) : undefined;
