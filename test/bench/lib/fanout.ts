/**
 * One fan-out run and one throughput run, against a started target (./targets.ts), with the
 * subscriber sockets in the worker processes (./workers.ts).
 *
 * Fan-out: connect n subscribers (timed: open, connection_init with the session, connection_ack,
 * subscribe, until each has received an event: probe messages are posted every 100 ms once all
 * are acked), then post `messages` at a fixed rate to the first instance. Latency is from just
 * before each postMessage request leaves to each socket's receipt of its event, on one clock.
 * Server CPU (utime + stime of the server processes, and of PostgreSQL when it runs here) is read
 * from /proc at the start and the end of the posting window, which ends when every socket has
 * every message (or the drain time has passed: what is missing then is lost).
 */
import { now, percentile, sleep } from './clock.js';
import { cpuMs, machineBusyMs, postgresCpuMs, rssBytes, say } from './processes.js';
import type { Running } from './targets.js';
import type { Workers } from './workers.js';

const PROBE_MS = 100;

export interface ConnectReport {
  subscribers: number;
  /** The window on the run's clock (ms), for the CPU profiles. */
  from: number;
  to: number;
  /** From the first socket opening to the last subscription receiving its first event. */
  ms: number;
  /** From the first socket opening to the last connection_ack (subscribe sent). */
  ackedMs: number;
  failed: number;
  failures: Record<string, number>;
  allLive: boolean;
  /** RSS of each server once every subscription is live (bytes). */
  serverRss: number[];
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  samples: number;
}

export interface Counters {
  lost: number;
  duplicated: number;
  outOfOrder: number;
  ended: number;
  endReasons: Record<string, number>;
}

export interface CpuReport {
  /** The window on the run's clock (ms): CPU profiles are cut to it. */
  from: number;
  to: number;
  windowMs: number;
  /** CPU ms of the target's servers, PostgreSQL (NaN when external), the generator, and the rest of the machine. */
  serverMs: number;
  postgresMs: number;
  generatorMs: number;
  othersMs: number;
  generatorMaxShare: number;
  generatorLoopDelayP99Ms: number;
}

export interface FanoutResult extends Counters {
  target: Running['name'];
  instances: number;
  subscribers: number;
  messages: number;
  rate: number;
  postFailures: number;
  drained: boolean;
  connect: ConnectReport;
  latency: Latency;
  /** From just before each postMessage request leaves to its response (the writer's own wait). */
  answered?: Latency;
  cpu: CpuReport;
  delivered: number;
}

export const latencyOf = (sorted: Float64Array): Latency => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
  max: sorted.length ? sorted[sorted.length - 1] : NaN,
  samples: sorted.length,
});

/** CPU readings of everything that runs: a window is the difference of two of them. */
function cpuNow(target: Running, workers: Workers, postmasterPid: number | undefined) {
  const own = process.cpuUsage();
  return {
    at: now(),
    server: target.servers.reduce((s, p) => s + cpuMs(p.pid), 0),
    postgres: postgresCpuMs(postmasterPid),
    generator: workers.pids.reduce((s, p) => s + cpuMs(p), 0) + (own.user + own.system) / 1000,
    busy: machineBusyMs(),
  };
}

function cpuWindow(a: ReturnType<typeof cpuNow>, b: ReturnType<typeof cpuNow>) {
  const serverMs = b.server - a.server;
  const postgresMs = b.postgres - a.postgres;
  const generatorMs = b.generator - a.generator;
  return {
    from: a.at,
    to: b.at,
    windowMs: b.at - a.at,
    serverMs,
    postgresMs,
    generatorMs,
    othersMs: Math.max(0, b.busy - a.busy - serverMs - (Number.isFinite(postgresMs) ? postgresMs : 0) - generatorMs),
  };
}

/**
 * Opens n subscriptions and waits until each has received an event. Probes (posted messages) start
 * once every socket is acked; a subscription that is live receives the next probe (Samverka's, which
 * resume after the head, also the earlier ones), so the time is exact to within PROBE_MS.
 */
export async function connectAll(workers: Workers, target: Running, n: number, concurrency: number, label: string) {
  const variables = await target.variables();
  const sockets = target.sockets(n);
  const live = workers.whenLive();
  let allLive = false;
  const started = now();
  const ticker = setInterval(() => {
    const s = workers.status();
    say(`${label}: ${s.acked}/${n} connected, ${s.live} live${s.failed ? `, ${s.failed} failed` : ''}`);
  }, 5000);
  try {
    const result = await workers.connect(sockets, target.query, variables, concurrency);
    const ackedAt = now();
    const probes: Promise<number>[] = [];
    let liveAt = NaN;
    void live.then((at) => {
      liveAt = at;
      allLive = true;
    });
    const deadline = ackedAt + 60_000 + n * 20;
    while (!allLive && now() < deadline) {
      // A failed probe is only a missed tick: the next one follows.
      probes.push(target.post('probe').catch(() => 0));
      await Promise.race([live, sleep(PROBE_MS)]);
    }
    await Promise.all(probes);
    const report: ConnectReport = {
      subscribers: n,
      from: started,
      to: allLive ? liveAt : now(),
      ms: allLive ? liveAt - started : NaN,
      ackedMs: ackedAt - started,
      failed: result.failed,
      failures: result.failures,
      allLive,
      serverRss: target.servers.map((s) => rssBytes(s.pid)),
    };
    say(
      `${label}: ${result.acked}/${n} connected in ${(report.ackedMs / 1000).toFixed(1)} s, all live after ${(report.ms / 1000).toFixed(1)} s` +
        (result.failed ? ` (${result.failed} failed: ${JSON.stringify(result.failures)})` : ''),
    );
    return report;
  } finally {
    clearInterval(ticker);
  }
}

export interface FanoutOptions {
  label: string;
  subscribers: number;
  rate: number;
  messages: number;
  connectConcurrency: number;
  drainSeconds: number;
  postmasterPid?: number;
}

export async function fanout(workers: Workers, target: Running, o: FanoutOptions): Promise<FanoutResult> {
  say(`${o.label}: connecting ${o.subscribers} subscribers`);
  const connect = await connectAll(workers, target, o.subscribers, o.connectConcurrency, o.label);
  await sleep(500);

  say(`${o.label}: posting ${o.messages} messages at ${o.rate}/s`);
  await workers.mark();
  // The baseline has no database: PostgreSQL's idle CPU then counts with the rest of the machine.
  const pgPid = target.name === 'samverka' ? o.postmasterPid : undefined;
  const before = cpuNow(target, workers, pgPid);
  const sent: [number, number][] = [];
  const answered: number[] = [];
  let postFailures = 0;
  const posts: Promise<void>[] = [];
  const interval = 1000 / o.rate;
  const start = now();
  for (let i = 0; i < o.messages; i++) {
    // On a fixed schedule (no drift): message i leaves at start + i × interval.
    await sleep(Math.max(0, start + i * interval - now()));
    const at = now();
    posts.push(
      target.post(`m${i}`).then(
        (seq) => {
          answered.push(now() - at);
          sent.push([seq, at]);
        },
        (err: Error) => {
          postFailures += 1;
          if (postFailures === 1) say(`${o.label}: postMessage failed: ${err.message}`);
        },
      ),
    );
  }
  await Promise.all(posts);
  const drained = await Promise.race([
    workers.expect(sent.map(([seq]) => seq)).then(() => true),
    sleep(o.drainSeconds * 1000).then(() => false),
  ]);
  const after = cpuNow(target, workers, pgPid);
  const c = await workers.finish(sent);
  await workers.close();
  const delivered = c.latencies.length;
  const result: FanoutResult = {
    target: target.name,
    instances: target.instances,
    subscribers: o.subscribers,
    messages: sent.length,
    rate: o.rate,
    postFailures,
    drained,
    connect,
    latency: latencyOf(c.latencies),
    answered: latencyOf(Float64Array.from(answered).sort()),
    lost: c.lost,
    duplicated: c.duplicated,
    outOfOrder: c.outOfOrder,
    ended: c.ended,
    endReasons: c.endReasons,
    delivered,
    cpu: {
      ...cpuWindow(before, after),
      generatorMaxShare: c.workerCpuMaxShare,
      generatorLoopDelayP99Ms: c.loopDelayP99Ms,
    },
  };
  const l = result.latency;
  say(
    `${o.label}: p50 ${l.p50.toFixed(1)} / p95 ${l.p95.toFixed(1)} / p99 ${l.p99.toFixed(1)} ms, ` +
      `server CPU ${((result.cpu.serverMs * 1000) / Math.max(1, delivered)).toFixed(1)} µs per delivered event, ` +
      `lost ${c.lost}, duplicated ${c.duplicated}${c.ended ? `, ${c.ended} streams ended: ${JSON.stringify(c.endReasons)}` : ''}` +
      `; busiest generator worker ${(c.workerCpuMaxShare * 100).toFixed(0)}% of a core, loop delay p99 ${c.loopDelayP99Ms.toFixed(1)} ms`,
  );
  return result;
}

export interface ThroughputResult extends Counters {
  label: string;
  /** Which round of the three kinds (see run.ts); 1 when there is one. */
  round?: number;
  live: boolean;
  subscribers: number;
  concurrency: number;
  seconds: number;
  posted: number;
  failures: number;
  perSecond: number;
  latency?: Latency;
  cpu: Omit<CpuReport, 'generatorMaxShare' | 'generatorLoopDelayP99Ms'>;
}

/**
 * postMessage throughput: `concurrency` clients post back to back for `seconds` (after a second
 * of warm-up). With subscribers, each must receive every message (checked: lost and duplicated).
 */
export async function throughput(
  workers: Workers,
  target: Running,
  o: {
    label: string;
    live: boolean;
    subscribers: number;
    seconds: number;
    concurrency: number;
    connectConcurrency: number;
    drainSeconds: number;
    postmasterPid?: number;
  },
): Promise<ThroughputResult> {
  if (o.subscribers) await connectAll(workers, target, o.subscribers, o.connectConcurrency, o.label);
  const loop = async (until: number, onPosted: (seq: number, at: number) => void, onFail: () => void) => {
    while (now() < until) {
      const at = now();
      await target.post('x').then((seq) => onPosted(seq, at), onFail);
    }
  };
  const warmUntil = now() + 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, () =>
      loop(
        warmUntil,
        () => undefined,
        () => undefined,
      ),
    ),
  );

  await workers.mark();
  const before = cpuNow(target, workers, o.postmasterPid);
  const sent: [number, number][] = [];
  let failures = 0;
  const until = now() + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.concurrency }, () =>
      loop(
        until,
        (seq, at) => void sent.push([seq, at]),
        () => void (failures += 1),
      ),
    ),
  );
  const elapsed = now() - (until - o.seconds * 1000);
  let c: Awaited<ReturnType<Workers['finish']>> | undefined;
  if (o.subscribers) {
    await Promise.race([workers.expect(sent.map(([s]) => s)), sleep(o.drainSeconds * 1000)]);
    c = await workers.finish(sent);
    await workers.close();
  }
  const after = cpuNow(target, workers, o.postmasterPid);
  const r: ThroughputResult = {
    label: o.label,
    live: o.live,
    subscribers: o.subscribers,
    concurrency: o.concurrency,
    seconds: o.seconds,
    posted: sent.length,
    failures,
    perSecond: (sent.length * 1000) / elapsed,
    latency: c ? latencyOf(c.latencies) : undefined,
    lost: c?.lost ?? 0,
    duplicated: c?.duplicated ?? 0,
    outOfOrder: c?.outOfOrder ?? 0,
    ended: c?.ended ?? 0,
    endReasons: c?.endReasons ?? {},
    cpu: cpuWindow(before, after),
  };
  say(
    `${o.label}: ${r.perSecond.toFixed(0)} postMessage/s (${failures} failed)` +
      (c ? `, p99 ${r.latency!.p99.toFixed(1)} ms, lost ${r.lost}, duplicated ${r.duplicated}` : ''),
  );
  return r;
}
