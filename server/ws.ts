import type http from 'node:http';
import { parse as parseCookies } from 'cookie';
import { execute, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { formatError } from './app-errors.js';
import { SESSION_COOKIE } from './auth/session.service.js';
import { complexityError } from './common/complexity.js';
import { buildContext } from './context.js';
import type { Logger } from './logger.js';
import type { Services } from './services.js';

export interface WsOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  validationRules: ValidationRule[];
  trustProxy: boolean;
}

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
 * the socket with 4403 Forbidden. Operations pass the same validation rules as over HTTP.
 */
export function startWebSocketServer(o: WsOptions): { stop(): Promise<void> } {
  const wss = new WebSocketServer({ server: o.httpServer, path: '/graphql', maxPayload: 256 * 1024 });
  const server = useServer<Record<string, unknown> | undefined, { token?: string }>(
    {
      schema: o.schema,
      validate: (schema, document) => validate(schema, document, [...specifiedRules, ...o.validationRules]),
      execute: (args) => {
        const error = complexityError(args.schema, args.document, args.variableValues, args.operationName);
        return error ? { errors: [error] } : execute(args);
      },
      onConnect: async (ctx) => {
        const token = tokenOf(ctx.connectionParams, ctx.extra.request);
        if (!(await o.services.sessions.resolve(token))) return false;
        ctx.extra.token = token;
        return true;
      },
      context: (ctx, id) => {
        const request = ctx.extra.request;
        const forwarded = o.trustProxy
          ? String(request.headers['x-forwarded-for'] ?? '')
              .split(',')[0]
              .trim()
          : '';
        return buildContext({
          services: o.services,
          token: ctx.extra.token,
          log: o.log.child({ reqId: id, transport: 'ws' }),
          requestId: id,
          ip: forwarded || request.socket.remoteAddress || 'unknown',
        });
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result,
    },
    wss,
  );
  return {
    async stop() {
      await server.dispose();
    },
  };
}
