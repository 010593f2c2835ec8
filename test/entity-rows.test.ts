import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Session } from '../server/auth/session.entity.js';
import { EntityRows } from '../server/common/entity-rows.js';
import { Thread } from '../server/modules/discussions/thread.entity.js';
import { BuyerGroup } from '../server/modules/groups/group.entity.js';
import { Membership } from '../server/modules/groups/membership.entity.js';
import { Organisation } from '../server/modules/organisations/organisation.entity.js';
import { User } from '../server/modules/users/user.entity.js';
import { startTestServer, type TestServer } from './support/server.js';
import { world } from './support/world.js';
import { formGroup } from './support/discussions.js';

/**
 * The reads every connecting socket makes (its session with user and organisation, the thread
 * with its group, the membership) hydrate rows with EntityRows instead of a query builder: what
 * they give must be what TypeORM gives, column for column, for every entity they read.
 */
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
  // A group formed through the API has its general thread; the world adds members and needs.
  await formGroup((await world(s)).coord);
});
afterAll(() => s?.close());

const cases: [string, EntityTarget<ObjectLiteral>][] = [
  ['Session', Session],
  ['User', User],
  ['Organisation', Organisation],
  ['Thread', Thread],
  ['BuyerGroup', BuyerGroup],
  ['Membership', Membership],
];

describe('EntityRows', () => {
  it.each(cases)('reads a %s as the repository does', async (_name, target) => {
    const rows = new EntityRows(s.db, target, 'x');
    const raw = (await s.db.query(`SELECT ${rows.select} FROM ${rows.table} ORDER BY x.id`)) as Record<
      string,
      unknown
    >[];
    const ours = raw.map((r) => rows.from(r));
    const theirs = await s.db.getRepository(target).find({ order: { id: 'ASC' } });
    expect(ours.length).toBeGreaterThan(0);
    expect(ours).toEqual(theirs);
    for (const [i, entity] of ours.entries())
      expect(Object.getPrototypeOf(entity)).toBe(Object.getPrototypeOf(theirs[i]));
  });
});
