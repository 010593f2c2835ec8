import type { ApolloServerPlugin } from '@apollo/server';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'operation' | 'type' | 'outcome'>;
  duration: Histogram<'operation' | 'type'>;
  events: EventMetrics;
}

/** What the event bus and the subscription fan-out do (server/events), for operators and tests. */
export interface EventMetrics {
  /**
   * Reads of the event log by the bus, by why: `gap` (an id known to exist, or possibly rolled back,
   * is missing), `wake` (a notification too large to carry its events, or a reconnected listener),
   * `poll` (the slow safety poll for a lost notification), `start`, `settle` (tests and tools).
   */
  logReads: Counter<'reason'>;
  /** Events delivered in order on this instance, by where they came from: `local` (committed here), `notification` (another instance's payload) or `log`. */
  delivered: Counter<'source'>;
  /** NOTIFY statements this instance sent to announce its events to the others (each carries all that committed since the last). */
  notices: Counter;
  /** Executions of a subscription's selection for one event: `shared` (once for a group of subscribers) or `single` (one subscriber). */
  executions: Counter<'mode'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    events: {
      logReads: new Counter({
        name: 'samverka_event_log_reads_total',
        help: 'Reads of the event log by the event bus, by reason (gap, wake, poll, start, settle).',
        labelNames: ['reason'],
        registers: [registry],
      }),
      delivered: new Counter({
        name: 'samverka_events_delivered_total',
        help: 'Events delivered in order on this instance, by source (local, notification, log).',
        labelNames: ['source'],
        registers: [registry],
      }),
      notices: new Counter({
        name: 'samverka_event_notices_total',
        help: 'NOTIFY statements sent to announce the events committed on this instance to the others.',
        registers: [registry],
      }),
      executions: new Counter({
        name: 'samverka_subscription_executions_total',
        help: "Executions of a subscription's selection for one event (shared by a group of subscribers, or single).",
        labelNames: ['mode'],
        registers: [registry],
      }),
    },
    requests: new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL requests by operation name, operation type and outcome.',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name and type.',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

// Operation names are chosen by clients; bound them so a client cannot explode label cardinality.
const labelFor = (name: string | null | undefined) =>
  name && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) ? name : name ? 'invalid_name' : 'anonymous';

export function metricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors }) {
          const labels = { operation: labelFor(operationName), type: operation?.operation ?? 'unknown' };
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.duration.observe(labels, seconds);
          metrics.requests.inc({ ...labels, outcome: errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
