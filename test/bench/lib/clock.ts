/**
 * The one clock of the benchmark: CLOCK_MONOTONIC in milliseconds, through process.hrtime.bigint().
 *
 * Every process of the run (the sender, the subscriber workers, the servers' CPU profiles) reads
 * the same system-wide monotonic clock, so a send time taken in one process and a receipt time
 * taken in another subtract exactly. `performance.timeOrigin + performance.now()` would also
 * compare across processes, but its origin is each process's wall-clock reading at start, which an
 * NTP step between two process starts would shift; the monotonic clock has no such origin.
 * (V8's CPU profiles stamp their samples with the same clock in microseconds.)
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Nearest-rank percentile of sorted values (NaN for none). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
