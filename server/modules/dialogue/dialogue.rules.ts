import { InvalidStateError, UserInputError } from '../../errors.js';
import { DocumentParent, DocumentVisibility, type Document } from '../documents/document.entity.js';
import {
  phaseAtLeast,
  ProcurementPhase,
  type Milestone,
  type Procurement,
} from '../procurements/procurement.entity.js';
import type { DialogueSlot } from './dialogue.entity.js';
import type { OpenSlotsInput } from './dialogue.inputs.js';

/*
 * The market dialogue's state rules: when it takes questions and bookings, and what makes meetings
 * equal for every supplier. Who may do what is the policy's (dialogue.policy.ts), not these.
 */

/** The dialogue takes questions and bookings once published and until the competition starts. */
export const dialogueOpen = (p: Procurement): boolean =>
  p.dialoguePublishedAt !== null && !phaseAtLeast(p.phase, ProcurementPhase.COMPETITION);

const closedError = (p: Procurement) =>
  new InvalidStateError(
    p.dialoguePublishedAt === null
      ? 'The market dialogue has not been published.'
      : `The market dialogue is closed (the procurement is in ${p.phase}).`,
    ['an open market dialogue (published, before COMPETITION)'],
  );

/** A document of the procurement published to its registered suppliers (in `publishedVersion`). */
export const isPublishedIn = (d: Document, procurementId: string): boolean =>
  d.parentType === DocumentParent.PROCUREMENT &&
  d.parentId === procurementId &&
  d.visibility === DocumentVisibility.PUBLISHED &&
  !d.deletedAt &&
  !!d.publishedVersion;

/** Questions, registrations and bookings: only while the dialogue is open. */
export function requireDialogueOpen(p: Procurement): void {
  if (!dialogueOpen(p)) throw closedError(p);
}

/** The coordinators prepare the dialogue (notice, slots) before it is published, never once the competition started. */
export function requireBeforeCompetition(p: Procurement): void {
  if (phaseAtLeast(p.phase, ProcurementPhase.COMPETITION)) throw closedError(p);
}

export function requireFuture(at: Date, field: string): void {
  if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) {
    throw UserInputError.field(field, 'future', 'must be in the future');
  }
}

/** Questions are taken until the question deadline (when the notice set one). */
export function requireBeforeDeadline(deadline: Milestone | null): void {
  if (deadline && deadline.dueAt.getTime() <= Date.now()) {
    throw new InvalidStateError(`The question deadline passed on ${deadline.dueAt.toISOString()}.`, [
      'before the question deadline',
    ]);
  }
}

/**
 * The times of `input.count` back-to-back slots, refused unless every meeting of the procurement
 * lasts as long (equal treatment) and none overlaps a slot already open.
 */
export function planSlots(existing: DialogueSlot[], input: OpenSlotsInput): { startsAt: Date; endsAt: Date }[] {
  requireFuture(input.startsAt, 'input.startsAt');
  const ms = input.durationMinutes * 60_000;
  const length = existing[0] ? existing[0].endsAt.getTime() - existing[0].startsAt.getTime() : ms;
  if (length !== ms) {
    throw UserInputError.field(
      'input.durationMinutes',
      'equalLength',
      `every dialogue meeting of this procurement lasts ${length / 60_000} minutes (equal treatment)`,
    );
  }
  const slots = Array.from({ length: input.count }, (_, i) => {
    const startsAt = new Date(input.startsAt.getTime() + i * ms);
    return { startsAt, endsAt: new Date(startsAt.getTime() + ms) };
  });
  const overlap = existing.find((e) => slots.some((s) => s.startsAt < e.endsAt && e.startsAt < s.endsAt));
  if (overlap) {
    throw UserInputError.field(
      'input.startsAt',
      'noOverlap',
      `overlaps the slot starting ${overlap.startsAt.toISOString()}`,
    );
  }
  return slots;
}

/** A free slot that has not started, within the supplier's number of bookings (`booked` so far). */
export function requireBookable(p: Procurement, slot: DialogueSlot, booked: number): void {
  if (slot.startsAt.getTime() <= Date.now()) {
    throw new InvalidStateError('This slot has already started.', ['a future slot']);
  }
  if (booked >= p.maxBookingsPerSupplier) {
    throw new InvalidStateError(
      `Each supplier may book at most ${p.maxBookingsPerSupplier} meeting(s); cancel one first.`,
      [`at most ${p.maxBookingsPerSupplier} booking(s) per supplier`],
    );
  }
}
