import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';

/**
 * One result serialised once for every socket it goes to (a shared subscription execution, see
 * subscriptions.ts). graphql-ws serialises each `next` message itself, per socket, with the
 * subscription's id in it; given this as the payload, its JSON replacer (`replacer`) writes a
 * placeholder instead, and the socket (`FrameSocket`) sends the bytes in its place.
 */
export class PreSerialized {
  private static readonly cache = new WeakMap<ExecutionResult, PreSerialized>();

  private constructor(readonly bytes: Buffer) {}

  /** The serialised result (as graphql-ws would write it: a result with errors is never shared). */
  static of(result: ExecutionResult): PreSerialized {
    let pre = PreSerialized.cache.get(result);
    if (!pre) PreSerialized.cache.set(result, (pre = new PreSerialized(Buffer.from(JSON.stringify(result)))));
    return pre;
  }
}

/**
 * The message graphql-ws is serialising and the socket is about to send. graphql-ws serialises a
 * message and hands it to the socket in one synchronous step, so the last placeholder written is
 * the one the next send carries; the counter keeps a message whose send was skipped (a socket
 * already closing) from ever matching a later one.
 */
let pending: { tail: string; bytes: Buffer } | null = null;
let counter = 0;

/** graphql-ws's `jsonMessageReplacer`: a pre-serialised payload becomes a placeholder. */
export function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (!(value instanceof PreSerialized)) return value;
  const placeholder = `samverka:pre-serialized:${++counter}`;
  // The payload is the message's last member: `{"id":…,"type":"next","payload":…}`.
  pending = { tail: `"payload":${JSON.stringify(placeholder)}}`, bytes: value.bytes };
  return placeholder;
}

type SendCallback = (err?: Error) => void;
type SendOptions = Parameters<WebSocket['send']>[1];

/**
 * The server's sockets (ws's `WebSocket` option). Two things on top of ws:
 *
 * - A message with a pre-serialised payload's placeholder goes out with those bytes in its place.
 * - graphql-ws's verdicts of silence wait for what has already arrived. Its keep-alive terminates
 *   a socket whose pong has not come within the interval, and its connection_init timeout closes
 *   one whose init has not come; both run on timers, and after a busy stretch the event loop runs
 *   due timers before it reads the sockets, so an answer that is there, unread, would count as
 *   missing. The verdict is carried out after the next read of the sockets (setImmediate runs
 *   after it), and only if the answer is still missing. A dead peer is still dropped, one loop
 *   turn later.
 */
export class ServerSocket extends WebSocket {
  private pingedAt = 0;
  private heardAt = 0;
  private initSeen = false;
  private watching = false;

  override send(data: unknown, options?: SendOptions | SendCallback, cb?: SendCallback): void {
    const p = pending;
    if (p && typeof data === 'string' && data.endsWith(p.tail)) {
      pending = null;
      const head = data.slice(0, data.length - p.tail.length);
      const frame = Buffer.concat([Buffer.from(`${head}"payload":`), p.bytes, Buffer.from('}')]);
      const callback = typeof options === 'function' ? options : cb;
      // A text frame, as graphql-ws sends (a browser would hand a binary one over as a Blob).
      super.send(frame, { binary: false }, callback);
      return;
    }
    if (typeof options === 'function') super.send(data as never, options);
    else super.send(data as never, options ?? {}, cb);
  }

  /** Called by the server for each new socket, before graphql-ws sees it. */
  watch(): void {
    if (this.watching) return;
    this.watching = true;
    this.on('pong', () => (this.heardAt = performance.now()));
    this.on('message', (data, isBinary) => {
      this.heardAt = performance.now();
      if (!this.initSeen && !isBinary) this.initSeen = String(data).includes('"connection_init"');
    });
  }

  override ping(...args: Parameters<WebSocket['ping']>): void {
    this.pingedAt = performance.now();
    super.ping(...args);
  }

  override terminate(): void {
    // graphql-ws terminates only for a missing pong.
    if (!this.watching || this.pingedAt === 0) return super.terminate();
    setImmediate(() => {
      if (this.heardAt < this.pingedAt) super.terminate();
    });
  }

  override close(code?: number, reason?: string | Buffer): void {
    if (!this.watching || code !== CONNECTION_INIT_TIMEOUT) return super.close(code, reason);
    setImmediate(() => {
      if (!this.initSeen) super.close(code, reason);
    });
  }
}

/** graphql-ws's close code for a socket without connection_init in time. */
const CONNECTION_INIT_TIMEOUT = 4408;
