import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import type { TestUser } from './factories.js';
import { useServer, type TestServer } from './server.js';

/**
 * A test file's group with an authority in every place, shared read-only by the file's tests (the
 * needs, discussions and documents files): they add their own rows and never change who is in it.
 */

/** The group's coordinator. */
export let coord: TestUser;
/** Two users of one member organisation. */
export let member: TestUser;
export let member2: TestUser;
/** A user of a second member organisation. */
export let other: TestUser;
/** A third authority: a member only when the file asks for it (`fourth: true`). */
export let fourth: TestUser;
export let observer: TestUser;
/** An authority outside every group. */
export let outsider: TestUser;
/** An organisation invited to the group, not yet active. */
export let invited: TestUser;
/** An organisation that was a member and left (only when the file asks for it: `former: true`). */
export let former: TestUser;
/** The group's id. */
export let groupId: string;

export interface CastOptions {
  env?: Record<string, string>;
  /** Makes the group with `coord` as its coordinator; returns its id. */
  group(s: TestServer, coord: TestUser): Promise<string>;
  fourth?: boolean;
  former?: boolean;
  /** Runs once the group and its members are there. */
  then?(s: TestServer): Promise<void>;
}

/** Starts the file's server and makes the group and its authorities before the file's tests. */
export function useCast(o: CastOptions) {
  useServer(o.env, async (s) => {
    const f = s.factories;
    [coord, member, other, fourth, observer, outsider, invited, former] = await f.users(8);
    member2 = await f.user({ organisation: member.organisation });
    groupId = await o.group(s, coord);
    const group = { id: groupId } as never;
    type Place = [TestUser, MembershipRole, MembershipStatus];
    const places: Place[] = [
      [member, MembershipRole.MEMBER, MembershipStatus.ACTIVE],
      [other, MembershipRole.MEMBER, MembershipStatus.ACTIVE],
      ...(o.fourth ? [[fourth, MembershipRole.MEMBER, MembershipStatus.ACTIVE] satisfies Place] : []),
      [observer, MembershipRole.OBSERVER, MembershipStatus.ACTIVE],
      [invited, MembershipRole.MEMBER, MembershipStatus.INVITED],
      ...(o.former ? [[former, MembershipRole.MEMBER, MembershipStatus.LEFT] satisfies Place] : []),
    ];
    for (const [u, role, status] of places) await f.membership(group, u.organisation, role, status);
    await o.then?.(s);
  });
}
