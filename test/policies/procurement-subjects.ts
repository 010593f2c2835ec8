import { expect, it } from 'vitest';
import { Missing, type Policy } from '../../server/auth/policy.js';
import { BuyerGroup, GroupStatus } from '../../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import {
  MandateStatus,
  Participant,
  Procurement,
  ProcurementPhase,
} from '../../server/modules/procurements/procurement.entity.js';
import type { ProcurementSubject } from '../../server/modules/procurements/procurement.policy.js';
import { actor, outcome } from './actors.js';

/**
 * The people a procurement rule meets, for the procurement, decision and benefit policy tables:
 * the actor's organisation's membership in the group and, where it takes part, its mandate.
 */
const row = (role: MembershipRole, over: Partial<Membership> = {}) =>
  Object.assign(new Membership(), { role, status: MembershipStatus.ACTIVE, guest: false }, over);

const PERSONAS = {
  outsider: { membership: null, mandate: null },
  invited: { membership: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }), mandate: null },
  observer: { membership: row(MembershipRole.OBSERVER), mandate: null },
  /** A participant whose organisation was made an observer of the group. */
  observerParticipant: { membership: row(MembershipRole.OBSERVER), mandate: MandateStatus.REQUESTED },
  guest: { membership: row(MembershipRole.MEMBER, { guest: true }), mandate: null },
  member: { membership: row(MembershipRole.MEMBER), mandate: null },
  participant: { membership: row(MembershipRole.MEMBER), mandate: MandateStatus.REQUESTED },
  signed: { membership: row(MembershipRole.MEMBER), mandate: MandateStatus.SIGNED },
  withdrawn: { membership: row(MembershipRole.MEMBER), mandate: MandateStatus.WITHDRAWN },
  lead: { membership: row(MembershipRole.MEMBER), mandate: MandateStatus.REQUESTED, lead: true },
  coordinator: { membership: row(MembershipRole.COORDINATOR), mandate: null },
} as const;
export type Persona = keyof typeof PERSONAS;
export const PERSONA_NAMES = Object.keys(PERSONAS) as Persona[];

/** Whom an action concerns (`authorityId`): the actor's own organisation, another participant, or the lead. */
export type Concerning = 'own' | 'another' | 'lead';

export const actorOfTables = actor();
export const F = (missing: string) => `forbidden: ${missing}`;
export const S = (missing: string) => `state: ${missing}`;
export const ARCHIVED = S(Missing.GROUP_ACTIVE);

/** Every persona gets `otherwise`, except those named. */
export const outcomes = (otherwise: string, except: Partial<Record<Persona, string>> = {}): Record<Persona, string> =>
  ({ ...Object.fromEntries(PERSONA_NAMES.map((p) => [p, otherwise])), ...except }) as Record<Persona, string>;

export function procurementSubject(
  persona: Persona,
  o: { concerning?: Concerning; archived?: boolean; phase?: ProcurementPhase } = {},
): ProcurementSubject {
  const p: { membership: Membership | null; mandate: MandateStatus | null; lead?: boolean } = PERSONAS[persona];
  const own = actorOfTables.organisation.id;
  const procurement = Object.assign(new Procurement(), {
    id: 'p',
    groupId: 'g',
    phase: o.phase ?? ProcurementPhase.ANCHORING,
    leadOrganisationId: p.lead ? own : 'org-lead',
  });
  const group = Object.assign(new BuyerGroup(), {
    id: 'g',
    status: o.archived ? GroupStatus.ARCHIVED : GroupStatus.ACTIVE,
  });
  const participant = p.mandate
    ? Object.assign(new Participant(), { procurementId: 'p', organisationId: own, mandateStatus: p.mandate })
    : null;
  const concerning = o.concerning ?? 'own';
  const authorityId =
    concerning === 'own' ? undefined : concerning === 'another' ? 'org-another' : procurement.leadOrganisationId;
  return { procurement, group, membership: p.membership, participant, authorityId };
}

/**
 * Walks a policy's table: each key is an action, or `action:another` / `action:lead` for whom it
 * concerns; each row gives every persona's answer in an active group. In an archived group every
 * change the role rule lets through is refused (reads stay open); a refused role stays refused.
 */
export function walkTable<A extends string>(
  policy: Policy<A, ProcurementSubject>,
  table: Record<string, Record<Persona, string>>,
  reads: readonly A[] = [],
): void {
  it('covers every action of the policy', () => {
    const actions = new Set(Object.keys(table).map((key) => key.split(':')[0]));
    expect([...actions].sort()).toEqual(Object.keys(policy.rules).sort());
  });

  for (const [key, byPersona] of Object.entries(table)) {
    const [action, concerning] = key.split(':') as [A, Concerning | undefined];
    it(`${key}: per persona, in an active and an archived group`, () => {
      for (const persona of PERSONA_NAMES) {
        const expected = byPersona[persona];
        const active = policy.check(actorOfTables, action, procurementSubject(persona, { concerning }));
        expect([persona, outcome(active)]).toEqual([persona, expected]);
        const archived = policy.check(
          actorOfTables,
          action,
          procurementSubject(persona, { concerning, archived: true }),
        );
        const changed = reads.includes(action) || expected.startsWith('forbidden') ? expected : ARCHIVED;
        expect([persona, outcome(archived)]).toEqual([persona, changed]);
      }
    });
  }
}
