import { useCallback, useEffect, useRef } from 'react';
import { EVENT_TOPIC, type Topic } from './events';
import { graphql, type ResultOf } from './graphql';
import { useStream } from './stream';

/**
 * What the client reads of a live event, the same for every stream: its kind, and of its data only
 * the fields a screen decides by (whose guest access changed, which document, the new phase).
 */
export const EVENT_FIELDS = `id kind scopeType scopeId groupId data {
  __typename
  ... on GuestChangedData { userId }
  ... on ProcurementPhaseChangedData { to }
  ... on DocumentCreatedData { documentId }
  ... on DocumentDeletedData { documentId }
  ... on DocumentRenamedData { documentId }
  ... on DocumentUpdatedData { documentId }
  ... on DocumentVersionAddedData { documentId }
  ... on DocumentVisibilityChangedData { documentId }
}`;

export const GroupEventsSubscription = graphql(`
  subscription GroupEvents($groupId: ID!, $after: ID) {
    groupEvents(groupId: $groupId, after: $after) { ${EVENT_FIELDS} }
  }
`);

export const ViewerEventsSubscription = graphql(`
  subscription ViewerEvents($after: ID) {
    viewerEvents(after: $after) { ${EVENT_FIELDS} }
  }
`);

/**
 * Calls `fn` once after a burst of calls has settled (a replay after reconnecting can bring many
 * events at once; one refetch covers them all).
 */
export function useCoalesced(fn: () => void, ms = 150): () => void {
  const latest = useRef(fn);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), ms);
  }, [ms]);
}

/** A refetch of a query's own (urql's), asked of the network, not the cache. */
export type Refetch = (options: { requestPolicy: 'network-only' }) => void;

/** The refetch, coalesced: once after a burst of events (see useCoalesced). */
export const useRefresh = (refetch: Refetch) => useCoalesced(() => refetch({ requestPolicy: 'network-only' }));

/** The topics a screen shows (see EVENT_TOPIC), or 'all' for one that shows every event (the history). */
export type Topics = readonly Topic[] | 'all';

/**
 * Whether an event may change what a screen showing `topics` shows: a resync, or an event whose
 * kind changes one of them. A kind this client does not know yet (a newer server's) concerns only 'all'.
 */
export const concerns = (e: LiveEvent, topics: Topics) =>
  e.kind === 'RESYNC' ||
  topics === 'all' ||
  (Object.hasOwn(EVENT_TOPIC, e.kind) && topics.includes(EVENT_TOPIC[e.kind]));

/** A resync (the stream lost its place): whatever shows the stream's data refetches it. */
export interface ResyncEvent {
  id: '';
  kind: 'RESYNC';
  scopeType: '';
  scopeId: '';
  groupId: string | null;
  data: null;
}

/** One event of a live stream (EVENT_FIELDS), or a resync. */
export type LiveEvent = ResultOf<typeof GroupEventsSubscription>['groupEvents'] | ResyncEvent;

export const resyncEvent = (groupId: string | null = null): ResyncEvent => ({
  id: '',
  kind: 'RESYNC',
  scopeType: '',
  scopeId: '',
  groupId,
  data: null,
});

/** Who hears one stream's events (a group's, a procurement's): the screen that opened it tells each. */
export type Listeners = Set<(e: LiveEvent) => void>;

/** Runs `listener` for each event told to `listeners` while the calling component is mounted. */
export function useListener(listeners: Listeners | null, listener: (e: LiveEvent) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!listeners) return;
    const l = (e: LiveEvent) => latest.current(e);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, [listeners]);
}

/** Refetches on the events of `listeners` that change one of `topics`; returns the refresh. */
export function useRefetchOn(listeners: Listeners | null, topics: Topics, refetch: Refetch) {
  const refresh = useRefresh(refetch);
  useListener(listeners, (e) => {
    if (concerns(e, topics)) refresh();
  });
  return refresh;
}

/** The viewer's own events (notifications, read markers), for screens that show counts. */
export function useViewerEvents(onEvent: (e: LiveEvent) => void, enabled = true): void {
  useStream(ViewerEventsSubscription, enabled ? {} : null, {
    onData: (d) => onEvent(d.viewerEvents),
    onResync: () => onEvent(resyncEvent()),
  });
}

/**
 * A group's events (memberships, guests, needs, interests, threads, messages, documents).
 * `onRefused` hears why the stream stopped for good: FORBIDDEN when the viewer's access ended
 * (the organisation left or was removed, or a guest's access was ended or ran out).
 */
export function useGroupEvents(
  groupId: string | null,
  onEvent: (e: LiveEvent) => void,
  onRefused?: (code: string, message: string) => void,
): void {
  useStream(GroupEventsSubscription, groupId ? { groupId } : null, {
    onData: (d) => onEvent(d.groupEvents),
    onResync: () => onEvent(resyncEvent(groupId)),
    onError: (code, message) => onRefused?.(code, message),
  });
}
