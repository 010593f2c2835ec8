import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { documentPolicy, type DocumentAction } from '../../server/modules/documents/document.policy.js';
import { GroupStatus } from '../../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { Procurement, ProcurementPhase } from '../../server/modules/procurements/procurement.entity.js';
import { actor, outcome } from './actors.js';
import { ARCHIVED, F, group, row, S } from './group-subjects.js';

const ROLES = {
  outsider: null,
  invited: row(MembershipRole.MEMBER, { status: MembershipStatus.INVITED }),
  observer: row(MembershipRole.OBSERVER),
  guest: row(MembershipRole.MEMBER, { guest: true }),
  member: row(MembershipRole.MEMBER),
  coordinator: row(MembershipRole.COORDINATOR),
} as const;
type Role = keyof typeof ROLES;
type ByRole = Record<Role, string>;

const READER: ByRole = {
  outsider: F(Missing.MEMBERSHIP),
  invited: F(Missing.MEMBERSHIP),
  observer: 'ok',
  guest: 'ok',
  member: 'ok',
  coordinator: 'ok',
};
const WRITER: ByRole = { ...READER, observer: F(Missing.CONTRIBUTOR) };
/** Rename, re-kind, unpublish or delete: the owning organisation's writers, or a coordinator. */
const OWNER_OR_COORDINATOR = {
  own: WRITER,
  others: { ...WRITER, guest: F(Missing.AUTHOR), member: F(Missing.AUTHOR) },
};
const COORDINATOR: ByRole = {
  outsider: F(Missing.COORDINATOR),
  invited: F(Missing.COORDINATOR),
  observer: F(Missing.COORDINATOR),
  guest: F(Missing.COORDINATOR),
  member: F(Missing.COORDINATOR),
  coordinator: 'ok',
};

/**
 * Each action's expected answer per role in an active group, on a document of the actor's own
 * organisation and on another organisation's; in an archived group every change becomes ARCHIVED.
 * Whether the document is there at all for the actor (NOT_FOUND) is the service's.
 */
const TABLE: Record<DocumentAction, { own: ByRole; others: ByRole }> = {
  read: { own: READER, others: READER },
  create: { own: WRITER, others: WRITER },
  addVersion: { own: WRITER, others: WRITER },
  signalEditing: { own: WRITER, others: WRITER },
  change: OWNER_OR_COORDINATOR,
  delete: OWNER_OR_COORDINATOR,
  publish: { own: COORDINATOR, others: COORDINATOR },
};
/** What an archived group still allows: reading, and saying one has a document open for editing (never stored). */
const NOT_CHANGES: DocumentAction[] = ['read', 'signalEditing'];

describe('document policy', () => {
  const a = actor();
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(documentPolicy.rules).sort());
  });

  for (const [action, { own, others }] of Object.entries(TABLE) as [DocumentAction, typeof TABLE.read][]) {
    it(`${action}: per role, on the own organisation's and another's document, in an active and an archived group`, () => {
      for (const [owner, byRole] of [
        [a.organisation.id, own],
        ['another-org', others],
      ] as const) {
        for (const [role, expected] of Object.entries(byRole) as [Role, string][]) {
          const subject = (status: GroupStatus) => ({
            group: group(status),
            membership: ROLES[role],
            document: { createdByOrganisationId: owner },
          });
          expect([role, owner, outcome(documentPolicy.check(a, action, subject(GroupStatus.ACTIVE)))]).toEqual([
            role,
            owner,
            expected,
          ]);
          const archived = expected === 'ok' && !NOT_CHANGES.includes(action) ? ARCHIVED : expected;
          expect([role, owner, outcome(documentPolicy.check(a, action, subject(GroupStatus.ARCHIVED)))]).toEqual([
            role,
            owner,
            archived,
          ]);
        }
      }
    });
  }

  it("keeps a closed or cancelled procurement's documents read-only: every change is refused, reading is not", () => {
    for (const phase of [ProcurementPhase.CLOSED, ProcurementPhase.CANCELLED, ProcurementPhase.COMPETITION]) {
      const procurement = Object.assign(new Procurement(), { id: 'p', phase });
      for (const [action, { own }] of Object.entries(TABLE) as [DocumentAction, typeof TABLE.read][]) {
        const subject = {
          group: group(GroupStatus.ACTIVE),
          membership: ROLES.coordinator,
          document: { createdByOrganisationId: a.organisation.id },
          procurement,
        };
        const open = phase === ProcurementPhase.COMPETITION || action === 'read';
        const expected = open ? own.coordinator : S(Missing.OPEN_PROCUREMENT);
        expect([phase, action, outcome(documentPolicy.check(a, action, subject))]).toEqual([phase, action, expected]);
      }
    }
  });

  it('keeps publishing to suppliers the coordinators’ decision, even for the owning organisation', () => {
    const subject = {
      group: group(GroupStatus.ACTIVE),
      membership: ROLES.member,
      document: { createdByOrganisationId: a.organisation.id },
    };
    expect(documentPolicy.can(a, 'change', subject)).toBe(true);
    expect(() => documentPolicy.authorize(a, 'publish', subject)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.COORDINATOR] } }),
    );
  });
});
