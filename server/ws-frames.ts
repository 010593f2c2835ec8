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

/** The server's sockets: a message with a placeholder goes out with the pre-serialised bytes in its place. */
export class FrameSocket extends WebSocket {
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
}
