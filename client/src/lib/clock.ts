import { useEffect, useState } from 'react';

/**
 * The current time, renewed every `everyMs` while the component is mounted: for what counts down
 * on the page (a standstill period) and what opens when the time comes (the contract form after
 * it), without waiting for the server to say so.
 */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Whole days, hours and minutes from `now` until `until` (all 0 once it has passed). */
export function timeLeft(until: string, now: number): { days: number; hours: number; minutes: number; over: boolean } {
  const ms = new Date(until).getTime() - now;
  if (ms <= 0) return { days: 0, hours: 0, minutes: 0, over: true };
  // Rounded up to the minute: "1 minute left" until it has ended, never "0 minutes".
  const minutesLeft = Math.ceil(ms / 60_000);
  return {
    days: Math.floor(minutesLeft / 1440),
    hours: Math.floor((minutesLeft % 1440) / 60),
    minutes: minutesLeft % 60,
    over: false,
  };
}
