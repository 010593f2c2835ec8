import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import { parse } from 'csv-parse/sync';
import { sharedPath } from './shared.js';

/**
 * Validation of OCDS exports against the standard's own files in ../shared/ocds (read where they
 * are, never copied into the project): the release package schema with the release schema
 * (JSON Schema draft 4), and every codelist value against its CSV.
 */

export const OCDS_DIR = sharedPath('ocds');

type Schema = Record<string, any>;
const readJson = (name: string): Schema => JSON.parse(readFileSync(path.join(OCDS_DIR, name), 'utf8'));
export const releaseSchema = readJson('release-schema.json');
export const packageSchema = readJson('release-package-schema.json');

/** RFC 3339 date-time (ajv-formats is not installed). */
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

/** An absolute URI: a scheme, then something a URL parser accepts. */
const isUri = (s: string) => {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
};

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  // The schemas carry OCDS's own keywords (codelist, mergeStrategy, deprecated ...): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
  });
  ajv.addFormat('uri', { type: 'string', validate: isUri });
  // Registered under its "id", the URL the package schema's $ref names.
  ajv.addSchema(releaseSchema);
  validate = ajv.compile(packageSchema);
  return validate;
}

const codelists = new Map<string, Set<string>>();

/** The Code column of a codelist CSV. */
export function codelist(file: string): Set<string> {
  let codes = codelists.get(file);
  if (!codes) {
    const rows = parse(readFileSync(path.join(OCDS_DIR, 'codelists', file)), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    if (!rows.length || !('Code' in rows[0])) throw new Error(`${file} has no Code column`);
    codes = new Set(rows.map((r) => r.Code));
    codelists.set(file, codes);
  }
  return codes;
}

export interface CodeUse {
  path: string;
  codelist: string;
  value: unknown;
}

function resolve(schema: Schema): Schema {
  let node = schema;
  for (let i = 0; node.$ref && i < 20; i++) {
    const ref = String(node.$ref);
    if (!ref.startsWith('#/')) throw new Error(`unexpected $ref ${ref}`);
    node = ref
      .slice(2)
      .split('/')
      .reduce((n: Schema, key) => n[key], releaseSchema);
  }
  return node;
}

/** Every value of `data` the schema gives a codelist (open or closed), with its path. */
function codeUses(schema: Schema, data: unknown, at: string, out: CodeUse[]): CodeUse[] {
  const s = resolve(schema);
  if (data === null || data === undefined) return out;
  if (s.codelist) {
    for (const value of Array.isArray(data) ? data : [data]) out.push({ path: at, codelist: s.codelist, value });
  }
  if (Array.isArray(data)) {
    if (s.items) data.forEach((item, i) => codeUses(s.items, item, `${at}[${i}]`, out));
  } else if (typeof data === 'object' && s.properties) {
    for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
      if (s.properties[key]) codeUses(s.properties[key], value, `${at}.${key}`, out);
    }
  }
  return out;
}

/** The lots extension's Lot, as far as codelists go (its value is an OCDS Value). */
const LOTS: Schema = { type: 'array', items: { properties: { value: { $ref: '#/definitions/Value' } } } };

export interface OcdsReport {
  /** Schema errors and codelist violations, in words; empty when the package is valid. */
  problems: string[];
  /** Every codelist value checked. */
  codes: CodeUse[];
}

/**
 * Codes the export adds to an open codelist, each with its reason. partyRole is open: 'leadBuyer'
 * marks the lead authority of a joint procurement, as OCDS for eForms maps eForms' group-lead
 * indicator. Every other value must be in the standard's own codelist.
 */
const OPEN_ADDITIONS: Record<string, string[]> = { 'partyRole.csv': ['leadBuyer'] };

export function checkOcds(pkg: unknown): OcdsReport {
  const problems: string[] = [];
  const v = validator();
  if (!v(pkg)) {
    for (const e of v.errors ?? [])
      problems.push(`schema: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
  const codes: CodeUse[] = [];
  const releases = (pkg as { releases?: unknown[] })?.releases;
  (Array.isArray(releases) ? releases : []).forEach((release, i) => {
    codeUses(releaseSchema, release, `releases[${i}]`, codes);
    const lots = (release as { tender?: { lots?: unknown } })?.tender?.lots;
    codeUses(LOTS, lots, `releases[${i}].tender.lots`, codes);
  });
  for (const c of codes) {
    if (typeof c.value === 'string' && OPEN_ADDITIONS[c.codelist]?.includes(c.value)) continue;
    if (typeof c.value !== 'string' || !codelist(c.codelist).has(c.value)) {
      problems.push(`codelist: ${c.path} = ${JSON.stringify(c.value)} is not in ${c.codelist}`);
    }
  }
  return { problems, codes };
}

/** Throws with every problem unless the package validates; returns the codelist values it checked. */
export function assertValidOcds(pkg: unknown): CodeUse[] {
  const { problems, codes } = checkOcds(pkg);
  if (problems.length) throw new Error(`invalid OCDS release package:\n${problems.join('\n')}`);
  return codes;
}
