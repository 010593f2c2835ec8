import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';

export type TrustFn = (address: string, hop: number) => boolean;

/**
 * The one rule for which proxies to believe, shared by Express (HTTP) and the WebSocket upgrade.
 * `X-Forwarded-For` is read from the right: each trusted hop may name the one before it, and the
 * first untrusted address is the client. The leftmost entry is whatever the client chose to send.
 */
export function trustFunction(trust: TrustProxy): TrustFn {
  if (trust === false) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile(trust);
}

/** The client address of a request (HTTP or WebSocket upgrade) under the configured trust. */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  return proxyaddr(req, trust) || 'unknown';
}
