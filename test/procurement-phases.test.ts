import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { day, inDays } from './support/helpers.js';
import * as op from './support/operations.js';
import * as proc from './support/procurement-world.js';
import { s } from './support/server.js';

proc.useProcurementServer();

// ---- milestones ----

describe('milestones', () => {
  it('are for coordinators only', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const input = { procurementId: p.id, kind: 'TENDER_DEADLINE' as const, dueAt: inDays(30) };
    expect((await s.anon.fails(op.SET_MILESTONE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.SET_MILESTONE, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.SET_MILESTONE, { input })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(op.SET_MILESTONE, { input })).code).toBe('FORBIDDEN');
    const { setProcurementMilestone: m } = await w.coord.client.ok(op.SET_MILESTONE, { input });
    expect((await w.a.client.fails(op.COMPLETE_MILESTONE, { id: m.id, completed: true })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.REMOVE_MILESTONE, { id: m.id })).code).toBe('FORBIDDEN');
    expect((await proc.outsider.client.fails(op.REMOVE_MILESTONE, { id: m.id })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(op.REMOVE_MILESTONE, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await proc.read(w.a, p.id)).milestones).toEqual([{ ...m, status: 'UPCOMING', completedAt: null }]);
  });

  it('one per kind (setting again replaces it), OTHER adds; upcoming, overdue, completed; removed', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const question = (await proc.setMilestone(w.coord, p.id, 'QUESTION_DEADLINE', inDays(10))).setProcurementMilestone;
    expect(question).toMatchObject({
      kind: 'QUESTION_DEADLINE',
      title: 'Question deadline',
      status: 'UPCOMING',
      completedAt: null,
    });
    const replaced = (await proc.setMilestone(w.coord, p.id, 'QUESTION_DEADLINE', inDays(-2), 'Frist for spørsmål'))
      .setProcurementMilestone;
    expect(replaced).toMatchObject({ id: question.id, title: 'Frist for spørsmål', status: 'OVERDUE' });
    expect(new Date(replaced.dueAt).getTime()).toBeLessThan(new Date(question.dueAt).getTime());

    const o1 = (await proc.setMilestone(w.coord, p.id, 'OTHER', inDays(5), 'Dialogkonferanse')).setProcurementMilestone;
    const o2 = (await proc.setMilestone(w.coord, p.id, 'OTHER', inDays(20), 'Befaring')).setProcurementMilestone;
    expect(o1.id).not.toBe(o2.id);
    let got = await proc.read(w.a, p.id);
    // By due date.
    expect(got.milestones.map((m) => [m.kind, m.title, m.status])).toEqual([
      ['QUESTION_DEADLINE', 'Frist for spørsmål', 'OVERDUE'],
      ['OTHER', 'Dialogkonferanse', 'UPCOMING'],
      ['OTHER', 'Befaring', 'UPCOMING'],
    ]);

    const done = (await w.coord.client.ok(op.COMPLETE_MILESTONE, { id: replaced.id, completed: true }))
      .completeProcurementMilestone;
    expect(done.status).toBe('COMPLETED');
    expect(done.completedAt).toEqual(expect.any(String));
    expect((await proc.read(w.a, p.id)).milestones[0].status).toBe('COMPLETED');
    const undone = (await w.coord.client.ok(op.COMPLETE_MILESTONE, { id: replaced.id, completed: false }))
      .completeProcurementMilestone;
    expect(undone).toMatchObject({ status: 'OVERDUE', completedAt: null });
    // Completing an upcoming one completes it too.
    await w.coord.client.ok(op.COMPLETE_MILESTONE, { id: o1.id, completed: true });

    const removed = (await w.coord.client.ok(op.REMOVE_MILESTONE, { id: o2.id })).removeProcurementMilestone;
    expect(removed.milestones.map((m: { id: string }) => m.id).sort()).toEqual([question.id, o1.id].sort());
    got = await proc.read(w.a, p.id);
    expect(got.milestones.map((m) => [m.id, m.status])).toEqual([
      [question.id, 'OVERDUE'],
      [o1.id, 'COMPLETED'],
    ]);
  });
});

// ---- phases ----

describe('phases', () => {
  it('only coordinators move a procurement; a stale `from` is a CONFLICT', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const input = { procurementId: p.id, from: 'ANCHORING' };
    expect((await s.anon.fails(op.ADVANCE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.ADVANCE, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.ADVANCE, { input })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(op.ADVANCE, { input })).code).toBe('FORBIDDEN');
    const stale = await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.extensions).toMatchObject({ currentPhase: 'ANCHORING' });
    expect((await proc.read(w.a, p.id)).phase).toBe('ANCHORING');
    const moved = await proc.advance(w.coord, p.id, 'ANCHORING');
    expect(moved.advanceProcurementPhase.phase).toBe('NEED_ASSESSMENT');
    // A second move based on the old phase is the late one of two.
    const late = await w.coord.client.fails(op.ADVANCE, { input });
    expect([late.code, late.extensions.currentPhase]).toEqual(['CONFLICT', 'NEED_ASSESSMENT']);
  });

  it('two coordinators moving at once from the same phase: one moves, the other gets CONFLICT', async () => {
    const w = await proc.world();
    const coord2 = await s.factories.user({ organisation: w.coord.organisation });
    const p = await proc.create(w);
    const input = { procurementId: p.id, from: 'ANCHORING' };
    const results = await Promise.all([w.coord, coord2].map((u) => u.client.request(op.ADVANCE, { input })));
    const outcomes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data!.advanceProcurementPhase.phase);
    expect(outcomes.sort()).toEqual(['CONFLICT', 'NEED_ASSESSMENT']);
    expect((await proc.read(w.a, p.id)).phase).toBe('NEED_ASSESSMENT');
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM event WHERE scope_id = $1 AND type = 'procurement.phase_changed'`,
      [p.id],
    );
    expect(n).toBe(1);
  });

  it('ANCHORING → NEED_ASSESSMENT needs two participants, the lead and a description, and names every missing item', async () => {
    const w = await proc.world();
    const p = await proc.create(w, { participantOrganisationIds: [], description: '' });
    expect(p.nextPhase).toBe('NEED_ASSESSMENT');
    expect(p.canAdvance).toBe(false);
    expect(p.checklist.map((i) => [i.key, i.done, i.opens])).toEqual([
      ['PARTICIPANTS', false, 'NEED_ASSESSMENT'],
      ['LEAD_AUTHORITY', true, 'NEED_ASSESSMENT'],
      ['DESCRIPTION', false, 'NEED_ASSESSMENT'],
    ]);

    const err = await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'ANCHORING' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['PARTICIPANTS', 'DESCRIPTION']);
    for (const item of p.checklist.filter((i) => !i.done)) expect(err.message).toContain(item.label);
    expect(err.message).not.toContain(p.checklist.find((i) => i.key === 'LEAD_AUTHORITY')!.label);
    expect((await proc.read(w.a, p.id)).phase).toBe('ANCHORING');

    await w.coord.client.ok(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: w.a.organisation.id },
    });
    const half = await proc.read(w.a, p.id);
    expect(half.checklist.filter((i) => !i.done).map((i) => i.key)).toEqual(['DESCRIPTION']);
    expect(half.canAdvance).toBe(false);
    const still = await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'ANCHORING' } });
    expect(still.extensions.missing).toEqual(['DESCRIPTION']);

    // A description of blanks is no description.
    await w.coord.client.ok(op.UPDATE_P, { id: p.id, input: { description: '   ' } });
    expect((await proc.read(w.a, p.id)).canAdvance).toBe(false);
    await w.coord.client.ok(op.UPDATE_P, { id: p.id, input: { description: 'Felles skoleskyss.' } });
    const ready = await proc.read(w.a, p.id);
    expect(ready.checklist.every((i) => i.done)).toBe(true);
    expect(ready.canAdvance).toBe(true);

    const { advanceProcurementPhase: moved } = await proc.advance(w.coord, p.id, 'ANCHORING');
    expect(moved).toMatchObject({ phase: 'NEED_ASSESSMENT', nextPhase: 'MARKET_DIALOGUE' });
    expect(moved.checklist.map((i: { key: string }) => i.key)).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);
    expect(moved.checklist.every((i: { opens: string }) => i.opens === 'MARKET_DIALOGUE')).toBe(true);
  });

  it('NEED_ASSESSMENT → MARKET_DIALOGUE needs a need description with a version, CPV codes on every lot and a value for every lot', async () => {
    const w = await proc.world({ interests: false });
    const p = await proc.create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await proc.advance(w.coord, p.id, 'ANCHORING');
    const [lot1, lot2] = p.lots;
    // Lot 2 (need 2) has no CPV code; no lot has a value.
    const missing = async () =>
      (await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } })).extensions
        .missing;
    const before = await proc.read(w.a, p.id);
    expect(before.checklist.map((i) => [i.key, i.done])).toEqual([
      ['NEED_DESCRIPTION', false],
      ['LOTS', false],
      ['ESTIMATED_VALUE', false],
    ]);
    expect(before.canAdvance).toBe(false);
    expect(await missing()).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);

    // An empty need description, one of another need, or a deleted one does not count.
    const empty = await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'NEED_DESCRIPTION' });
    const { createSharedNeed: unrelated } = await w.coord.client.ok(op.CREATE_NEED, {
      input: { groupId: w.groupId, title: 'Annet behov', problem: 'Noe annet.' },
    });
    await proc.createDoc(w.a, { groupId: w.groupId, needId: unrelated.id, kind: 'NEED_DESCRIPTION', text: 'Annet' });
    const gone = await proc.createDoc(w.a, {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'NEED_DESCRIPTION',
      text: 'x',
    });
    await w.a.client.ok(op.DELETE_DOC, { id: gone.id });
    // Nor does a document of another kind.
    await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'Notat' });
    expect(await missing()).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);
    await w.a.client.ok(op.ADD_TEXT, {
      input: { documentId: empty.id, baseVersion: 0, text: 'Behovet', changeNote: '' },
    });
    expect(await missing()).toEqual(['LOTS', 'ESTIMATED_VALUE']);

    await w.coord.client.ok(op.UPDATE_LOT, { id: lot2.id, input: { cpvCodes: ['60130000'] } });
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    // A value stated by a participant that then withdrew does not count.
    await w.coord.client.ok(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    await proc.setValue(w.b, lot1.id, '700');
    await proc.setValue(w.b, lot2.id, '700');
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    await proc.setValue(w.a, lot1.id, '1000');
    // A value for one lot is not a value for every lot.
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    await proc.setValue(w.coord, lot2.id, '500');
    const ready = await proc.read(w.a, p.id);
    expect(ready.checklist.every((i) => i.done)).toBe(true);
    expect(ready.canAdvance).toBe(true);

    const { advanceProcurementPhase: moved } = await proc.advance(w.coord, p.id, 'NEED_ASSESSMENT');
    expect(moved).toMatchObject({ phase: 'MARKET_DIALOGUE', nextPhase: 'PREPARATION', canAdvance: false });
    expect(moved.timeline.map((t: { phase: string; status: string }) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'DONE'],
      ['NEED_ASSESSMENT', 'DONE'],
      ['MARKET_DIALOGUE', 'CURRENT'],
      ['PREPARATION', 'UPCOMING'],
      ['COMPETITION', 'UPCOMING'],
      ['CONTRACT_FOLLOW_UP', 'UPCOMING'],
      ['BENEFITS_REALISATION', 'UPCOMING'],
      ['CLOSED', 'UPCOMING'],
    ]);
    const entered = moved.timeline.map((t: { enteredAt: string | null }) => t.enteredAt);
    expect(entered.slice(0, 3).every((e: string | null) => e !== null)).toBe(true);
    expect(entered.slice(3).every((e: string | null) => e === null)).toBe(true);
    const times = entered.slice(0, 3).map((e) => new Date(e!).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));

    // The next gate belongs to the market dialogue: a published notice and a summary.
    const err = await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'MARKET_DIALOGUE' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(expect.arrayContaining(['DIALOGUE_NOTICE', 'MARKET_DIALOGUE_SUMMARY']));
    expect((await proc.read(w.a, p.id)).phase).toBe('MARKET_DIALOGUE');
  });

  it('a need description attached to one of the procurement’s needs counts', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.advance(w.coord, p.id, 'ANCHORING');
    const before = (await proc.read(w.a, p.id)).checklist.find((i) => i.key === 'NEED_DESCRIPTION')!;
    expect(before.done).toBe(false);
    await proc.createDoc(w.b, { groupId: w.groupId, needId: w.needs[1].id, kind: 'NEED_DESCRIPTION', text: 'Behov 2' });
    expect((await proc.read(w.a, p.id)).checklist.find((i) => i.key === 'NEED_DESCRIPTION')!.done).toBe(true);
  });

  it('timeline at the start: ANCHORING current since creation, the rest upcoming', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    expect(p.timeline.map((t) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'CURRENT'],
      ['NEED_ASSESSMENT', 'UPCOMING'],
      ['MARKET_DIALOGUE', 'UPCOMING'],
      ['PREPARATION', 'UPCOMING'],
      ['COMPETITION', 'UPCOMING'],
      ['CONTRACT_FOLLOW_UP', 'UPCOMING'],
      ['BENEFITS_REALISATION', 'UPCOMING'],
      ['CLOSED', 'UPCOMING'],
    ]);
    expect(p.timeline[0].enteredAt).toEqual(expect.any(String));
  });
});

describe('cancelJointProcurement', () => {
  it('only coordinators cancel, with a reason', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const input = { procurementId: p.id, reason: 'Behovet falt bort' };
    expect((await s.anon.fails(op.CANCEL, { input })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.CANCEL, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.CANCEL, { input })).code).toBe('FORBIDDEN');
    const blank = await w.coord.client.fails(op.CANCEL, { input: { procurementId: p.id, reason: '  ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.reason']);
    expect((await proc.read(w.a, p.id)).phase).toBe('ANCHORING');
    // From the very first phase.
    const { cancelJointProcurement: c } = await w.coord.client.ok(op.CANCEL, { input });
    expect(c).toMatchObject({ phase: 'CANCELLED', cancellationReason: 'Behovet falt bort' });
  });

  it('from a later phase; afterwards nothing changes (INVALID_STATE) and the timeline shows CANCELLED', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.setMilestone(w.coord, p.id, 'OTHER', inDays(5), 'Møte');
    const milestone = (await proc.read(w.a, p.id)).milestones[0];
    await proc.sign(w.b, p.id);
    await proc.advance(w.coord, p.id, 'ANCHORING');

    const { cancelJointProcurement: c } = await w.coord.client.ok(op.CANCEL, {
      input: { procurementId: p.id, reason: '  Ingen tilbydere i markedet  ' },
    });
    expect(c).toMatchObject({
      phase: 'CANCELLED',
      cancellationReason: 'Ingen tilbydere i markedet',
      nextPhase: null,
      canAdvance: false,
      checklist: [],
    });
    expect(c.timeline.map((t: { phase: string; status: string }) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'DONE'],
      ['NEED_ASSESSMENT', 'DONE'],
      ['MARKET_DIALOGUE', 'SKIPPED'],
      ['PREPARATION', 'SKIPPED'],
      ['COMPETITION', 'SKIPPED'],
      ['CONTRACT_FOLLOW_UP', 'SKIPPED'],
      ['BENEFITS_REALISATION', 'SKIPPED'],
      ['CLOSED', 'SKIPPED'],
      ['CANCELLED', 'CURRENT'],
    ]);
    expect(c.timeline.at(-1)!.enteredAt).toEqual(expect.any(String));

    const lot = p.lots[0].id;
    const refusals: [string, { code?: string }][] = [
      ['advance', await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'CANCELLED' } })],
      [
        'advance from the old phase',
        await w.coord.client.fails(op.ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } }),
      ],
      ['cancel', await w.coord.client.fails(op.CANCEL, { input: { procurementId: p.id, reason: 'Igjen' } })],
      ['update', await w.coord.client.fails(op.UPDATE_P, { id: p.id, input: { title: 'Nytt navn' } })],
      ['add lot', await w.coord.client.fails(op.ADD_LOT, { p: p.id, input: { title: 'Ny del' } })],
      ['update lot', await w.coord.client.fails(op.UPDATE_LOT, { id: lot, input: { title: 'Ny tittel' } })],
      ['remove lot', await w.coord.client.fails(op.REMOVE_LOT, { id: lot })],
      ['set value', await w.a.client.fails(op.SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })],
      [
        'sign',
        await w.a.client.fails(op.SIGN, {
          input: { procurementId: p.id, decisionReference: 'x', decisionDate: day(-1) },
        }),
      ],
      ['withdraw', await w.b.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } })],
      [
        'set milestone',
        await w.coord.client.fails(op.SET_MILESTONE, {
          input: { procurementId: p.id, kind: 'OTHER', dueAt: inDays(1) },
        }),
      ],
      ['complete milestone', await w.coord.client.fails(op.COMPLETE_MILESTONE, { id: milestone.id, completed: true })],
      ['remove milestone', await w.coord.client.fails(op.REMOVE_MILESTONE, { id: milestone.id })],
      [
        'add participant',
        await w.coord.client.fails(op.ADD_PARTICIPANT, {
          input: { procurementId: p.id, organisationId: w.c.organisation.id },
        }),
      ],
      [
        'remove participant',
        await w.coord.client.fails(op.REMOVE_PART, {
          input: { procurementId: p.id, organisationId: w.a.organisation.id },
        }),
      ],
      [
        'attach document',
        await w.a.client.fails(op.CREATE_DOC, {
          input: { groupId: w.groupId, procurementId: p.id, title: 'Sent', kind: 'OTHER', language: 'nb' },
        }),
      ],
    ];
    expect(refusals.map(([what, r]) => [what, r.code])).toEqual(refusals.map(([what]) => [what, 'INVALID_STATE']));

    const got = await proc.read(w.a, p.id);
    expect(got).toMatchObject({ phase: 'CANCELLED', title: p.title, cancellationReason: 'Ingen tilbydere i markedet' });
    expect(got.lots.map((l) => l.id)).toEqual(p.lots.map((l) => l.id));
    expect(proc.participant(got, w.b)!.mandate.status).toBe('SIGNED');
    expect(proc.participant(got, w.a)!.mandate.status).toBe('REQUESTED');
    expect(got.milestones).toEqual([milestone]);
  });
});

// ---- lots ----
