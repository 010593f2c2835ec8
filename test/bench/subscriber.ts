/**
 * A subscriber worker of the benchmark (a child process; the coordinator forks several). It owns a
 * share of the subscriber sockets and speaks the graphql-ws protocol (`graphql-transport-ws`) over
 * `ws` directly: no client library, no retry logic, one JSON.parse per frame. A receipt's time is
 * taken first thing in the frame handler, on the clock the sender uses (./lib/clock.ts).
 *
 * It measures nothing itself until told what was sent: it records (seq, time) per socket, and on
 * `finish` turns them into latencies and lost / duplicated / out-of-order counts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { now } from './lib/clock.js';
import type { ConnectResult, FinishResult, FromWorker, Progress, SocketTarget, ToWorker } from './lib/protocol.js';

const ACK_TIMEOUT_MS = 60_000;

interface Sub {
  ws: WebSocket;
  /** Seqs of the message events received, in order of receipt, and their receipt times. */
  seqs: number[];
  times: number[];
  seen: Set<number>;
  live: boolean;
  open: boolean;
  /** Expected seqs received (after `expect`). */
  got: number;
  complete: boolean;
}

const send = (m: FromWorker) => process.send?.(m);
let subs: Sub[] = [];
let closingAll = false;
let acked = 0;
let failed = 0;
let live = 0;
let received = 0;
let ended = 0;
const endReasons: Record<string, number> = {};
const failures: Record<string, number> = {};
let connecting = false;
let sentLive = false;
let goneBeforeLive = 0;
let expected: Set<number> | undefined;
let expectId: number | undefined;
let markedAt = now();
let markedCpu = process.cpuUsage();
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

const count = (into: Record<string, number>, reason: string) => (into[reason] = (into[reason] ?? 0) + 1);

function checkDone() {
  if (expectId === undefined || !expected) return;
  if (subs.every((s) => s.complete || !s.open)) {
    send({ id: expectId, ok: true });
    expectId = undefined;
  }
}

/** Tells the coordinator once every socket is up and has received an event (its subscription is live). */
function checkLive(at: number) {
  if (sentLive || connecting) return;
  // A socket closed after its ack and before any event will never be live: not waited for.
  if (live + goneBeforeLive >= acked) {
    sentLive = true;
    send({ event: 'live', at });
  }
}

function onEvent(sub: Sub, seq: number, at: number) {
  received += 1;
  sub.seqs.push(seq);
  sub.times.push(at);
  if (!sub.live) {
    sub.live = true;
    live += 1;
    checkLive(at);
  }
  if (sub.seen.has(seq)) return;
  sub.seen.add(seq);
  if (expected?.has(seq) && !sub.complete && ++sub.got === expected.size) {
    sub.complete = true;
    checkDone();
  }
}

function connect(targets: SocketTarget[], query: string, variables: Record<string, unknown>, concurrency: number) {
  const subscribe = JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } });
  let next = 0;
  let inFlight = 0;
  connecting = true;
  sentLive = false;
  return new Promise<ConnectResult>((resolve) => {
    const pump = () => {
      while (inFlight < concurrency && next < targets.length) {
        inFlight += 1;
        open(targets[next++]);
      }
      if (acked + failed === targets.length && connecting) {
        connecting = false;
        resolve({ acked, failed, failures });
        checkLive(now());
      }
    };
    const open = (t: SocketTarget) => {
      // No compression (the servers offer none) and no UTF-8 check of each frame: less work per receipt.
      const ws = new WebSocket(t.url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
      const sub: Sub = { ws, seqs: [], times: [], seen: new Set(), live: false, open: true, got: 0, complete: false };
      subs.push(sub);
      // A handshake slot is held from opening the socket to its connection_ack (authentication included).
      let settled = false;
      const settle = (ok: boolean, reason?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        inFlight -= 1;
        if (ok) acked += 1;
        else {
          failed += 1;
          count(failures, reason ?? 'unknown');
        }
        pump();
      };
      // A server that never answers the handshake must not hold the run: the socket counts as failed.
      const timeout = setTimeout(() => {
        if (settled) return;
        settle(false, `no connection_ack within ${ACK_TIMEOUT_MS / 1000} s`);
        ws.terminate();
      }, ACK_TIMEOUT_MS);
      ws.on('open', () => {
        const payload = t.token ? { authorization: `Bearer ${t.token}` } : {};
        ws.send(JSON.stringify({ type: 'connection_init', payload }));
      });
      ws.on('message', (data: Buffer) => {
        const at = now();
        const msg = JSON.parse(data.toString());
        switch (msg.type) {
          case 'next': {
            const e = msg.payload?.data?.threadEvents;
            if (e?.type === 'message.posted') onEvent(sub, Number(e.payload.seq), at);
            else if (msg.payload?.errors) {
              ended += 1;
              count(endReasons, `error ${msg.payload.errors[0]?.extensions?.code ?? msg.payload.errors[0]?.message}`);
            }
            break;
          }
          case 'connection_ack':
            ws.send(subscribe);
            settle(true);
            break;
          case 'ping':
            ws.send('{"type":"pong"}');
            break;
          case 'error':
            ended += 1;
            count(endReasons, `error ${msg.payload?.[0]?.extensions?.code ?? msg.payload?.[0]?.message}`);
            break;
          case 'complete':
            ended += 1;
            count(endReasons, 'completed by the server');
            break;
        }
      });
      ws.on('error', (err) => settle(false, `socket error: ${err.message}`));
      ws.on('close', (code: number, reason: Buffer) => {
        sub.open = false;
        const wasUp = settled;
        settle(false, `closed ${code} ${reason.toString()}`);
        if (!closingAll && wasUp) {
          ended += 1;
          count(endReasons, `closed ${code} ${reason.toString()}`);
          if (!sub.live) {
            goneBeforeLive += 1;
            checkLive(now());
          }
        }
        checkDone();
      });
    };
    pump();
  });
}

function finish(sent: [number, number][]): FinishResult {
  const sentAt = new Map(sent);
  const latencies = new Float64Array(subs.length * sent.length);
  let n = 0;
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const sub of subs) {
    const firstAt = new Map<number, number>();
    let last = -Infinity;
    for (let i = 0; i < sub.seqs.length; i++) {
      const seq = sub.seqs[i];
      if (firstAt.has(seq)) duplicated += 1;
      else firstAt.set(seq, sub.times[i]);
      if (seq < last) outOfOrder += 1;
      last = Math.max(last, seq);
    }
    for (const [seq, at] of sentAt) {
      const t = firstAt.get(seq);
      if (t === undefined) lost += 1;
      else latencies[n++] = t - at;
    }
  }
  const cpu = process.cpuUsage(markedCpu);
  return {
    latencies: latencies.slice(0, n),
    lost,
    duplicated,
    outOfOrder,
    ended,
    endReasons,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: now() - markedAt,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

async function closeAll(): Promise<void> {
  closingAll = true;
  const closing = subs.map(
    (s) =>
      new Promise<void>((resolve) => {
        if (s.ws.readyState === WebSocket.CLOSED) return resolve();
        s.ws.once('close', () => resolve());
        s.ws.close(1000);
      }),
  );
  const timeout = setTimeout(() => subs.forEach((s) => s.ws.terminate()), 5000);
  await Promise.all(closing);
  clearTimeout(timeout);
  subs = [];
  closingAll = false;
  acked = failed = live = received = ended = goneBeforeLive = 0;
  for (const r of [endReasons, failures]) for (const k of Object.keys(r)) delete r[k];
  expected = undefined;
  expectId = undefined;
}

const progress = (): Progress => ({ sockets: subs.length, acked, failed, live, received });
const ticker = setInterval(() => {
  if (subs.length) send({ event: 'progress', progress: progress() });
}, 1000);
ticker.unref();

process.on('message', (m: ToWorker) => {
  const reply = (result?: unknown) => send({ id: m.id, ok: true, result });
  const fail = (err: unknown) => send({ id: m.id, ok: false, error: String((err as Error)?.stack ?? err) });
  try {
    switch (m.cmd) {
      case 'connect':
        connect(m.targets, m.query, m.variables, m.concurrency).then(reply, fail);
        break;
      case 'mark':
        markedAt = now();
        markedCpu = process.cpuUsage();
        loopDelay.reset();
        reply();
        break;
      case 'expect':
        expected = new Set(m.seqs);
        for (const s of subs) {
          s.got = m.seqs.filter((seq) => s.seen.has(seq)).length;
          s.complete = s.got === expected.size;
        }
        expectId = m.id;
        checkDone();
        break;
      case 'finish':
        reply(finish(m.sent));
        break;
      case 'close':
        closeAll().then(() => reply(), fail);
        break;
      case 'clock':
        reply(now() - m.at);
        break;
    }
  } catch (err) {
    fail(err);
  }
});
// The coordinator is gone (stopped, or killed): a worker never outlives it.
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
