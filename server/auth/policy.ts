import type { Actor } from './actor.js';
import { ForbiddenError, InvalidStateError } from '../errors.js';

/**
 * A policy's answer. `missing` is a key of one shared vocabulary (below), so a client or a test can
 * tell which rule refused without reading the message.
 */
export type Verdict = { ok: true } | { ok: false; kind: 'forbidden' | 'state'; message: string; missing: string };

/** The `missing` keys every policy uses: one spelling per rule. */
export const Missing = {
  SIGNED_IN: 'signed in',
  MEMBERSHIP: 'membership ACTIVE',
  CONTRIBUTOR: 'role MEMBER or COORDINATOR',
  COORDINATOR: 'role COORDINATOR',
  ORGANISATION_MEMBER: 'membership of an organisation (not a guest)',
  GROUP_ACTIVE: 'group status ACTIVE',
  AUTHORITY: 'organisation kind public authority',
  PARTICIPANT: 'participant of the procurement',
  LEAD: 'lead authority',
  PLATFORM_ADMIN: 'platform admin',
  ORGANISATION_ADMIN: 'organisation admin',
  ORGANISATION_USER: 'a user of the organisation',
  AUTHOR: 'author',
  NOT_SELF: 'another person',
  SELF: 'the person themselves',
  BEFORE_COMPETITION: 'phase before COMPETITION',
  OPEN_PROCUREMENT: 'an open procurement',
  OTHER_LEAD: 'another lead authority',
  INVITATION: 'an invitation',
  IN_GROUP: 'an active membership or a join request',
  LISTED: 'group visibility LISTED',
  RECIPIENT: 'recipient',
  SUPPLIER: 'organisation kind SUPPLIER',
  REGISTERED: 'registration for the market dialogue',
  COMPETITION: 'phase COMPETITION',
  CONTRACT_PHASE: 'phase COMPETITION or CONTRACT_FOLLOW_UP',
  UNAWARDED: 'a lot not yet awarded',
  NO_OPEN_AWARD: 'no open award decision for the lot',
  UNDECIDED_TENDER: 'a tender not named in an award',
  STANDSTILL_ENDED: 'the standstill period ended',
  NO_CONTRACT_YET: 'no contract signed under the award',
  ONE_CONTRACT: 'one contract per awarded supplier',
  NOT_A_RECORD: 'not kept as a record',
} as const;
export type MissingKey = (typeof Missing)[keyof typeof Missing];

export const allow: Verdict = { ok: true };
export const forbid = (message: string, missing: MissingKey): Verdict => ({
  ok: false,
  kind: 'forbidden',
  message,
  missing,
});
export const refuseState = (message: string, missing: MissingKey): Verdict => ({
  ok: false,
  kind: 'state',
  message,
  missing,
});

/** One rule: may `actor` do this to `subject`? `what` words the action for the message ("invite guests"). */
export type Rule<S> = (actor: Actor, subject: S, what: string) => Verdict;

export interface Policy<A extends string, S> {
  /** The table itself, for the policy tests that walk it. */
  readonly rules: Readonly<Record<A, Rule<S>>>;
  can(actor: Actor, action: A, subject: S): boolean;
  check(actor: Actor, action: A, subject: S, what?: string): Verdict;
  /** Throws FORBIDDEN or INVALID_STATE with the rule's `missing` key when the rule refuses. */
  authorize(actor: Actor, action: A, subject: S, what?: string): void;
}

/** Throws a refusing verdict as the matching API error. */
export function enforce(verdict: Verdict): void {
  if (verdict.ok) return;
  if (verdict.kind === 'state') throw new InvalidStateError(verdict.message, [verdict.missing]);
  throw new ForbiddenError(verdict.message, [verdict.missing]);
}

/**
 * A module's policy: the one table of who may do what to its subjects (Outline's server/policies
 * is the model). Services call `authorize`; resolvers and types call `can` for viewer flags.
 */
export function definePolicy<A extends string, S>(rules: Record<A, Rule<S>>): Policy<A, S> {
  const check = (actor: Actor, action: A, subject: S, what: string = action) => rules[action](actor, subject, what);
  return {
    rules,
    check,
    can: (actor, action, subject) => check(actor, action, subject).ok,
    authorize: (actor, action, subject, what) => enforce(check(actor, action, subject, what)),
  };
}
