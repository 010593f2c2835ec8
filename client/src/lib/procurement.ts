import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { MILESTONE_KINDS } from './enums';
import { useListener, useRefetchOn, type Listeners, type LiveEvent, type Refetch, type Topics } from './live';

/**
 * The one stream of a procurement's events (opened by the procurement screen), for the sections
 * inside it that reuse components of the group (documents) to refetch on.
 */
export const ProcurementEventsContext = createContext<Listeners | null>(null);

/** Runs `listener` for each of the procurement's live events; does nothing outside a procurement. */
export const useProcurementListener = (listener: (e: LiveEvent) => void) =>
  useListener(useContext(ProcurementEventsContext), listener);

/** Refetches on the procurement's events that change one of `topics`; returns the refresh. */
export const useProcurementRefetch = (topics: Topics, refetch: Refetch) =>
  useRefetchOn(useContext(ProcurementEventsContext), topics, refetch);

/** Decimals as the user typed them, with a decimal comma and spaces accepted (nb and sv write 1 500,5). */
export const decimalInput = (v: string): string | null =>
  v.trim() ? v.trim().replace(/\s/g, '').replace(',', '.') : null;

/** A datetime-local field's value (local time, no zone) as an ISO instant, or null when empty. */
export const localToIso = (v: string): string | null => (v ? new Date(v).toISOString() : null);

/** The ISO instant as a datetime-local value in the browser's time zone ('' for none). */
export const isoToLocal = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** Now, to the minute, as a datetime-local value (a default for when something arrived). */
export const localNow = (): string => isoToLocal(new Date().toISOString());

/** Today in the browser's time zone, as a date field's value (YYYY-MM-DD). */
export const localToday = (): string => localNow().slice(0, 10);

/**
 * A milestone's title in the interface language: the server names an untitled milestone after its
 * kind in English ("Question deadline"), which is shown as the kind's own translation instead.
 */
export function useMilestoneTitle() {
  const { t } = useTranslation();
  return (m: { kind: string; title: string }) => {
    const generated = m.kind.charAt(0) + m.kind.slice(1).toLowerCase().replace(/_/g, ' ');
    return m.title === generated && (MILESTONE_KINDS as readonly string[]).includes(m.kind)
      ? t(`milestoneKind.${m.kind as (typeof MILESTONE_KINDS)[number]}`)
      : m.title;
  };
}
