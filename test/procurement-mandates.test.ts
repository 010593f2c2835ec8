import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { day, inDays } from './support/helpers.js';
import * as op from './support/operations.js';
import * as proc from './support/procurement-world.js';
import { s } from './support/server.js';

proc.useProcurementServer();

// ---- mandates ----

describe('mandates', () => {
  it('refuses anonymous callers, outsiders, non-participants and observers', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const input = { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1) };
    expect((await s.anon.fails(op.SIGN, { input })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.SIGN, { input })).code).toBe('NOT_FOUND');
    expect((await proc.supplier.client.fails(op.SIGN, { input })).code).toBe('NOT_FOUND');
    // c is a member of the group but its organisation does not participate.
    expect((await w.c.client.fails(op.SIGN, { input })).code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Nei' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await w.observer.client.fails(op.SIGN, { input })).code).toBe('FORBIDDEN');
    expect((await proc.read(w.a, p.id)).participants.every((x) => x.mandate.status === 'REQUESTED')).toBe(true);
  });

  it('a coordinator whose organisation does not participate cannot sign for the participants', async () => {
    const w = await proc.world();
    const p = await proc.create(w, {
      leadOrganisationId: w.a.organisation.id,
      participantOrganisationIds: [w.b.organisation.id],
    });
    const err = await w.coord.client.fails(op.SIGN, {
      input: { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1) },
    });
    expect(err.code).toBe('FORBIDDEN');
    expect((await proc.read(w.a, p.id)).participants.map((x) => x.mandate.status)).toEqual(['REQUESTED', 'REQUESTED']);
  });

  it('a participant signs its own mandate: decision, date, signer, all lots by default; only once', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const { signMandate } = await proc.sign(w.a, p.id, {
      decisionReference: '  Kommunestyresak 12/26 ',
      decisionDate: day(-7),
    });
    expect(signMandate.organisation.id).toBe(w.a.organisation.id);
    expect(signMandate.mandate).toMatchObject({
      status: 'SIGNED',
      decisionReference: 'Kommunestyresak 12/26',
      decisionDate: day(-7),
      signedBy: { id: w.a.user.id },
      withdrawnAt: null,
      document: null,
    });
    expect(signMandate.mandate.signedAt).toEqual(expect.any(String));
    expect(signMandate.mandate.lots.map((l: { id: string }) => l.id).sort()).toEqual(p.lots.map((l) => l.id).sort());

    // Only its own row changed.
    const got = await proc.read(w.c, p.id);
    expect(proc.participant(got, w.a)!.mandate.status).toBe('SIGNED');
    expect(proc.participant(got, w.b)!.mandate.status).toBe('REQUESTED');
    expect(proc.participant(got, w.coord)!.mandate.status).toBe('REQUESTED');

    const twice = await w.a.client.fails(op.SIGN, {
      input: { procurementId: p.id, decisionReference: 'Sak 2', decisionDate: day(-1) },
    });
    expect(twice.code).toBe('INVALID_STATE');
    expect(proc.participant(await proc.read(w.a, p.id), w.a)!.mandate.decisionReference).toBe('Kommunestyresak 12/26');
    // A decision made today is fine; the lots can be chosen.
    const { signMandate: b } = await proc.sign(w.b, p.id, { decisionDate: day(0), lotIds: [p.lots[1].id] });
    expect(b.mandate.lots).toEqual([{ id: p.lots[1].id }]);
  });

  it('two users of one organisation signing at once: one signature, the other INVALID_STATE', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const a2 = await s.factories.user({ organisation: w.a.organisation });
    const input = (ref: string) => ({ procurementId: p.id, decisionReference: ref, decisionDate: day(-1) });
    const results = await Promise.all([
      w.a.client.request(op.SIGN, { input: input('Sak A') }),
      a2.client.request(op.SIGN, { input: input('Sak B') }),
    ]);
    const outcomes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data!.signMandate.mandate.status).sort();
    expect(outcomes).toEqual(['INVALID_STATE', 'SIGNED']);
    const winner = results.find((r) => !r.errors)!.data!.signMandate.mandate;
    expect(proc.participant(await proc.read(w.c, p.id), w.a)!.mandate).toMatchObject({
      status: 'SIGNED',
      decisionReference: winner.decisionReference,
      signedBy: winner.signedBy,
    });
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM event WHERE scope_id = $1 AND type = 'mandate.signed'`,
      [p.id],
    );
    expect(n).toBe(1);
  });

  it('refuses a future decision date, lots of another procurement and documents that are not this procurement’s MANDATE', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const other = await proc.create(w);
    const field = async (extra: Record<string, unknown>) => {
      const err = await w.a.client.fails(op.SIGN, {
        input: { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1), ...extra },
      });
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    expect(await field({ decisionDate: day(2) })).toBe('input.decisionDate');
    expect(await field({ lotIds: [p.lots[0].id, other.lots[0].id] })).toBe('input.lotIds[1]');
    expect(await field({ lotIds: ['x'] })).toBe('input.lotIds[0]');
    expect(await field({ lotIds: [p.lots[0].id, p.lots[0].id, other.lots[0].id] })).toBe('input.lotIds[2]');
    expect(await field({ lotIds: [] })).toBe('input.lotIds');
    expect(await field({ decisionReference: '  ' })).toBe('input.decisionReference');

    const notMandate = await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'x' });
    const otherProcurement = await proc.createDoc(w.a, {
      groupId: w.groupId,
      procurementId: other.id,
      kind: 'MANDATE',
      text: 'x',
    });
    const groupDoc = await proc.createDoc(w.a, { groupId: w.groupId, kind: 'MANDATE', text: 'x' });
    const deleted = await proc.createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'MANDATE', text: 'x' });
    await w.a.client.ok(op.DELETE_DOC, { id: deleted.id });
    for (const d of [notMandate, otherProcurement, groupDoc, deleted]) {
      expect(await field({ documentId: d.id })).toBe('input.documentId');
    }
    expect(await field({ documentId: randomUUID() })).toBe('input.documentId');
    expect(proc.participant(await proc.read(w.a, p.id), w.a)!.mandate.status).toBe('REQUESTED');

    const mandateDoc = await proc.createDoc(w.a, {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'MANDATE',
      text: 'Fullmakt',
    });
    const { signMandate } = await proc.sign(w.a, p.id, { documentId: mandateDoc.id });
    expect(signMandate.mandate.document).toEqual({ id: mandateDoc.id });
  });

  it('withdrawing before the opt-out deadline works and takes the organisation out of the estimated value', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', inDays(14));
    await proc.sign(w.b, p.id);
    const { withdrawMandate } = await w.b.client.ok(op.WITHDRAW, {
      input: { procurementId: p.id, reason: '  Behovet er dekket  ' },
    });
    expect(withdrawMandate.mandate).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'Behovet er dekket' });
    expect(withdrawMandate.mandate.withdrawnAt).toEqual(expect.any(String));

    const got = await proc.read(w.a, p.id);
    // Withdrawn participants stay listed, but their values no longer count.
    expect(proc.participant(got, w.b)!.mandate.status).toBe('WITHDRAWN');
    expect(got.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(got.lots[0].estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(got.lots[1].estimatedValue).toEqual([]);

    // Not twice, and a withdrawn participant no longer signs or states values.
    expect((await w.b.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Igjen' } })).code).toBe(
      'INVALID_STATE',
    );
    expect(
      (
        await w.b.client.fails(op.SIGN, {
          input: { procurementId: p.id, decisionReference: 'x', decisionDate: day(-1) },
        })
      ).code,
    ).toBe('INVALID_STATE');
    expect(
      (await w.b.client.fails(op.SET_VALUE, { input: { lotId: p.lots[0].id, amount: '1', currency: 'NOK' } })).code,
    ).toBe('FORBIDDEN');
  });

  it('after the opt-out deadline nobody withdraws; the lead never does', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.sign(w.a, p.id);
    expect(
      (await w.coord.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Vi er lead' } })).code,
    ).toBe('INVALID_STATE');
    await proc.setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', inDays(-1));
    for (const u of [w.a, w.b]) {
      const err = await u.client.fails(op.WITHDRAW, { input: { procurementId: p.id, reason: 'For sent' } });
      expect(err.code).toBe('INVALID_STATE');
    }
    const got = await proc.read(w.a, p.id);
    expect(proc.participant(got, w.a)!.mandate.status).toBe('SIGNED');
    expect(proc.participant(got, w.b)!.mandate.status).toBe('REQUESTED');
    // Moving the deadline ahead opens the window again.
    await proc.setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', inDays(3));
    await w.a.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Likevel' } });
  });
});
// ---- participants ----

describe('participants', () => {
  it('only coordinators add and remove participants', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const add = { procurementId: p.id, organisationId: w.c.organisation.id };
    const remove = { procurementId: p.id, organisationId: w.b.organisation.id };
    expect((await s.anon.fails(op.ADD_PARTICIPANT, { input: add })).code).toBe('UNAUTHENTICATED');
    expect((await proc.outsider.client.fails(op.ADD_PARTICIPANT, { input: add })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.ADD_PARTICIPANT, { input: add })).code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(op.ADD_PARTICIPANT, { input: add })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.REMOVE_PART, { input: remove })).code).toBe('FORBIDDEN');
    expect((await proc.read(w.a, p.id)).participants.map((x) => x.organisation.id).sort()).toEqual(
      p.participants.map((x) => x.organisation.id).sort(),
    );
  });

  it('adds members, refuses non-members and those already in, removes unsigned ones with their values', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    const { addProcurementParticipant: added } = await w.coord.client.ok(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: w.c.organisation.id },
    });
    expect(added).toMatchObject({
      organisation: { id: w.c.organisation.id },
      isLead: false,
      mandate: { status: 'REQUESTED' },
    });

    const outsiderAdd = await w.coord.client.fails(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: proc.outsider.organisation.id },
    });
    expect([outsiderAdd.code, outsiderAdd.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    expect(
      (
        await w.coord.client.fails(op.ADD_PARTICIPANT, {
          input: { procurementId: p.id, organisationId: w.a.organisation.id },
        })
      ).code,
    ).toBe('CONFLICT');

    const { removeProcurementParticipant } = await w.coord.client.ok(op.REMOVE_PART, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect(
      removeProcurementParticipant.participants.map((x: { organisation: { id: string } }) => x.organisation.id).sort(),
    ).toEqual([w.coord.organisation.id, w.a.organisation.id, w.c.organisation.id].sort());
    const got = await proc.read(w.a, p.id);
    expect(got.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    const notIn = await w.coord.client.fails(op.REMOVE_PART, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect([notIn.code, notIn.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
  });

  it('cannot remove the lead or a participant that signed', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.sign(w.a, p.id);
    for (const org of [w.coord.organisation.id, w.a.organisation.id]) {
      const err = await w.coord.client.fails(op.REMOVE_PART, { input: { procurementId: p.id, organisationId: org } });
      expect(err.code).toBe('INVALID_STATE');
    }
    expect((await proc.read(w.a, p.id)).participants).toHaveLength(3);
  });

  it('asking a withdrawn participant back requests its mandate again', async () => {
    const w = await proc.world();
    const p = await proc.create(w);
    await proc.sign(w.b, p.id, { lotIds: [p.lots[0].id] });
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    const { addProcurementParticipant: back } = await w.coord.client.ok(op.ADD_PARTICIPANT, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect(back.mandate).toEqual(proc.REQUESTED_MANDATE);
    const got = await proc.read(w.a, p.id);
    expect(got.participants.filter((x) => x.organisation.id === w.b.organisation.id)).toHaveLength(1);
    // And it can sign afresh.
    const { signMandate } = await proc.sign(w.b, p.id);
    expect(signMandate.mandate.status).toBe('SIGNED');
  });
});
