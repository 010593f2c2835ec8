import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Collected<T = any> {
  items: T[];
  /** Errors the server sent (`error` message, or errors in a `next` result). */
  errors: any[];
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

/** Subscribes and collects what arrives; waiting is event-driven, never a sleep. */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}): Collected<T> {
  const waiters: { check: (c: Collected<T>) => boolean; resolve: () => void; reject: (e: Error) => void }[] = [];
  const c: Collected<T> = {
    items: [],
    errors: [],
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
    { query, variables },
    {
      next: (r) => {
        if (r.errors) c.errors.push(...r.errors);
        if (r.data) c.items.push(Object.values(r.data)[0] as T);
        wake();
      },
      error: (e) => {
        c.errors.push(...(Array.isArray(e) ? e : [e]));
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
