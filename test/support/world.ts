import type { GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { MembershipRole } from '../../server/modules/groups/membership.entity.js';
import type { Organisation } from '../../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './factories.js';
import type { ResultOf, VariablesOf } from './graphql.js';
import { hex, inDays } from './helpers.js';
import { CREATE_NEED, CREATE_PROCUREMENT, PUBLISH_NOTICE, REGISTER, SET_INTEREST } from './operations.js';
import type { TestServer } from './server.js';

/**
 * The one world builder and the factories of the buyers' aggregates (need, interest, procurement,
 * market dialogue), made through the API as the people would make them. Organisations, users and
 * memberships are factory rows (`s.factories`, including `supplier()`).
 */

export type Need = ResultOf<typeof CREATE_NEED>['createSharedNeed'];
export type NeedInput = VariablesOf<typeof CREATE_NEED>['input'];
export type InterestInput = VariablesOf<typeof SET_INTEREST>['input'];
export type Procurement = ResultOf<typeof CREATE_PROCUREMENT>['createJointProcurement'];
export type ProcurementInput = VariablesOf<typeof CREATE_PROCUREMENT>['input'];
export type Currency = InterestInput['currency'] & string;

export interface NeedSpec {
  title: string;
  problem: string;
  cpvCodes: readonly string[];
}

/** Two shared needs (the first with two CPV codes) of a group of municipalities sharing school transport. */
export const NEEDS: readonly NeedSpec[] = [
  {
    title: 'Skoleskyss',
    problem: 'Elever i spredtbygde strøk trenger trygg skyss.',
    cpvCodes: ['60130000', '34121000'],
  },
  { title: 'Sanntid for foreldre', problem: 'Foreldre vet ikke når skyssen kommer.', cpvCodes: ['48000000'] },
];

/** An annual value, in NOK or in the currency named. */
export type Stated = string | readonly [amount: string, currency: Currency];

/** What members a and b state for each of NEEDS by default, in NOK. */
export const STATED = { a: ['1000.50', '500'], b: ['2000', '700.25'] } as const;

export interface MemberSpec {
  role?: MembershipRole;
  /** Overrides for the member's organisation (e.g. its kind). */
  organisation?: Partial<Organisation>;
}

export interface WorldOptions<M extends string> {
  coordOrg?: Partial<Organisation>;
  coordName?: string;
  visibility?: GroupVisibility;
  /** The other authorities of the group by name, each with a user; default a and b, active members. */
  members?: Record<M, MemberSpec>;
  /** Default NEEDS. */
  needs?: readonly NeedSpec[];
  /**
   * What each authority states per need (by index; null states nothing). Default STATED for those
   * of a and b that exist; `{}` states nothing.
   */
  interests?: Partial<Record<NoInfer<M> | 'coord', readonly (Stated | null)[]>>;
}

/** A buyer group of a world: what every world has, whatever its members are called. */
export interface Buyers {
  s: TestServer;
  groupId: string;
  /** A user of the coordinating authority. */
  coord: TestUser;
  needs: Need[];
}

/** A buyer group with a user of each member authority, by name. */
export type World<M extends string = 'a' | 'b'> = Buyers & Record<M, TestUser>;

/**
 * A fresh buyer group of its own for one test: a coordinator, the members asked for (default a and
 * b), shared needs (default NEEDS) and the interests the authorities state in them (default STATED).
 */
export async function world<M extends string = 'a' | 'b'>(s: TestServer, o: WorldOptions<M> = {}): Promise<World<M>> {
  const f = s.factories;
  const members = (o.members ?? { a: {}, b: {} }) as Record<M, MemberSpec>;
  const names = Object.keys(members) as M[];
  const coordOrg = await f.organisation(o.coordOrg ?? {});
  const [coord, ...users] = await Promise.all([
    f.user({ organisation: coordOrg, displayName: o.coordName }),
    ...names.map(async (name) =>
      f.user(members[name].organisation ? { organisation: await f.organisation(members[name].organisation) } : {}),
    ),
  ]);
  const byName = Object.fromEntries(names.map((name, i) => [name, users[i]])) as Record<M, TestUser>;
  const group = await f.group(
    coord.organisation,
    o.visibility ? { visibility: o.visibility } : {},
    names.map((name) => ({ organisation: byName[name].organisation, role: members[name].role })),
  );
  const needs: Need[] = [];
  for (const n of o.needs ?? NEEDS) {
    needs.push(
      await need(coord, group.id, { title: `${n.title} ${hex()}`, problem: n.problem, cpvCodes: [...n.cpvCodes] }),
    );
  }
  const interests: Partial<Record<string, readonly (Stated | null)[]>> =
    o.interests ?? Object.fromEntries(Object.entries(STATED).filter(([who]) => who in byName));
  for (const [who, stated] of Object.entries(interests)) {
    const user = who === 'coord' ? coord : byName[who as M];
    for (const [i, value] of (stated ?? []).entries()) {
      if (value === null) continue;
      const [annualValue, currency] = typeof value === 'string' ? [value, 'NOK' as const] : value;
      await interest(user, needs[i].id, { annualValue, currency });
    }
  }
  return { s, groupId: group.id, coord, needs, ...byName } as World<M>;
}

/** A shared need of the group, described by `by`. */
export async function need(by: TestUser, groupId: string, overrides: Partial<NeedInput> = {}): Promise<Need> {
  const input = { groupId, title: `Behov ${hex()}`, problem: 'Elever trenger skyss.', ...overrides };
  return (await by.client.ok(CREATE_NEED, { input })).createSharedNeed;
}

/** `by`'s organisation's interest in a need (replacing what it stated before). */
export async function interest(by: TestUser, needId: string, fields: Omit<InterestInput, 'needId'> = {}) {
  return (await by.client.ok(SET_INTEREST, { input: { needId, ...fields } })).setNeedInterest;
}

/** What the coordinator sends to broker a procurement from every need of the world, led by its own authority. */
export const procurementInput = (w: Buyers, overrides: Partial<ProcurementInput> = {}): ProcurementInput => ({
  groupId: w.groupId,
  needIds: w.needs.map((n) => n.id),
  title: `Felles skyss ${hex()}`,
  description: 'Skoleskyss og sanntidsinformasjon for kommunene i gruppen.',
  procedureType: 'NEG_W_CALL',
  contractType: 'SERVICES',
  leadOrganisationId: w.coord.organisation.id,
  ...overrides,
});

/** The coordinator brokers a joint procurement (from every need, lead: the coordinator's authority). */
export async function procurement(w: Buyers, overrides: Partial<ProcurementInput> = {}): Promise<Procurement> {
  return (await w.coord.client.ok(CREATE_PROCUREMENT, { input: procurementInput(w, overrides) }))
    .createJointProcurement;
}

export type NoticeInput = VariablesOf<typeof PUBLISH_NOTICE>['input'];

/** What the coordinator sends to publish a procurement's dialogue notice. */
export const noticeInput = (procurementId: string, overrides: Partial<NoticeInput> = {}): NoticeInput => ({
  procurementId,
  notice: 'Vi vil høre fra markedet om skoleskyss.',
  questionDeadline: inDays(14),
  ...overrides,
});

/**
 * A market dialogue: the coordinator publishes the procurement's notice, then each of `suppliers`
 * registers for it.
 */
export async function dialogue(
  w: Buyers,
  procurementId: string,
  o: { suppliers?: TestUser[]; notice?: Partial<NoticeInput> } = {},
): Promise<void> {
  await w.coord.client.ok(PUBLISH_NOTICE, { input: noticeInput(procurementId, o.notice) });
  for (const supplier of o.suppliers ?? []) await supplier.client.ok(REGISTER, { id: procurementId });
}
