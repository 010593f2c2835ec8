import { UnauthenticatedError } from '../errors.js';
import type { Membership } from '../modules/groups/membership.entity.js';
import type { Organisation } from '../modules/organisations/organisation.entity.js';
import type { User } from '../modules/users/user.entity.js';

/**
 * The person a service acts for: who they are, the organisation they speak for, and the session
 * (null for the seed and other system actors). Services take an Actor, never the GraphQL context,
 * so the same rules run for an HTTP request, a WebSocket operation, the seed and a test.
 */
export interface Actor {
  readonly user: User;
  readonly organisation: Organisation;
  readonly sessionId: string | null;
  /** Where the actor stands in each group: their organisation's membership, or a guest's stand-in row. */
  readonly scope: ActorScope;
}

/**
 * The actor's memberships, read on demand and batched (every group asked for in one tick is one
 * statement), kept for the actor's lifetime: one request, or one run of the seed.
 */
export interface ActorScope {
  /** The organisation's membership in the group, or a live guest grant's stand-in (`guest: true`), or null. */
  membership(groupId: string): Promise<Membership | null>;
  /** Drops what is known of a group after the actor's own change to its membership. */
  forget(groupId: string): void;
}

/** The signed-in actor, or UNAUTHENTICATED. */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}
