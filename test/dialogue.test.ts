import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as dialogue from './support/dialogue.js';
import { day, head, inDays, rows, slotStart, wsUrl } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

/*
 * Market dialogue with equal treatment of suppliers (issue 5, DESIGN 2): the notice, registration,
 * questions answered to all at once, published documents, meeting slots, live updates, and the
 * dialogue closing when the competition starts. This file has the notice, registration, live updates
 * and closing; dialogue-questions.test.ts the questions and published documents;
 * dialogue-meetings.test.ts the meeting slots. test/dialogue-visibility.test.ts walks every field a
 * supplier can reach; these files check the rules one by one.
 */

useServer();

// ---- the notice ----

describe('publishDialogueNotice', () => {
  it('refuses anonymous callers, members that are not coordinators, outsiders and suppliers, publishing nothing', async () => {
    const w = await dialogue.world();
    const input = dialogue.publishInput(w);
    expect((await s.anon.fails(op.PUBLISH_NOTICE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(op.PUBLISH_NOTICE, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(op.PUBLISH_NOTICE, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(op.PUBLISH_NOTICE, { input })).code).toBe('NOT_FOUND');
    expect(
      (await w.coord.client.fails(op.PUBLISH_NOTICE, { input: { ...input, procurementId: randomUUID() } })).code,
    ).toBe('NOT_FOUND');
    const d = await dialogue.admin(w.coord, w);
    expect(d).toMatchObject({ published: false, publishedAt: null, notice: null, questionDeadline: null });
  });

  it('refuses a question deadline that has passed (input.questionDeadline) and a blank notice', async () => {
    const w = await dialogue.world();
    const past = await w.coord.client.fails(op.PUBLISH_NOTICE, {
      input: dialogue.publishInput(w, { questionDeadline: inDays(-1) }),
    });
    expect([past.code, past.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.questionDeadline']);
    const blank = await w.coord.client.fails(op.PUBLISH_NOTICE, { input: dialogue.publishInput(w, { notice: '   ' }) });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.notice']);
    expect((await dialogue.admin(w.coord, w)).published).toBe(false);
  });

  it('publishes the notice with the QUESTION_DEADLINE milestone; republishing updates both', async () => {
    const w = await dialogue.world();
    const deadline = inDays(10);
    const first = await dialogue.publish(w, {
      notice: '  Første kunngjøring  ',
      questionDeadline: deadline,
      maxBookingsPerSupplier: 2,
    });
    expect(first.dialogue).toMatchObject({
      published: true,
      notice: 'Første kunngjøring',
      open: true,
      questionDeadline: deadline,
      maxBookingsPerSupplier: 2,
    });
    expect(first.milestones.filter((m: { kind: string }) => m.kind === 'QUESTION_DEADLINE')).toEqual([
      { kind: 'QUESTION_DEADLINE', dueAt: deadline },
    ]);

    const later = inDays(20);
    const again = await dialogue.publish(w, { notice: 'Oppdatert kunngjøring', questionDeadline: later });
    expect(again.dialogue).toMatchObject({
      notice: 'Oppdatert kunngjøring',
      questionDeadline: later,
      maxBookingsPerSupplier: 1,
      // First publication stays the publication time.
      publishedAt: first.dialogue.publishedAt,
    });
    expect(again.milestones.filter((m: { kind: string }) => m.kind === 'QUESTION_DEADLINE')).toEqual([
      { kind: 'QUESTION_DEADLINE', dueAt: later },
    ]);
    const seen = (await w.a.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue;
    expect(seen).toMatchObject({ notice: 'Oppdatert kunngjøring', questionDeadline: later, registered: false });
  });

  it('an unpublished dialogue is NOT_FOUND for suppliers and missing from marketDialogues; search finds published ones by title', async () => {
    const hidden = await dialogue.world();
    const shown = await dialogue.world();
    await dialogue.publish(shown);
    expect((await hidden.a.client.fails(op.MD_NOTICE, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.outsider.client.fails(op.MD_NOTICE, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.a.client.fails(op.REGISTER, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.a.client.fails(op.MD_NOTICE, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
    expect((await s.anon.fails(op.MD_LIST)).code).toBe('UNAUTHENTICATED');

    const all = (await hidden.a.client.ok(op.MD_LIST)).marketDialogues.map((d: { id: string }) => d.id);
    expect(all).toContain(shown.p.id);
    expect(all).not.toContain(hidden.p.id);
    const byTitle = (await hidden.a.client.ok(op.MD_LIST, { search: shown.p.title.slice(-6) })).marketDialogues;
    expect(byTitle.map((d: { id: string }) => d.id)).toEqual([shown.p.id]);
    expect((await hidden.a.client.ok(op.MD_LIST, { search: hidden.p.title })).marketDialogues).toEqual([]);
    // The buyers see their own unpublished dialogue, suppliers still do not.
    expect((await hidden.member.client.ok(op.MD_NOTICE, { id: hidden.p.id })).marketDialogue.id).toBe(hidden.p.id);
  });
});

// ---- registration ----

describe('registerForDialogue', () => {
  it('refuses anonymous callers and authorities (FORBIDDEN): only suppliers register', async () => {
    const w = await dialogue.world();
    await dialogue.publish(w);
    expect((await s.anon.fails(op.REGISTER, { id: w.p.id })).code).toBe('UNAUTHENTICATED');
    for (const u of [w.outsider, w.member, w.coord]) {
      expect((await u.client.fails(op.REGISTER, { id: w.p.id })).code).toBe('FORBIDDEN');
    }
    expect(await rows(s, 'dialogue_registration WHERE procurement_id = $1', [w.p.id])).toBe(0);
  });

  it('an unregistered supplier sees the notice only; registering (idempotent) opens the rest', async () => {
    const w = await dialogue.world();
    await dialogue.publish(w, { notice: 'Kunngjøringen', questionDeadline: inDays(9) });
    const notice = (await w.c.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue;
    expect(notice).toMatchObject({
      id: w.p.id,
      title: w.p.title,
      notice: 'Kunngjøringen',
      registered: false,
      open: true,
      phase: 'ANCHORING',
      leadAuthority: { name: w.coord.organisation.name, kind: 'MUNICIPALITY', country: 'NO' },
      lots: [{ number: 1, cpvCodes: ['60130000'] }],
    });
    expect(notice.questionDeadline).toEqual(expect.any(String));
    expect(notice.contractingAuthorities.map((o: { name: string }) => o.name).sort()).toEqual(
      [w.coord.organisation.name, w.member.organisation.name].sort(),
    );
    for (const field of Object.keys(dialogue.INSIDER_FIELDS)) {
      expect((await w.c.client.fails(dialogue.insider(field), { id: w.p.id })).code, field).toBe('FORBIDDEN');
    }

    const { registerForDialogue } = await dialogue.register(w.a, w);
    expect(registerForDialogue).toEqual({ id: w.p.id, registered: true });
    expect((await dialogue.register(w.a, w)).registerForDialogue.registered).toBe(true);
    expect(await rows(s, 'dialogue_registration WHERE procurement_id = $1', [w.p.id])).toBe(1);
    const seen = await dialogue.md(w.a, w);
    expect(seen).toMatchObject({ registered: true, documents: [], questions: [], myQuestions: [], slots: [] });
    // Registration is per organisation: A's colleague is registered with it.
    const colleague = await s.factories.user({ organisation: w.a.organisation });
    expect((await colleague.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue.registered).toBe(true);
    // The buyers see who registered.
    const d = await dialogue.admin(w.member, w);
    expect(d.registrations).toEqual([
      { registeredAt: expect.any(String), organisation: { id: w.a.organisation.id }, user: { id: w.a.user.id } },
    ]);
    // C is still outside.
    expect((await w.c.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue.registered).toBe(false);
  });

  it('is refused once the procurement is cancelled (INVALID_STATE)', async () => {
    const w = await dialogue.world();
    await dialogue.publish(w);
    await dialogue.register(w.a, w);
    await w.coord.client.ok(op.CANCEL, { input: { procurementId: w.p.id, reason: 'Behovet falt bort' } });
    expect((await w.b.client.fails(op.REGISTER, { id: w.p.id })).code).toBe('INVALID_STATE');
    expect((await w.a.client.fails(op.ASK, { input: { procurementId: w.p.id, text: 'Spørsmål?' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await w.a.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue).toMatchObject({
      open: false,
      phase: 'CANCELLED',
    });
  });
});

// ---- live ----

describe('dialogueEvents', () => {
  it("carries only the fields declared for suppliers: a field of a public event's payload that is not declared for them does not reach them", async () => {
    const w = await dialogue.withDialogue();
    await dialogue.register(w.a, w);
    const after = await head(s);
    const client = wsClient(wsUrl(s), w.a.token);
    const sub = collect(client, op.DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    // A public event whose payload holds more than suppliers may know: the reason is for the buyers.
    const secret = `budget ${w.coord.user.id}`;
    await s.app.services.events.transaction(async (_em, record) => {
      await record({
        scopeType: 'procurement',
        scopeId: w.p.id,
        groupId: w.groupId,
        type: 'procurement.phase_changed',
        actor: { userId: w.coord.user.id, organisationId: w.coord.organisation.id },
        payload: { procurementId: w.p.id, from: 'MARKET_DIALOGUE', to: 'MARKET_DIALOGUE', reason: secret },
        public: true,
      });
    });
    await sub.until((x) => x.items.some((e) => e.type === 'procurement.phase_changed'));
    const seen = sub.items.find((e) => e.type === 'procurement.phase_changed');
    expect(seen!.payload).toEqual({ procurementId: w.p.id, from: 'MARKET_DIALOGUE', to: 'MARKET_DIALOGUE' });
    expect(JSON.stringify(seen)).not.toContain(w.coord.user.id);
    await client.dispose();

    // A field no declaration names is not written at all (the types refuse it; so does the log).
    const undeclared = s.app.services.events.transaction(async (_em, record) => {
      await record({
        scopeType: 'procurement',
        scopeId: w.p.id,
        groupId: w.groupId,
        type: 'slot.booked',
        payload: { procurementId: w.p.id, slotId: 'slot-x', signedBy: w.coord.user.id } as never,
        public: true,
      });
    });
    await expect(undeclared).rejects.toThrow('signedBy is not declared');
  });

  it('refuses anonymous callers, unregistered suppliers and outsiders (FORBIDDEN), and unpublished dialogues (NOT_FOUND)', async () => {
    const w = await dialogue.world();
    const url = wsUrl(s);
    const unpublished = wsClient(url, w.a.token);
    const hidden = collect(unpublished, op.DIALOGUE_EVENTS, { procurementId: w.p.id });
    await hidden.until((x) => x.completed);
    expect(hidden.errors[0].extensions.code).toBe('NOT_FOUND');
    await unpublished.dispose();

    await dialogue.publish(w);
    for (const u of [w.c, w.outsider]) {
      const client = wsClient(url, u.token);
      const sub = collect(client, op.DIALOGUE_EVENTS, { procurementId: w.p.id, after: await head(s) });
      await sub.until((x) => x.completed);
      expect(sub.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(sub.items).toEqual([]);
      await client.dispose();
    }
  });

  it('registered suppliers on different instances receive the same public events at once, and nothing of the buyers', async () => {
    const w = await dialogue.withDialogue({ maxBookingsPerSupplier: 2 });
    const pending = await dialogue.ask(w.a, w, 'Første spørsmål');
    const other = await s.startInstance();
    const after = await head(s);
    const clientA = wsClient(wsUrl(s), w.a.token);
    const clientB = wsClient(other.wsUrl, w.b.token);
    const subA = collect(clientA, op.DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    const subB = collect(clientB, op.DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    try {
      // Interleaved: what suppliers must get, and what they must not.
      await dialogue.answer(w, pending.id, 'Svar til alle');
      await dialogue.ask(w.b, w, 'Et spørsmål fra B'); // question.asked: buyers only
      await dialogue.register(w.c, w); // dialogue.registered: buyers only
      await w.member.client.ok(op.SIGN, {
        input: { procurementId: w.p.id, decisionReference: 'Sak 9/26', decisionDate: day(-1) },
      });
      const { addProcurementLot: lot } = await w.coord.client.ok(op.ADD_LOT, {
        p: w.p.id,
        input: { title: 'Del 2', cpvCodes: ['60130000'] },
      });
      await w.coord.client.ok(op.SET_VALUE, { input: { lotId: lot.id, amount: '123.45', currency: 'NOK' } });
      await w.coord.client.ok(op.SET_MILESTONE, {
        input: { procurementId: w.p.id, kind: 'OTHER', dueAt: inDays(3), title: 'Internt' },
      });
      await dialogue.post(w.coord, w.p.buyersThread.id, 'Bare for innkjøperne');
      await dialogue.post(w.coord, w.p.publicThread.id, 'Velkommen til dialogen', [w.member.user.id]);
      await w.coord.client.ok(op.EDIT_ANSWER, { input: { questionId: pending.id, answer: 'Rettet svar' } });
      const doc = await dialogue.createDoc(w.coord, w, { procurementId: w.p.id, text: 'Utkast' });
      await dialogue.addText(w.coord, doc.id, 1, 'Versjon 2');
      await dialogue.publishDoc(w, doc.id);
      const [slot] = await dialogue.openSlots(w, slotStart(7), 2);
      await w.a.client.ok(op.BOOK, { id: slot.id });
      await w.a.client.ok(op.CANCEL_BOOKING, { id: slot.id });
      await dialogue.advance(w, 'ANCHORING');

      const expected = [
        'question.answered',
        'message.posted',
        'answer.revised',
        'document.visibility_changed',
        'slots.opened',
        'slot.booked',
        'slot.freed',
        'procurement.phase_changed',
      ];
      const done = (x: { items: { type: string }[] }) => x.items.some((e) => e.type === 'procurement.phase_changed');
      await Promise.all([subA.until(done), subB.until(done)]);
      expect(subA.errors).toEqual([]);
      expect(subB.errors).toEqual([]);
      expect(subA.items.map((e) => e.type)).toEqual(expected);
      // The same events, with the same ids, whichever instance delivers them.
      expect(subB.items).toEqual(subA.items);

      const byType = (t: string) => subA.items.find((e) => e.type === t)!;
      expect(byType('question.answered').payload).toMatchObject({ questionId: pending.id, revision: 1 });
      expect(byType('answer.revised').payload).toMatchObject({ questionId: pending.id, revision: 2 });
      expect(byType('message.posted')).toMatchObject({ scopeType: 'thread', scopeId: w.p.publicThread.id });
      expect(byType('document.visibility_changed').payload).toMatchObject({
        documentId: doc.id,
        visibility: 'PUBLISHED',
        publishedVersion: 2,
      });
      expect(byType('procurement.phase_changed').payload).toMatchObject({ from: 'ANCHORING', to: 'NEED_ASSESSMENT' });

      // No group, and nobody's identity in the payloads.
      const ids = [w.coord, w.member, w.outsider, w.a, w.b, w.c].flatMap((u) => [u.user.id, u.organisation.id]);
      for (const e of subA.items) {
        expect(e.groupId, e.type).toBeNull();
        const keys: string[] = [];
        const values: string[] = [];
        const walk = (v: unknown) => {
          if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
              keys.push(k);
              walk(x);
            }
          } else values.push(String(v));
        };
        walk(e.payload);
        expect(
          keys.filter((k) => /organi[sz]ation|user|actor|author|mention|asker|booked|group/i.test(k)),
          `${e.type} payload keys`,
        ).toEqual([]);
        expect(
          values.filter((v) => ids.includes(v)),
          `${e.type} payload values`,
        ).toEqual([]);
      }
    } finally {
      await clientA.dispose();
      await clientB.dispose();
      await other.stop();
    }
  });

  it('replays public events after `after` to a supplier that registered late', async () => {
    const w = await dialogue.withDialogue();
    const after = await head(s);
    const q = await dialogue.ask(w.a, w, 'Spørsmål');
    await dialogue.answer(w, q.id, 'Svar');
    await dialogue.register(w.c, w);
    const client = wsClient(wsUrl(s), w.c.token);
    try {
      const sub = collect(client, op.DIALOGUE_EVENTS, { procurementId: w.p.id, after });
      await sub.until((x) => x.items.length >= 1);
      await dialogue.post(w.coord, w.p.publicThread.id, 'Etterpå');
      await sub.until((x) => x.items.length >= 2);
      expect(sub.items.map((e) => e.type)).toEqual(['question.answered', 'message.posted']);
    } finally {
      await client.dispose();
    }
  });
});
// ---- closing ----

describe('when the competition starts', () => {
  it('the dialogue closes: no new questions, bookings, registrations, slots or notice changes (INVALID_STATE)', async () => {
    const w = await dialogue.withDialogue();
    const [s1, s2] = await dialogue.openSlots(w, slotStart(5), 2);
    await w.a.client.ok(op.BOOK, { id: s1.id });
    const q = await dialogue.ask(w.a, w, 'Før konkurransen');
    await dialogue.toCompetition(w);

    const closed = async (res: Promise<{ code?: string }>) => expect((await res).code).toBe('INVALID_STATE');
    await closed(w.b.client.fails(op.ASK, { input: { procurementId: w.p.id, text: 'For sent' } }));
    await closed(w.b.client.fails(op.BOOK, { id: s2.id }));
    await closed(w.c.client.fails(op.REGISTER, { id: w.p.id }));
    await closed(w.coord.client.fails(op.PUBLISH_NOTICE, { input: dialogue.publishInput(w) }));
    await closed(
      w.coord.client.fails(op.OPEN_SLOTS, {
        input: { procurementId: w.p.id, startsAt: slotStart(9), durationMinutes: 30, count: 1 },
      }),
    );
    expect((await w.a.client.ok(op.MD_NOTICE, { id: w.p.id })).marketDialogue).toMatchObject({
      open: false,
      phase: 'COMPETITION',
    });
    // What was published stays readable, and a pending question may still be answered to all.
    await dialogue.answer(w, q.id, 'Svar etter åpning');
    expect((await dialogue.md(w.b, w)).questions.map((x: { id: string }) => x.id)).toEqual([q.id]);
    // Registered suppliers stay registered (registering again is a no-op).
    expect((await dialogue.register(w.a, w)).registerForDialogue.registered).toBe(true);
  });
});
