import { describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { award, admittedTender, noStandstill, stage } from './support/contracts.js';
import { hex, inDays, slotStart } from './support/helpers.js';
import { inbox, kindsOf, noticesOf, settled } from './support/notifications.js';
import {
  ADD_PARTICIPANT,
  ADD_TEXT,
  ANSWER,
  APPROVE,
  ASK,
  BOOK,
  CANCEL_BOOKING,
  CAST_VOTE,
  CLOSE_DECISION,
  CREATE_DOC,
  OPEN_DECISION,
  OPEN_SLOTS,
  REQUEST,
  UPDATE_DOC,
  WITHDRAW,
} from './support/operations.js';
import { advance, driveTo, signMandate } from './support/procurement.js';
import { s, useServer } from './support/server.js';
import { dialogue, procurement, world, type World } from './support/world.js';

/*
 * Each kind of notice made from the event log reaches its audience and no one else, names its
 * group, procurement or subject, and leads to the exact place (issue 13, item 1).
 */

useServer(noStandstill());

type Team = World<'a' | 'b' | 'c' | 'observer'>;

/** A group with a coordinator, members a, b, c and an observer; a procurement with the lead, a and b taking part. */
async function team(): Promise<Team & { procurementId: string; title: string; groupName: string }> {
  const w = await world(s, { members: { a: {}, b: {}, c: {}, observer: { role: MembershipRole.OBSERVER } } });
  const title = `Felles skyss ${hex()}`;
  const p = await procurement(w, { title });
  const [{ name: groupName }] = await s.db.query(`SELECT name FROM buyer_group WHERE id = $1`, [w.groupId]);
  return { ...w, procurementId: p.id, title, groupName };
}

const FOLLOW = `mutation($id: ID!) { followDocument(documentId: $id) { id viewerFollows } }`;
const UNFOLLOW = `mutation($id: ID!) { unfollowDocument(documentId: $id) { id viewerFollows } }`;

describe('following documents', () => {
  it('is refused to anonymous callers, and to those who cannot read the document (NOT_FOUND)', async () => {
    const w = await team();
    const { createDocument: doc } = await w.a.client.ok(CREATE_DOC, {
      input: { groupId: w.groupId, title: 'Notat', kind: 'OTHER', language: 'nb', text: 'v1' },
    });
    for (const op of [FOLLOW, UNFOLLOW]) {
      expect((await s.anon.fails(op, { id: doc.id })).code).toBe('UNAUTHENTICATED');
      const outsider = await s.factories.user();
      expect((await outsider.client.fails(op, { id: doc.id })).code).toBe('NOT_FOUND');
      const supplier = await s.factories.supplier();
      expect((await supplier.client.fails(op, { id: doc.id })).code).toBe('NOT_FOUND');
      expect((await w.a.client.fails(op, { id: 'not-an-id' })).code).toBe('NOT_FOUND');
    }
  });

  it('tells followers of a new version: authors and editors by default, until they unfollow', async () => {
    const w = await team();
    const { createDocument: doc } = await w.a.client.ok(CREATE_DOC, {
      input: {
        groupId: w.groupId,
        procurementId: w.procurementId,
        title: 'Kravspek',
        kind: 'OTHER',
        language: 'nb',
        text: 'v1',
      },
    });
    await settled(s);
    expect((await w.a.client.ok(FOLLOW, { id: doc.id })).followDocument.viewerFollows).toBe(true);
    // The first version is the document's creation: no one hears of it.
    expect(await noticesOf(w.a, 'DOCUMENT_VERSION')).toEqual([]);
    await w.coord.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: 1, text: 'v2' } });
    await settled(s);
    const [notice] = await noticesOf(w.a, 'DOCUMENT_VERSION');
    expect(notice).toMatchObject({
      actor: { id: w.coord.user.id },
      document: { id: doc.id },
      path: `/groups/${w.groupId}/documents/${doc.id}`,
      details: { title: 'Kravspek', number: 2, groupName: w.groupName, procurementTitle: w.title },
    });
    expect(notice.url).toMatch(new RegExp(`^http://localhost:\\d+/groups/${w.groupId}/documents/${doc.id}$`));
    // The editor of version 2 follows it now; the others hear nothing.
    await w.b.client.ok(FOLLOW, { id: doc.id });
    expect((await w.a.client.ok(UNFOLLOW, { id: doc.id })).unfollowDocument.viewerFollows).toBe(false);
    // An unfollow holds against the author's own later versions.
    await w.a.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: 2, text: 'v3' } });
    await w.coord.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: 3, text: 'v4' } });
    await settled(s);
    expect((await noticesOf(w.a, 'DOCUMENT_VERSION')).map((n) => n.details.number)).toEqual([2]);
    expect((await noticesOf(w.b, 'DOCUMENT_VERSION')).map((n) => n.details.number)).toEqual([4, 3]);
    expect((await noticesOf(w.coord, 'DOCUMENT_VERSION')).map((n) => n.details.number)).toEqual([3]);
    expect(await noticesOf(w.c, 'DOCUMENT_VERSION')).toEqual([]);
    // A follower whose organisation left the group hears nothing more.
    await w.b.client.ok(`mutation($g: ID!) { leaveGroup(groupId: $g) { status } }`, { g: w.groupId });
    await w.coord.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: 4, text: 'v5' } });
    await settled(s);
    expect((await noticesOf(w.b, 'DOCUMENT_VERSION')).map((n) => n.details.number)).toEqual([4, 3]);
  });

  it('lists notices newest first in the order they were made, even those made in the same millisecond', async () => {
    const w = await team();
    const { createDocument: doc } = await w.a.client.ok(CREATE_DOC, {
      input: { groupId: w.groupId, title: 'Rutebeskrivelse', kind: 'OTHER', language: 'nb', text: 'v1' },
    });
    // The projector writes the notices of every event it gathered in one transaction, well under
    // a millisecond apart: held back here, it gathers all fifteen versions at once. The inbox must
    // not depend on their timestamps telling them apart.
    const versions = 16;
    s.app.projector.stop();
    try {
      for (let n = 2; n <= versions; n++) {
        await w.coord.client.ok(ADD_TEXT, { input: { documentId: doc.id, baseVersion: n - 1, text: `v${n}` } });
      }
    } finally {
      s.app.projector.start();
    }
    await settled(s);
    const expected = Array.from({ length: versions - 1 }, (_, i) => versions - i);
    expect((await noticesOf(w.a, 'DOCUMENT_VERSION')).map((n) => n.details.number)).toEqual(expected);
    // Page by page, the same order: each cursor carries the notice's place in it.
    type Page = {
      nodes: { details: { number: number } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    const paged: number[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { notifications: Page } = await w.a.client.ok(
        `query($after: String) { notifications(first: 4, after: $after, kinds: [DOCUMENT_VERSION]) {
           nodes { details { number } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      paged.push(...result.notifications.nodes.map((n) => n.details.number));
      if (!result.notifications.pageInfo.hasNextPage) break;
      after = result.notifications.pageInfo.endCursor;
    }
    expect(paged).toEqual(expected);
  });
});

describe('a procurement’s notices', () => {
  it('asks the participating authorities for their mandates, and tells the coordinators and the lead who signed or withdrew', async () => {
    const w = await team();
    await settled(s);
    for (const u of [w.a, w.b]) {
      const [n] = await noticesOf(u, 'MANDATE_REQUESTED');
      expect(n).toMatchObject({
        actor: { id: w.coord.user.id },
        procurement: { id: w.procurementId },
        path: `/groups/${w.groupId}/procurements/${w.procurementId}#participants`,
        details: { procurementTitle: w.title, groupName: w.groupName },
      });
    }
    // The coordinator brokered it; c and the observer do not take part.
    for (const u of [w.coord, w.c, w.observer]) expect(await noticesOf(u, 'MANDATE_REQUESTED')).toEqual([]);
    await w.coord.client.ok(ADD_PARTICIPANT, {
      input: { procurementId: w.procurementId, organisationId: w.c.organisation.id },
    });
    await signMandate(w.a, w.procurementId);
    await w.b.client.ok(WITHDRAW, { input: { procurementId: w.procurementId, reason: 'Ikke budsjett' } });
    await settled(s);
    expect(await kindsOf(w.c)).toEqual(['MANDATE_REQUESTED']);
    const coordKinds = await inbox(w.coord);
    expect(coordKinds.map((n) => [n.kind, n.details.organisationName])).toEqual([
      ['MANDATE_WITHDRAWN', w.b.organisation.name],
      ['MANDATE_SIGNED', w.a.organisation.name],
    ]);
    expect(await noticesOf(w.b, 'MANDATE_SIGNED')).toEqual([]);
  });

  it('tells everyone in the group of a phase change, suppliers and outsiders nothing', async () => {
    const w = await team();
    const supplier = await s.factories.supplier();
    const outsider = await s.factories.user();
    await advance(w, w.procurementId);
    await settled(s);
    for (const u of [w.a, w.b, w.c, w.observer]) {
      const [n] = await noticesOf(u, 'PHASE_CHANGED');
      expect(n).toMatchObject({
        path: `/groups/${w.groupId}/procurements/${w.procurementId}#phase`,
        details: { phase: 'NEED_ASSESSMENT', fromPhase: 'ANCHORING', procurementTitle: w.title },
      });
    }
    for (const u of [w.coord, supplier, outsider]) expect(await noticesOf(u, 'PHASE_CHANGED')).toEqual([]);
  });

  it('tells the participating authorities and the coordinators of a decision opened and closed, with its outcome', async () => {
    const w = await team();
    const closesAt = inDays(3);
    const { openDecision } = await w.coord.client.ok(OPEN_DECISION, {
      input: { procurementId: w.procurementId, title: 'Velge prosedyre', quorum: 1, closesAt },
    });
    await w.a.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
    await w.coord.client.ok(CLOSE_DECISION, { id: openDecision.id });
    await settled(s);
    const where = `/groups/${w.groupId}/procurements/${w.procurementId}#decision-${openDecision.id}`;
    for (const u of [w.a, w.b]) {
      expect((await noticesOf(u, 'DECISION_OPENED'))[0]).toMatchObject({
        path: where,
        details: { title: 'Velge prosedyre', at: new Date(closesAt).toISOString() },
      });
      expect((await noticesOf(u, 'DECISION_CLOSED'))[0]).toMatchObject({
        path: where,
        details: { title: 'Velge prosedyre', outcome: 'DECIDED', approved: true },
      });
    }
    for (const u of [w.c, w.observer]) expect(await kindsOf(u)).not.toContain('DECISION_OPENED');
  });

  it('tells the participants and coordinators of an award, and the scheduler of its standstill’s end', async () => {
    const w = await team();
    const supplier = await s.factories.supplier();
    await driveTo(w, w.procurementId, 'COMPETITION');
    const [lot] = (await stage(w.coord, w.procurementId)).lots;
    await admittedTender(w, lot.id, supplier.organisation.id);
    await award(w, w.procurementId, lot.id, [supplier.organisation.id]);
    await settled(s);
    await s.app.scheduler.run();
    for (const u of [w.coord, w.a, w.b]) {
      const [made] = await noticesOf(u, 'AWARD_MADE');
      expect(made).toMatchObject({
        path: `/groups/${w.groupId}/procurements/${w.procurementId}#award`,
        details: { number: lot.number, organisationName: supplier.organisation.name, procurementTitle: w.title },
      });
      // No standstill period on this server: it has ended already.
      expect(await noticesOf(u, 'STANDSTILL_ENDED')).toHaveLength(1);
    }
    expect(await kindsOf(supplier)).toEqual([]);
    expect(await kindsOf(w.c)).not.toContain('AWARD_MADE');
  });
});

describe('the market dialogue’s notices', () => {
  it('tell coordinators of questions and bookings, and suppliers of answers, documents and their own meetings only', async () => {
    const w = await team();
    const asker = await s.factories.supplier();
    const other = await s.factories.supplier();
    // A colleague of the asker's, registered too.
    const mate = await s.factories.user({ organisation: asker.organisation });
    await dialogue(w, w.procurementId, { suppliers: [asker, other, mate] });
    const { askDialogueQuestion: q } = await asker.client.ok(ASK, {
      input: { procurementId: w.procurementId, text: 'Hvor mange elever?' },
    });
    await settled(s);
    const [question] = await noticesOf(w.coord, 'QUESTION_RECEIVED');
    expect(question).toMatchObject({
      path: `/groups/${w.groupId}/procurements/${w.procurementId}#dialogue`,
      details: { title: `Q${q.number}`, organisationName: asker.organisation.name, procurementTitle: w.title },
    });
    expect(await noticesOf(w.a, 'QUESTION_RECEIVED')).toEqual([]);

    await w.coord.client.ok(ANSWER, { input: { questionId: q.id, answer: 'Omtrent 400.' } });
    const { createDocument: doc } = await w.coord.client.ok(CREATE_DOC, {
      input: {
        groupId: w.groupId,
        procurementId: w.procurementId,
        title: 'Behovsbeskrivelse',
        kind: 'OTHER',
        language: 'nb',
        text: 'Tekst',
      },
    });
    await w.coord.client.ok(UPDATE_DOC, { id: doc.id, input: { visibility: 'PUBLISHED' } });
    const start = slotStart(5);
    const { openDialogueSlots: slots } = await w.coord.client.ok(OPEN_SLOTS, {
      input: { procurementId: w.procurementId, startsAt: start, durationMinutes: 30, count: 2, location: 'Teams' },
    });
    await asker.client.ok(BOOK, { id: slots[0].id });
    await w.coord.client.ok(CANCEL_BOOKING, { id: slots[0].id });
    await settled(s);

    for (const u of [asker, other, mate]) {
      const notices = await inbox(u);
      for (const n of notices) {
        // Nothing of the buyers: no group, no person, no buyers' page.
        expect(n).toMatchObject({ group: null, actor: null, procurement: null, thread: null, document: null });
        expect(n.details.groupName).toBeNull();
        expect(n.path).toBe(`/market-dialogues/${w.procurementId}`);
        expect(n.marketDialogue).toEqual({ id: w.procurementId });
        expect(n.details.procurementTitle).toBe(w.title);
      }
      const byKind = Object.fromEntries(notices.map((n) => [n.kind, n.details]));
      expect(byKind.ANSWER_PUBLISHED).toMatchObject({ title: `Q${q.number}`, number: 1 });
      expect(byKind.DOCUMENT_PUBLISHED).toMatchObject({ title: 'Behovsbeskrivelse', number: 1 });
    }
    // The booking is the asker's organisation's: its colleague hears of it, the other supplier does not.
    expect((await kindsOf(mate)).filter((k) => k.startsWith('SLOT'))).toEqual(['SLOT_BOOKED', 'SLOT_CANCELLED']);
    expect((await kindsOf(asker)).filter((k) => k.startsWith('SLOT'))).toEqual(['SLOT_CANCELLED']);
    expect((await kindsOf(other)).filter((k) => k.startsWith('SLOT'))).toEqual([]);
    expect((await noticesOf(asker, 'SLOT_CANCELLED'))[0].details.at).toBe(start);
    const [booked] = await noticesOf(w.coord, 'SLOT_BOOKED');
    expect(booked).toMatchObject({
      actor: { id: asker.user.id },
      details: { organisationName: asker.organisation.name, at: start },
    });
    // The coordinator cancelled it: told the supplier, not themself.
    expect(await noticesOf(w.coord, 'SLOT_CANCELLED')).toEqual([]);
    expect(await kindsOf(w.a)).not.toContain('SLOT_BOOKED');
  });
});

describe('a group’s notices', () => {
  it('tell an organisation its request to join was decided, and a guest of the invitation', async () => {
    const w = await team();
    const asking = await s.factories.user();
    await asking.client.ok(REQUEST, { input: { groupId: w.groupId } });
    await w.coord.client.ok(APPROVE, {
      input: { groupId: w.groupId, organisationId: asking.organisation.id, role: 'MEMBER' },
    });
    const guest = await s.factories.user();
    await w.coord.client.ok(`mutation($input: InviteGuestInput!) { inviteGuest(input: $input) { id } }`, {
      input: { groupId: w.groupId, email: guest.user.email, displayName: 'Gjest', endsAt: inDays(30) },
    });
    await settled(s);
    expect((await noticesOf(asking, 'JOIN_REQUEST_DECIDED'))[0]).toMatchObject({
      path: `/groups/${w.groupId}`,
      details: { approved: true, groupName: w.groupName },
    });
    expect((await noticesOf(w.coord, 'JOIN_REQUEST'))[0].details.organisationName).toBe(asking.organisation.name);
    expect((await noticesOf(guest, 'GUEST_INVITATION'))[0]).toMatchObject({
      path: `/groups/${w.groupId}`,
      group: { id: w.groupId },
      details: { groupName: w.groupName },
    });
  });
});
