import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { RateLimitedError } from '../errors.js';

/** TypeORM's pg pool; the auth_throttle table is created by a migration (tableCreated), never at runtime. */
function limiter(db: DataSource, keyPrefix: string, points: number, seconds: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: (db.driver as unknown as { master: unknown }).master,
    storeType: 'pool',
    tableName: 'auth_throttle',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration: seconds,
  });
}

/**
 * Consumes one point from each limiter at once (each consume is one atomic upsert in PostgreSQL,
 * so N parallel attempts count N), and refuses with RATE_LIMITED when any is used up.
 */
async function consumeAll(entries: [RateLimiterPostgres, string][], message: string): Promise<void> {
  const results = await Promise.allSettled(entries.map(([l, key]) => l.consume(key)));
  const refused = results.flatMap((r) =>
    r.status === 'rejected' && r.reason instanceof RateLimiterRes ? [r.reason] : [],
  );
  const failed = results.find((r) => r.status === 'rejected' && !(r.reason instanceof RateLimiterRes));
  if (failed) throw (failed as PromiseRejectedResult).reason;
  if (refused.length) {
    const seconds = Math.max(1, Math.ceil(Math.max(...refused.map((r) => r.msBeforeNext)) / 1000));
    throw new RateLimitedError(message.replace('{seconds}', String(seconds)), seconds);
  }
}

export interface SignInLimits {
  perAccount: number;
  perAddress: number;
  perAccountUnknownAddresses: number;
  minutes: number;
}

/**
 * Sign-in attempts, shared by all instances. Every attempt spends its points before the password
 * is checked, and a correct password gives them back, so only failures stay counted.
 * - per account and address: a guesser at one address gets `perAccount` tries, while the owner
 *   at another address is unaffected (someone else's failures never lock the owner out);
 * - per address: one address cannot spray guesses over many accounts;
 * - per account from addresses it has never signed in from: bounds a guesser spread over many
 *   addresses, while addresses the owner used (a session in the last 30 days) keep working.
 */
export class SignInThrottle {
  private readonly pair: RateLimiterPostgres;
  private readonly address: RateLimiterPostgres;
  private readonly account: RateLimiterPostgres;

  constructor(db: DataSource, limits: SignInLimits) {
    const seconds = limits.minutes * 60;
    this.pair = limiter(db, 'pair', limits.perAccount, seconds);
    this.address = limiter(db, 'addr', limits.perAddress, seconds);
    this.account = limiter(db, 'acct', limits.perAccountUnknownAddresses, seconds);
  }

  /** Spends one attempt; RATE_LIMITED when any limit is used up. Returns how to give it back. */
  async attempt(account: string, address: string, knownAddress: boolean): Promise<{ succeeded(): Promise<void> }> {
    const message = 'Too many failed sign-ins. Try again in {seconds} seconds.';
    await consumeAll(
      [
        [this.pair, `${account}|${address}`],
        [this.address, address],
      ],
      message,
    );
    // Only attempts that got past the per-address limits count against the account as a whole:
    // one address hammering it cannot use up what the owner's other addresses have.
    if (!knownAddress) await consumeAll([[this.account, account]], message);
    return {
      succeeded: async () => {
        await Promise.all([
          this.pair.delete(`${account}|${address}`),
          this.address.reward(address, 1),
          ...(knownAddress ? [] : [this.account.reward(account, 1)]),
        ]).catch(() => undefined);
      },
    };
  }
}

export interface AccountMailLimits {
  registrationsPerAddress: number;
  registrationsPerDomain: number;
  mailsPerRecipient: number;
}

/**
 * Registration, new verification links and password resets: each costs a password hash or a mail,
 * so they are limited per client address, per e-mail domain and per recipient (no mail-bombing
 * one person through Samverka), all per hour.
 */
export class AccountMailThrottle {
  private readonly address: RateLimiterPostgres;
  private readonly domain: RateLimiterPostgres;
  private readonly recipient: RateLimiterPostgres;

  constructor(db: DataSource, limits: AccountMailLimits) {
    this.address = limiter(db, 'reg-addr', limits.registrationsPerAddress, 3600);
    this.domain = limiter(db, 'reg-domain', limits.registrationsPerDomain, 3600);
    this.recipient = limiter(db, 'reg-mail', limits.mailsPerRecipient, 3600);
  }

  async spend(email: string, address: string): Promise<void> {
    await consumeAll(
      [
        [this.address, address],
        [this.domain, email.slice(email.lastIndexOf('@') + 1)],
        [this.recipient, email],
      ],
      'Too many requests. Try again in {seconds} seconds.',
    );
  }
}
