import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../server/events/event.entity.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * The bus delivers the log in id order with no gaps, even when transactions commit out of id
 * order or roll back. These tests hold transactions open on raw connections to force the cases.
 */
let s: TestServer;
let delivered: EventRecord[];
const GROUP = '00000000-0000-4000-8000-00000000e1e1';

const connect = async () => {
  const c = new pg.Client({ connectionString: (s.db.options as { url: string }).url });
  await c.connect();
  return c;
};
const record = async (c: pg.Client, type: string) => {
  const { rows } = await c.query(`SELECT record_event('group', $1, $1, $2, NULL, NULL, '{}') AS id`, [GROUP, type]);
  return Number(rows[0].id);
};
const bus = () => s.app.services.bus;
const deliveredTypes = () => delivered.filter((e) => e.scopeId === GROUP).map((e) => e.type);
const until = (check: () => boolean) =>
  new Promise<void>((resolve) => {
    const off = bus().onEvent(() => {
      if (check()) {
        off();
        resolve();
      }
    });
    if (check()) {
      off();
      resolve();
    }
  });

beforeAll(async () => {
  s = await startTestServer();
  delivered = [];
  bus().onEvent((e) => delivered.push(e));
});
afterAll(() => s?.close());

describe('event log delivery order', () => {
  it('holds back an id committed after a higher one, then delivers both in id order', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('BEGIN');
    const first = await record(a, 'late');
    await b.query('BEGIN');
    const second = await record(b, 'early');
    await b.query('COMMIT');
    expect(second).toBeGreaterThan(first);

    bus().poke();
    await bus().settle();
    // `second` is committed and visible, but `first` may still commit: nothing past it is delivered.
    expect(bus().deliveredUpTo).toBeLessThan(first);
    expect(deliveredTypes()).not.toContain('early');

    await a.query('COMMIT');
    bus().poke();
    await until(() => deliveredTypes().includes('early'));
    expect(deliveredTypes().slice(-2)).toEqual(['late', 'early']);
    const ids = delivered.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    await Promise.all([a.end(), b.end()]);
  });

  it('skips the id of a rolled-back transaction once it has ended, and only then', async () => {
    const a = await connect();
    const b = await connect();
    await a.query('BEGIN');
    const doomed = await record(a, 'rolled-back');
    await b.query('BEGIN');
    const kept = await record(b, 'kept');
    await b.query('COMMIT');

    bus().poke();
    await bus().settle();
    expect(bus().deliveredUpTo).toBeLessThan(doomed);

    await a.query('ROLLBACK');
    bus().poke();
    await until(() => deliveredTypes().includes('kept'));
    expect(deliveredTypes()).not.toContain('rolled-back');
    expect(bus().deliveredUpTo).toBeGreaterThanOrEqual(kept);
    await Promise.all([a.end(), b.end()]);
  });

  it('delivers every event exactly once, in order, under many concurrent writers', async () => {
    const before = delivered.length;
    const clients = await Promise.all(Array.from({ length: 8 }, connect));
    const ids: number[] = [];
    await Promise.all(
      clients.map(async (c, n) => {
        for (let i = 0; i < 25; i++) {
          await c.query('BEGIN');
          const id = await record(c, `w${n}`);
          // Some transactions roll back; their ids must simply never appear.
          if (i % 5 === 4) await c.query('ROLLBACK');
          else {
            await c.query('COMMIT');
            ids.push(id);
          }
          bus().poke();
        }
      }),
    );
    const max = Math.max(...ids);
    await until(() => bus().deliveredUpTo >= max);
    const got = delivered.slice(before).map((e) => e.id);
    expect(got).toEqual([...ids].sort((x, y) => x - y));
    await Promise.all(clients.map((c) => c.end()));
  });
});
