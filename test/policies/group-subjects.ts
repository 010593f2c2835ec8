import { expect, it } from 'vitest';
import type { Actor } from '../../server/auth/actor.js';
import { Missing, type Policy } from '../../server/auth/policy.js';
import { BuyerGroup, GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { outcome } from './actors.js';

/** The groups and memberships the group, membership and need policy tables are walked with. */
export const group = (status: GroupStatus, visibility = GroupVisibility.UNLISTED) =>
  Object.assign(new BuyerGroup(), { id: 'g', status, visibility });

export const row = (role: MembershipRole, over: Partial<Membership> = {}) =>
  Object.assign(new Membership(), { role, status: MembershipStatus.ACTIVE, guest: false }, over);

/** The actor's organisation's place in the group (a guest's is their stand-in row). */
export const PLACES = {
  outsider: null,
  left: row(MembershipRole.MEMBER, { status: MembershipStatus.LEFT }),
  invited: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
  requested: row(MembershipRole.MEMBER, { status: MembershipStatus.REQUESTED }),
  observer: row(MembershipRole.OBSERVER),
  guest: row(MembershipRole.MEMBER, { guest: true }),
  member: row(MembershipRole.MEMBER),
  coordinator: row(MembershipRole.COORDINATOR),
} as const;
export type Place = keyof typeof PLACES;

export const F = (missing: string) => `forbidden: ${missing}`;
export const S = (missing: string) => `state: ${missing}`;
export const ARCHIVED = S(Missing.GROUP_ACTIVE);

/** A row of a table: `ok` for the `allowed`, `refusal` for every other of `all`. */
export const only = <R extends string>(all: readonly R[], allowed: R[], refusal: string): Record<R, string> =>
  Object.fromEntries(all.map((r) => [r, allowed.includes(r) ? 'ok' : refusal])) as Record<R, string>;

/**
 * Walks a policy's table: one test per action that checks every role's answer in an active group
 * and in an archived one, where each change the role rule let through is refused as ARCHIVED
 * (who is asked first, so only those who may act hear that the group is archived). The actions in
 * `openWhenArchived` (reads, reactivation) answer the same in both.
 */
export function walkTable<A extends string, S, R extends string>(o: {
  policy: Policy<A, S>;
  actor: Actor;
  table: Record<A, Record<R, string>>;
  subject: (role: R, groupStatus: GroupStatus) => S;
  openWhenArchived: A[];
}): void {
  it('covers every action of the policy', () => {
    expect(Object.keys(o.table).sort()).toEqual(Object.keys(o.policy.rules).sort());
  });
  for (const [action, byRole] of Object.entries(o.table) as [A, Record<R, string>][]) {
    it(`${action}: per role, in an active and an archived group`, () => {
      for (const [role, expected] of Object.entries(byRole) as [R, string][]) {
        const active = o.policy.check(o.actor, action, o.subject(role, GroupStatus.ACTIVE));
        expect([role, outcome(active)]).toEqual([role, expected]);
        const closed = o.policy.check(o.actor, action, o.subject(role, GroupStatus.ARCHIVED));
        const archived = expected === 'ok' && !o.openWhenArchived.includes(action) ? ARCHIVED : expected;
        expect([role, outcome(closed)]).toEqual([role, archived]);
      }
    });
  }
}
