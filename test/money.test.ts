import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactSum, Exact, fixed, plain } from '../server/common/money.js';
import { startTestServer, type TestServer } from './support/server.js';

/** Money and measured values are exact: no sum or conversion goes through binary floating point. */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('exact money', () => {
  it('sums beyond what a double holds, to the cent', () => {
    // 2^53 + 1 has no double; nor has 0.1 + 0.2 = 0.3.
    expect(fixed(exactSum(['9007199254740993.01', '0.02']), 2)).toBe('9007199254740993.03');
    expect(plain(exactSum(['0.1', '0.2']))).toBe('0.3');
    expect(plain(new Exact('12.500').minus('2.25'))).toBe('10.25');
  });

  it("converts currencies exactly at the thresholds file's rates", () => {
    const procurements = s.app.services.procurements;
    const rates = s.config.thresholds.countries;
    const nok = Object.values(rates).find((c) => c.currency === 'NOK')!.rateFromEur;
    const sek = Object.values(rates).find((c) => c.currency === 'SEK')!.rateFromEur;
    const amount = '1234567890123.45';
    const expected = fixed(new Exact(amount).div(String(sek)).times(String(nok)).plus('9007199254740993.01'), 2);
    expect(
      procurements.convert(
        [
          { amount, currency: 'SEK' as never },
          { amount: '9007199254740993.01', currency: 'NOK' as never },
        ],
        'NOK' as never,
      ),
    ).toBe(expected);
    // What floating point made of it: off in the last places.
    const float = ((Number(amount) / sek) * nok + Number('9007199254740993.01')).toFixed(2);
    expect(float).not.toBe(expected);
  });
});
