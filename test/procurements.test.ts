import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GroupVisibility } from '../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { gql } from './support/graphql.js';
import { head, wsUrl } from './support/helpers.js';
import * as op from './support/operations.js';
import * as proc from './support/procurement-world.js';
import { s } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

const PROC_DOCS = gql(`query($id: ID!) {
  jointProcurement(id: $id) { id documents(first: 50) { totalCount nodes { id title kind } } }
}`);

proc.useProcurementServer();

// ---- createJointProcurement ----

describe('createJointProcurement: who may', () => {
  it('refuses anonymous callers before looking at the input, writing nothing', async () => {
    const w = await proc.world();
    const before = await proc.procurementRows();
    expect((await s.anon.fails(op.CREATE_P, { input: proc.createInput(w) })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.CREATE_P, { input: proc.createInput(w, { title: ' ', needIds: [] }) })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await proc.procurementRows()).toBe(before);
  });

  it('refuses members and observers that are not coordinators (FORBIDDEN)', async () => {
    const w = await proc.world();
    const before = await proc.procurementRows();
    expect((await w.a.client.fails(op.CREATE_P, { input: proc.createInput(w) })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(op.CREATE_P, { input: proc.createInput(w) })).code).toBe('FORBIDDEN');
    expect(await proc.procurementRows()).toBe(before);
  });

  it('does not reveal a group to non-members that cannot see it, nor to suppliers (NOT_FOUND)', async () => {
    const unlisted = await proc.world({ visibility: GroupVisibility.UNLISTED });
    const listed = await proc.world();
    const before = await proc.procurementRows();
    expect((await proc.outsider.client.fails(op.CREATE_P, { input: proc.createInput(unlisted) })).code).toBe(
      'NOT_FOUND',
    );
    expect((await proc.supplier.client.fails(op.CREATE_P, { input: proc.createInput(listed) })).code).toBe('NOT_FOUND');
    expect((await proc.supplier.client.fails(op.CREATE_P, { input: proc.createInput(unlisted) })).code).toBe(
      'NOT_FOUND',
    );
    // A listed group is visible to every authority, but brokering is the coordinators' job.
    expect((await proc.outsider.client.fails(op.CREATE_P, { input: proc.createInput(listed) })).code).toBe('FORBIDDEN');
    expect(await proc.procurementRows()).toBe(before);
  });
});

describe('createJointProcurement: input', () => {
  it('names the field of each bad input, writing nothing', async () => {
    const w = await proc.world();
    const other = await proc.world();
    const invited = await s.factories.user();
    await s.factories.membership(
      { id: w.groupId } as never,
      invited.organisation,
      MembershipRole.MEMBER,
      MembershipStatus.INVITED,
    );
    const before = await proc.procurementRows();
    const field = async (overrides: Record<string, unknown>) => {
      const err = await w.coord.client.fails(op.CREATE_P, { input: proc.createInput(w, overrides) });
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    const [n1, n2] = w.needs.map((n) => n.id);
    expect(await field({ needIds: [n1, other.needs[0].id] })).toBe('input.needIds[1]');
    expect(await field({ needIds: ['not-a-uuid'] })).toBe('input.needIds[0]');
    expect(await field({ needIds: [randomUUID()] })).toBe('input.needIds[0]');
    expect(await field({ needIds: [] })).toBe('input.needIds');
    expect(await field({ leadOrganisationId: proc.outsider.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ leadOrganisationId: invited.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ leadOrganisationId: other.coord.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ participantOrganisationIds: [w.a.organisation.id, proc.outsider.organisation.id] })).toBe(
      'input.participantOrganisationIds[1]',
    );
    expect(await field({ participantOrganisationIds: [invited.organisation.id] })).toBe(
      'input.participantOrganisationIds[0]',
    );
    expect(
      await field({
        lots: [
          { title: 'Del 1', needId: n1 },
          { title: 'Del 2', needId: other.needs[0].id },
        ],
      }),
    ).toBe('input.lots[1].needId');
    // A need of the group, but not one the procurement is brokered from.
    expect(await field({ needIds: [n1], lots: [{ title: 'Del 1', needId: n2 }] })).toBe('input.lots[0].needId');
    expect(await field({ lots: [{ title: 'Del 1', cpvCodes: ['34121000', '3412'] }] })).toBe(
      'input.lots[0].cpvCodes[1]',
    );
    expect(await field({ title: '   ' })).toBe('input.title');
    expect(await field({ lots: [] })).toBe('input.lots');
    expect(await proc.procurementRows()).toBe(before);
  });

  it('names the index of the bad item in the list as sent, also after a repeated item', async () => {
    const w = await proc.world();
    const field = async (overrides: Record<string, unknown>) =>
      (await w.coord.client.fails(op.CREATE_P, { input: proc.createInput(w, overrides) })).extensions.field;
    const [n1] = w.needs.map((n) => n.id);
    const a = w.a.organisation.id;
    expect(await field({ needIds: [n1, n1, randomUUID()] })).toBe('input.needIds[2]');
    expect(await field({ participantOrganisationIds: [a, a, proc.outsider.organisation.id] })).toBe(
      'input.participantOrganisationIds[2]',
    );
  });

  it('observers read but do not take part: not as lead, not as participants', async () => {
    // An observer's users cannot sign or withdraw a mandate: as a participant it would hold a request
    // open for ever, and as the lead it would run a procedure it may not act in.
    const w = await proc.world();
    const before = await proc.procurementRows();
    const lead = await w.coord.client.fails(op.CREATE_P, {
      input: proc.createInput(w, { leadOrganisationId: w.observer.organisation.id }),
    });
    expect([lead.code, lead.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    const part = await w.coord.client.fails(op.CREATE_P, {
      input: proc.createInput(w, { participantOrganisationIds: [w.a.organisation.id, w.observer.organisation.id] }),
    });
    expect([part.code, part.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.participantOrganisationIds[1]']);
    expect(await proc.procurementRows()).toBe(before);
    const p = await proc.create(w);
    const add = await w.coord.client.fails(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: w.observer.organisation.id },
    });
    expect([add.code, add.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    expect(proc.participant(await proc.read(w.a, p.id), w.observer)).toBeUndefined();
  });

  it('names a blank lot title the way it names the other lot fields (input.lots[i].title)', async () => {
    const w = await proc.world();
    const err = await w.coord.client.fails(op.CREATE_P, {
      input: proc.createInput(w, { lots: [{ title: 'Del 1' }, { title: '  ' }] }),
    });
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe('input.lots[1].title');
  });

  it('refuses a group that is archived (INVALID_STATE)', async () => {
    const w = await proc.world();
    await s.db.query(`UPDATE buyer_group SET status = 'ARCHIVED' WHERE id = $1`, [w.groupId]);
    expect((await w.coord.client.fails(op.CREATE_P, { input: proc.createInput(w) })).code).toBe('INVALID_STATE');
  });
});

describe('archiving a group with joint procurements', () => {
  it('is refused while one is still open (INVALID_STATE naming it, nothing changed), and allowed once each is closed or cancelled', async () => {
    const w = await proc.world();
    const running = await proc.create(w, { title: 'Skoleskyss 2027' });
    const cancelled = await proc.create(w, { title: 'Trygghetsalarmer' });
    await w.coord.client.ok(op.CANCEL, {
      input: { procurementId: cancelled.id, reason: 'Dekket av en statlig avtale.' },
    });
    const archive = () => w.coord.client.fails(op.UPDATE_GROUP, { id: w.groupId, input: { status: 'ARCHIVED' } });
    const refused = await archive();
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.extensions.missing).toEqual(['no open joint procurements']);
    expect(refused.message).toContain('Skoleskyss 2027');
    expect(refused.message).not.toContain('Trygghetsalarmer');
    const [group] = (await s.db.query(`SELECT status FROM buyer_group WHERE id = $1`, [w.groupId])) as {
      status: string;
    }[];
    expect(group.status).not.toBe('ARCHIVED');

    await w.coord.client.ok(op.CANCEL, { input: { procurementId: running.id, reason: 'Utsatt til neste år.' } });
    const { updateBuyerGroup } = await w.coord.client.ok(op.UPDATE_GROUP, {
      id: w.groupId,
      input: { status: 'ARCHIVED' },
    });
    expect(updateBuyerGroup.status).toBe('ARCHIVED');
  });
});

describe('createJointProcurement: defaults', () => {
  it('takes the active members with interests (and the lead) as participants, one lot per need, values from the interests', async () => {
    const w = await proc.world();
    // An organisation that stated an interest and then left the group does not participate.
    const left = await s.factories.user();
    await s.factories.membership({ id: w.groupId } as never, left.organisation);
    await left.client.ok(op.SET_INTEREST, { input: { needId: w.needs[0].id, annualValue: '999', currency: 'NOK' } });
    await s.db
      .getRepository(Membership)
      .update({ groupId: w.groupId, organisationId: left.organisation.id }, { status: MembershipStatus.LEFT });

    const p = await proc.create(w, { title: '  Skoleskyss  ' });
    expect(p).toMatchObject({
      title: 'Skoleskyss',
      phase: 'ANCHORING',
      procedureType: 'NEG_W_CALL',
      procedureCode: 'neg-w-call',
      contractType: 'SERVICES',
      cancellationReason: null,
      group: { id: w.groupId },
      leadAuthority: { id: w.coord.organisation.id },
      viewerIsCoordinator: true,
    });
    expect(p.needs.map((n) => n.id).sort()).toEqual(w.needs.map((n) => n.id).sort());
    expect(p.participants.map((x) => x.organisation.id).sort()).toEqual(
      [w.coord.organisation.id, w.a.organisation.id, w.b.organisation.id].sort(),
    );
    expect(p.participants.filter((x) => x.isLead).map((x) => x.organisation.id)).toEqual([w.coord.organisation.id]);
    for (const x of p.participants) {
      expect(x.mandate).toEqual(proc.REQUESTED_MANDATE);
    }
    // The coordinator's organisation takes part as the lead.
    expect(p.viewerParticipant?.organisation.id).toBe(w.coord.organisation.id);

    expect(p.lots).toHaveLength(2);
    const [lot1, lot2] = p.lots;
    expect(lot1).toMatchObject({
      number: 1,
      title: w.needs[0].title,
      cpvCodes: ['34121000', '48000000'],
      need: { id: w.needs[0].id },
    });
    expect(lot2).toMatchObject({ number: 2, title: w.needs[1].title, cpvCodes: [], need: { id: w.needs[1].id } });
    expect(proc.byCurrency(lot1.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    expect(lot2.estimatedValue).toEqual([{ amount: '300', currency: 'NOK', authorityCount: 1 }]);
    expect(proc.byCurrency(p.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100300.5', currency: 'NOK', authorityCount: 2 },
    ]);
    expect(proc.participant(p, w.a)!.statedValues).toEqual([{ lotId: lot1.id, amount: '100000.5', currency: 'NOK' }]);
    expect(
      proc
        .participant(p, w.b)!
        .statedValues.map((v) => [v.lotId, v.amount, v.currency])
        .sort(),
    ).toEqual(
      [
        [lot1.id, '2000', 'EUR'],
        [lot2.id, '300', 'NOK'],
      ].sort(),
    );
    expect(proc.participant(p, w.coord)!.statedValues).toEqual([]);

    expect(p.buyersThread.kind).toBe('BUYERS');
    expect(p.publicThread.kind).toBe('PUBLIC_DIALOGUE');
    expect(p.buyersThread.id).not.toBe(p.publicThread.id);
    expect(p.milestones).toEqual([]);
  });

  it('takes explicit participants and lots; values default only for participants, only for lots tied to a need', async () => {
    const w = await proc.world();
    const p = await proc.create(w, {
      leadOrganisationId: w.a.organisation.id,
      participantOrganisationIds: [w.c.organisation.id],
      lots: [
        { title: ' Ruter ', description: ' Faste ruter ', cpvCodes: ['60130000-8'], needId: w.needs[0].id },
        { title: 'Tilrettelagt skyss' },
      ],
    });
    // The lead always participates, listed or not; b has interests but was not chosen.
    expect(p.participants.map((x) => x.organisation.id).sort()).toEqual(
      [w.a.organisation.id, w.c.organisation.id].sort(),
    );
    expect(proc.participant(p, w.a)!.isLead).toBe(true);
    expect(p.viewerParticipant).toBeNull();
    expect(p.lots.map((l) => [l.number, l.title, l.description, l.cpvCodes, l.need?.id ?? null])).toEqual([
      [1, 'Ruter', 'Faste ruter', ['60130000'], w.needs[0].id],
      [2, 'Tilrettelagt skyss', '', [], null],
    ]);
    expect(p.lots[0].estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(p.lots[1].estimatedValue).toEqual([]);
    expect(p.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
  });

  it('an empty participant list leaves the lead alone', async () => {
    const w = await proc.world();
    const p = await proc.create(w, { participantOrganisationIds: [] });
    expect(p.participants.map((x) => x.organisation.id)).toEqual([w.coord.organisation.id]);
  });
});

describe('reading joint procurements', () => {
  it('lists them on the group and shows them to active members only', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const p2 = await proc.create(w);
    const { buyerGroup } = await w.observer.client.ok(op.GROUP_PROCUREMENTS, { id: w.groupId });
    expect(buyerGroup.procurements.totalCount).toBe(2);
    expect(buyerGroup.procurements.nodes.map((n: { id: string }) => n.id).sort()).toEqual([p.id, p2.id].sort());

    // Members that do not participate, and observers, read it.
    expect((await proc.read(w.c, p.id)).viewerParticipant).toBeNull();
    expect((await proc.read(w.observer, p.id)).id).toBe(p.id);
    const asA = await proc.read(w.a, p.id);
    expect(asA.viewerIsCoordinator).toBe(false);
    expect(asA.viewerParticipant?.organisation.id).toBe(w.a.organisation.id);

    expect((await s.anon.fails(op.GET_P, { id: p.id })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    expect((await proc.supplier.client.fails(op.GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    const other = await proc.world();
    expect((await other.coord.client.fails(op.GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.GET_P, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.GET_P, { id: 'nope' })).code).toBe('NOT_FOUND');

    // An organisation that leaves the group loses sight of the procurement.
    await s.db
      .getRepository(Membership)
      .update({ groupId: w.groupId, organisationId: w.c.organisation.id }, { status: MembershipStatus.LEFT });
    expect((await w.c.client.fails(op.GET_P, { id: p.id })).code).toBe('NOT_FOUND');
  });
});
// ---- editing ----

describe('updateJointProcurement', () => {
  it('only coordinators edit; the lead moves only to a participant that has not withdrawn', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    expect((await s.anon.fails(op.UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('FORBIDDEN');
    const blank = await w.coord.client.fails(op.UPDATE_P, { id: p.id, input: { title: ' ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.title']);
    const notIn = await w.coord.client.fails(op.UPDATE_P, {
      id: p.id,
      input: { leadOrganisationId: w.c.organisation.id },
    });
    expect([notIn.code, notIn.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    const gone = await w.coord.client.fails(op.UPDATE_P, {
      id: p.id,
      input: { leadOrganisationId: w.b.organisation.id },
    });
    expect([gone.code, gone.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    expect((await proc.read(w.a, p.id)).title).toBe(p.title);

    const { updateJointProcurement } = await w.coord.client.ok(op.UPDATE_P, {
      id: p.id,
      input: { title: ' Nytt navn ', leadOrganisationId: w.a.organisation.id },
    });
    expect(updateJointProcurement).toMatchObject({ title: 'Nytt navn', leadAuthority: { id: w.a.organisation.id } });
    const got = await proc.read(w.c, p.id);
    expect(got.participants.filter((x) => x.isLead).map((x) => x.organisation.id)).toEqual([w.a.organisation.id]);
    // The new lead may no longer withdraw; the former lead now may.
    expect((await w.a.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Nei' } })).code).toBe(
      'INVALID_STATE',
    );
    const { withdrawMandate } = await w.coord.client.ok(op.WITHDRAW, {
      input: { procurementId: p.id, reason: 'Byttet' },
    });
    expect(withdrawMandate.mandate.status).toBe('WITHDRAWN');
  });
});
// ---- live ----

describe('procurementEvents', () => {
  it('a member on another instance receives phase and mandate changes in order, and nothing of other procurements', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const q = await proc.create(w);
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, w.c.token);
    try {
      const sub = collect(onB, op.PROCUREMENT_EVENTS, { procurementId: p.id, after: await head(s) });
      await proc.advance(w.coord, p.id, 'ANCHORING');
      await proc.sign(w.a, p.id);
      await proc.advance(w.coord, q.id, 'ANCHORING');
      await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
      const wanted = ['procurement.phase_changed', 'mandate.signed', 'mandate.withdrawn'];
      const mine = (x: { items: any[] }) => x.items.filter((e) => wanted.includes(e.type));
      await sub.until((x) => mine(x).length >= 3);
      expect(sub.errors).toEqual([]);
      expect(mine(sub).map((e) => [e.type, e.payload])).toEqual([
        ['procurement.phase_changed', { procurementId: p.id, from: 'ANCHORING', to: 'NEED_ASSESSMENT' }],
        ['mandate.signed', expect.objectContaining({ procurementId: p.id, organisationId: w.a.organisation.id })],
        ['mandate.withdrawn', { procurementId: p.id, organisationId: w.b.organisation.id }],
      ]);
      expect(
        sub.items.every((e) => e.scopeType === 'procurement' && e.scopeId === p.id && e.groupId === w.groupId),
      ).toBe(true);
      const ids = sub.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    } finally {
      await onB.dispose();
    }
  });

  it('replays what came after `after`', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const from = await head(s);
    await proc.sign(w.a, p.id);
    const c = wsClient(wsUrl(s), w.observer.token);
    try {
      const sub = collect(c, op.PROCUREMENT_EVENTS, { procurementId: p.id, after: from });
      await sub.until((x) => x.items.some((e) => e.type === 'mandate.signed'));
      expect(sub.items.map((e) => e.type)).toEqual(['mandate.signed']);
    } finally {
      await c.dispose();
    }
  });

  it('refuses members of another group, outsiders and suppliers (NOT_FOUND)', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const other = await proc.world();
    for (const u of [other.coord, proc.outsider, proc.supplier]) {
      const c = wsClient(wsUrl(s), u.token);
      try {
        const sub = collect(c, op.PROCUREMENT_EVENTS, { procurementId: p.id, after: await head(s) });
        await sub.until((x) => x.completed);
        expect(sub.items).toEqual([]);
        expect(sub.errors[0].extensions.code).toBe('NOT_FOUND');
      } finally {
        await c.dispose();
      }
    }
  });
});

// ---- documents ----

describe('documents of a procurement', () => {
  it('are attached with procurementId of the same group and listed on the procurement', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const other = await proc.world();
    const foreign = await proc.create(other);
    const bad = await w.a.client.fails(op.CREATE_DOC, {
      input: { groupId: w.groupId, procurementId: foreign.id, title: 'X', kind: 'OTHER', language: 'nb' },
    });
    expect([bad.code, bad.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    const unknown = await w.a.client.fails(op.CREATE_DOC, {
      input: { groupId: w.groupId, procurementId: randomUUID(), title: 'X', kind: 'OTHER', language: 'nb' },
    });
    expect([unknown.code, unknown.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    const both = await w.a.client.fails(op.CREATE_DOC, {
      input: {
        groupId: w.groupId,
        procurementId: p.id,
        needId: w.needs[0].id,
        title: 'X',
        kind: 'OTHER',
        language: 'nb',
      },
    });
    expect([both.code, both.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    expect(
      (
        await w.observer.client.fails(op.CREATE_DOC, {
          input: { groupId: w.groupId, procurementId: p.id, title: 'X', kind: 'OTHER', language: 'nb' },
        })
      ).code,
    ).toBe('FORBIDDEN');

    const d = await proc.createDoc(w.a, {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'REQUIREMENT_SPECIFICATION',
      text: 'Krav',
    });
    expect(d).toMatchObject({ parentType: 'PROCUREMENT', currentVersion: 1, publishedVersion: null });
    const { jointProcurement } = await w.c.client.ok(PROC_DOCS, { id: p.id });
    expect(jointProcurement.documents.totalCount).toBe(1);
    expect(jointProcurement.documents.nodes).toEqual([
      { id: d.id, title: expect.any(String), kind: 'REQUIREMENT_SPECIFICATION' },
    ]);
    // Not on the other procurement, nor on a need.
    expect((await other.a.client.ok(PROC_DOCS, { id: foreign.id })).jointProcurement.documents.totalCount).toBe(0);
    expect((await w.a.client.ok(op.NEED_DOCS, { id: w.needs[0].id })).sharedNeed.documents.totalCount).toBe(0);
  });

  it('publishing an empty one is refused; publishing fixes the version suppliers read until published again', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const d = await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER' });
    const empty = await w.coord.client.fails(op.UPDATE_DOC, { id: d.id, input: { visibility: 'PUBLISHED' } });
    expect(empty.code).toBe('INVALID_STATE');
    expect((await w.a.client.ok(op.DOC_Q, { id: d.id })).document).toMatchObject({
      visibility: 'GROUP',
      publishedVersion: null,
      publishedAt: null,
    });

    await w.a.client.ok(op.ADD_TEXT, {
      input: { documentId: d.id, baseVersion: 0, text: 'Versjon 1', changeNote: '' },
    });
    // Members do not publish.
    expect((await w.a.client.fails(op.UPDATE_DOC, { id: d.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    const { updateDocument: published } = await w.coord.client.ok(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED' },
    });
    expect(published).toMatchObject({ visibility: 'PUBLISHED', currentVersion: 1, publishedVersion: 1 });
    expect(published.publishedAt).toEqual(expect.any(String));

    await w.a.client.ok(op.ADD_TEXT, {
      input: { documentId: d.id, baseVersion: 1, text: 'Versjon 2', changeNote: '' },
    });
    // A rename does not publish the newer version either.
    await w.coord.client.ok(op.UPDATE_DOC, { id: d.id, input: { title: 'Nytt navn' } });
    expect((await w.a.client.ok(op.DOC_Q, { id: d.id })).document).toMatchObject({
      currentVersion: 2,
      publishedVersion: 1,
    });

    const { updateDocument: again } = await w.coord.client.ok(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED' },
    });
    expect(again).toMatchObject({ currentVersion: 2, publishedVersion: 2 });
    const { updateDocument: back } = await w.coord.client.ok(op.UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'GROUP' },
    });
    expect(back).toMatchObject({ visibility: 'GROUP', publishedVersion: null, publishedAt: null });
  });

  it('document events of the procurement reach its subscribers', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const c = wsClient(wsUrl(s), w.b.token);
    try {
      const sub = collect(c, op.PROCUREMENT_EVENTS, { procurementId: p.id, after: await head(s) });
      const d = await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'Hei' });
      await sub.until((x) => x.items.filter((e) => e.payload.documentId === d.id).length >= 2);
      expect(sub.items.filter((e) => e.payload.documentId === d.id).map((e) => e.type)).toEqual([
        'document.created',
        'document.version_added',
      ]);
    } finally {
      await c.dispose();
    }
  });
});
