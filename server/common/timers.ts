/** Longest timer Node keeps exactly (about 24.8 days); a later time re-arms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn` at `at`, however far ahead (session and guest-access ends), without keeping the
 * process alive for it. Returns a function that cancels it.
 */
export function runAt(at: Date, fn: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = at.getTime() - Date.now();
    timer = setTimeout(() => (wait > MAX_TIMER_MS ? arm() : fn()), Math.max(0, Math.min(wait, MAX_TIMER_MS)));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
