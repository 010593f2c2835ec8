import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as dialogue from './support/dialogue.js';
import { inDays, plus, rows, slotStart } from './support/helpers.js';
import * as op from './support/operations.js';
import { s, useServer } from './support/server.js';

useServer();

// ---- meetings ----

describe('dialogue meeting slots', () => {
  it('only coordinators open slots; they are back to back and of one length for the whole procurement', async () => {
    const w = await dialogue.withDialogue();
    const t0 = slotStart(5);
    const input = { procurementId: w.p.id, startsAt: t0, durationMinutes: 30, count: 3, location: 'Rom 1' };
    expect((await s.anon.fails(op.OPEN_SLOTS, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(op.OPEN_SLOTS, { input })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.OPEN_SLOTS, { input })).code).toBe('NOT_FOUND');
    const past = await w.coord.client.fails(op.OPEN_SLOTS, { input: { ...input, startsAt: inDays(-1) } });
    expect([past.code, past.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.startsAt']);

    const slots = await dialogue.openSlots(w, t0, 3);
    expect(slots.map((x) => [x.startsAt, x.endsAt, x.location])).toEqual([
      [t0, plus(t0, 30), 'Rådhuset'],
      [plus(t0, 30), plus(t0, 60), 'Rådhuset'],
      [plus(t0, 60), plus(t0, 90), 'Rådhuset'],
    ]);

    const longer = await w.coord.client.fails(op.OPEN_SLOTS, {
      input: { ...input, startsAt: plus(t0, 24 * 60), durationMinutes: 45, count: 1 },
    });
    expect([longer.code, longer.extensions.field, longer.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.durationMinutes',
      'equalLength',
    ]);
    const overlapping = await w.coord.client.fails(op.OPEN_SLOTS, {
      input: { ...input, startsAt: plus(t0, 45), count: 1 },
    });
    expect([overlapping.code, overlapping.extensions.field, overlapping.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.startsAt',
      'noOverlap',
    ]);
    // Later, same length: fine.
    await dialogue.openSlots(w, plus(t0, 120), 1);
    expect((await dialogue.admin(w.coord, w)).slots).toHaveLength(4);
  });

  it('suppliers see availability but never who booked; one booking per slot, at most the configured number per supplier', async () => {
    const w = await dialogue.withDialogue();
    const [s1, s2, s3] = await dialogue.openSlots(w, slotStart(5), 3);
    expect((await s.anon.fails(op.BOOK, { id: s1.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.c.client.fails(op.BOOK, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await w.member.client.fails(op.BOOK, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(op.BOOK, { id: randomUUID() })).code).toBe('NOT_FOUND');

    expect((await w.a.client.ok(op.BOOK, { id: s1.id })).bookDialogueSlot).toEqual({
      id: s1.id,
      available: false,
      bookedByMyOrganisation: true,
    });
    // Booking one's own slot again changes nothing.
    expect((await w.a.client.ok(op.BOOK, { id: s1.id })).bookDialogueSlot.bookedByMyOrganisation).toBe(true);
    expect((await w.b.client.fails(op.BOOK, { id: s1.id })).code).toBe('CONFLICT');
    const limit = await w.a.client.fails(op.BOOK, { id: s2.id });
    expect(limit.code).toBe('INVALID_STATE');

    const view = (slots: any[]) => slots.map((x) => [x.id, x.available, x.bookedByMyOrganisation]);
    expect(view((await dialogue.md(w.a, w)).slots)).toEqual([
      [s1.id, false, true],
      [s2.id, true, false],
      [s3.id, true, false],
    ]);
    expect(view((await dialogue.md(w.b, w)).slots)).toEqual([
      [s1.id, false, false],
      [s2.id, true, false],
      [s3.id, true, false],
    ]);
    // The supplier-facing slot type has no field that could name a booker.
    const { __type } = await w.a.client.ok(`{ __type(name: "DialogueSlotView") { fields { name } } }`);
    expect(__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(
      ['available', 'bookedByMyOrganisation', 'endsAt', 'id', 'location', 'startsAt'].sort(),
    );
    // The buyers see who booked.
    const buyers = (await dialogue.admin(w.member, w)).slots;
    expect(buyers[0]).toMatchObject({
      id: s1.id,
      bookedBy: { id: w.a.user.id },
      bookedByOrganisation: { id: w.a.organisation.id },
    });
    expect(buyers[1]).toMatchObject({ bookedBy: null, bookedByOrganisation: null, bookedAt: null });
  });

  it('cancelling frees the slot: the booker or a coordinator, not another supplier or a member', async () => {
    const w = await dialogue.withDialogue();
    const [s1, s2] = await dialogue.openSlots(w, slotStart(5), 2);
    await w.a.client.ok(op.BOOK, { id: s1.id });
    expect((await s.anon.fails(op.CANCEL_BOOKING, { id: s1.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.b.client.fails(op.CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    expect((await w.outsider.client.fails(op.CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    expect((await w.member.client.fails(op.CANCEL_BOOKING, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await dialogue.md(w.a, w)).slots[0]).toMatchObject({
      id: s1.id,
      available: false,
      bookedByMyOrganisation: true,
    });

    expect((await w.a.client.ok(op.CANCEL_BOOKING, { id: s1.id })).cancelDialogueBooking).toEqual({
      id: s1.id,
      available: true,
      bookedByMyOrganisation: false,
    });
    // Freed: B can book it, and A may book again (its limit counts current bookings).
    await w.b.client.ok(op.BOOK, { id: s1.id });
    await w.a.client.ok(op.BOOK, { id: s2.id });
    expect((await w.a.client.fails(op.CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    // A coordinator cancels any booking.
    await w.coord.client.ok(op.CANCEL_BOOKING, { id: s1.id });
    const buyers = (await dialogue.admin(w.coord, w)).slots;
    expect(buyers.map((x: any) => x.bookedByOrganisation?.id ?? null)).toEqual([null, w.a.organisation.id]);
    expect((await dialogue.md(w.b, w)).slots[0]).toMatchObject({ available: true, bookedByMyOrganisation: false });

    // Removing a slot is for coordinators.
    expect((await w.a.client.fails(op.REMOVE_SLOT, { id: s2.id })).code).toBe('NOT_FOUND');
    expect((await w.member.client.fails(op.REMOVE_SLOT, { id: s2.id })).code).toBe('FORBIDDEN');
    await w.coord.client.ok(op.REMOVE_SLOT, { id: s2.id });
    expect((await dialogue.md(w.a, w)).slots.map((x: { id: string }) => x.id)).toEqual([s1.id]);
  });

  it('two suppliers booking the same slot at once: exactly one wins', async () => {
    const w = await dialogue.withDialogue();
    const [slot] = await dialogue.openSlots(w, slotStart(5), 1);
    const results = await Promise.all([w.a, w.b].map((u) => u.client.request(op.BOOK, { id: slot.id })));
    const won = results.filter((r) => !r.errors?.length);
    const lost = results.filter((r) => r.errors?.length);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.errors![0].extensions?.code)).toEqual(['CONFLICT']);
    const winner = results[0] === won[0] ? w.a : w.b;
    const [buyerView] = (await dialogue.admin(w.coord, w)).slots;
    expect(buyerView.bookedByOrganisation).toEqual({ id: winner.organisation.id });
    expect(
      await rows(s, 'dialogue_slot WHERE procurement_id = $1 AND booked_by_organisation_id IS NOT NULL', [w.p.id]),
    ).toBe(1);
  });
});
