import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { useSyncExternalStore } from 'react';
import { cacheExchange, Client, fetchExchange } from 'urql';

/** What the header shows about the live connection. */
export type LiveState = 'online' | 'reconnecting';

/** A tiny observable for the live connection state, read with useSyncExternalStore. */
export class LiveStatus {
  private state: LiveState = 'online';
  private listeners = new Set<() => void>();
  /** Streams that are open or waiting to reopen: a closed socket only matters while there are some. */
  active = 0;
  /** Whether the WebSocket is open and acknowledged right now. */
  connected = false;

  get = (): LiveState => this.state;
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  set(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of this.listeners) l();
  }
}

export interface Api {
  /** Changes with every session, so screens keyed by it start afresh on the new clients. */
  id: number;
  urql: Client;
  ws: WsClient;
  live: LiveStatus;
  dispose(): void;
}

let apiCount = 0;

/** graphql-ws close code for a socket whose session is missing or expired (server/ws.ts). */
export const WS_FORBIDDEN = 4403;
/** A WebSocket closed on purpose by its own side (RFC 6455). */
const NORMAL_CLOSURE = 1000;

/**
 * One HTTP client (urql, cookie session, document cache that refetches what a mutation touched)
 * and one WebSocket client per signed-in session. The WebSocket is same-origin, so the browser
 * sends the HttpOnly session cookie with the upgrade and the server authenticates it in
 * `connection_init` without the token ever reaching JavaScript.
 */
export function createApi(onSessionLost: () => void): Api {
  const live = new LiveStatus();
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = createWsClient({
    url: url.href,
    lazy: true,
    // Reconnecting is stream.ts's job: it resubscribes each stream with the last event id it saw,
    // which graphql-ws's own retry cannot do (it resends the original variables).
    retryAttempts: 0,
    on: {
      connected: () => {
        live.connected = true;
        live.set('online');
      },
      closed: (event) => {
        live.connected = false;
        const code = (event as { code?: number }).code;
        if (code === WS_FORBIDDEN) onSessionLost();
        // 1000 is this client closing an idle socket (graphql-ws's lazy close, when a page's last
        // stream stops): a stream the next page opens meanwhile gets a new socket, nothing was lost.
        // A stream cut off by a real drop says so itself (stream.ts).
        else if (live.active > 0 && code !== NORMAL_CLOSURE) live.set('reconnecting');
      },
    },
  });
  const urql = new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { credentials: 'same-origin' },
    // POST with a JSON body: Apollo's CSRF protection refuses simple GET requests.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
  return {
    id: ++apiCount,
    urql,
    ws,
    live,
    dispose: () => void ws.dispose(),
  };
}

export function useLiveState(live: LiveStatus): LiveState {
  return useSyncExternalStore(live.subscribe, live.get);
}
