import { useCallback, useEffect, useRef } from 'react';
import { graphql } from './graphql';
import { useStream } from './stream';

const EVENT_FIELDS = `id type scopeType scopeId groupId payload createdAt actor { id displayName }`;

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

export interface LiveEvent {
  id: string;
  type: string;
  scopeType: string;
  scopeId: string;
  groupId: string | null;
  payload: Record<string, unknown>;
}

/** The viewer's own events (notifications, read markers), for screens that show counts. */
export function useViewerEvents(onEvent: (e: LiveEvent) => void, enabled = true): void {
  useStream(ViewerEventsSubscription, enabled ? {} : null, {
    onData: (d) => onEvent(d.viewerEvents),
    onResync: () => onEvent({ id: '', type: 'resync', scopeType: '', scopeId: '', groupId: null, payload: {} }),
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
    onResync: () => onEvent({ id: '', type: 'resync', scopeType: '', scopeId: '', groupId, payload: {} }),
    onError: (code, message) => onRefused?.(code, message),
  });
}
