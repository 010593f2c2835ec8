import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DecisionOutcome } from '../server/modules/decisions/decision.entity.js';
import { DecisionCloser, tally, type DecisionService } from '../server/modules/decisions/decision.service.js';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import { gql, type InputOf } from './support/graphql.js';
import { head, inDays, wsUrl } from './support/helpers.js';
import * as op from './support/operations.js';
import {
  approveGate,
  driveTo,
  withProcurement as setup,
  type WithProcurement as Setup,
} from './support/procurement.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

const DECISION_Q = gql(`query($id: ID!) { decision(id: $id) { ...Decision } }`, [op.DECISION]);
const DECISIONS = gql(
  `query($id: ID!) { jointProcurement(id: $id) { id decisions { id } checklist { key done pending } } }`,
);
const CHANGE_ROLE = gql(`mutation($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { role } }`);

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const openInput = (
  w: Setup,
  overrides: Partial<InputOf<typeof op.OPEN_DECISION>> = {},
): InputOf<typeof op.OPEN_DECISION> => ({
  procurementId: w.procurementId,
  title: 'Godkjenne kravspesifikasjonen, versjon 3',
  quorum: 2,
  closesAt: inDays(1),
  ...overrides,
});

async function open(w: Setup, overrides: Partial<InputOf<typeof op.OPEN_DECISION>> = {}) {
  return (await w.coord.client.ok(op.OPEN_DECISION, { input: openInput(w, overrides) })).openDecision;
}

const vote = (by: TestUser, decisionId: string, option: number) =>
  by.client.ok(op.CAST_VOTE, { input: { decisionId, option } });

const decisionCount = async (w: Setup) =>
  (await w.coord.client.ok(DECISIONS, { id: w.procurementId })).jointProcurement.decisions.length;

describe('openDecision', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND), suppliers and members who do not coordinate', async () => {
    const w = await setup(s);
    const sup = await s.factories.supplier();
    expect((await s.anon.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('NOT_FOUND');
    expect((await sup.client.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('FORBIDDEN');
    expect(await decisionCount(w)).toBe(0);
  });

  it('opens with Approve/Reject by default, nothing decided yet', async () => {
    const w = await setup(s);
    const d = await open(w, { gate: 'NEED_ASSESSMENT' });
    expect(d).toMatchObject({
      options: ['Approve', 'Reject'],
      quorum: 2,
      gate: 'NEED_ASSESSMENT',
      status: 'OPEN',
      outcome: null,
      winningOption: null,
      approved: false,
      closedAt: null,
      votes: [],
      counts: [
        { option: 'Approve', votes: 0 },
        { option: 'Reject', votes: 0 },
      ],
    });
    // Members read it; outsiders do not.
    expect((await w.a.client.ok(DECISION_Q, { id: d.id })).decision.id).toBe(d.id);
    expect((await w.outsider.client.fails(DECISION_Q, { id: d.id })).code).toBe('NOT_FOUND');
  });

  it('refuses a quorum above the participating authorities who may vote (input.quorum)', async () => {
    const w = await setup(s);
    // Three participants: the lead, a and b.
    const tooMany = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { quorum: 4 }) });
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.quorum' } });
    expect((await open(w, { quorum: 3 })).quorum).toBe(3);
    // A withdrawn authority no longer votes.
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: w.procurementId, reason: 'Ikke budsjett.' } });
    const afterWithdrawal = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { quorum: 3 }) });
    expect(afterWithdrawal).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.quorum' } });
    const zero = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { quorum: 0 }) });
    expect(zero).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.quorum' } });
    expect(await decisionCount(w)).toBe(1);
  });

  it('refuses a closing time in the past (input.closesAt)', async () => {
    const w = await setup(s);
    const past = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { closesAt: inDays(-1 / 24) }) });
    expect(past).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.closesAt' } });
    expect(await decisionCount(w)).toBe(0);
  });

  it('refuses repeated options (input.options[i]) and fewer than two', async () => {
    const w = await setup(s);
    const repeated = await w.coord.client.fails(op.OPEN_DECISION, {
      input: openInput(w, { options: ['Ja', 'Nei', 'Ja'] }),
    });
    expect(repeated).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.options[2]' } });
    // The same after trimming.
    const padded = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { options: ['Ja', ' Ja '] }) });
    expect(padded).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.options[1]' } });
    const one = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { options: ['Ja'] }) });
    expect(one.code).toBe('BAD_USER_INPUT');
    expect(String(one.extensions.field)).toMatch(/^input\.options/);
    const blank = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { options: ['Ja', '  '] }) });
    expect(blank.code).toBe('BAD_USER_INPUT');
    expect(String(blank.extensions.field)).toMatch(/^input\.options/);
    expect(await decisionCount(w)).toBe(0);
    expect((await open(w, { options: ['Alternativ A', 'Alternativ B', 'Alternativ C'] })).options).toEqual([
      'Alternativ A',
      'Alternativ B',
      'Alternativ C',
    ]);
  });

  it('refuses a gate that is not after the current phase (input.gate)', async () => {
    const w = await setup(s);
    for (const gate of ['ANCHORING', 'CANCELLED'] as const) {
      const err = await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w, { gate }) });
      expect(err, gate).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.gate' } });
    }
    expect(await decisionCount(w)).toBe(0);
    expect((await open(w, { gate: 'COMPETITION' })).gate).toBe('COMPETITION');
  });
});

describe('castVote', () => {
  it('refuses anonymous callers, outsiders, and members whose authority does not take part', async () => {
    const w = await setup(s);
    const d = await open(w);
    expect((await s.anon.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe(
      'NOT_FOUND',
    );
    const sup = await s.factories.supplier();
    expect((await sup.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe('NOT_FOUND');
    expect((await w.c.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe('FORBIDDEN');
    expect((await w.coord.client.ok(DECISION_Q, { id: d.id })).decision.votes).toEqual([]);
  });

  it('refuses an observer, a participant made observer, and a participant that withdrew', async () => {
    const w = await setup(s);
    const observer = await s.factories.user();
    await s.factories.membership({ id: w.groupId } as never, observer.organisation, MembershipRole.OBSERVER);
    const d = await open(w);
    expect((await observer.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe(
      'FORBIDDEN',
    );
    // Observers do not take part, and an authority that takes part and becomes an observer does not vote.
    const asParticipant = await w.coord.client.fails(op.ADD_PARTICIPANT, {
      input: { procurementId: w.procurementId, organisationId: observer.organisation.id },
    });
    expect(asParticipant).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.organisationId' } });
    await w.coord.client.ok(CHANGE_ROLE, {
      input: { groupId: w.groupId, organisationId: w.a.organisation.id, role: 'OBSERVER' },
    });
    const demoted = await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } });
    expect(demoted.code).toBe('FORBIDDEN');
    await vote(w.b, d.id, 1);
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: w.procurementId, reason: 'Ute av samarbeidet.' } });
    expect((await w.b.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 0 } })).code).toBe('FORBIDDEN');
    // Its earlier vote no longer counts, so it is no longer shown.
    expect((await w.coord.client.ok(DECISION_Q, { id: d.id })).decision.votes).toEqual([]);
  });

  it('refuses an option that is not one of the decision’s (input.option)', async () => {
    const w = await setup(s);
    const d = await open(w);
    for (const option of [2, -1]) {
      const err = await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option } });
      expect(err, String(option)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.option' } });
    }
    expect((await w.a.client.ok(DECISION_Q, { id: d.id })).decision.viewerVote).toBeNull();
  });

  it('keeps one vote per authority, the latest, changeable until closing', async () => {
    const w = await setup(s);
    const a2 = await s.factories.user({ organisation: w.a.organisation });
    const d = await open(w);
    await vote(w.a, d.id, 0);
    const { castVote } = await vote(a2, d.id, 1);
    expect(castVote.votes).toEqual([
      { option: 1, organisation: { id: w.a.organisation.id }, votedBy: { id: a2.user.id } },
    ]);
    expect(castVote.counts.map((c: { votes: number }) => c.votes)).toEqual([0, 1]);
    // Both users of the authority see its one vote.
    expect((await w.a.client.ok(DECISION_Q, { id: d.id })).decision.viewerVote).toBe(1);
    await vote(w.coord, d.id, 0);
    await vote(w.a, d.id, 0);
    const now = (await w.b.client.ok(DECISION_Q, { id: d.id })).decision;
    expect(now.viewerVote).toBeNull();
    expect(now.votes).toHaveLength(2);
    expect(now.counts).toEqual([
      { option: 'Approve', votes: 2 },
      { option: 'Reject', votes: 0 },
    ]);
    const { closeDecision } = await w.coord.client.ok(op.CLOSE_DECISION, { id: d.id });
    expect(closeDecision).toMatchObject({ outcome: 'DECIDED', winningOption: 0, approved: true });
    const late = await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 1 } });
    expect(late.code).toBe('INVALID_STATE');
    expect((await w.a.client.ok(DECISION_Q, { id: d.id })).decision.viewerVote).toBe(0);
  });

  it('answers NOT_FOUND for a decision that does not exist', async () => {
    const w = await setup(s);
    const missing = await w.a.client.fails(op.CAST_VOTE, {
      input: { decisionId: '00000000-0000-4000-8000-000000000000', option: 0 },
    });
    expect(missing.code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: 'nope', option: 0 } })).code).toBe('NOT_FOUND');
  });

  it('refuses votes once the procurement is cancelled (INVALID_STATE)', async () => {
    const w = await setup(s);
    const d = await open(w);
    await vote(w.a, d.id, 0);
    await w.coord.client.ok(op.CANCEL, { input: { procurementId: w.procurementId, reason: 'Avlyst.' } });
    const late = await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 1 } });
    expect(late.code).toBe('INVALID_STATE');
    expect((await w.coord.client.fails(op.OPEN_DECISION, { input: openInput(w) })).code).toBe('INVALID_STATE');
    expect((await w.a.client.ok(DECISION_Q, { id: d.id })).decision.viewerVote).toBe(0);
  });
});

describe('closeDecision', () => {
  it('is for coordinators only', async () => {
    const w = await setup(s);
    const d = await open(w);
    expect((await s.anon.fails(op.CLOSE_DECISION, { id: d.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(op.CLOSE_DECISION, { id: d.id })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.CLOSE_DECISION, { id: d.id })).code).toBe('FORBIDDEN');
    expect((await w.coord.client.ok(DECISION_Q, { id: d.id })).decision.status).toBe('OPEN');
  });

  it('records DECIDED with the winning option and the counts; a second close is INVALID_STATE', async () => {
    const w = await setup(s);
    const d = await open(w, { options: ['Godkjenn', 'Avvis', 'Utsett'], gate: 'COMPETITION' });
    await vote(w.coord, d.id, 0);
    await vote(w.a, d.id, 0);
    await vote(w.b, d.id, 2);
    const { closeDecision } = await w.coord.client.ok(op.CLOSE_DECISION, { id: d.id });
    expect(closeDecision).toMatchObject({
      status: 'CLOSED',
      outcome: 'DECIDED',
      winningOption: 0,
      winningOptionLabel: 'Godkjenn',
      approved: true,
      counts: [
        { option: 'Godkjenn', votes: 2 },
        { option: 'Avvis', votes: 0 },
        { option: 'Utsett', votes: 1 },
      ],
    });
    expect(closeDecision.closedAt).not.toBeNull();
    const twice = await w.coord.client.fails(op.CLOSE_DECISION, { id: d.id });
    expect(twice.code).toBe('INVALID_STATE');
    expect((await w.coord.client.ok(DECISION_Q, { id: d.id })).decision.closedAt).toBe(closeDecision.closedAt);
    const { jointProcurement } = await w.coord.client.ok(DECISIONS, { id: w.procurementId });
    expect(jointProcurement.decisions.map((x: { id: string }) => x.id)).toEqual([d.id]);
  });

  it('records TIED when the top options tie, and NO_QUORUM when too few authorities voted', async () => {
    const w = await setup(s);
    const tied = await open(w);
    await vote(w.coord, tied.id, 0);
    await vote(w.a, tied.id, 1);
    expect((await w.coord.client.ok(op.CLOSE_DECISION, { id: tied.id })).closeDecision).toMatchObject({
      outcome: 'TIED',
      winningOption: null,
      winningOptionLabel: null,
      approved: false,
    });

    const few = await open(w, { quorum: 3 });
    await vote(w.a, few.id, 0);
    await vote(w.b, few.id, 0);
    expect((await w.coord.client.ok(op.CLOSE_DECISION, { id: few.id })).closeDecision).toMatchObject({
      outcome: 'NO_QUORUM',
      winningOption: null,
      approved: false,
      counts: [
        { option: 'Approve', votes: 2 },
        { option: 'Reject', votes: 0 },
      ],
    });
  });

  it('approves only when the first option wins: a rejection leaves the gate closed', async () => {
    const w = await setup(s);
    await driveTo(w, w.procurementId, 'PREPARATION');
    const item = async () =>
      (await w.coord.client.ok(DECISIONS, { id: w.procurementId })).jointProcurement.checklist.find(
        (i: { key: string }) => i.key === 'SPECIFICATION_APPROVED',
      )!;
    const specApproved = async () => (await item()).done;
    expect(await item()).toMatchObject({ done: false, pending: false });
    const rejected = await open(w, { gate: 'COMPETITION' });
    // While the vote is open the item is pending: not done, and still in the way of the move.
    expect(await item()).toMatchObject({ done: false, pending: true });
    const refused = await w.coord.client.fails(op.ADVANCE, {
      input: { procurementId: w.procurementId, from: 'PREPARATION' },
    });
    expect([refused.code, refused.extensions.missing]).toEqual([
      'INVALID_STATE',
      expect.arrayContaining(['SPECIFICATION_APPROVED']),
    ]);
    await vote(w.coord, rejected.id, 1);
    await vote(w.a, rejected.id, 1);
    const { closeDecision } = await w.coord.client.ok(op.CLOSE_DECISION, { id: rejected.id });
    expect(closeDecision).toMatchObject({ outcome: 'DECIDED', winningOption: 1, approved: false });
    expect(await item()).toMatchObject({ done: false, pending: false });
    // An approval for another gate does not open this one.
    await approveGate(w, w.procurementId, 'CONTRACT_FOLLOW_UP');
    expect(await specApproved()).toBe(false);
    await approveGate(w, w.procurementId, 'COMPETITION');
    expect(await specApproved()).toBe(true);
  });

  it('does not count the vote of an authority that withdrew before closing', async () => {
    const w = await setup(s);
    const d = await open(w);
    await vote(w.coord, d.id, 0);
    await vote(w.a, d.id, 1);
    await vote(w.b, d.id, 1);
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: w.procurementId, reason: 'Trekker seg.' } });
    const { closeDecision } = await w.coord.client.ok(op.CLOSE_DECISION, { id: d.id });
    expect(closeDecision).toMatchObject({ outcome: 'TIED', approved: false });
    // What the decision shows agrees with the result.
    expect(closeDecision.counts).toEqual([
      { option: 'Approve', votes: 1 },
      { option: 'Reject', votes: 1 },
    ]);
  });
});

describe('decision events', () => {
  it('delivers decision.closed live on procurementEvents, with the outcome and the coordinator as actor', async () => {
    const w = await setup(s);
    const d = await open(w, { gate: 'COMPETITION' });
    await vote(w.coord, d.id, 0);
    await vote(w.b, d.id, 0);
    const client = wsClient(wsUrl(s), w.a.token);
    try {
      const sub = collect(client, op.PROCUREMENT_EVENTS, { procurementId: w.procurementId, after: await head(s) });
      await vote(w.a, d.id, 1);
      await w.coord.client.ok(op.CLOSE_DECISION, { id: d.id });
      await sub.until((c) => c.items.some((e) => e.type === 'decision.closed'));
      expect(sub.items.map((e) => e.type)).toEqual(['decision.voted', 'decision.closed']);
      const closed = sub.items[1];
      expect(closed.actor).toEqual({ id: w.coord.user.id });
      expect(closed.payload).toMatchObject({
        procurementId: w.procurementId,
        decisionId: d.id,
        outcome: 'DECIDED',
        winningOption: 0,
        approved: true,
        counts: [2, 1],
      });
    } finally {
      await client.dispose();
    }
  });

  it('closes a decision at its closing time by itself, once, with no actor (two instances)', async () => {
    const w = await setup(s);
    const other = await s.startInstance();
    const client = wsClient(other.wsUrl, w.a.token);
    try {
      const sub = collect(client, op.PROCUREMENT_EVENTS, { procurementId: w.procurementId, after: await head(s) });
      const closesAt = new Date(Date.now() + 2000).toISOString();
      const d = await open(w, { quorum: 1, closesAt });
      await vote(w.coord, d.id, 0);
      await sub.until((c) => c.items.some((e) => e.type === 'decision.closed' && e.payload.decisionId === d.id));
      const closed = sub.items.find((e) => e.type === 'decision.closed');
      expect(closed!.actor).toBeNull();
      expect(closed!.payload).toMatchObject({ outcome: 'DECIDED', winningOption: 0, approved: true, counts: [1, 0] });
      const { decision } = await w.coord.client.ok(DECISION_Q, { id: d.id });
      expect(decision).toMatchObject({ status: 'CLOSED', outcome: 'DECIDED', approved: true });
      expect(new Date(decision.closedAt!).getTime()).toBeGreaterThanOrEqual(new Date(closesAt).getTime());
      const late = await w.a.client.fails(op.CAST_VOTE, { input: { decisionId: d.id, option: 1 } });
      expect(late.code).toBe('INVALID_STATE');
      const rows = await s.db.query(
        `SELECT count(*)::int AS n FROM event WHERE type = 'decision.closed' AND payload->>'decisionId' = $1`,
        [d.id],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await client.dispose();
    }
  });
});

describe('tally', () => {
  it('needs the quorum of votes', () => {
    expect(tally(['Ja', 'Nei'], 2, [{ option: 0 }])).toEqual({
      counts: [1, 0],
      outcome: DecisionOutcome.NO_QUORUM,
      winningOption: null,
    });
    expect(tally(['Ja', 'Nei'], 1, [])).toMatchObject({ outcome: DecisionOutcome.NO_QUORUM });
  });

  it('is TIED when two or more options share the most votes', () => {
    expect(tally(['A', 'B', 'C'], 2, [{ option: 0 }, { option: 1 }])).toEqual({
      counts: [1, 1, 0],
      outcome: DecisionOutcome.TIED,
      winningOption: null,
    });
    expect(
      tally(
        ['A', 'B', 'C'],
        5,
        [0, 2, 2, 0, 1].map((option) => ({ option })),
      ),
    ).toMatchObject({
      counts: [2, 1, 2],
      outcome: DecisionOutcome.TIED,
    });
  });

  it('is DECIDED for the option with the most votes, whichever it is', () => {
    expect(
      tally(
        ['A', 'B', 'C'],
        3,
        [0, 2, 2].map((option) => ({ option })),
      ),
    ).toEqual({
      counts: [1, 0, 2],
      outcome: DecisionOutcome.DECIDED,
      winningOption: 2,
    });
    expect(tally(['A', 'B'], 1, [{ option: 0 }])).toMatchObject({ outcome: DecisionOutcome.DECIDED, winningOption: 0 });
  });
});

describe('DecisionCloser', () => {
  it('looks again when woken while it is already looking (a decision opened meanwhile is not missed)', async () => {
    // A stand-in for the service: each closeDue call waits until the test lets it answer.
    const calls: { answer: (next: Date | null) => void }[] = [];
    let called!: () => void;
    const nextCall = () => new Promise<void>((resolve) => (called = resolve));
    const decisions = {
      closeDue: () =>
        new Promise<Date | null>((answer) => {
          calls.push({ answer });
          called();
        }),
    } as unknown as DecisionService;
    const closer = new DecisionCloser(decisions, { error: () => undefined } as never, 3_600_000);
    try {
      let waiting = nextCall();
      closer.start();
      await waiting;
      // A decision is opened while the first look is under way (it read no next closing time).
      waiting = nextCall();
      closer.wake();
      calls[0].answer(null);
      await waiting;
      expect(calls).toHaveLength(2);
      calls[1].answer(null);
    } finally {
      closer.stop();
    }
  }, 5_000);
});
