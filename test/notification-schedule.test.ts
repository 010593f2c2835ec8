import { describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { hex, inDays } from './support/helpers.js';
import { noticesOf, settled } from './support/notifications.js';
import { CAST_VOTE, COMPLETE_MILESTONE, OPEN_DECISION, SET_MILESTONE } from './support/operations.js';
import { s, useServer } from './support/server.js';
import { procurement, world } from './support/world.js';

/*
 * Notices made by the passing of time (issue 13, item 1): a decision closing within 24 hours, a
 * milestone due within a few days and overdue. Every instance runs the scheduler; each notice is made
 * once per person and deadline. The tests move the injected clock instead of waiting.
 */

useServer({ MILESTONE_NOTICE_DAYS: '3' });

const HOUR = 3600_000;

async function team() {
  const w = await world(s, { members: { a: {}, b: {}, c: {}, observer: { role: MembershipRole.OBSERVER } } });
  const p = await procurement(w, { title: `Tidsfrister ${hex()}` });
  return { ...w, procurementId: p.id };
}

/** Runs the scheduler of every instance at once, `times` rounds. */
async function runEverywhere(schedulers: { run(): Promise<number> }[], times = 3) {
  for (let i = 0; i < times; i++) await Promise.all(schedulers.map((x) => x.run()));
}

describe('time-driven notices', () => {
  it('remind the authorities that have not voted of a decision closing within 24 hours, once', async () => {
    const w = await team();
    const closesAt = inDays(2);
    const { openDecision } = await w.coord.client.ok(OPEN_DECISION, {
      input: { procurementId: w.procurementId, title: 'Godkjenne kravspesifikasjon', quorum: 2, closesAt },
    });
    await w.a.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
    await s.app.scheduler.run();
    await settled(s);
    // Two days ahead: not yet.
    expect(await noticesOf(w.b, 'DECISION_CLOSING')).toEqual([]);
    s.clock.set(new Date(new Date(closesAt).getTime() - 20 * HOUR));
    const other = await s.startInstance();
    try {
      await runEverywhere([s.app.scheduler, other.app.scheduler]);
      s.clock.advance(10 * HOUR);
      await runEverywhere([s.app.scheduler, other.app.scheduler]);
      await settled(s, other.app);
    } finally {
      await other.stop();
      s.clock.reset();
    }
    const [n] = await noticesOf(w.b, 'DECISION_CLOSING');
    expect(n).toMatchObject({
      actor: null,
      path: `/groups/${w.groupId}/procurements/${w.procurementId}#decision-${openDecision.id}`,
      details: { title: 'Godkjenne kravspesifikasjon', at: new Date(closesAt).toISOString() },
    });
    expect(await noticesOf(w.b, 'DECISION_CLOSING')).toHaveLength(1);
    // a voted; c and the observer take no part; the coordinator's authority has not voted (it is the lead).
    for (const u of [w.a, w.c, w.observer]) expect(await noticesOf(u, 'DECISION_CLOSING')).toEqual([]);
    expect(await noticesOf(w.coord, 'DECISION_CLOSING')).toHaveLength(1);
  });

  it('tell the procurement’s people of a milestone due within the days configured, then overdue; each once', async () => {
    const w = await team();
    const dueAt = inDays(10);
    const { setProcurementMilestone: m } = await w.coord.client.ok(SET_MILESTONE, {
      input: { procurementId: w.procurementId, kind: 'TENDER_DEADLINE', dueAt },
    });
    const { setProcurementMilestone: done } = await w.coord.client.ok(SET_MILESTONE, {
      input: { procurementId: w.procurementId, kind: 'OTHER', dueAt: inDays(10), title: `Ferdig ${hex()}` },
    });
    await w.coord.client.ok(COMPLETE_MILESTONE, { id: done.id, completed: true });
    const other = await s.startInstance();
    try {
      s.clock.set(new Date(new Date(dueAt).getTime() - 2 * 24 * HOUR));
      await runEverywhere([s.app.scheduler, other.app.scheduler]);
      s.clock.set(new Date(new Date(dueAt).getTime() + HOUR));
      await runEverywhere([s.app.scheduler, other.app.scheduler]);
      await settled(s, other.app);
    } finally {
      await other.stop();
      s.clock.reset();
    }
    for (const u of [w.coord, w.a, w.b]) {
      const due = await noticesOf(u, 'MILESTONE_DUE');
      const overdue = await noticesOf(u, 'MILESTONE_OVERDUE');
      expect(due).toHaveLength(1);
      expect(overdue).toHaveLength(1);
      expect(due[0]).toMatchObject({
        path: `/groups/${w.groupId}/procurements/${w.procurementId}#milestones`,
        details: { milestoneKind: 'TENDER_DEADLINE', at: new Date(dueAt).toISOString(), title: m.title },
      });
    }
    // c takes no part; the completed milestone is nobody's task.
    expect(await noticesOf(w.c, 'MILESTONE_DUE')).toEqual([]);
    const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM notification WHERE subject_id = $1`, [done.id]);
    expect(n).toBe(0);

    // A moved deadline is a new one: due again, once.
    const moved = inDays(20);
    await w.coord.client.ok(SET_MILESTONE, {
      input: { procurementId: w.procurementId, kind: 'TENDER_DEADLINE', dueAt: moved },
    });
    s.clock.set(new Date(new Date(moved).getTime() - 24 * HOUR));
    try {
      await runEverywhere([s.app.scheduler]);
      await settled(s);
    } finally {
      s.clock.reset();
    }
    expect((await noticesOf(w.a, 'MILESTONE_DUE')).map((x) => x.details.at)).toEqual([
      new Date(moved).toISOString(),
      new Date(dueAt).toISOString(),
    ]);
  });
});
