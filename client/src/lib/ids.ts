/**
 * A random idempotency key. crypto.randomUUID exists only in secure contexts (https, localhost);
 * getRandomValues works everywhere, so a server reached over plain http on the LAN works too.
 */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
