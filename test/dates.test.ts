import { describe, expect, it } from 'vitest';
import { isFutureDate, latestToday } from '../server/common/dates.js';

/** "Not in the future" for a calendar date means not yet begun anywhere, so no Nordic officer's today is refused. */
describe('calendar dates', () => {
  it("accepts Helsinki's today at 00:30 local time, while UTC is still on yesterday", () => {
    const now = new Date('2026-12-05T22:30:00Z'); // 00:30 on 6 December in Helsinki (UTC+2)
    expect(isFutureDate('2026-12-06', now)).toBe(false);
    expect(latestToday(now)).toBe('2026-12-06');
  });

  it('refuses a date that has begun nowhere yet', () => {
    const now = new Date('2026-12-05T22:30:00Z');
    expect(isFutureDate('2026-12-07', now)).toBe(true);
    // UTC+14 reaches 7 December at 10:00 UTC on the 6th.
    expect(isFutureDate('2026-12-07', new Date('2026-12-06T10:00:00Z'))).toBe(false);
    expect(isFutureDate('2026-12-07', new Date('2026-12-06T09:59:59Z'))).toBe(true);
  });
});
