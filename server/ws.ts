import type http from 'node:http';
import { parse as parseCookies } from 'cookie';
import {
  execute,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Metrics } from './metrics.js';
import { SharedSubscriptions } from './subscriptions.js';
import { PreSerialized, replacer, ServerSocket } from './ws-frames.js';
import { formatError } from './app-errors.js';
import { SESSION_COOKIE } from './auth/session.service.js';
import { complexityError, MAX_TOKENS } from './common/complexity.js';
import { requestTextError } from './common/text-check.js';
import type { Config } from './config.js';
import { buildContext } from './context.js';
import { ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import type { Services } from './services.js';
import { clientAddress, type TrustFn } from './common/client-address.js';
import { revokedSessionIds } from './auth/session.service.js';
import { runAt } from './common/timers.js';

export interface WsOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  validationRules: ValidationRule[];
  config: Config;
  trust: TrustFn;
  metrics?: Metrics;
}

/** Valid documents by their text: thousands of subscribers send the same one (parsed and validated once). */
const DOCUMENTS_KEPT = 500;
/** Checked (operation, variables) pairs kept per document, and the longest such key kept. */
const VERDICTS_KEPT = 1000;
const VERDICT_KEY_MAX = 1000;

/** Close code for a socket whose session ended (sign-out, suspension, password change, expiry). */
export const SESSION_ENDED = 4403;

/**
 * Which browser pages may open a socket with the session cookie: Samverka's own origin and
 * ALLOWED_ORIGINS. Without PUBLIC_URL the default http://localhost:<port> is also reached as
 * 127.0.0.1 or [::1]. A request without Origin is not from a browser page (no ambient cookie to abuse).
 */
function originAllowed(origin: string | undefined, o: WsOptions): boolean {
  if (!origin) return true;
  if (origin === o.services.urls.origin || o.config.allowedOrigins.includes(origin)) return true;
  if (!o.config.publicUrl) {
    try {
      const url = new URL(origin);
      const port = new URL(o.services.urls.origin).port;
      return (
        url.protocol === 'http:' && url.port === port && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
      );
    } catch {
      return false;
    }
  }
  return false;
}

/** Close code for a user over the connection limit (4000-4999 are the application's). */
export const TOO_MANY_CONNECTIONS = 4429;

type Extra = {
  token?: string;
  userId?: string;
  sessionId?: string;
  /** Cancels the close at the session's expiry. */
  cancelExpiry?: () => void;
} & Record<PropertyKey, unknown>;

/** `connection_init` payload: `{ authorization: "Bearer <token>" }` or `{ token }`; else the session cookie. */
function tokenOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage): string | undefined {
  const auth = params?.authorization ?? params?.Authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  if (typeof params?.token === 'string') return params.token;
  const cookie = request.headers.cookie;
  return cookie ? parseCookies(cookie)[SESSION_COOKIE] : undefined;
}

/**
 * GraphQL over WebSocket (graphql-ws) on the HTTP server's /graphql path. Sockets authenticate in
 * `connection_init` with the same session code as HTTP; without a valid session the server closes
 * the socket with 4403 Forbidden, and without `connection_init` in time with 4408. Operations pass
 * the same validation rules and complexity bound as over HTTP. Limits: frame size, subscriptions
 * per connection, connections per user (per instance), and keepalive pings that drop dead peers.
 */
export function startWebSocketServer(o: WsOptions): { stop(): Promise<void> } {
  const limits = o.config.ws;
  const wss = new WebSocketServer({
    server: o.httpServer,
    path: '/graphql',
    maxPayload: 256 * 1024,
    // Sends a result serialised once for many sockets as it is, and judges silence patiently (ws-frames.ts).
    WebSocket: ServerSocket,
    // Cross-site WebSocket hijacking: a page elsewhere must not open a socket with our cookie.
    verifyClient: (info: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void) =>
      originAllowed(info.origin, o) ? done(true) : done(false, 403, 'Origin not allowed'),
  });
  // Before graphql-ws takes the socket: it notes what the peer sends, for graphql-ws's timeouts.
  wss.on('connection', (socket) => (socket as ServerSocket).watch());
  const connectionsByUser = new Map<string, number>();
  // Open sockets by session, so a session that ends (on any instance) closes its sockets here.
  const socketsBySession = new Map<string, Set<WebSocket>>();
  // Sessions ended in the last minute: a socket whose session check was still reading the database
  // when the session ended would otherwise miss the event and stay open.
  const recentlyEnded = new Map<string, number>();
  const endSession = (sessionId: string) => {
    for (const socket of socketsBySession.get(sessionId) ?? []) socket.close(SESSION_ENDED, 'Session ended');
    socketsBySession.delete(sessionId);
    const now = Date.now();
    recentlyEnded.set(sessionId, now);
    // In insertion order, so oldest first: stop at the first one still recent.
    for (const [sid, at] of recentlyEnded) {
      if (at >= now - 60_000) break;
      recentlyEnded.delete(sid);
    }
  };
  const stopWatchingSessions = o.services.bus.onEvent((e) => {
    if (e.type === 'session.revoked') for (const sid of revokedSessionIds(e.payload)) endSession(sid);
  });
  // Both checks walk the whole document; the answer depends on nothing but the document (one
  // object per distinct text, see documentOf), the operation and the variables, and thousands of
  // sockets reconnecting at once send the same ones (5% of the CPU of connecting them, measured).
  const verdicts = new WeakMap<DocumentNode, Map<string, GraphQLError | null>>();
  const tooComplex = (args: Parameters<typeof execute>[0]): GraphQLError | null => {
    let known = verdicts.get(args.document);
    if (!known) verdicts.set(args.document, (known = new Map()));
    const key = JSON.stringify([args.operationName ?? null, args.variableValues ?? null]);
    let verdict = known.get(key);
    if (verdict === undefined) {
      verdict =
        requestTextError(args.document, args.variableValues) ??
        complexityError(args.schema, args.document, args.variableValues, args.operationName);
      // Long variables (a message body sent over the socket) are checked each time, not kept.
      if (key.length <= VERDICT_KEY_MAX) {
        if (known.size >= VERDICTS_KEPT) known.delete(known.keys().next().value!);
        known.set(key, verdict);
      }
    }
    return verdict;
  };
  const shared = new SharedSubscriptions(o.metrics?.events);
  const documents = new Map<string, DocumentNode>();
  /** The parsed document, if it is valid (the same token limit and rules as over HTTP); else its errors. */
  const documentOf = (query: string): DocumentNode | readonly GraphQLError[] => {
    const known = documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_TOKENS });
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      return [new GraphQLError(err.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const errors = validate(o.schema, document, [...specifiedRules, ...o.validationRules]);
    if (errors.length) return errors;
    if (documents.size >= DOCUMENTS_KEPT) documents.delete(documents.keys().next().value!);
    documents.set(query, document);
    return document;
  };

  const server = useServer<
    Record<string, unknown> | undefined,
    { socket: WebSocket; request: http.IncomingMessage } & Extra
  >(
    {
      schema: o.schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const token = tokenOf(ctx.connectionParams, ctx.extra.request);
        const session = await o.services.sessions.resolve(token);
        if (!session || recentlyEnded.has(session.sessionId)) return false;
        const userId = session.user.id;
        const open = connectionsByUser.get(userId) ?? 0;
        if (open >= limits.maxConnectionsPerUser) {
          ctx.extra.socket.close(TOO_MANY_CONNECTIONS, 'Too many connections for this user');
          return false;
        }
        connectionsByUser.set(userId, open + 1);
        ctx.extra.token = token;
        ctx.extra.userId = userId;
        ctx.extra.sessionId = session.sessionId;
        let sockets = socketsBySession.get(session.sessionId);
        if (!sockets) socketsBySession.set(session.sessionId, (sockets = new Set()));
        sockets.add(ctx.extra.socket);
        const socket = ctx.extra.socket;
        ctx.extra.cancelExpiry = runAt(session.expiresAt, () => socket.close(SESSION_ENDED, 'Session expired'));
        return true;
      },
      onClose: (ctx) => {
        ctx.extra.cancelExpiry?.();
        const sid = ctx.extra.sessionId;
        if (sid) {
          const sockets = socketsBySession.get(sid);
          sockets?.delete(ctx.extra.socket);
          if (sockets?.size === 0) socketsBySession.delete(sid);
        }
        const userId = ctx.extra.userId;
        if (!userId) return;
        const open = (connectionsByUser.get(userId) ?? 1) - 1;
        if (open > 0) connectionsByUser.set(userId, open);
        else connectionsByUser.delete(userId);
      },
      onSubscribe: (ctx, _id, payload) => {
        // graphql-ws lists the operation being started too, and drops one the moment the client completes it.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptionsPerConnection) {
          return [
            new GraphQLError(
              `At most ${limits.maxSubscriptionsPerConnection} operations may run at once on one connection.`,
              { extensions: { code: ErrorCode.RATE_LIMITED } },
            ),
          ];
        }
        // Parsed and validated here (once per distinct document), so graphql-ws does neither again.
        const document = documentOf(payload.query);
        if (!('kind' in document)) return [...document];
        const args: ExecutionArgs = {
          schema: o.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
        return args;
      },
      context: (ctx, id) => {
        return buildContext({
          services: o.services,
          token: ctx.extra.token,
          log: o.log.child({ reqId: id, transport: 'ws' }),
          requestId: id,
          ip: clientAddress(ctx.extra.request, o.trust),
        });
      },
      execute: (args) => {
        const error = tooComplex(args);
        return error ? { errors: [error] } : execute(args);
      },
      subscribe: (args) => {
        const error = tooComplex(args);
        return error ? { errors: [error] } : shared.subscribe(args);
      },
      // A result executed once for many subscribers is serialised once, too (it has no errors).
      jsonMessageReplacer: replacer,
      onNext: (_ctx, _id, _payload, _args, result) =>
        shared.isShared(result)
          ? (PreSerialized.of(result) as never)
          : result.errors
            ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
            : result,
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)) as never,
    },
    wss,
    // graphql-ws's own keep-alive: a ping every interval, and a peer that does not answer within the
    // next is gone (a dead TCP peer would otherwise hold its subscriptions and connection quota).
    limits.keepaliveMs,
  );

  return {
    async stop() {
      stopWatchingSessions();
      await server.dispose();
    },
  };
}
