import type { TadaDocumentNode } from 'gql.tada';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { queryText } from './graphql.js';

export interface Collected<T = any> {
  /** The value of the root field of each result that carried data. */
  items: T[];
  /** Every result as sent (data and errors). */
  results: { data?: unknown; errors?: readonly unknown[] }[];
  /** Errors the server sent (`error` message, or errors in a `next` result). */
  errors: any[];
  /** The errors that ended the stream (an `error` message), without those inside results. */
  fatal: any[];
  completed: boolean;
  /** Resolves when `check` holds for what has arrived; rejects if the stream ends first. */
  until(check: (c: Collected<T>) => boolean): Promise<void>;
  stop(): void;
}

/** A graphql-ws client as a browser would use it (no automatic retries: tests reconnect explicitly). */
export function wsClient(url: string, token: string, onClosed?: (code: number) => void): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    // Closures reach the subscriptions' error sinks; the default would also print them.
    onNonLazyError: () => undefined,
    on: { closed: (e) => onClosed?.((e as { code: number }).code) },
  });
}

/** The value of a subscription's (one) root field. */
type RootOf<R> = R extends Record<string, infer T> ? T : any;

/** Subscribes and collects what arrives; waiting is event-driven, never a sleep. */
export function collect<R, V>(
  client: Client,
  query: TadaDocumentNode<R, V>,
  variables?: Record<string, unknown>,
): Collected<RootOf<R>>;
export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Collected<T>;
export function collect(
  client: Client,
  query: TadaDocumentNode<unknown, unknown> | string,
  variables: Record<string, unknown> = {},
): Collected {
  const waiters: { check: (c: Collected) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const c: Collected = {
    items: [],
    results: [],
    errors: [],
    fatal: [],
    completed: false,
    until(check) {
      if (check(c)) return Promise.resolve();
      if (c.completed) return Promise.reject(new Error(`stream ended: ${JSON.stringify(c.errors)}`));
      return new Promise((resolve, reject) => waiters.push({ check, resolve, reject }));
    },
    stop: () => unsubscribe(),
  };
  const wake = () => {
    for (const w of [...waiters]) {
      if (w.check(c)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      } else if (c.completed) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(new Error(`stream ended before the expected items: ${JSON.stringify(c.errors)}`));
      }
    }
  };
  const unsubscribe = client.subscribe<any>(
    { query: queryText(query), variables },
    {
      next: (r) => {
        c.results.push(r);
        if (r.errors) c.errors.push(...r.errors);
        if (r.data) c.items.push(Object.values(r.data)[0]);
        wake();
      },
      error: (e) => {
        c.errors.push(...(Array.isArray(e) ? e : [e]));
        c.fatal.push(...(Array.isArray(e) ? e : [e]));
        c.completed = true;
        wake();
      },
      complete: () => {
        c.completed = true;
        wake();
      },
    },
  );
  return c;
}
