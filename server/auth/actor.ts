import { UnauthenticatedError } from '../errors.js';
import type { Organisation } from '../modules/organisations/organisation.entity.js';
import type { User } from '../modules/users/user.entity.js';

/**
 * The person a service acts for: who they are, the organisation they speak for, and the session
 * (null for the seed and other system actors). Services take an Actor, never the GraphQL context,
 * so the same rules run for an HTTP request, a WebSocket operation, the seed and a test.
 * A guest's scope is not here: it is a membership row (`guest: true`) in the group concerned.
 */
export interface Actor {
  readonly user: User;
  readonly organisation: Organisation;
  readonly sessionId: string | null;
}

/** The signed-in actor, or UNAUTHENTICATED. */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw new UnauthenticatedError();
  return actor;
}

/** An actor outside any request (the demo seed, command-line tools): a real user, no session. */
export function systemActor(user: User, organisation: Organisation): Actor {
  return { user, organisation, sessionId: null };
}
