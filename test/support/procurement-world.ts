import type { GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { MembershipRole } from '../../server/modules/groups/membership.entity.js';
import type { Organisation, OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './factories.js';
import type { InputOf, ResultOf } from './graphql.js';
import {
  ADVANCE,
  CREATE_DOC,
  CREATE_P,
  GET_P,
  PARTICIPANT,
  PROC,
  SET_MILESTONE,
  SET_VALUE,
  SIGN,
  THRESHOLDS,
} from './operations.js';
import { day, hex, rows } from './helpers.js';
import { s, useServer, type TestServer } from './server.js';
import { procurementInput, world as buildWorld, type ProcurementInput, type World as BaseWorld } from './world.js';

/**
 * What the procurement test files (procurements, procurement-values, procurement-mandates,
 * procurement-phases) share: a server with an outsider and a supplier, their world, and helpers that
 * read the full procurement view (PROC in test/support/operations.ts).
 */

// ---- types ----

export type Proc = ResultOf<typeof PROC>;
export type Participant = ResultOf<typeof PARTICIPANT>;

// ---- the server and who is refused ----

/** An authority in no group. Read-only: it only ever gets refused. */
export let outsider: TestUser;
/** A supplier's user. Read-only. */
export let supplier: TestUser;

/** Starts the file's server, with an outsider and a supplier, before its tests; closes it after. */
export function useProcurementServer() {
  useServer({}, async (s) => {
    outsider = await s.factories.user();
    supplier = await s.factories.supplier();
  });
}

// ---- the world ----

export type World = BaseWorld<'a' | 'b' | 'c' | 'observer'>;

/**
 * A fresh group of its own for one test: a coordinator, members a, b, c and an observer; two shared
 * needs (the first with two CPV codes, the second with none); with `interests` (the default), a
 * states NOK 100000.50 for need 1, b states EUR 2000 for need 1 and NOK 300 for need 2.
 */
export const world = (
  o: {
    interests?: boolean;
    server?: TestServer;
    visibility?: GroupVisibility;
    coordOrg?: Partial<Organisation>;
    memberKind?: OrganisationKind;
  } = {},
): Promise<World> =>
  buildWorld(o.server ?? s, {
    coordOrg: o.coordOrg,
    visibility: o.visibility,
    members: {
      a: o.memberKind ? { organisation: { kind: o.memberKind } } : {},
      b: {},
      c: {},
      observer: { role: MembershipRole.OBSERVER },
    },
    needs: [
      { title: 'Behov 1', problem: 'Elever trenger skyss.', cpvCodes: ['34121000-1', '48000000'] },
      { title: 'Behov 2', problem: 'Elever trenger skyss.', cpvCodes: [] },
    ],
    interests:
      o.interests === false
        ? {}
        : {
            a: [['100000.50', 'NOK']],
            b: [
              ['2000', 'EUR'],
              ['300', 'NOK'],
            ],
          },
  });

// ---- helpers ----

/** A participant's mandate before it is signed: requested, nothing decided. */
export const REQUESTED_MANDATE = {
  status: 'REQUESTED',
  decisionReference: null,
  decisionDate: null,
  signedAt: null,
  withdrawnAt: null,
  withdrawalReason: null,
  signedBy: null,
  lots: [],
  document: null,
};

export const procurementRows = (server: TestServer = s) => rows(server, 'procurement');

export const createInput = (w: World, overrides: Partial<ProcurementInput> = {}) =>
  procurementInput(w, {
    title: `Felles anskaffelse ${hex()}`,
    description: 'Skoleskyss for alle kommunene.',
    ...overrides,
  });

/** The coordinator brokers a procurement, read back with every field. */
export async function create(w: World, overrides: Partial<ProcurementInput> = {}): Promise<Proc> {
  return (await w.coord.client.ok(CREATE_P, { input: createInput(w, overrides) })).createJointProcurement;
}

export async function read(u: TestUser, id: string): Promise<Proc> {
  return (await u.client.ok(GET_P, { id })).jointProcurement;
}

export async function thresholds(u: TestUser, id: string) {
  return (await u.client.ok(THRESHOLDS, { id })).jointProcurement.thresholdAssessment;
}

/** `u`'s organisation's place in the procurement. */
export const participant = (p: Proc, u: TestUser) =>
  p.participants.find((x) => x.organisation.id === u.organisation.id);

export const setValue = (by: TestUser, lotId: string, amount: string, currency = 'NOK', organisationId?: string) =>
  by.client.ok(SET_VALUE, {
    input: {
      lotId,
      amount,
      currency: currency as InputOf<typeof SET_VALUE>['currency'],
      ...(organisationId ? { organisationId } : {}),
    },
  });

export const sign = (by: TestUser, procurementId: string, extra: Partial<InputOf<typeof SIGN>> = {}) =>
  by.client.ok(SIGN, { input: { procurementId, decisionReference: 'Sak 2026/42', decisionDate: day(-3), ...extra } });

export const advance = (by: TestUser, procurementId: string, from: InputOf<typeof ADVANCE>['from']) =>
  by.client.ok(ADVANCE, { input: { procurementId, from } });

export const setMilestone = (
  by: TestUser,
  procurementId: string,
  kind: InputOf<typeof SET_MILESTONE>['kind'],
  dueAt: string,
  title?: string,
) => by.client.ok(SET_MILESTONE, { input: { procurementId, kind, dueAt, ...(title ? { title } : {}) } });

export async function createDoc(
  by: TestUser,
  input: Omit<InputOf<typeof CREATE_DOC>, 'title' | 'kind' | 'language'> & Partial<InputOf<typeof CREATE_DOC>>,
) {
  return (
    await by.client.ok(CREATE_DOC, { input: { title: `Dokument ${hex()}`, kind: 'OTHER', language: 'nb', ...input } })
  ).createDocument;
}

/** Sorted by currency, for comparing sums. */
export const byCurrency = <T extends { currency: string }>(sums: readonly T[]) =>
  [...sums].sort((x, y) => x.currency.localeCompare(y.currency));
