/**
 * npm run bench — every benchmark of the real-time path, and the report.
 *
 *   fanout      latency p50/p95/p99, server CPU per delivered event, lost/duplicated, and connect
 *               time, at each BENCH_SIZES, for the floor (the same bytes written to every socket),
 *               the bare graphql-ws baseline, and Samverka over 2 instances on one PostgreSQL
 *   instances   the same with 1, 2 and 4 Samverka instances at BENCH_INSTANCE_SIZES
 *   throughput  postMessage/s with live delivery off, on with nobody subscribed, on with 100
 *               subscribers receiving every message
 *   memory      RSS of one instance before and after 10,000 authenticated sockets with a subscription
 *               each (and of the baseline)
 *   profile     a fan-out run of each side under `node --cpu-prof`, cut to the measured window
 *
 * Subscribers live in worker processes (./subscriber.ts), not in this one, so the measuring side
 * stays light; the report says how busy they were. Everything this starts is stopped on SIGINT,
 * SIGTERM, an error or the time limit (./lib/processes.ts). Settings: ./lib/options.ts.
 */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { sleep } from './lib/clock.js';
import { fanout, throughput, connectAll, type FanoutResult, type ThroughputResult } from './lib/fanout.js';
import { options as o, rateFor } from './lib/options.js';
import {
  installStopHandlers,
  isStopping,
  machineBusyMs,
  onCleanup,
  root,
  rssBytes,
  say,
  shutdown,
} from './lib/processes.js';
import { summariseProfiles, type ProfileSummary } from './lib/profile.js';
import { writeReport, type MemoryResult, type Results } from './lib/report.js';
import { startBaseline, startFloor, startSamverka, type Running } from './lib/targets.js';
import { Workers } from './lib/workers.js';
import { openDatabase, populate, roundTrips } from './lib/world.js';

async function main() {
  installStopHandlers(o.timeLimitMinutes);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.join(root, 'test/bench/results', `${o.quick ? 'quick-' : ''}${stamp}`);
  await mkdir(outDir, { recursive: true });
  say(
    `${o.quick ? 'quick' : 'full'} run: ${o.parts.join(', ')}; sizes ${o.sizes.join(', ')}; ` +
      `${o.workers} subscriber workers; time limit ${o.timeLimitMinutes} min; results in ${path.relative(root, outDir)}`,
  );

  const busyBefore = machineBusyMs();
  await sleep(1000);
  const othersCores = (machineBusyMs() - busyBefore) / 1000;
  if (othersCores > 0.25) {
    say(
      `warning: the machine is busy (${othersCores.toFixed(1)} of ${cpus().length} cores in use before the run started); the numbers will say more about that load than about the servers`,
    );
  }

  const workers = new Workers(o.workers);
  const clock = await workers.clockCheck();
  say(
    `clock check: coordinator -> worker IPC trip min ${clock.min.toFixed(3)} ms, median ${clock.median.toFixed(3)} ms (never negative: one clock)`,
  );
  if (clock.min < 0) throw new Error('the workers do not share the coordinator clock');

  say('starting PostgreSQL and the bench database');
  const base = await openDatabase();
  const need = Math.max(
    ...(o.parts.includes('fanout') ? o.sizes : []),
    ...(o.parts.includes('instances') ? o.instanceSizes : []),
    o.parts.includes('memory') ? o.memorySockets : 0,
    o.parts.includes('throughput') ? o.throughputSubscribers : 0,
    o.parts.includes('profile') ? o.profileSize : 0,
  );
  const setup = await startSamverka({ ...base, groupId: '', threadId: '', posterToken: '', tokens: [] }, 1);
  const world = await populate(base, setup.servers[0].url, need);
  await setup.stop();
  say(`PostgreSQL ${world.postgresVersion}${world.embedded ? ' (embedded)' : ''}; ${need} sessions ready`);
  const trips = await roundTrips(world.url);
  say(
    `a round trip to PostgreSQL: ${trips.backToBackMs.toFixed(2)} ms back to back, ${trips.afterIdleMs.toFixed(2)} ms after ${trips.idleMs} ms idle`,
  );

  const common = {
    connectConcurrency: o.connectConcurrency,
    drainSeconds: o.drainSeconds,
    postmasterPid: world.postmasterPid,
  };
  const results: Results = {
    startedAt: startedAt.toISOString(),
    options: o,
    postgresVersion: world.postgresVersion,
    embeddedPostgres: world.embedded,
    roundTrips: trips,
    clock,
    fanout: [],
    instances: [],
    throughput: [],
    memory: [],
    profiles: [],
    throughputProfiles: [],
  };
  // Interrupted or out of time: what was measured is still written (never published), then the rest stops.
  let reported = false;
  onCleanup('partial report', async () => {
    if (reported) return;
    reported = true;
    const written = await writeReport({ ...results, partial: true }, outDir);
    say(`partial report of what was measured: ${path.relative(root, written.report)}`);
  });
  const run = async (start: () => Promise<Running>, n: number, label: string): Promise<FanoutResult> => {
    const target = await start();
    try {
      const messages = Math.max(1, Math.round(rateFor(n) * o.seconds));
      return await fanout(workers, target, { ...common, label, subscribers: n, rate: rateFor(n), messages });
    } finally {
      await target.stop();
    }
  };

  if (o.parts.includes('fanout')) {
    for (const n of o.sizes) {
      say(`— fan-out to ${n} subscribers`);
      if (o.targets.includes('floor')) results.fanout.push(await run(() => startFloor(), n, `floor N=${n}`));
      if (o.targets.includes('baseline')) results.fanout.push(await run(() => startBaseline(), n, `baseline N=${n}`));
      if (o.targets.includes('samverka')) {
        results.fanout.push(await run(() => startSamverka(world, o.instances), n, `Samverka ×${o.instances} N=${n}`));
      }
    }
  }

  if (o.parts.includes('instances')) {
    for (const n of o.instanceSizes) {
      for (const k of o.instanceCounts) {
        const done = results.fanout.find((r) => r.target === 'samverka' && r.instances === k && r.subscribers === n);
        if (done) {
          results.instances.push(done);
          continue;
        }
        say(`— ${k} instance(s), ${n} subscribers`);
        results.instances.push(await run(() => startSamverka(world, k), n, `Samverka ×${k} N=${n}`));
      }
      if (!results.fanout.some((r) => r.target === 'baseline' && r.subscribers === n)) {
        results.instances.push(await run(() => startBaseline(), n, `baseline N=${n}`));
      }
    }
  }

  if (o.parts.includes('throughput')) {
    const t = async (
      label: string,
      live: boolean,
      subscribers: number,
      profileDir?: string,
    ): Promise<ThroughputResult> => {
      say(`— throughput: ${label}${profileDir ? ' (profiled)' : ''}`);
      const target = await startSamverka(world, o.instances, { live, profileDir });
      try {
        return await throughput(workers, target, {
          ...common,
          label,
          live,
          subscribers,
          seconds: o.throughputSeconds,
          concurrency: o.throughputConcurrency,
        });
      } finally {
        await target.stop();
      }
    };
    // Rounds of the three, each starting with another of them: one run differs from the next by
    // 15% here (the log and the tables grow, the machine is shared), so each is judged on the
    // median of its rounds and the report shows the spread.
    const kinds = [
      ['live delivery off (LIVE_DELIVERY=0)', false, 0],
      ['live delivery on, nobody subscribed', true, 0],
      [`live delivery on, ${o.throughputSubscribers} subscribers`, true, o.throughputSubscribers],
    ] as const;
    // A round first that counts for nothing: the first runs after the set-up measured up to a
    // third below the rest, whichever kind they were (one report's first round: 363, 361 and 200,
    // against 429 to 565 and 257 to 280 after).
    for (const [label, live, subscribers] of kinds) await t(`${label} (warm-up, not counted)`, live, subscribers);
    for (let round = 0; round < o.throughputRounds; round++) {
      for (let i = 0; i < kinds.length; i++) {
        const [label, live, subscribers] = kinds[(i + round) % kinds.length];
        results.throughput.push({ ...(await t(label, live, subscribers)), round: round + 1 });
      }
    }
    // Each once more, profiled (not counted above: profiling slows a server), to show where the
    // CPU that delivery adds to each message goes.
    if (o.parts.includes('profile')) {
      for (const [label, live, subscribers] of kinds) {
        const dir = path.join(outDir, 'profiles', `throughput-${live ? `on-${subscribers}` : 'off'}`);
        const r = await t(label, live, subscribers, dir);
        results.throughputProfiles!.push({
          label,
          live,
          subscribers,
          posted: r.posted,
          summary: await summariseProfiles(dir, r.cpu.from, r.cpu.to),
        });
      }
    }
  }

  if (o.parts.includes('memory')) {
    const measure = async (target: Running): Promise<MemoryResult> => {
      try {
        const pid = target.servers[0].pid;
        await sleep(2000);
        const before = rssBytes(pid);
        const label = `memory ${target.name}`;
        const connect = await connectAll(workers, target, o.memorySockets, o.connectConcurrency, label);
        const samples: number[] = [];
        let after = 0;
        for (let s = 1; s <= Math.max(5, o.memorySettleSeconds); s++) {
          await sleep(1000);
          samples.push(rssBytes(pid));
          if (s === 3) after = samples[2];
        }
        const settled = [...samples.slice(-5)].sort((a, b) => a - b)[2];
        await workers.close();
        const r: MemoryResult = {
          target: target.name,
          sockets: o.memorySockets,
          rssBefore: before,
          rssAfter: after,
          rssPeak: Math.max(...samples),
          rssSettled: settled,
          settleSeconds: samples.length,
          samples: samples.map((b) => Math.round(b / 2 ** 20)),
          perSocket: (settled - before) / o.memorySockets,
          failed: connect.failed,
          allLive: connect.allLive,
        };
        say(
          `${label}: RSS ${(before / 2 ** 20).toFixed(0)} MiB -> ${(after / 2 ** 20).toFixed(0)} MiB 3 s after ${o.memorySockets} sockets, settled at ${(settled / 2 ** 20).toFixed(0)} MiB after ${samples.length} s idle, ${(r.perSocket / 1024).toFixed(1)} KiB each`,
        );
        return r;
      } finally {
        await target.stop();
      }
    };
    say(`— memory: ${o.memorySockets} idle authenticated sockets with a subscription each, one instance`);
    results.memory.push(await measure(await startSamverka(world, 1)));
    results.memory.push(await measure(await startBaseline()));
  }

  if (o.parts.includes('profile')) {
    const n = o.profileSize;
    for (const side of ['baseline', 'samverka'] as const) {
      say(`— CPU profile: ${side}, ${n} subscribers`);
      const dir = path.join(outDir, 'profiles', side);
      const r = await run(
        () =>
          side === 'baseline'
            ? startBaseline({ profileDir: dir })
            : startSamverka(world, o.instances, { profileDir: dir }),
        n,
        `profile ${side} N=${n}`,
      );
      const summary: ProfileSummary = await summariseProfiles(dir, r.cpu.from, r.cpu.to);
      const connect: ProfileSummary = await summariseProfiles(dir, r.connect.from, r.connect.to);
      results.profiles.push({ target: side, subscribers: n, run: r, summary, connect });
    }
  }

  await workers.close().catch(() => undefined);
  reported = true;
  const written = await writeReport(results, outDir);
  say(
    `report: ${path.relative(root, written.report)}${written.published ? `; published to ${written.published}` : ''}`,
  );
  await shutdown('done', 0);
}

main().catch(async (err: Error) => {
  // Stopping (a signal, the time limit) ends the workers under a waiting command: not an error of its own.
  if (isStopping()) return;
  console.error(err);
  await shutdown(`error: ${err.message}`, 1);
});
