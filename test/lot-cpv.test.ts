import { describe, expect, it } from 'vitest';
import { s, useServer } from './support/server.js';
import { dialogue, procurement, world } from './support/world.js';

/*
 * CPV codes are shown with their titles wherever they are shown: a procurement's lots (to its
 * buyers) and the lots of its published dialogue notice (to suppliers) carry `cpv { code title }`
 * like groups and needs. The titles come from the imported CPV list; a code not in it has none.
 */

useServer({}, async (s) => {
  // The codes the world's needs use (once the list has codes, a need may use only those).
  await s.db.query(
    `INSERT INTO cpv_code (code, title) VALUES ('60130000', 'Special-purpose road passenger-transport services'),
       ('34121000', 'Buses and coaches'), ('48000000', 'Software package and information systems')
     ON CONFLICT (code) DO NOTHING`,
  );
});

const LOTS = `query($id: ID!) { jointProcurement(id: $id) { lots { number cpvCodes cpv { code title } } } }`;
const PUBLIC_LOTS = `query($id: ID!) { marketDialogue(procurementId: $id) { lots { number cpv { code title } } } }`;

describe('CPV titles beside lot codes', () => {
  it('are not given to anonymous callers or to organisations outside the group', async () => {
    const w = await world(s, { members: { a: {} } });
    const p = await procurement(w);
    expect((await s.anon.fails(LOTS, { id: p.id })).code).toBe('UNAUTHENTICATED');
    const outsider = await s.factories.user();
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain((await outsider.client.fails(LOTS, { id: p.id })).code);
  });

  it("name each lot's codes with their titles, in the lot's order, for buyers and for registered suppliers", async () => {
    const w = await world(s, { members: { a: {} } });
    const p = await procurement(w);
    const { jointProcurement } = await w.a.client.ok(LOTS, { id: p.id });
    const lots = jointProcurement.lots as { number: number; cpvCodes: string[]; cpv: unknown[] }[];
    expect(lots.map((l) => l.cpv)).toEqual([
      [
        { code: '60130000', title: 'Special-purpose road passenger-transport services' },
        { code: '34121000', title: 'Buses and coaches' },
      ],
      [{ code: '48000000', title: 'Software package and information systems' }],
    ]);
    expect(lots.map((l) => l.cpvCodes)).toEqual([['60130000', '34121000'], ['48000000']]);

    const supplier = await s.factories.supplier();
    await dialogue(w, p.id, { suppliers: [supplier] });
    const { marketDialogue } = await supplier.client.ok(PUBLIC_LOTS, { id: p.id });
    expect(marketDialogue.lots[0].cpv[1]).toEqual({ code: '34121000', title: 'Buses and coaches' });
  });
});
