/**
 * npm run bench:fanout — fan-out latency of live thread events, and write throughput.
 *
 * Samverka: two server processes on one PostgreSQL (embedded, or TEST_DATABASE_URL), subscribers
 * split over both, messages posted at a fixed rate to instance A. Latency is measured from the
 * start of the postMessage request to the receipt of its event by each subscriber (one clock: the
 * clients live in this process). Baseline: the same measurement against a bare graphql-ws server
 * with an in-memory bus (baseline-server.ts). Then postMessage throughput with live delivery on
 * (both instances delivering to subscribers) and off (LIVE_DELIVERY=0: the log is still written).
 *
 * Writes test/bench/results/fanout-<date>.json and .md. Options (env): BENCH_SIZES=100,1000,5000,
 * BENCH_SECONDS=5, BENCH_THROUGHPUT_SECONDS=8.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createDataSource, dropDatabase, ensureDatabase, withDatabase } from '../../server/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/embedded-postgres.js';
import { createLogger } from '../../server/logger.js';
import { MembershipRole } from '../../server/modules/groups/membership.entity.js';
import { GraphQLClient } from '../support/client.js';
import { Factories } from '../support/factories.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').filter(Boolean).map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 8);
const RATE: Record<number, number> = { 100: 20, 1000: 10, 5000: 5 };
const log = createLogger('warn');
const say = (msg: string) => process.stdout.write(`[bench] ${msg}\n`);
const children: ChildProcess[] = [];

function spawnServer(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+\/graphql)/.exec(out);
      if (m) resolve({ url: m[1].replace('localhost', '127.0.0.1'), child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

const stopChild = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGTERM');
  });

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Run {
  target: 'samverka' | 'baseline';
  subscribers: number;
  messages: number;
  ratePerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  lost: number;
  duplicated: number;
}

interface Target {
  wsUrls: string[];
  token?: string;
  subscription: string;
  variables: () => Promise<Record<string, unknown>>;
}

async function fanout(name: Run['target'], t: TargetWithSeq, n: number): Promise<Run> {
  const rate = RATE[n] ?? 5;
  const total = rate * SECONDS;
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  const received: Set<number>[] = [];
  let duplicated = 0;
  let warm = 0;
  let threshold = Number.POSITIVE_INFINITY;
  let onWarm: () => void = () => undefined;
  const warmed = new Promise<void>((r) => (onWarm = r));
  const clients: Client[] = [];
  const variables = await t.variables();
  let expected = 0;
  let done = 0;
  let onDone: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (onDone = r));

  say(`${name}: connecting ${n} subscribers`);
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    received.push(seen);
    let first = true;
    let complete = false;
    const client = createClient({
      url: t.wsUrls[i % t.wsUrls.length],
      webSocketImpl: WebSocket,
      connectionParams: t.token ? { authorization: `Bearer ${t.token}` } : {},
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    client.subscribe<any>(
      { query: t.subscription, variables },
      {
        next: (r) => {
          const now = performance.now();
          const e = r.data?.threadEvents;
          if (!e || e.type !== 'message.posted') return;
          const seq = e.payload.seq as number;
          if (first) {
            first = false;
            if (++warm === n) onWarm();
          }
          // Warm-up messages (up to the threshold) are not measured.
          if (seq <= threshold) return;
          if (seen.has(seq)) duplicated += 1;
          else {
            seen.add(seq);
            const at = sentAt.get(seq);
            if (at !== undefined) latencies.push(now - at);
            if (!complete && seen.size === expected) {
              complete = true;
              if (++done === n) onDone();
            }
          }
        },
        error: () => undefined,
        complete: () => undefined,
      },
    );
    if (i % 250 === 249) await new Promise((r) => setImmediate(r));
  }
  // Warm-up messages prove every subscription is live before measuring.
  const warmPosts: Promise<number>[] = [t.postWithSeq('warm-up')];
  const warmUp = setInterval(() => warmPosts.push(t.postWithSeq('warm-up')), 1000);
  await warmed;
  clearInterval(warmUp);
  threshold = Math.max(...(await Promise.all(warmPosts)));
  say(`${name}: ${n} subscribers live; posting ${total} messages at ${rate}/s`);

  const seqs: number[] = [];
  const postOne = async (i: number) => {
    const started = performance.now();
    const body = JSON.stringify({ i });
    const seq = await t.postWithSeq(body);
    seqs.push(seq);
    sentAt.set(seq, started);
  };
  expected = total;
  const posts: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    posts.push(postOne(i));
    await new Promise((r) => setTimeout(r, 1000 / rate));
  }
  await Promise.all(posts);
  const deadline = new Promise((r) => setTimeout(r, 15_000));
  await Promise.race([allDone, deadline]);
  let lost = 0;
  for (const seen of received) for (const s of seqs) if (!seen.has(s)) lost += 1;
  await Promise.all(clients.map((c) => c.dispose()));
  latencies.sort((a, b) => a - b);
  const r: Run = {
    target: name,
    subscribers: n,
    messages: total,
    ratePerSecond: rate,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    lost,
    duplicated,
  };
  say(
    `${name} N=${n}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, lost ${lost}, duplicated ${duplicated}`,
  );
  return r;
}

interface TargetWithSeq extends Target {
  postWithSeq: (body: string) => Promise<number>;
}

async function throughput(label: string, post: () => Promise<unknown>, concurrency = 16): Promise<number> {
  let count = 0;
  let failures = 0;
  const end = performance.now() + THROUGHPUT_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        try {
          await post();
          count += 1;
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const perSecond = count / THROUGHPUT_SECONDS;
  say(`throughput ${label}: ${perSecond.toFixed(0)} postMessage/s (${failures} failed)`);
  return perSecond;
}

async function main() {
  const started = new Date();
  let embedded: EmbeddedPostgres | undefined;
  let dir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-bench-'));
    embedded = await startEmbeddedPostgres({ dataDir: dir, log, settings: { max_connections: '200' } });
    serverUrl = embedded.url('postgres');
  }
  const dbName = `samverka_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(serverUrl, dbName);
  const url = withDatabase(serverUrl, dbName);
  const db = createDataSource({ url, log });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const serverEnv = (live: boolean) => ({
    DATABASE_URL: url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
    WS_MAX_CONNECTIONS_PER_USER: '10000',
    LIVE_DELIVERY: live ? '1' : '0',
    NODE_ENV: 'production',
  });
  const results: { runs: Run[]; throughput: { liveOnNoSubscribers: number; liveOn: number; liveOff: number } } = {
    runs: [],
    throughput: { liveOnNoSubscribers: 0, liveOn: 0, liveOff: 0 },
  };

  try {
    say('starting Samverka instances A and B');
    let [a, b] = await Promise.all([
      spawnServer('server/main.ts', serverEnv(true)),
      spawnServer('server/main.ts', serverEnv(true)),
    ]);
    const factories = new Factories(db, a.url);
    const coordinator = await factories.user();
    const { createBuyerGroup } = await coordinator.client.ok(
      `mutation { createBuyerGroup(input: { name: "Benk", focusArea: TRANSPORT }) { id generalThread { id } } }`,
    );
    const member = await factories.user();
    await factories.membership({ id: createBuyerGroup.id } as never, member.organisation, MembershipRole.MEMBER);
    const threadId = createBuyerGroup.generalThread.id as string;
    const head = async () => String((await db.query(`SELECT coalesce(max(id), 0) AS id FROM event`))[0].id);
    const poster = (base: string) => new GraphQLClient(base, coordinator.token);
    const samverkaPost = async (base: string, body: string) => {
      const { postMessage } = await poster(base).ok<{ postMessage: { seq: number } }>(
        `mutation($input: PostMessageInput!) { postMessage(input: $input) { seq } }`,
        { input: { threadId, body, idempotencyKey: randomUUID() } },
      );
      return postMessage.seq;
    };
    const samverka: TargetWithSeq = {
      wsUrls: [a.url, b.url].map((u) => u.replace(/^http/, 'ws')),
      token: member.token,
      subscription: `subscription($t: ID!, $after: ID) { threadEvents(threadId: $t, after: $after) { id type payload } }`,
      variables: async () => ({ t: threadId, after: await head() }),
      postWithSeq: (body) => samverkaPost(a.url, body),
    };

    say('starting the baseline server');
    const baseline = await spawnServer('test/bench/baseline-server.ts', {});
    const baselinePost = async (body: string) => {
      const res = await fetch(baseline.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation($b: String!) { postMessage(body: $b) }`, variables: { b: body } }),
      });
      return ((await res.json()) as { data: { postMessage: number } }).data.postMessage;
    };
    const base: TargetWithSeq = {
      wsUrls: [baseline.url.replace(/^http/, 'ws')],
      subscription: `subscription { threadEvents { id type payload { seq } } }`,
      variables: async () => ({}),
      postWithSeq: baselinePost,
    };

    for (const n of SIZES) {
      results.runs.push(await fanout('baseline', base, n));
      results.runs.push(await fanout('samverka', samverka, n));
    }
    // Throughput runs alone on the machine: no fan-out load left over from the runs above.
    await stopChild(baseline.child);

    say('throughput with live delivery on, nobody subscribed (the delivery machinery alone)');
    results.throughput.liveOnNoSubscribers = await throughput('live delivery on, no subscribers', () =>
      samverkaPost(a.url, 'x'),
    );
    say('throughput with live delivery on (both instances, 100 subscribers attached)');
    const subs: Client[] = [];
    const vars = await samverka.variables();
    for (let i = 0; i < 100; i++) {
      const c = createClient({
        url: samverka.wsUrls[i % 2],
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${member.token}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
      });
      c.subscribe(
        { query: samverka.subscription, variables: vars },
        { next: () => undefined, error: () => undefined, complete: () => undefined },
      );
      subs.push(c);
    }
    results.throughput.liveOn = await throughput('live delivery on', () => samverkaPost(a.url, 'x'));
    await Promise.all(subs.map((c) => c.dispose()));
    await Promise.all([stopChild(a.child), stopChild(b.child)]);

    say('throughput with live delivery off');
    [a, b] = await Promise.all([
      spawnServer('server/main.ts', serverEnv(false)),
      spawnServer('server/main.ts', serverEnv(false)),
    ]);
    results.throughput.liveOff = await throughput('live delivery off', () => samverkaPost(a.url, 'x'));
    await Promise.all([stopChild(a.child), stopChild(b.child)]);
  } finally {
    for (const c of children) await stopChild(c);
    await db.destroy();
    await dropDatabase(serverUrl, dbName).catch(() => undefined);
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, PostgreSQL ${embedded ? '18 (embedded)' : '(TEST_DATABASE_URL)'}`;
  const rows = SIZES.map((n) => {
    const sv = results.runs.find((r) => r.target === 'samverka' && r.subscribers === n)!;
    const bl = results.runs.find((r) => r.target === 'baseline' && r.subscribers === n)!;
    const ratio = sv.p99 / bl.p99;
    return `| ${n} | ${sv.messages} at ${sv.ratePerSecond}/s | ${bl.p50.toFixed(1)} / ${bl.p95.toFixed(1)} / ${bl.p99.toFixed(1)} | ${sv.p50.toFixed(1)} / ${sv.p95.toFixed(1)} / ${sv.p99.toFixed(1)} | ${ratio.toFixed(2)}× ${ratio <= 1.5 ? '(goal met)' : '(goal: ≤ 1.5×)'} | ${sv.lost} / ${sv.duplicated} |`;
  });
  const t = results.throughput;
  const md = [
    `Fan-out benchmark, ${started.toISOString().slice(0, 10)}, ${machine}.`,
    '',
    '| subscribers | messages | baseline p50 / p95 / p99 (ms) | Samverka p50 / p95 / p99 (ms) | p99 vs baseline | lost / duplicated |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `postMessage throughput (16 concurrent clients, ${THROUGHPUT_SECONDS} s each):`,
    '',
    '| live delivery | postMessage/s | vs off |',
    '|---|---|---|',
    `| off (LIVE_DELIVERY=0) | ${t.liveOff.toFixed(0)} | 1.00 |`,
    `| on, nobody subscribed | ${t.liveOnNoSubscribers.toFixed(0)} | ${(t.liveOnNoSubscribers / t.liveOff).toFixed(2)} |`,
    `| on, 100 subscribers receiving every message | ${t.liveOn.toFixed(0)} | ${(t.liveOn / t.liveOff).toFixed(2)} |`,
  ].join('\n');
  const out = path.join(root, 'test/bench/results');
  await mkdir(out, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  await writeFile(path.join(out, `fanout-${stamp}.json`), JSON.stringify({ machine, started, ...results }, null, 2));
  await writeFile(path.join(out, `fanout-${stamp}.md`), `${md}\n`);
  process.stdout.write(`\n${md}\n\nResults in test/bench/results/fanout-${stamp}.{json,md}\n`);
}

main().catch(async (err) => {
  console.error(err);
  for (const c of children) await stopChild(c);
  process.exit(1);
});
