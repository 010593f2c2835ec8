import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from './support/graphql.js';
import { day, inDays } from './support/helpers.js';
import * as op from './support/operations.js';
import { startTestServer, type TestServer } from './support/server.js';
import { dialogue, procurement, world, type World } from './support/world.js';

/**
 * A group's procurement page reads the same number of SQL statements whether the group has one
 * procurement or several (the server reports `extensions.sqlStatements`, EXPOSE_SQL_COUNT).
 */
const PROCUREMENT_LIST = `query($id: ID!) {
  buyerGroup(id: $id) {
    procurements(first: 20) {
      totalCount
      nodes {
        title phase procedureCode nextPhase canAdvance
        checklist { key done }
        timeline { phase status enteredAt }
        leadAuthority { name }
        needs { title }
        lots { number title cpv { code title } estimatedValue { amount currency authorityCount } values { amount organisation { name } } }
        participants { isLead organisation { name } mandate { status signedBy { displayName } lots { number } } statedValues { amount } }
        estimatedValue { amount currency }
        thresholdAssessment { aboveNationalThreshold requiredNotices { kind } }
        milestones { kind status }
        decisions { title counts { votes } }
        benefits { name total { baseline } }
        dialogue {
          published
          registrations { organisation { name } }
          questions { number revisions { revision } askedByOrganisation { name } }
          slots { startsAt bookedByOrganisation { name } }
        }
        buyersThread { title }
        publicThread { title }
      }
    }
  }
}`;

let s: TestServer;
let one: World;
let four: World;

const OPEN_SLOTS = gql(`mutation($input: OpenSlotsInput!) { openDialogueSlots(input: $input) { id } }`);
const BOOK = gql(`mutation($id: ID!) { bookDialogueSlot(slotId: $id) { id } }`);

/** A procurement with a signed mandate, a published notice, an answered question and a booked slot. */
async function furnished(b: World, i: number) {
  const p = await procurement(b);
  await b.a.client.ok(op.SIGN, {
    input: { procurementId: p.id, decisionReference: `PS ${i}/26`, decisionDate: day() },
  });
  const vendor = await s.factories.supplier();
  await dialogue(b, p.id, {
    suppliers: [vendor],
    notice: { notice: 'Vi inviterer til dialog.', questionDeadline: inDays(10) },
  });
  const { openDialogueSlots } = await b.coord.client.ok(OPEN_SLOTS, {
    input: { procurementId: p.id, startsAt: inDays(5), durationMinutes: 60, count: 2 },
  });
  const { askDialogueQuestion } = await vendor.client.ok(op.ASK, {
    input: { procurementId: p.id, text: 'Hva med drift?' },
  });
  await b.coord.client.ok(op.ANSWER, {
    input: { questionId: askDialogueQuestion.id, answer: 'Det avklares i dialogen.' },
  });
  await vendor.client.ok(BOOK, { id: openDialogueSlots[0].id });
}

beforeAll(async () => {
  s = await startTestServer();
  [one, four] = await Promise.all([world(s), world(s)]);
  await furnished(one, 0);
  for (let i = 1; i <= 4; i++) await furnished(four, i);
  // Warm the session cache so both measured requests count the same way.
  await one.coord.client.ok('{ viewer { id } }');
  await four.coord.client.ok('{ viewer { id } }');
});
afterAll(() => s?.close());

async function statements(b: World) {
  const res = await b.coord.client.request<{ buyerGroup: { procurements: { totalCount: number } } }>(PROCUREMENT_LIST, {
    id: b.groupId,
  });
  expect(res.errors).toBeUndefined();
  return { total: res.data!.buyerGroup.procurements.totalCount, count: res.extensions?.sqlStatements as number };
}

describe('procurement list', () => {
  it('runs as many SQL statements for four procurements as for one', async () => {
    const small = await statements(one);
    const large = await statements(four);
    expect([small.total, large.total]).toEqual([1, 4]);
    console.info(`procurement list: ${small.count} statements for 1 procurement, ${large.count} for 4`);
    expect(large.count).toBe(small.count);
  });
});
