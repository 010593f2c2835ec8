/**
 * Where time-driven work reads the time: the notification scheduler (deadlines near, overdue,
 * standstill ended) and the daily digests. Injected (AppOptions.clock) so that tests can move it
 * across a deadline or a day boundary without waiting; everything else reads the system clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
