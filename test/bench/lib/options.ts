/**
 * The benchmark's settings, from the environment. Defaults are the full run (`npm run bench`,
 * about 15 minutes on a 2-core machine); BENCH_QUICK=1 (`npm run bench:quick`) is a small run for
 * development (about 2 minutes) that writes its report but does not publish it.
 */
const quick = ['1', 'true', 'yes'].includes(process.env.BENCH_QUICK ?? '');

function list(name: string, fallback: string): number[] {
  const v = (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
  if (!v.length || v.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${name}: expected positive numbers`);
  return v;
}

function num(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: expected a number, got "${v}"`);
  return n;
}

export const PARTS = ['fanout', 'instances', 'throughput', 'memory', 'profile'] as const;
export type Part = (typeof PARTS)[number];

function parts(): Part[] {
  const v = (process.env.BENCH_PARTS ?? PARTS.join(',')).split(',').filter(Boolean);
  const bad = v.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (bad.length) throw new Error(`BENCH_PARTS: unknown ${bad.join(', ')} (known: ${PARTS.join(', ')})`);
  return v as Part[];
}

/** Messages per second at a size: the sender's rate falls as the fan-out per message grows. */
const RATES: Record<number, number> = { 100: 20, 1000: 10, 5000: 5, 10000: 2 };
export const rateFor = (n: number) =>
  num('BENCH_RATE', 0) || RATES[n] || (n <= 100 ? 20 : n <= 1000 ? 10 : n <= 5000 ? 5 : 2);

export const options = {
  quick,
  parts: parts(),
  /** Which sides the fan-out part runs (all by default; fewer are for development). */
  targets: (process.env.BENCH_TARGETS ?? 'floor,baseline,samverka').split(',').filter(Boolean),
  /** Fan-out sizes (subscribers), each for the baseline and for Samverka over `instances` instances. */
  sizes: list('BENCH_SIZES', quick ? '100,1000' : '100,1000,5000,10000'),
  /** Seconds of posting per fan-out run (messages = rate × seconds). */
  seconds: num('BENCH_SECONDS', quick ? 2 : 5),
  /** Instances of the fan-out sweep (the goal is stated over 2). */
  instances: num('BENCH_MAIN_INSTANCES', 2),
  /** Instance counts compared at `instanceSizes`. */
  instanceCounts: list('BENCH_INSTANCES', '1,2,4'),
  instanceSizes: list('BENCH_INSTANCE_SIZES', quick ? '100' : '1000,5000'),
  throughputSeconds: num('BENCH_THROUGHPUT_SECONDS', quick ? 2 : 8),
  throughputConcurrency: num('BENCH_THROUGHPUT_CONCURRENCY', 16),
  /** Rounds of (off, on with nobody, on with subscribers): each line is the median of its rounds. */
  throughputRounds: num('BENCH_THROUGHPUT_ROUNDS', quick ? 1 : 5),
  throughputSubscribers: num('BENCH_THROUGHPUT_SUBSCRIBERS', 100),
  memorySockets: num('BENCH_MEMORY_SOCKETS', quick ? 1000 : 10000),
  /** How long the idle sockets are watched before RSS counts as settled (V8 shrinks its heap once idle). */
  memorySettleSeconds: num('BENCH_MEMORY_SETTLE_SECONDS', quick ? 10 : 45),
  profileSize: num('BENCH_PROFILE_SIZE', quick ? 1000 : 5000),
  workers: num('BENCH_WORKERS', 2),
  /** Sockets handshaking at once (over all workers). */
  connectConcurrency: num('BENCH_CONNECT_CONCURRENCY', 200),
  drainSeconds: num('BENCH_DRAIN_SECONDS', 30),
  timeLimitMinutes: num('BENCH_TIME_LIMIT_MINUTES', quick ? 15 : 25),
  /** Also write the report to test/bench/report/ (committed, embedded by the README). */
  publish: ['1', 'true', 'yes'].includes(process.env.BENCH_PUBLISH ?? (quick ? '0' : '1')),
};

export type Options = typeof options;
