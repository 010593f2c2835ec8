import type { TadaDocumentNode } from 'gql.tada';
import { useEffect, useRef } from 'react';
import { stringifyDocument } from 'urql';
import type { Api } from './api';
import { useApi } from './session';

interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string };
}

export interface StreamHandlers<D> {
  onData(data: D): void;
  /** The server no longer has the events after our last id: refetch what is shown. */
  onResync?(): void;
  /** A refusal that retrying will not fix (FORBIDDEN, NOT_FOUND ...): the stream has stopped. */
  onError?(code: string, message: string): void;
}

const isGraphQLErrors = (e: unknown): e is GraphQLErrorLike[] =>
  Array.isArray(e) && e.every((x) => typeof x === 'object' && x !== null && 'message' in x);

/** 0.5 s, 1 s, 2 s ... up to 15 s, with jitter so that many tabs do not reconnect in step. */
const backoff = (attempt: number) => Math.min(15_000, 500 * 2 ** attempt) * (0.8 + Math.random() * 0.4);

/**
 * Opens a subscription that survives dropped connections. For resumable streams (an `after`
 * variable, events with an `id`) it resubscribes with the last id it delivered, so the server
 * replays exactly what was missed; RESYNC_REQUIRED (too old a point) calls onResync and starts
 * over without `after`. Returns a function that stops it.
 */
export function openStream<D, V extends Record<string, unknown>>(
  api: Api,
  document: TadaDocumentNode<D, V>,
  variables: V,
  handlers: StreamHandlers<D>,
  resumable: boolean,
): () => void {
  const query = stringifyDocument(document);
  let lastId: string | undefined;
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  api.live.active++;

  const fail = (errors: GraphQLErrorLike[]) => {
    const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'RESYNC_REQUIRED') {
      lastId = undefined;
      handlers.onResync?.();
      unsubscribe?.();
      start();
      return;
    }
    stop();
    handlers.onError?.(code, errors[0]?.message ?? code);
  };

  let reconnecting = false;

  const retry = () => {
    unsubscribe = undefined;
    if (stopped) return;
    reconnecting = true;
    api.live.set('reconnecting');
    retryTimer = setTimeout(start, backoff(attempt++));
  };

  function start() {
    if (stopped) return;
    const vars = resumable && lastId ? { ...variables, after: lastId } : variables;
    // Back after a drop with no event id to resume from: what happened meanwhile can only be
    // refetched. Subscribed first, then refetched, so nothing falls between the two.
    const refetchAfterSubscribing = reconnecting && resumable && !lastId;
    reconnecting = false;
    let ended = false;
    unsubscribe = api.ws.subscribe<D>(
      { query, variables: vars },
      {
        next: (result) => {
          attempt = 0;
          if (result.errors?.length) return fail(result.errors as GraphQLErrorLike[]);
          if (!result.data) return;
          if (resumable) {
            const event = Object.values(result.data as Record<string, { id?: string } | null>)[0];
            if (event?.id) lastId = event.id;
          }
          handlers.onData(result.data as D);
        },
        error: (err) => {
          ended = true;
          if (isGraphQLErrors(err)) fail(err);
          // A closed socket (CloseEvent) or a failed connection: try again.
          else retry();
        },
        complete: () => {
          // The server ends streams only with an error; a completion without one is a lost socket.
          if (!ended && !stopped) retry();
        },
      },
    );
    if (refetchAfterSubscribing) {
      // The subscribe message goes out as soon as the socket is up; refetch once it is.
      if (api.live.connected) handlers.onResync?.();
      else {
        const off = api.ws.on('connected', () => {
          off();
          if (!stopped) handlers.onResync?.();
        });
      }
    }
  }

  function stop() {
    if (stopped) return;
    stopped = true;
    api.live.active--;
    clearTimeout(retryTimer);
    unsubscribe?.();
  }

  start();
  return stop;
}

/**
 * A live stream for as long as the component is mounted and `variables` are not null. Handlers
 * may change on every render without reopening the stream.
 */
export function useStream<D, V extends Record<string, unknown>>(
  document: TadaDocumentNode<D, V>,
  variables: V | null,
  handlers: StreamHandlers<D>,
  { resumable = true }: { resumable?: boolean } = {},
): void {
  const api = useApi();
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  const key = variables ? JSON.stringify(variables) : null;
  useEffect(() => {
    if (key === null) return;
    return openStream(
      api,
      document,
      JSON.parse(key) as V,
      {
        onData: (d) => latest.current.onData(d),
        onResync: () => latest.current.onResync?.(),
        onError: (code, message) => latest.current.onError?.(code, message),
      },
      resumable,
    );
  }, [api, document, key, resumable]);
}
