/**
 * The benchmark's report: results.json, report.md and SVG charts in the run's results folder; with
 * BENCH_PUBLISH (the default for a full run) also test/bench/report/ (committed) and the key table
 * in the README between its `bench-report` markers.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { FanoutResult, ThroughputResult } from './fanout.js';
import type { Options } from './options.js';
import { root } from './processes.js';
import type { ProfileSummary } from './profile.js';
import type { RoundTrips } from './world.js';
import { charts, pairs, throughputKinds } from './charts.js';

export interface MemoryResult {
  target: FanoutResult['target'];
  sockets: number;
  rssBefore: number;
  /** 3 s after the last socket is live: the connecting burst's garbage is mostly still in the heap. */
  rssAfter: number;
  /** The highest RSS while the idle sockets were watched. */
  rssPeak: number;
  /** Once idle: the median of the last 5 one-second samples of the watch. The goal is judged on it. */
  rssSettled: number;
  /** Seconds watched, and the samples (MiB, one a second). */
  settleSeconds: number;
  samples: number[];
  /** (settled - before) / sockets. */
  perSocket: number;
  failed: number;
  allLive: boolean;
}

export interface Results {
  startedAt: string;
  /** Stopped before the end (a signal, the time limit, an error): never published. */
  partial?: boolean;
  options: Options;
  postgresVersion: string;
  embeddedPostgres: boolean;
  /** One round trip to PostgreSQL, busy and after an idle spell (absent from older results). */
  roundTrips?: RoundTrips;
  clock: { min: number; max: number; median: number };
  fanout: FanoutResult[];
  instances: FanoutResult[];
  throughput: ThroughputResult[];
  memory: MemoryResult[];
  profiles: {
    target: 'baseline' | 'samverka';
    subscribers: number;
    run: FanoutResult;
    /** The posting window, and the connecting one. */
    summary: ProfileSummary;
    connect: ProfileSummary;
  }[];
  /** Profiled throughput runs (off, and on with subscribers), outside the rounds. */
  throughputProfiles?: {
    label: string;
    live: boolean;
    subscribers: number;
    posted: number;
    summary: ProfileSummary;
  }[];
}

/** Server CPU ms per posted message by package, delivery on (with `subscribers`) minus off, largest first. */
function addedByPackage(r: Results, subscribers: number): { name: string; ms: number }[] {
  const off = r.throughputProfiles?.find((p) => !p.live);
  const on = r.throughputProfiles?.find((p) => p.live && p.subscribers === subscribers);
  if (!off?.posted || !on?.posted) return [];
  const offBy = new Map(off.summary.byPackage.map((b) => [b.name, b.ms / off.posted]));
  return on.summary.byPackage
    .map((b) => ({ name: b.name, ms: b.ms / on.posted - (offBy.get(b.name) ?? 0) }))
    .sort((a, b) => b.ms - a.ms);
}

/** The bare-server figures the baseline is held to (issue 14: a lighter generator on a machine like this). */
const REFERENCE_P99: Record<number, number> = { 1000: 40, 5000: 203 };
const PUBLISHED = 'test/bench/report';

const ms = (v: number | undefined) =>
  v === undefined || !Number.isFinite(v) ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0);
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '–');
const n = (v: number) => v.toLocaleString('en-US');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const perEventUs = (cpuMs: number, delivered: number) => (delivered ? ((cpuMs * 1000) / delivered).toFixed(1) : '–');
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(0)}%` : '–');
const lat = (r?: FanoutResult) => (r ? `${ms(r.latency.p50)} / ${ms(r.latency.p95)} / ${ms(r.latency.p99)}` : '–');
const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

function machine(r: Results) {
  const c = cpus();
  return {
    cpu: c[0]?.model ?? 'unknown CPU',
    cores: c.length,
    ram: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    kernel: release(),
    node: process.version,
    postgres: `${r.postgresVersion}${r.embeddedPostgres ? ' (embedded, settings as shipped)' : ' (BENCH_DATABASE_URL)'}`,
  };
}

/** A goal's row, and for a missed one what the measurements of this run say about why. */
interface Goal {
  row: string[];
  why?: string;
}

const cores = (c: { serverMs: number; windowMs: number }) => (c.windowMs ? c.serverMs / c.windowMs : NaN);
const msPerMessage = (f: { cpu: { serverMs: number }; messages?: number; posted?: number }) =>
  (f.cpu.serverMs / Math.max(1, f.messages ?? f.posted ?? 0)).toFixed(1);
const topOwn = (summary: ProfileSummary | undefined, k = 4) =>
  (summary?.topOwnInclusive ?? [])
    .slice(0, k)
    .map((f) => `\`${f.name}\` in ${f.where} ${pct(f.ms, summary!.busyMs)}`)
    .join(', ');
const topPackages = (summary: ProfileSummary | undefined, k = 4) =>
  (summary?.byPackage ?? [])
    .slice(0, k)
    .map((p) => `${p.name} ${(p.share * 100).toFixed(0)}%`)
    .join(', ');

function goals(r: Results): string[][] {
  return goalsWithReasons(r).map((g) => g.row);
}

function goalsWithReasons(r: Results): Goal[] {
  const rows: Goal[] = [];
  const profile = (target: 'baseline' | 'samverka') => r.profiles.find((p) => p.target === target);
  for (const { size, base, sv } of pairs(r)) {
    if (size > 5000 || !base || !sv) continue;
    const ratio = sv.latency.p99 / base.latency.p99;
    const clean = sv.lost + sv.duplicated + base.lost + base.duplicated === 0;
    rows.push({
      row: [
        `fan-out p99 at ${n(size)}, ${sv.instances} instances: ≤ 1.5× baseline; 0 lost, 0 duplicated`,
        `${ms(sv.latency.p99)} ms vs ${ms(base.latency.p99)} ms = ${x(ratio)}; lost ${sv.lost}, duplicated ${sv.duplicated}`,
        verdict(ratio <= 1.5 && clean),
      ],
      why:
        ratio <= 1.5 && clean
          ? undefined
          : sv.cpu.serverMs / Math.max(1, sv.delivered) <= base.cpu.serverMs / Math.max(1, base.delivered) &&
              sv.latency.p50 <= base.latency.p50
            ? `Fan-out at ${n(size)}: Samverka's median (${ms(sv.latency.p50)} ms) and CPU per delivered event (${perEventUs(sv.cpu.serverMs, sv.delivered)} µs) are below the baseline's (${ms(base.latency.p50)} ms, ${perEventUs(base.cpu.serverMs, base.delivered)} µs); ` +
              `the p99 comes from a few late messages (p95 ${ms(sv.latency.p95)} ms, p99 ${ms(sv.latency.p99)} ms of ${n(sv.messages)} messages), pauses of an instance rather than a cost per delivery. One run per size: a second run can land either side of the goal.`
            : `Fan-out at ${n(size)}: Samverka spends ${msPerMessage(sv)} ms of server CPU per message against the baseline's ${msPerMessage(base)} ms ` +
              `(${perEventUs(sv.cpu.serverMs, sv.delivered)} vs ${perEventUs(base.cpu.serverMs, base.delivered)} µs per delivered event). ` +
              `A message is a database write and an announcement to the other instance before any socket sees it` +
              (sv.answered && base.answered
                ? `: Samverka answered postMessage in ${ms(sv.answered.p50)} ms at the median, the baseline in ${ms(base.answered.p50)} ms`
                : '') +
              (r.roundTrips
                ? `; the write waits for two round trips to PostgreSQL, and at ${sv.rate} messages a second each pays for waking both sides (${r.roundTrips.afterIdleMs.toFixed(2)} ms after ${r.roundTrips.idleMs} ms idle, ${r.roundTrips.backToBackMs.toFixed(2)} ms back to back)`
                : '') +
              `. With few subscribers that fixed part is most of the time, and the absolute gap is ${ms(sv.latency.p99 - base.latency.p99)} ms at p99.`,
    });
  }
  for (const { size, base } of pairs(r)) {
    const ref = REFERENCE_P99[size];
    if (!ref || !base) continue;
    const met = base.latency.p99 <= ref * 1.5;
    const busy = cores(base.cpu);
    const baseProfile = profile('baseline');
    rows.push({
      row: [
        `baseline p99 at ${n(size)} near ${ref} ms (within 1.5×)`,
        `${ms(base.latency.p99)} ms = ${x(base.latency.p99 / ref)}`,
        verdict(met),
      ],
      why: met
        ? undefined
        : `Baseline at ${n(size)}: its one thread was busy ${busy.toFixed(2)} cores over the posting window ` +
          `(${perEventUs(base.cpu.serverMs, base.delivered)} µs per delivered event × ${n(base.rate * size)} deliveries a second)` +
          (busy >= 0.9 ? ': a single Node thread cannot keep up, so events queue and the latency is the queue.' : '.') +
          ` graphql-ws executes the subscription once per subscriber` +
          (baseProfile ? `; its profile (below): ${topPackages(baseProfile.summary)}.` : '.') +
          ` The reference figure came from another generator and message rate; the floor (the same bytes written to every socket) shows what the machine itself allows.`,
    });
  }
  const kinds = throughputKinds(r);
  const off = kinds.find((k) => !k.live);
  if (off) {
    // What the machine allows with delivery on if every core were busy: the whole machine's CPU per
    // message with delivery off, plus what the receiving workers add, plus delivery at `deliveryMs`.
    const ceilingRate = (k: (typeof kinds)[number], deliveryMs: number) =>
      (cpus().length * 1000) /
      (off.machineMsPerMessage + Math.max(0, k.generatorMsPerMessage - off.generatorMsPerMessage) + deliveryMs);
    // The cheapest delivery this machine allows: the floor's CPU per delivered event at the size
    // nearest the throughput's subscribers.
    const floors = r.fanout.filter((f) => f.target === 'floor' && f.delivered);
    for (const k of kinds.filter((k) => k.live)) {
      const goal = k.subscribers ? 0.8 : 0.9;
      const ratio = Number.isFinite(k.vsOff) ? k.vsOff : k.perSecond / off.perSecond;
      const met = ratio >= goal && k.lost + k.duplicated === 0;
      const floor = floors.sort(
        (a, b) => Math.abs(a.subscribers - k.subscribers) - Math.abs(b.subscribers - k.subscribers),
      )[0];
      const floorMs = floor ? (floor.cpu.serverMs / floor.delivered) * k.subscribers : NaN;
      const added = addedByPackage(r, k.subscribers);
      const spread =
        k.runs.length > 1
          ? ` (runs ${k.min.toFixed(0)}–${k.max.toFixed(0)}; off ${off.min.toFixed(0)}–${off.max.toFixed(0)})`
          : '';
      rows.push({
        row: [
          `postMessage/s ${k.label} ≥ ${goal}× off`,
          k.ratios.length > 1
            ? `${x(ratio)}, the median of the rounds' ${k.ratios.map((v) => v.toFixed(2)).join(', ')} (${k.perSecond.toFixed(0)} vs ${off.perSecond.toFixed(0)} over all runs${spread.replace(' (', '; ')}`
            : `${k.perSecond.toFixed(0)} vs ${off.perSecond.toFixed(0)} = ${x(ratio)}${spread}`,
          verdict(met),
        ],
        why: met
          ? undefined
          : `Throughput ${k.label}: ${k.serverMsPerMessage.toFixed(1)} ms of server CPU per message against ${off.serverMsPerMessage.toFixed(1)} ms with delivery off` +
            (k.subscribers
              ? `; the ${n(k.subscribers)} subscribers' deliveries (${n(Math.round(k.perSecond * k.subscribers))} a second) and their receiving workers share the machine's ${cpus().length} cores with the posting side.` +
                (Number.isFinite(floorMs)
                  ? ` A ceiling from this run's own numbers: with delivery off the whole machine spent ${off.machineMsPerMessage.toFixed(2)} ms of CPU per message (servers, PostgreSQL and the posting clients; ${off.busyCores.toFixed(1)} of its ${cpus().length} cores busy at ${off.perSecond.toFixed(0)} a second). ` +
                    `The receiving workers added ${Math.max(0, k.generatorMsPerMessage - off.generatorMsPerMessage).toFixed(2)} ms per message, and delivering each message to ${n(k.subscribers)} at the floor's cost (${perEventUs(floor!.cpu.serverMs, floor!.delivered)} µs per delivered event, measured at ${n(floor!.subscribers)} subscribers) would add ${floorMs.toFixed(1)} ms: ` +
                    `with every core busy, at most ${ceilingRate(k, floorMs).toFixed(0)} messages a second, ${x(ceilingRate(k, floorMs) / off.perSecond)} of off.`
                  : '')
              : '.') +
            (added.length
              ? ` The profiles (below) put the added server CPU per message in: ${added
                  .slice(0, 4)
                  .map((a) => `${a.name} ${a.ms.toFixed(2)} ms`)
                  .join(', ')}.`
              : ''),
      });
    }
  }
  const mem = r.memory.find((m) => m.target === 'samverka');
  if (mem) {
    const met = mem.rssSettled <= 2 ** 29 && mem.allLive && !mem.failed;
    const base = r.memory.find((m) => m.target === 'baseline');
    rows.push({
      row: [
        `${n(mem.sockets)} idle authenticated sockets with a subscription each, one instance: ≤ 0.5 GiB RSS`,
        `${mib(mem.rssSettled)} settled after ${mem.settleSeconds} s idle (${(mem.perSocket / 1024).toFixed(1)} KiB per socket; ${mib(mem.rssAfter)} 3 s after connecting)`,
        verdict(met),
      ],
      why: met
        ? undefined
        : `Memory: ${mib(mem.rssBefore)} before any socket` +
          (base ? ` (the baseline ${mib(base.rssBefore)})` : '') +
          ` and ${(mem.perSocket / 1024).toFixed(1)} KiB per socket` +
          (base
            ? ` (the baseline ${(base.perSocket / 1024).toFixed(1)} KiB: the socket, graphql-ws and the subscription cost most of it on either side)`
            : '') +
          `; ${mib(2 ** 29 - mem.rssBefore)} is left for ${n(mem.sockets)} sockets within the goal, ${((2 ** 29 - mem.rssBefore) / mem.sockets / 1024).toFixed(1)} KiB each.`,
    });
  }
  const connect = pairs(r).filter((p) => p.base && p.sv && p.size >= 5000)[0] ?? pairs(r).pop();
  if (connect?.base && connect.sv) {
    const ratio = connect.sv.connect.ms / connect.base.connect.ms;
    const met = ratio <= 2 && connect.sv.connect.allLive;
    const svProfile = profile('samverka');
    rows.push({
      row: [
        `${n(connect.size)} clients connect, authenticate and subscribe in ≤ 2× the baseline's time`,
        `${(connect.sv.connect.ms / 1000).toFixed(1)} s vs ${(connect.base.connect.ms / 1000).toFixed(1)} s = ${x(ratio)}`,
        verdict(met),
      ],
      why: met
        ? undefined
        : `Connecting: each Samverka socket resolves its own session and each subscription checks access in the database (the session, the thread with its group, the membership, the replay position), where the baseline checks nothing` +
          (svProfile
            ? `; the connecting profile (below): ${topPackages(svProfile.connect)}; own code ${topOwn(svProfile.connect)}.`
            : '.'),
    });
  }
  return rows;
}

/** The missed goals' reasons, as measured in this run. */
function reasons(r: Results): string[] {
  const why = goalsWithReasons(r).flatMap((g) => (g.why ? [`- ${g.why}`] : []));
  return why.length ? ['### Why the missed goals were missed (from this run’s measurements)', '', ...why, ''] : [];
}

/** A warning when processes outside the benchmark used more than a quarter of a core in a measured window. */
function busyWarning(r: Results, cores: number): string[] {
  const runs = [...r.fanout, ...r.instances];
  const busiest = Math.max(0, ...runs.map((f) => f.cpu.othersMs / f.cpu.windowMs));
  if (busiest <= 0.25) return [];
  return [
    `> **The machine was not idle:** processes outside the benchmark used up to ${busiest.toFixed(1)} of its ${cores} cores during a measured window (column “others” of the report). These numbers say more about that load than about the servers; run again on an idle machine.`,
    '',
  ];
}

const side = (f: FanoutResult) => (f.target === 'samverka' ? `Samverka ×${f.instances}` : f.target);

function cpuRow(f: FanoutResult): string[] {
  const c = f.cpu;
  return [
    side(f),
    n(f.subscribers),
    perEventUs(c.serverMs, f.delivered),
    f.messages ? (c.serverMs / f.messages).toFixed(1) : '–',
    Number.isFinite(c.postgresMs) ? perEventUs(c.postgresMs, f.delivered) : '–',
    (c.serverMs / c.windowMs).toFixed(2),
    `${(c.generatorMaxShare * 100).toFixed(0)}% / ${ms(c.generatorLoopDelayP99Ms)} ms`,
    (c.othersMs / c.windowMs).toFixed(2),
  ];
}

function markdown(r: Results, durationMin: number): string {
  const m = machine(r);
  const o = r.options;
  const p = pairs(r);
  const out: string[] = [
    `# Real-time benchmark${o.quick ? ' (quick mode: small sizes, short runs)' : ''}`,
    '',
    ...(r.partial ? ['> **Partial:** the run was stopped before the end; only what it measured is here.', ''] : []),
    `${r.startedAt.slice(0, 16).replace('T', ' ')} UTC · ${m.cores} × ${m.cpu}, ${m.ram} RAM, Linux ${m.kernel} · Node ${m.node} · PostgreSQL ${m.postgres} · ${durationMin.toFixed(1)} minutes · load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
    '',
    `Settings: sizes ${o.sizes.join(', ')}; ${o.seconds} s of posting per run; Samverka over ${o.instances} instances; ${o.workers} subscriber worker processes, ${o.connectConcurrency} handshakes at a time. Produced by \`npm run bench\` (test/bench/run.ts).`,
    '',
  ];
  out.push(...busyWarning(r, m.cores));
  const g = goals(r);
  if (g.length) out.push('## Goals', '', table(['goal', 'measured', ''], g), '', ...reasons(r));

  if (p.length) {
    out.push(
      '## Fan-out latency',
      '',
      'From just before the postMessage request leaves to the event’s receipt by each subscriber (every subscriber, every message). The floor is a server that writes the same prepared bytes to every socket and does nothing else (test/bench/floor-server.ts): no server can do better on this machine with this generator, so the gap between it and the baseline is what the baseline costs, not the measuring side. “postMessage answered” is from the same moment to the response, the writer’s own wait: Samverka answers once the message and its event are committed.' +
        (r.roundTrips
          ? ` One round trip to PostgreSQL (\`SELECT 1\` on one connection) took ${r.roundTrips.backToBackMs.toFixed(2)} ms back to back and ${r.roundTrips.afterIdleMs.toFixed(2)} ms after ${r.roundTrips.idleMs} ms idle (the median of each): at a few messages a second, waking both sides is part of every round trip.`
          : ''),
      '',
      '![Latency percentiles by number of subscribers](latency.svg)',
      '',
      table(
        [
          'subscribers',
          'messages',
          'floor p50 / p95 / p99 (ms)',
          'baseline p50 / p95 / p99 (ms)',
          `Samverka p50 / p95 / p99 (ms)`,
          'p99 vs baseline',
          'postMessage answered p50 (ms, baseline · Samverka)',
          'lost / duplicated / out of order (baseline · Samverka)',
        ],
        p.map(({ size, floor, base, sv }) => [
          n(size),
          `${sv?.messages ?? base?.messages ?? floor?.messages} at ${sv?.rate ?? base?.rate ?? floor?.rate}/s`,
          lat(floor),
          lat(base),
          lat(sv),
          sv && base ? x(sv.latency.p99 / base.latency.p99) : '–',
          [base, sv].map((f) => (f?.answered ? ms(f.answered.p50) : '–')).join(' · '),
          [base, sv].map((f) => (f ? `${f.lost} / ${f.duplicated} / ${f.outOfOrder}` : '–')).join(' · '),
        ]),
      ),
      '',
    );
    const ended = r.fanout.filter((f) => f.ended || f.postFailures || !f.drained);
    for (const f of ended) {
      out.push(
        `- ${f.target} N=${n(f.subscribers)}: ${f.ended} streams ended by the server ${JSON.stringify(f.endReasons)}, ${f.postFailures} posts failed${f.drained ? '' : `, not every message arrived within ${o.drainSeconds} s`}.`,
      );
    }
    if (ended.length) out.push('');
    out.push(
      '## Server CPU per delivered event',
      '',
      'utime + stime of the server processes (all instances) over the posting window, from /proc, divided by the deliveries. PostgreSQL likewise (postmaster and backends). Busy cores: server CPU over the window. The generator column shows that the subscribers’ side was not the bottleneck: its busiest worker’s share of a core, and its event-loop delay p99 (how late a receipt time could be). Others: cores used by processes outside the benchmark.',
      '',
      '![Server CPU per delivered event](cpu.svg)',
      '',
      table(
        [
          'side',
          'subscribers',
          'server µs / event',
          'server ms / message',
          'PostgreSQL µs / event',
          'busy cores',
          'generator busiest / loop p99',
          'others (cores)',
        ],
        r.fanout.map(cpuRow),
      ),
      '',
      '## Connecting',
      '',
      'From the first socket opening to the last subscription receiving its first event: open, `connection_init` (Samverka: each socket a session of its own, resolved by the server), `connection_ack`, `subscribe`. Probe messages are posted every 100 ms once all are acknowledged, so the time is exact to within 100 ms.',
      '',
      table(
        [
          'subscribers',
          'baseline: acked / live (s)',
          'Samverka: acked / live (s)',
          'live vs baseline',
          'failed',
          'server RSS after (Samverka)',
        ],
        p.map(({ size, base, sv }) => [
          n(size),
          base ? `${(base.connect.ackedMs / 1000).toFixed(1)} / ${(base.connect.ms / 1000).toFixed(1)}` : '–',
          sv ? `${(sv.connect.ackedMs / 1000).toFixed(1)} / ${(sv.connect.ms / 1000).toFixed(1)}` : '–',
          sv && base ? x(sv.connect.ms / base.connect.ms) : '–',
          `${base?.connect.failed ?? '–'} / ${sv?.connect.failed ?? '–'}`,
          sv ? sv.connect.serverRss.map(mib).join(', ') : '–',
        ]),
      ),
      '',
    );
  }

  if (r.instances.length) {
    out.push(
      '## Instances on one PostgreSQL',
      '',
      'Subscribers spread evenly over the instances; messages posted to the first.',
      '',
      '![p99 and CPU by instances](instances.svg)',
      '',
      table(
        [
          'side',
          'subscribers',
          'p50 / p95 / p99 (ms)',
          'server µs / event',
          'PostgreSQL µs / event',
          'connect (s)',
          'lost / duplicated',
        ],
        r.instances.map((f) => [
          side(f),
          n(f.subscribers),
          lat(f),
          perEventUs(f.cpu.serverMs, f.delivered),
          Number.isFinite(f.cpu.postgresMs) ? perEventUs(f.cpu.postgresMs, f.delivered) : '–',
          (f.connect.ms / 1000).toFixed(1),
          `${f.lost} / ${f.duplicated}`,
        ]),
      ),
      '',
    );
  }

  if (r.throughput.length) {
    const kinds = throughputKinds(r);
    const rounds = Math.max(...r.throughput.map((t) => t.round ?? 1));
    out.push(
      '## postMessage throughput',
      '',
      `${o.throughputConcurrency} clients posting back to back for ${o.throughputSeconds} s each (after 1 s of warm-up), to the first of ${o.instances} instances; fresh instances for each run. First a round of the three that counts for nothing (the first runs after the benchmark's set-up measured up to a third slower, whichever kind they were), then ${rounds} round${rounds === 1 ? '' : 's'} of the three, each round starting with another of them: each line is the median of its runs (all runs are listed below it), and “vs off” is the median over the rounds of the run's rate over off's in the same round (the machine's pace drifts between rounds by more than delivery costs).`,
      '',
      '![Throughput with live delivery on and off](throughput.svg)',
      '',
      table(
        [
          'live delivery',
          'postMessage/s',
          'vs off',
          'server CPU ms / message',
          'PostgreSQL CPU ms / message',
          'delivery p99 (ms)',
          'lost / duplicated',
        ],
        kinds.map((k) => [
          k.label,
          k.runs.length > 1
            ? `${k.perSecond.toFixed(0)} (${k.min.toFixed(0)}–${k.max.toFixed(0)})`
            : k.perSecond.toFixed(0),
          Number.isFinite(k.vsOff) ? k.vsOff.toFixed(2) : '–',
          k.serverMsPerMessage.toFixed(2),
          Number.isFinite(k.postgresMsPerMessage) ? k.postgresMsPerMessage.toFixed(2) : '–',
          k.p99 !== undefined ? ms(k.p99) : '–',
          k.subscribers ? `${k.lost} / ${k.duplicated}` : '–',
        ]),
      ),
      '',
      `Every run, in the order run: ${r.throughput.map((t) => `${t.live ? (t.subscribers ? `on/${t.subscribers}` : 'on') : 'off'} ${t.perSecond.toFixed(0)}`).join(', ')}.`,
      '',
    );
  }

  if (r.memory.length) {
    out.push(
      '## Memory',
      '',
      "RSS (VmRSS) of one server process: 2 s after start; then, once the last of the sockets is live (each authenticated, with one subscription, idle), every second for a while. Just after connecting, the heap still holds the garbage of the burst (10,000 handshakes, sessions read, subscriptions executed), and when V8 collects it depends on its heuristics: runs of the same build measured 456 to 581 MiB at 3 s. Once the process is idle V8's memory reducer collects and returns the pages, and RSS settles; the goal is judged on that settled value (the median of the last 5 samples), and per socket is (settled − before) / sockets.",
      '',
      table(
        ['side', 'sockets', 'RSS before', 'after 3 s', 'peak', 'settled', 'per socket', 'failed'],
        r.memory.map((m) => [
          m.target,
          n(m.sockets),
          mib(m.rssBefore),
          mib(m.rssAfter),
          mib(m.rssPeak),
          `${mib(m.rssSettled)} (${m.settleSeconds} s)`,
          `${(m.perSocket / 1024).toFixed(1)} KiB`,
          String(m.failed),
        ]),
      ),
      '',
      ...r.memory.map(
        (m) => `RSS of ${m.target}, MiB a second from 1 s after the sockets were live: ${m.samples.join(' ')}.`,
      ),
      '',
    );
  }

  for (const pr of r.profiles) {
    const who = `server process${pr.target === 'samverka' ? 'es' : ''} (${pr.summary.files} profile${pr.summary.files === 1 ? '' : 's'})`;
    out.push(
      `## Where the time goes: ${pr.target}, ${n(pr.subscribers)} subscribers`,
      '',
      `\`node --cpu-prof\` of the ${who}, cut to a window of the run. This run: p99 ${ms(pr.run.latency.p99)} ms, ${perEventUs(pr.run.cpu.serverMs, pr.run.delivered)} µs per delivered event, connecting in ${(pr.run.connect.ms / 1000).toFixed(1)} s (profiling adds overhead). Self time, attributed to the package of the nearest caller (Node's own code and built-ins count for the package that called them); then the project's own functions with the time spent in them and in what they called (synchronous stacks only: time after an \`await\` counts for the code that resumed).`,
      '',
    );
    for (const [what, s] of [
      ['posting (delivery)', pr.summary],
      ['connecting', pr.connect],
    ] as const) {
      out.push(
        `### ${what}: ${s.busyMs.toFixed(0)} ms busy`,
        '',
        table(
          ['package', 'ms', 'share'],
          s.byPackage.slice(0, 10).map((b) => [b.name, b.ms.toFixed(0), pct(b.share, 1)]),
        ),
        '',
        table(
          ['function (self time)', 'where', 'ms', 'share'],
          s.topFunctions.slice(0, 10).map((f) => [`\`${f.name}\``, `\`${f.where}\``, f.ms.toFixed(0), pct(f.share, 1)]),
        ),
        '',
        table(
          ['own function (with its callees)', 'where', 'ms', 'share'],
          s.topOwnInclusive
            .slice(0, 10)
            .map((f) => [`\`${f.name}\``, `\`${f.where}\``, f.ms.toFixed(0), pct(f.share, 1)]),
        ),
        '',
      );
    }
  }

  const tp = r.throughputProfiles ?? [];
  const off = tp.find((p) => !p.live);
  const ons = tp.filter((p) => p.live).sort((a, b) => a.subscribers - b.subscribers);
  if (off && ons.length) {
    const per = (p: typeof off, name: string) =>
      ((p.summary.byPackage.find((b) => b.name === name)?.ms ?? 0) / Math.max(1, p.posted)).toFixed(2);
    const perMessage = (p: typeof off) => (p.summary.busyMs / Math.max(1, p.posted)).toFixed(2);
    const onLabel = (p: typeof off) => (p.subscribers ? `${n(p.subscribers)} subscribers` : 'nobody subscribed');
    const addedBy = new Map(ons.map((p) => [p, addedByPackage(r, p.subscribers)]));
    const added = (p: typeof off, name: string) => (addedBy.get(p)!.find((a) => a.name === name)?.ms ?? 0).toFixed(2);
    // The packages that add most in any of the runs with delivery on, largest first.
    const names = [
      ...new Set(
        ons
          .flatMap((p) => addedBy.get(p)!.slice(0, 8))
          .sort((a, b) => b.ms - a.ms)
          .map((a) => a.name),
      ),
    ];
    out.push(
      '## Where the time goes: postMessage, delivery off and on',
      '',
      `\`node --cpu-prof\` of the server processes in one more run of each (not counted in the throughput above), cut to the posting window; server CPU per posted message by package (self time, attributed as in the profiles below), and what delivery adds to off. Off: ${perMessage(off)} ms per message over ${n(off.posted)} messages; ${ons.map((p) => `${onLabel(p)}: ${perMessage(p)} ms over ${n(p.posted)}`).join('; ')}.`,
      '',
      table(
        [
          'package',
          'off (ms / message)',
          ...ons.map((p) => `${onLabel(p)} (ms / message)`),
          ...ons.map((p) => `added, ${onLabel(p)}`),
        ],
        names
          .slice(0, 12)
          .map((name) => [name, per(off, name), ...ons.map((p) => per(p, name)), ...ons.map((p) => added(p, name))]),
      ),
      '',
      ...ons.flatMap((p) => [
        table(
          [`own function (with its callees), ${onLabel(p)}`, 'where', 'ms', 'share'],
          p.summary.topOwnInclusive
            .slice(0, 8)
            .map((f) => [`\`${f.name}\``, `\`${f.where}\``, f.ms.toFixed(0), pct(f.share, 1)]),
        ),
        '',
      ]),
    );
  }

  out.push(
    '## How this is measured',
    '',
    '- **One clock.** Send and receipt times are CLOCK_MONOTONIC (`process.hrtime.bigint()`), one system-wide clock that every process reads alike; the run checks it by timing IPC messages from the coordinator to each worker (never negative; this run: min ' +
      `${r.clock.min.toFixed(3)} ms, median ${r.clock.median.toFixed(3)} ms). The CPU profiles stamp their samples with the same clock.`,
    '- **The generator is not the server’s competitor on one thread.** Subscribers are spread over worker processes that speak the graphql-ws protocol over `ws` directly (no client library), and take the receipt time first thing in the frame handler. The sender (one process, no sockets) posts on a fixed schedule over HTTP. Everything shares the machine’s cores with the servers and PostgreSQL: the tables show how busy each part was.',
    '- **Fresh servers for every run** (each size, side and instance count): no warm caches from an earlier run. Samverka’s sockets each authenticate with a session of their own (100 users of 20 member organisations, up to 100 sessions each), created by the server’s SessionService.',
    '- **Compiled, as deployed.** Every server runs as JavaScript compiled ahead of time: Samverka as the bundle `npm start` runs (server/build.ts), the baseline and the floor compiled the same way; none transpiles at run time. Profiles are mapped back to the TypeScript files through the bundles’ source maps.',
    '- **Lost / duplicated** are counted per subscriber for every measured message (Samverka subscribes with `after` = the log’s head, so each must receive every message exactly once); out of order counts a message received after a later one.',
    '- **CPU** is utime + stime from /proc/<pid>/stat before and after the posting window (10 ms resolution), for the server processes and for PostgreSQL (postmaster, its exited and its live backends).',
    '',
  );
  return out.join('\n');
}

/** The README's key tables: the goals and the fan-out latencies, and a link to the whole report. */
function readmeBlock(r: Results): string {
  const m = machine(r);
  return [
    `Latest full run: ${r.startedAt.slice(0, 10)}, ${m.cores} × ${m.cpu}, ${m.ram}, Node ${m.node}, PostgreSQL ${m.postgres}. The whole report, with the method, CPU per event, connecting, instances, throughput, memory and profiles: [test/bench/report/report.md](test/bench/report/report.md).`,
    '',
    ...busyWarning(r, m.cores),
    '![Fan-out latency by subscribers](test/bench/report/latency.svg)',
    '',
    table(['goal', 'measured', ''], goals(r)),
    '',
    table(
      [
        'subscribers',
        'baseline p50 / p95 / p99 (ms)',
        `Samverka ×${r.options.instances} p50 / p95 / p99 (ms)`,
        'p99 vs baseline',
        'Samverka lost / duplicated',
      ],
      pairs(r).map(({ size, base, sv }) => [
        n(size),
        lat(base),
        lat(sv),
        sv && base ? x(sv.latency.p99 / base.latency.p99) : '–',
        sv ? `${sv.lost} / ${sv.duplicated}` : '–',
      ]),
    ),
  ].join('\n');
}

/** Markdown as `npm run check:format` wants it. */
async function pretty(md: string, file: string): Promise<string> {
  return format(md, { ...(await resolveConfig(file)), parser: 'markdown' });
}

export async function writeReport(r: Results, outDir: string): Promise<{ report: string; published?: string }> {
  const durationMin = (Date.now() - Date.parse(r.startedAt)) / 60_000;
  const md = await pretty(markdown(r, durationMin), path.join(root, PUBLISHED, 'report.md'));
  await writeFile(path.join(outDir, 'results.json'), JSON.stringify({ machine: machine(r), ...r }, null, 2));
  await writeFile(path.join(outDir, 'report.md'), md);
  const svgs = charts(r);
  for (const [name, svg] of Object.entries(svgs)) await writeFile(path.join(outDir, name), svg);
  if (!r.options.publish || r.partial) return { report: path.join(outDir, 'report.md') };

  const pub = path.join(root, PUBLISHED);
  await mkdir(pub, { recursive: true });
  for (const f of ['report.md', ...Object.keys(svgs)]) await copyFile(path.join(outDir, f), path.join(pub, f));
  const json = await readFile(path.join(outDir, 'results.json'), 'utf8');
  await writeFile(
    path.join(pub, 'results.json'),
    await format(json, { ...(await resolveConfig(path.join(pub, 'results.json'))), parser: 'json' }),
  );
  const readmePath = path.join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const start = '<!-- bench-report:start -->';
  const end = '<!-- bench-report:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a >= 0 && b > a) {
    const updated = `${readme.slice(0, a + start.length)}\n\n${readmeBlock(r)}\n\n${readme.slice(b)}`;
    await writeFile(readmePath, await pretty(updated, readmePath));
  }
  return { report: path.join(outDir, 'report.md'), published: PUBLISHED };
}
