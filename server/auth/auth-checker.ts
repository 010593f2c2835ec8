import type { AuthCheckerFn } from 'type-graphql';
import type { Context } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import { platformAdmin } from '../modules/users/user.policy.js';
import { enforce } from './policy.js';

export const Role = { ADMIN: 'ADMIN' } as const;

/**
 * First tier of authorization: who may call at all. `@Authorized()` needs a signed-in viewer,
 * `@Authorized(Role.ADMIN)` a platform admin (the same rule user.policy applies in the services).
 * Row-level rules live in each module's policy.
 */
export const authChecker: AuthCheckerFn<Context> = ({ context }, roles) => {
  // Without a role, whether someone is signed in is all that matters: asked without reading who
  // (a shared subscription execution takes a read of `viewer` for a per-viewer answer).
  if (!roles.length) {
    if (!(context.signedIn ?? context.viewer !== null)) throw new UnauthenticatedError();
    return true;
  }
  if (!context.viewer) throw new UnauthenticatedError();
  if (roles.includes(Role.ADMIN)) enforce(platformAdmin(context.viewer));
  return true;
};

/** For services: the signed-in viewer, or UNAUTHENTICATED. */
export function requireViewer(ctx: Context) {
  if (!ctx.viewer) throw new UnauthenticatedError();
  return ctx.viewer;
}
