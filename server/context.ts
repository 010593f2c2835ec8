import type { Request, Response } from 'express';
import type { Logger } from './logger.js';
import type { Services } from './services.js';
import { Loaders } from './loaders.js';
import { actorFor } from './modules/groups/membership.scope.js';
import { requireActor, type Actor } from './auth/actor.js';

/** The signed-in person of a request: the Actor the services act for. */
export type Viewer = Actor;

export interface Context {
  viewer: Viewer | null;
  services: Services;
  loaders: Loaders;
  log: Logger;
  requestId: string;
  /** Client address for throttling (honours X-Forwarded-For only with TRUST_PROXY). */
  ip: string;
  /** Present on HTTP requests; absent on WebSocket operations, which cannot set cookies. */
  http?: { req: Request; res: Response };
  /**
   * Whether there is a viewer, for checks that need no more (set only where reading `viewer`
   * itself means something: a shared subscription execution, see subscriptions.ts).
   */
  signedIn?: boolean;
}

/** The one context factory for HTTP and WebSocket: fresh DataLoaders per request. */
export async function buildContext(args: {
  services: Services;
  token: string | undefined;
  log: Logger;
  requestId: string;
  ip: string;
  http?: Context['http'];
}): Promise<Context> {
  const { services } = args;
  const session = await services.sessions.resolve(args.token);
  const loaders = new Loaders(services.db);
  const viewer: Viewer | null = session
    ? actorFor(services.db, session.user, session.organisation, session.sessionId)
    : null;
  return {
    viewer,
    services,
    loaders,
    log: args.log,
    requestId: args.requestId,
    ip: args.ip,
    http: args.http,
  };
}

/** The signed-in actor of a request for a service call, or UNAUTHENTICATED. */
export const actorOf = (ctx: Context): Actor => requireActor(ctx.viewer);
