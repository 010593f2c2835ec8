import { describe, expect, it } from 'vitest';
import { burstReader } from '../server/common/burst.js';

/** A read whose answer the test gives: each call is recorded with its keys and waits to be answered. */
function controlledRead() {
  const calls: { keys: string[]; answer: () => void; failWith: (e: Error) => void }[] = [];
  const read = (keys: readonly string[]) =>
    new Promise<Map<string, { key: string; n: number }>>((resolve, reject) => {
      const n = calls.length;
      calls.push({
        keys: [...keys],
        answer: () => resolve(new Map(keys.map((k) => [k, { key: k, n }]))),
        failWith: reject,
      });
    });
  return { calls, read };
}

const turn = () => new Promise((r) => setImmediate(r));
const until = async (ok: () => boolean) => {
  while (!ok()) await turn();
};

describe('burstReader', () => {
  it('reads the keys asked for together in one call, each caller with its own copy', async () => {
    const { calls, read } = controlledRead();
    const load = burstReader(read);
    const answers = Promise.all([load('a'), load('b'), load('a')]);
    await until(() => calls.length === 1);
    expect(calls[0].keys).toEqual(['a', 'b']);
    calls[0].answer();
    const [a1, b, a2] = await answers;
    expect([a1?.key, b?.key, a2?.key]).toEqual(['a', 'b', 'a']);
    expect(a1).not.toBe(a2);
  });

  it('keeps one read in flight and gathers what is asked for meanwhile into the next', async () => {
    const { calls, read } = controlledRead();
    const load = burstReader(read);
    const first = load('a');
    await until(() => calls.length === 1);
    // Asked for over several turns of the event loop while the first read runs.
    const later: Promise<unknown>[] = [];
    for (const k of ['a', 'b', 'c']) {
      later.push(load(k));
      await turn();
      await turn();
    }
    expect(calls).toHaveLength(1);
    calls[0].answer();
    expect((await first)?.n).toBe(0);
    await until(() => calls.length === 2);
    // `a` again: a key asked for after a read started is never answered by that read.
    expect(calls[1].keys).toEqual(['a', 'b', 'c']);
    calls[1].answer();
    expect(((await Promise.all(later)) as { n: number }[]).map((v) => v.n)).toEqual([1, 1, 1]);
  });

  it('answers null for a key the read did not find, and goes on after a failed read', async () => {
    const { calls, read } = controlledRead();
    const load = burstReader(read);
    const failed = load('x');
    await until(() => calls.length === 1);
    const next = load('y');
    calls[0].failWith(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await until(() => calls.length === 2);
    calls[1].answer();
    expect((await next)?.key).toBe('y');

    const missing = burstReader(async () => new Map<string, { key: string }>());
    expect(await missing('z')).toBeNull();
  });
});
