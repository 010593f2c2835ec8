import type { Actor } from '../../server/auth/actor.js';
import type { Verdict } from '../../server/auth/policy.js';
import { Organisation, OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { User } from '../../server/modules/users/user.entity.js';

/**
 * Plain actors and rows for the policy tables: a policy is a pure function of the actor and the
 * rows it is shown, so its tests need no database. Each policy test walks its whole table.
 */
export function actor(kind: OrganisationKind = OrganisationKind.MUNICIPALITY, over: Partial<User> = {}): Actor {
  const organisation = Object.assign(new Organisation(), { id: `org-${kind}`, name: kind, kind });
  const user = Object.assign(new User(), { id: `user-${kind}`, organisationId: organisation.id, isAdmin: false }, over);
  return { user, organisation, sessionId: 'session', scope: { membership: async () => null, forget: () => undefined } };
}

/** A verdict as one short word for a table: `ok`, or the refusal's kind and missing key. */
export const outcome = (v: Verdict): string => (v.ok ? 'ok' : `${v.kind}: ${v.missing}`);
