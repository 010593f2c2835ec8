import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { RateLimitedError } from '../errors.js';

/**
 * Failed sign-ins are counted per account and per client address in PostgreSQL, so every server
 * instance sees the same counts. Only failures count; a success clears the account's counter.
 */
export class SignInThrottle {
  private readonly perAccount: RateLimiterPostgres;
  private readonly perAddress: RateLimiterPostgres;

  constructor(db: DataSource, limits: { perAccount: number; perAddress: number; minutes: number }) {
    // TypeORM's pg pool; the table is created by a migration (tableCreated), never at runtime.
    const pool = (db.driver as unknown as { master: unknown }).master;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      tableName: 'auth_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
      duration: limits.minutes * 60,
    };
    this.perAccount = new RateLimiterPostgres({ ...common, keyPrefix: 'acct', points: limits.perAccount });
    this.perAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'addr', points: limits.perAddress });
  }

  /** Refuses with RATE_LIMITED while either counter is used up. */
  async check(account: string, address: string): Promise<void> {
    const [acct, addr] = await Promise.all([this.perAccount.get(account), this.perAddress.get(address)]);
    const blocked = [
      [acct, this.perAccount.points],
      [addr, this.perAddress.points],
    ].filter(([res, points]) => res && (res as RateLimiterRes).consumedPoints >= (points as number));
    if (blocked.length) {
      const wait = Math.max(...blocked.map(([res]) => (res as RateLimiterRes).msBeforeNext));
      const seconds = Math.max(1, Math.ceil(wait / 1000));
      throw new RateLimitedError(`Too many failed sign-ins. Try again in ${seconds} seconds.`, seconds);
    }
  }

  async recordFailure(account: string, address: string): Promise<void> {
    await Promise.all([
      this.perAccount.penalty(account, 1).catch(() => undefined),
      this.perAddress.penalty(address, 1).catch(() => undefined),
    ]);
  }

  async recordSuccess(account: string): Promise<void> {
    await this.perAccount.delete(account);
  }
}
