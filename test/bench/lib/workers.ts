/**
 * The subscriber workers, seen from the coordinator: N child processes (./subscriber.ts), each
 * owning every N-th subscriber socket. Commands go to all of them; their answers are combined.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { now, percentile } from './clock.js';
import { root, track } from './processes.js';
import type { ConnectResult, FinishResult, FromWorker, Progress, SocketTarget, ToWorker } from './protocol.js';

type Command = ToWorker extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface Combined {
  latencies: Float64Array;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  ended: number;
  endReasons: Record<string, number>;
  /** The workers' CPU use over the window, as a share of one core each (max of them). */
  workerCpuMaxShare: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export class Workers {
  private readonly procs: ChildProcess[] = [];
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly progress: Progress[] = [];
  private nextId = 1;
  private liveAt: (number | undefined)[] = [];
  private onLive?: (at: number) => void;

  constructor(readonly count: number) {
    for (let i = 0; i < count; i++) {
      const child = track(
        fork(path.join(root, 'test/bench/subscriber.ts'), [], {
          execArgv: ['--import', 'tsx'],
          // Structured clone: latencies cross as Float64Arrays, not JSON text.
          serialization: 'advanced',
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      this.progress.push({ sockets: 0, acked: 0, failed: 0, live: 0, received: 0 });
      child.on('message', (m: FromWorker) => {
        if ('event' in m) {
          if (m.event === 'progress') this.progress[i] = m.progress;
          else if (m.event === 'live') {
            this.liveAt[i] = m.at;
            if (this.liveAt.every((t) => t !== undefined)) this.onLive?.(Math.max(...(this.liveAt as number[])));
          }
          return;
        }
        const w = this.waiting.get(m.id);
        if (!w) return;
        if (m.ok) w.resolve(m.result);
        else w.reject(new Error(`subscriber worker ${i}: ${m.error}`));
      });
      child.on('exit', (code, signal) => {
        for (const w of this.waiting.values()) w.reject(new Error(`subscriber worker ${i} exited (${code ?? signal})`));
      });
      this.procs.push(child);
    }
  }

  /** Sends a command to worker `i` (or to all) and resolves with the answers. */
  private ask<T>(cmd: Command | ((i: number) => Command)): Promise<T[]> {
    return Promise.all(
      this.procs.map((p, i) => {
        const id = this.nextId++;
        const c = typeof cmd === 'function' ? cmd(i) : cmd;
        return new Promise<T>((resolve, reject) => {
          this.waiting.set(id, {
            resolve: (v) => {
              this.waiting.delete(id);
              resolve(v as T);
            },
            reject: (e) => {
              this.waiting.delete(id);
              reject(e);
            },
          });
          p.send({ ...c, id } as ToWorker);
        });
      }),
    );
  }

  get pids(): number[] {
    return this.procs.map((p) => p.pid!);
  }

  /** Sum of the workers' last progress reports (about once a second). */
  status(): Progress {
    const s: Progress = { sockets: 0, acked: 0, failed: 0, live: 0, received: 0 };
    for (const p of this.progress) for (const k of Object.keys(s) as (keyof Progress)[]) s[k] += p[k];
    return s;
  }

  /**
   * Resolves with the time the last socket of the current round received its first event, i.e.
   * when every subscription was live. Call before `connect`.
   */
  whenLive(): Promise<number> {
    this.liveAt = this.procs.map(() => undefined);
    return new Promise((resolve) => (this.onLive = resolve));
  }

  /** Opens the sockets: subscriber i goes to worker i mod N. Resolves once every one is acked or failed. */
  async connect(
    targets: SocketTarget[],
    query: string,
    variables: Record<string, unknown>,
    concurrency: number,
  ): Promise<ConnectResult> {
    const perWorker = Math.max(1, Math.ceil(concurrency / this.count));
    const results = await this.ask<ConnectResult>((i) => ({
      cmd: 'connect',
      targets: targets.filter((_, j) => j % this.count === i),
      query,
      variables,
      concurrency: perWorker,
    }));
    const failures: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    return {
      acked: results.reduce((s, r) => s + r.acked, 0),
      failed: results.reduce((s, r) => s + r.failed, 0),
      failures,
    };
  }

  async mark(): Promise<void> {
    await this.ask({ cmd: 'mark' });
  }

  /** Resolves once every open socket has received every one of `seqs`. */
  async expect(seqs: number[]): Promise<void> {
    await this.ask({ cmd: 'expect', seqs });
  }

  async finish(sent: [number, number][]): Promise<Combined> {
    const rs = await this.ask<FinishResult>({ cmd: 'finish', sent });
    const total = rs.reduce((s, r) => s + r.latencies.length, 0);
    const latencies = new Float64Array(total);
    let at = 0;
    for (const r of rs) {
      latencies.set(r.latencies, at);
      at += r.latencies.length;
    }
    latencies.sort();
    const endReasons: Record<string, number> = {};
    for (const r of rs) for (const [k, v] of Object.entries(r.endReasons)) endReasons[k] = (endReasons[k] ?? 0) + v;
    return {
      latencies,
      lost: rs.reduce((s, r) => s + r.lost, 0),
      duplicated: rs.reduce((s, r) => s + r.duplicated, 0),
      outOfOrder: rs.reduce((s, r) => s + r.outOfOrder, 0),
      ended: rs.reduce((s, r) => s + r.ended, 0),
      endReasons,
      workerCpuMaxShare: Math.max(...rs.map((r) => r.cpuMs / r.wallMs)),
      loopDelayP99Ms: Math.max(...rs.map((r) => r.loopDelayP99Ms)),
      loopDelayMaxMs: Math.max(...rs.map((r) => r.loopDelayMaxMs)),
    };
  }

  async close(): Promise<void> {
    await this.ask({ cmd: 'close' });
    for (const p of this.progress) Object.assign(p, { sockets: 0, acked: 0, failed: 0, live: 0, received: 0 });
  }

  /** Ends the worker processes. */
  async stop(): Promise<void> {
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.exitCode !== null || p.signalCode !== null) return resolve();
            p.once('exit', () => resolve());
            p.kill('SIGTERM');
          }),
      ),
    );
  }

  /**
   * Checks that the workers read the coordinator's clock: the IPC trip, measured from a send time
   * here to a receipt time there, must never be negative. Returns the smallest and largest trip (ms).
   */
  async clockCheck(rounds = 20): Promise<{ min: number; max: number; median: number }> {
    const trips: number[] = [];
    for (let i = 0; i < rounds; i++) trips.push(...(await this.ask<number>({ cmd: 'clock', at: now() })));
    trips.sort((a, b) => a - b);
    return { min: trips[0], max: trips[trips.length - 1], median: percentile(trips, 50) };
  }
}
