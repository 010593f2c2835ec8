/** Messages between the benchmark's coordinator and its subscriber workers (child processes, IPC). */

/** One subscriber socket: where it connects and the session it authenticates with (none: baseline). */
export interface SocketTarget {
  url: string;
  token?: string;
}

export type ToWorker =
  | {
      id: number;
      cmd: 'connect';
      targets: SocketTarget[];
      query: string;
      variables: Record<string, unknown>;
      concurrency: number;
    }
  /** Starts a measurement window: resets the worker's CPU and event-loop-delay readings. */
  | { id: number; cmd: 'mark' }
  /** The messages that count: answers once every socket has them all (or never; the coordinator times out). */
  | { id: number; cmd: 'expect'; seqs: number[] }
  /** Send times of the measured messages: answers with latencies and the lost/duplicate counts. */
  | { id: number; cmd: 'finish'; sent: [seq: number, sentAt: number][] }
  | { id: number; cmd: 'close' }
  /** Clock check: `at` is the coordinator's clock when it sent this. */
  | { id: number; cmd: 'clock'; at: number };

export interface Progress {
  sockets: number;
  acked: number;
  failed: number;
  live: number;
  received: number;
}

export interface ConnectResult {
  acked: number;
  failed: number;
  /** Why sockets failed, by reason, with counts (close codes, errors). */
  failures: Record<string, number>;
}

export interface FinishResult {
  latencies: Float64Array;
  /** Measured messages a live socket never received. */
  lost: number;
  /** Receipts of a message a socket had already received. */
  duplicated: number;
  /** Receipts of a message older than one the socket had already received. */
  outOfOrder: number;
  /** Sockets the server closed, or streams it ended or failed, during the run. */
  ended: number;
  endReasons: Record<string, number>;
  /** CPU time of the worker since `mark` (ms) and its wall time (ms). */
  cpuMs: number;
  wallMs: number;
  /** Event-loop delay of the worker since `mark`: how late it could have been to take a receipt time. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export type FromWorker =
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; error: string }
  | { event: 'progress'; progress: Progress }
  /** Every socket of the worker is acked and has received an event, at `at` (the last of them). */
  | { event: 'live'; at: number };
