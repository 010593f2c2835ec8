/**
 * The benchmark's own machinery (test/bench/), so its "0 lost, 0 duplicated" and its latencies can
 * be trusted: a scripted graphql-ws server sends chosen frames to subscriber sockets in a real
 * worker process, and the counts must come out exactly. Also the CPU-profile summary (cut to a
 * window, attributed to packages) and the charts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { now, percentile } from './bench/lib/clock.js';
import { summariseProfiles } from './bench/lib/profile.js';
import { barChart, lineChart } from './bench/lib/svg.js';
import { Workers } from './bench/lib/workers.js';

/** A graphql-ws server whose events the test sends by hand, to the sockets in the order they subscribed. */
function scriptedServer() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const subscribed: WebSocket[] = [];
  const inits: unknown[] = [];
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === 'connection_init') {
        inits.push(msg.payload);
        socket.send(JSON.stringify({ type: 'connection_ack' }));
      } else if (msg.type === 'subscribe') subscribed.push(socket);
    });
  });
  const event = (seq: number) =>
    JSON.stringify({
      id: '1',
      type: 'next',
      payload: { data: { threadEvents: { id: String(seq), type: 'message.posted', payload: { seq } } } },
    });
  return {
    url: () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`,
    subscribed,
    inits,
    send: (socket: WebSocket, seqs: number[]) => seqs.forEach((s) => socket.send(event(s))),
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

describe('the benchmark harness', () => {
  let workers: Workers;
  let server: ReturnType<typeof scriptedServer>;

  beforeAll(() => {
    workers = new Workers(2);
    server = scriptedServer();
  });
  afterAll(async () => {
    await workers.stop();
    await server.close();
  });

  it('workers read the coordinator’s clock: an IPC trip is never negative', async () => {
    const c = await workers.clockCheck(5);
    expect(c.min).toBeGreaterThanOrEqual(0);
    expect(c.max).toBeLessThan(60_000);
  });

  it('counts every lost, duplicated and out-of-order receipt, and measures from the send time', async () => {
    const live = workers.whenLive();
    const sockets = [
      { url: server.url(), token: 'a-session' },
      { url: server.url(), token: 'b-session' },
      { url: server.url(), token: 'c-session' },
    ];
    const connected = await workers.connect(sockets, 'subscription { threadEvents { id } }', {}, 10);
    expect(connected).toEqual({ acked: 3, failed: 0, failures: {} });
    expect(server.inits).toEqual(
      expect.arrayContaining(['a', 'b', 'c'].map((s) => ({ authorization: `Bearer ${s}-session` }))),
    );
    await vi.waitFor(() => expect(server.subscribed).toHaveLength(3));

    // Message 0 is a warm-up (not measured); 1..5 are measured.
    const sentAt = now();
    const [a, b, c] = server.subscribed;
    server.send(a, [0, 1, 2, 2, 4, 3]); // 5 lost, 2 duplicated, 3 after 4
    server.send(b, [0, 1, 2, 3, 4, 5]); // complete
    server.send(c, [0, 5, 1]); // 2, 3, 4 lost; 1 after 5
    const liveAt = await live;
    expect(liveAt).toBeGreaterThanOrEqual(sentAt);
    await vi.waitFor(() => expect(workers.status().received).toBe(15), { timeout: 5000, interval: 100 });

    const sent: [number, number][] = [1, 2, 3, 4, 5].map((seq) => [seq, sentAt]);
    const r = await workers.finish(sent);
    expect({ lost: r.lost, duplicated: r.duplicated, outOfOrder: r.outOfOrder, ended: r.ended }).toEqual({
      lost: 4,
      duplicated: 1,
      outOfOrder: 2,
      ended: 0,
    });
    // a: 1-4, b: 1-5, c: 1 and 5.
    expect(r.latencies).toHaveLength(11);
    expect(Math.min(...r.latencies)).toBeGreaterThanOrEqual(0);
    await workers.close();
  });

  it('waits for a message set only on the sockets still open, and counts a socket the server closed', async () => {
    server.subscribed.length = 0;
    const sockets = [{ url: server.url() }, { url: server.url() }];
    await workers.connect(sockets, 'subscription { threadEvents { id } }', {}, 10);
    await vi.waitFor(() => expect(server.subscribed).toHaveLength(2));
    const [a, b] = server.subscribed;
    server.send(a, [7, 8]);
    server.send(b, [7]);
    b.close(4403, 'Session ended');
    await workers.expect([7, 8]);
    const r = await workers.finish([
      [7, now()],
      [8, now()],
    ]);
    expect(r.lost).toBe(1);
    expect(r.ended).toBe(1);
    expect(r.endReasons).toEqual({ 'closed 4403 Session ended': 1 });
    await workers.close();
  });
});

describe('the CPU profile summary', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bench-profile-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps the samples inside the window and counts built-ins for the package that called them', async () => {
    const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
      id,
      callFrame: { functionName, url, lineNumber: 0 },
      children,
    });
    const profile = {
      nodes: [
        frame(1, '(root)', '', [2, 5, 6]),
        frame(2, 'send', 'file:///app/node_modules/ws/lib/sender.js', [3]),
        frame(3, 'writeGeneric', 'node:net', [4]),
        frame(4, 'writev', ''),
        frame(5, 'execute', 'file:///app/node_modules/graphql/execution/execute.js'),
        frame(6, '(idle)', ''),
      ],
      // Samples every 1,000 µs from 10,000,000 µs (10 s on the run's clock).
      startTime: 10_000_000,
      endTime: 10_010_000,
      samples: [4, 4, 5, 6, 4, 5, 5, 4, 4, 4],
      timeDeltas: Array.from({ length: 10 }, () => 1000),
    };
    await writeFile(path.join(dir, 'CPU.20260101.000000.1.0.001.cpuprofile'), JSON.stringify(profile));
    // tsx's loader thread: not the server's work.
    await writeFile(path.join(dir, 'CPU.20260101.000000.1.1.002.cpuprofile'), JSON.stringify(profile));

    // Sample i is at 10,000 + (i + 1) ms: the window holds samples 3..7 (idle, writev, execute, execute, writev).
    const s = await summariseProfiles(dir, 10_003.5, 10_008.5);
    expect(s.files).toBe(1);
    expect(s.samples).toBe(5);
    expect(s.byPackage.map((p) => [p.name, p.ms])).toEqual([
      ['ws', 2],
      ['graphql', 2],
    ]);
    expect(s.busyMs).toBe(4);
  });
});

describe('the report’s pieces', () => {
  it('takes nearest-rank percentiles', () => {
    const v = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(v, 50), percentile(v, 95), percentile(v, 99), percentile(v, 100)]).toEqual([50, 95, 99, 100]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('draws charts with gaps for missing values and no NaN in the drawing', () => {
    const line = lineChart({
      title: 'p99 <by> size',
      xLabel: 'subscribers',
      yLabel: 'ms',
      log: true,
      categories: ['100', '1,000', '5,000'],
      series: [{ name: 'a', values: [5, undefined, 300], color: '#000' }],
    });
    expect(line).toContain('p99 &lt;by&gt; size');
    expect(line).not.toContain('NaN');
    // The gap splits the line: two points, no polyline joining them.
    expect(line.match(/<circle/g)).toHaveLength(2);
    expect(line).not.toContain('<polyline');
    const bars = barChart({
      title: 't',
      xLabel: '',
      yLabel: '/s',
      categories: ['off', 'on'],
      series: [{ name: 's', values: [250, 240], color: '#000' }],
    });
    expect(bars.match(/<rect x=/g)).toHaveLength(2 + 1); // two bars and the legend's swatch
    expect(bars).not.toContain('NaN');
  });
});
