import type { Logger } from '../logger.js';

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

/**
 * A job every instance runs in rounds: every `intervalMs` (not keeping the process alive) and on
 * demand (`run`, which joins a round under way); one round at a time; a failed round is logged and
 * the next one tries again; `stop` waits for the round under way (its transaction needs the pool).
 */
export class Rounds {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private halted = false;

  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly round: () => Promise<number>,
  ) {}

  /** True once stopped: a long round checks it between its pieces of work. */
  get stopped(): boolean {
    return this.halted;
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
    void this.run();
  }

  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One round now (or the one under way); what it returns (how many it did), 0 after a failure. */
  run(): Promise<number> {
    if (this.halted) return Promise.resolve(0);
    this.running ??= this.round()
      .catch((err: unknown) => {
        this.log.error({ err }, `${this.what} failed; the next round tries again`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
