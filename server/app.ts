import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { formatError, isKnownError } from './app-errors.js';
import { ErrorCode } from './errors.js';
import { complexityError, MAX_TOKENS } from './common/complexity.js';
import { requestTextError } from './common/text-check.js';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { parse as parseCookies } from 'cookie';
import express, { type Request } from 'express';
import Negotiator from 'negotiator';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';
import { SESSION_COOKIE } from './auth/session.service.js';
import type { Config } from './config.js';
import { buildContext, type Context } from './context.js';
import type { Logger } from './logger.js';
import { createMetrics, metricsPlugin, type Metrics } from './metrics.js';
import { requestScope } from './request-scope.js';
import { getSchema } from './schema.js';
import { EventBus } from './events/bus.js';
import { NotificationProjector } from './modules/notifications/notification.projector.js';
import { NotificationScheduler } from './modules/notifications/notification.scheduler.js';
import { NotificationDigests } from './modules/notifications/notification.digest.js';
import { systemClock, type Clock } from './common/clock.js';
import { unsubscribeRoutes } from './modules/notifications/notification.unsubscribe.js';
import { DecisionCloser } from './modules/decisions/decision.service.js';
import { documentRoutes } from './modules/documents/document.http.js';
import { procurementRoutes } from './modules/procurements/procurement.http.js';
import { noticeRoutes } from './modules/notices/notice.http.js';
import { calendarRoutes } from './modules/calendars/calendar.http.js';
import { privacyRoutes } from './modules/privacy/privacy.http.js';
import { recordRoutes } from './modules/records/record.http.js';
import { createServices, type Services } from './services.js';
import { startWebSocketServer } from './ws.js';
import { trustFunction } from './common/client-address.js';
import { devOutboxRoutes } from './mail/mail.http.js';
import { ssoRoutes } from './modules/users/sso.http.js';
import { webClientRoutes } from './web-client.js';

export interface RunningApp {
  url: string;
  port: number;
  httpServer: http.Server;
  services: Services;
  /** This instance's Prometheus metrics (also served at /metrics). */
  metrics: Metrics;
  projector: NotificationProjector;
  /** Time-driven notices (deadlines near, overdue, standstill ended). */
  scheduler: NotificationScheduler;
  /** The daily digests. */
  digests: NotificationDigests;
  /** Stops taking requests and waits for those in flight. The database is the caller's to close. */
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  db: DataSource;
  log: Logger;
  sessionSecret: string;
  /** What the notification scheduler and the digests take for now (tests move it). */
  clock?: Clock;
}

/** Logs what formatError masks, with the request's id, so operators can find it. */
const errorLogPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const err of errors) {
          if (!isKnownError(err)) contextValue.log.error({ err: unwrapResolverError(err) ?? err }, 'unexpected error');
        }
      },
    };
  },
};

/** Refuses operations above the complexity bound before anything is resolved. */
const complexityPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, request }) {
        const error =
          requestTextError(document, request.variables) ??
          complexityError(schema, document, request.variables, request.operationName);
        if (error) throw error;
      },
    };
  },
};

/** Codes of errors that are the request's own fault, found before anything was executed. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The GraphQL-over-HTTP status of a request that failed before execution (parse, validation,
 * variable coercion, the token, depth and complexity limits): 400 when the client accepts
 * application/graphql-response+json, else 200 as the spec asks for application/json. Apollo would
 * answer 500 for an error thrown by a plugin (graphql-armor's parser, the complexity check);
 * a client's mistake is never a server error.
 */
const requestErrorStatusPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ request, response }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const errors = result.errors ?? [];
        if ('data' in result || !errors.length) return;
        if (!errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))) return;
        // The media type Apollo will answer with, chosen the same way (its content-type is set later).
        const accept = request.http?.headers.get('accept') ?? undefined;
        const preferred = new Negotiator({ headers: { accept } }).mediaType([
          'application/json',
          'application/graphql-response+json',
        ]);
        response.http.status = preferred === 'application/graphql-response+json' ? 400 : 200;
      },
    };
  },
};

/** Test diagnostics: reports the SQL statements a request ran in `extensions.sqlStatements`. */
const sqlCountPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const scope = requestScope.getStore();
        if (scope && response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: scope.sqlStatements,
          };
        }
      },
    };
  },
};

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  return req.headers.cookie ? parseCookies(req.headers.cookie)[SESSION_COOKIE] : undefined;
}

async function pendingMigrations(db: DataSource): Promise<string[]> {
  const applied = new Set(((await db.query('SELECT name FROM migrations')) as { name: string }[]).map((r) => r.name));
  return db.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
}

export async function startApp({
  config,
  db,
  log,
  sessionSecret,
  clock = systemClock,
}: AppOptions): Promise<RunningApp> {
  const schema = await getSchema();
  const metrics = createMetrics();
  const bus = new EventBus({
    db,
    url: (db.options as { url: string }).url,
    log,
    metrics: metrics.events,
    pollIntervalMs: config.eventPollMs,
    gapWaitMs: config.eventGapWaitMs,
    notifyGapMs: config.eventNotifyGapMs,
    enabled: config.liveDelivery,
  });
  await bus.start();
  const services = createServices(db, config, sessionSecret, bus, log);
  const projector = new NotificationProjector(
    db,
    bus,
    services.events,
    log,
    services.notificationWriter,
    services.outbox,
  );
  projector.start();
  const scheduler = new NotificationScheduler(
    services.events,
    clock,
    log,
    config.notifications,
    services.notificationWriter,
    () => services.outbox.wake(),
  );
  const digests = new NotificationDigests(
    db,
    clock,
    services.outbox,
    services.urls,
    services.unsubscribeLinks,
    log,
    config.notifications.intervalMs,
  );
  const decisionCloser = new DecisionCloser(services.decisions, log);
  decisionCloser.start();
  // A decision opened on any instance may close sooner than this one's next look.
  const stopWatchingDecisions = bus.onEvent((e) => {
    if (e.type === 'decision.opened') decisionCloser.wake();
  });
  const app = express();
  app.disable('x-powered-by');
  // One rule for HTTP and WebSocket (ws.ts): which X-Forwarded-For hops to believe.
  const trust = trustFunction(config.trustProxy);
  app.set('trust proxy', trust);
  const httpServer = http.createServer(app);

  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // graphql-armor checks tokens by parsing again in a plugin hook, and a throw there is an HTTP 500;
    // graphql-js's own parser counts them instead (parseOptions below), a syntax error like any other.
    maxTokens: { enabled: false },
    // Cost is bounded by complexity.ts instead, which also sees page sizes given as variables.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  }).protect();

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: false,
    // main.ts owns the shutdown order (HTTP, pool, PostgreSQL); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      complexityPlugin,
      requestErrorStatusPlugin,
      errorLogPlugin,
      metricsPlugin(metrics),
      ...(config.exposeSqlCount ? [sqlCountPlugin] : []),
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger: log,
      // Lines logged while handling a request carry just `reqId`; the completion line has the rest.
      quietReqLogger: true,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.-]{8,100}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    try {
      const pending = await pendingMigrations(db);
      if (pending.length) res.status(503).json({ status: 'migrations pending', pending });
      else res.json({ status: 'ready' });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  if (config.env !== 'production') app.use(devOutboxRoutes(db));
  app.use(ssoRoutes(services, sessionSecret, bearerToken));
  app.use(unsubscribeRoutes(services.unsubscribeLinks, services.notifications));
  app.use(documentRoutes(services, config, bearerToken));
  app.use(procurementRoutes(services, bearerToken));
  app.use(noticeRoutes(services, bearerToken));
  app.use(calendarRoutes(services, bearerToken));
  app.use(privacyRoutes(services, bearerToken));
  app.use(recordRoutes(services, bearerToken));

  app.use(
    '/graphql',
    // Large enough for the biggest document text (500,000 characters, escaped) in variables.
    express.json({ limit: '4mb' }),
    // Entered after the body is read, so everything that follows runs in this request's scope.
    (_req, _res, next) => requestScope.run({ sqlStatements: 0 }, next),
    expressMiddleware(apollo, {
      context: ({ req, res }) =>
        buildContext({
          services,
          token: bearerToken(req),
          log: req.log,
          requestId: String(req.id),
          ip: req.ip ?? 'unknown',
          http: { req, res },
        }).catch((err: unknown) => {
          // Apollo answers this request with a (masked) error; the log keeps the cause and request id.
          req.log.error({ err }, 'context creation failed');
          throw err;
        }),
    }),
  );

  // The web client (client/dist) at `/`, after the API so it never shadows it.
  app.use(webClientRoutes());

  // Bodies the JSON parser refuses (too large, malformed) get a GraphQL-shaped JSON error, not HTML.
  app.use(
    (
      err: { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (!err?.status || err.status >= 500) return next(err);
      const tooLarge = err.type === 'entity.too.large';
      res.status(err.status).json({
        errors: [
          {
            message: tooLarge ? 'The request body is too large.' : 'The request body is not valid JSON.',
            extensions: { code: ErrorCode.BAD_USER_INPUT, rule: tooLarge ? 'maxSize' : 'json' },
          },
        ],
      });
    },
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  services.urls.listening(port);
  services.outbox.start();
  scheduler.start();
  digests.start();
  const ws = startWebSocketServer({
    httpServer,
    schema,
    services,
    log,
    validationRules: armor.validationRules,
    config,
    trust,
    metrics,
  });
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    httpServer,
    services,
    metrics,
    projector,
    scheduler,
    digests,
    async stop() {
      // Sockets first (they are not HTTP requests the drain plugin waits for), then HTTP, then the bus.
      await ws.stop();
      await apollo.stop();
      projector.stop();
      await scheduler.stop();
      await digests.stop();
      await services.outbox.stop();
      stopWatchingDecisions();
      decisionCloser.stop();
      services.presence.stop();
      await bus.stop();
    },
  };
}
