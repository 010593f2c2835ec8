import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { GroupStatus } from '../../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../../server/modules/groups/membership.entity.js';
import { discussionPolicy, type DiscussionAction } from '../../server/modules/discussions/discussion.policy.js';
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

const all = (expected: string): ByRole => ({
  outsider: expected,
  invited: expected,
  observer: expected,
  guest: expected,
  member: expected,
  coordinator: expected,
});

const READER: ByRole = { ...all('ok'), outsider: F(Missing.MEMBERSHIP), invited: F(Missing.MEMBERSHIP) };
const WRITER: ByRole = { ...READER, observer: F(Missing.CONTRIBUTOR) };

/**
 * Each action's expected answer per role in an active group, on a message someone else wrote (and
 * on the actor's own message); in an archived group every change becomes ARCHIVED. Whether the
 * thread is there at all for the actor (NOT_FOUND) is the service's, before the policy is asked.
 */
const TABLE: Record<DiscussionAction, { others: ByRole; own: ByRole }> = {
  read: { others: READER, own: READER },
  markRead: { others: READER, own: READER },
  startThread: { others: WRITER, own: WRITER },
  post: { others: WRITER, own: WRITER },
  react: { others: WRITER, own: WRITER },
  type: { others: WRITER, own: WRITER },
  edit: { others: all(F(Missing.AUTHOR)), own: all('ok') },
  delete: { others: { ...all(F(Missing.AUTHOR)), coordinator: 'ok' }, own: all('ok') },
};
/** What stays open in an archived group: reading, and one's own read marker. */
const READS: DiscussionAction[] = ['read', 'markRead'];

describe('discussion policy', () => {
  const a = actor();
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(discussionPolicy.rules).sort());
  });

  for (const [action, { others, own }] of Object.entries(TABLE) as [DiscussionAction, typeof TABLE.read][]) {
    it(`${action}: per role, on another's and on one's own message, in an active and an archived group`, () => {
      for (const [whose, byRole] of [
        ['someone-else', others],
        [a.user.id, own],
      ] as const) {
        for (const [role, expected] of Object.entries(byRole) as [Role, string][]) {
          const subject = (status: GroupStatus) => ({
            group: group(status),
            membership: ROLES[role],
            authorUserId: whose,
          });
          expect([role, whose, outcome(discussionPolicy.check(a, action, subject(GroupStatus.ACTIVE)))]).toEqual([
            role,
            whose,
            expected,
          ]);
          const archived = expected === 'ok' && !READS.includes(action) ? ARCHIVED : expected;
          expect([role, whose, outcome(discussionPolicy.check(a, action, subject(GroupStatus.ARCHIVED)))]).toEqual([
            role,
            whose,
            archived,
          ]);
        }
      }
    });
  }

  it("in a closed or cancelled procurement's channels, every change is refused (read-only), reading is not", () => {
    for (const phase of [ProcurementPhase.CLOSED, ProcurementPhase.CANCELLED, ProcurementPhase.COMPETITION]) {
      const procurement = Object.assign(new Procurement(), { id: 'p', phase });
      for (const [action, { own }] of Object.entries(TABLE) as [DiscussionAction, typeof TABLE.read][]) {
        const subject = {
          group: group(GroupStatus.ACTIVE),
          membership: ROLES.member,
          authorUserId: a.user.id,
          procurement,
        };
        const open = phase === ProcurementPhase.COMPETITION || READS.includes(action);
        const expected = open ? own.member : S(Missing.OPEN_PROCUREMENT);
        expect([phase, action, outcome(discussionPolicy.check(a, action, subject))]).toEqual([phase, action, expected]);
      }
    }
  });

  it('refuses with the API error of its kind and the missing key', () => {
    const subject = { group: group(GroupStatus.ACTIVE), membership: ROLES.member, authorUserId: 'someone-else' };
    expect(() => discussionPolicy.authorize(a, 'delete', subject)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.AUTHOR] } }),
    );
    const archived = { ...subject, group: group(GroupStatus.ARCHIVED) };
    expect(() => discussionPolicy.authorize(a, 'post', archived)).toThrow(
      expect.objectContaining({ extensions: { code: 'INVALID_STATE', missing: [Missing.GROUP_ACTIVE] } }),
    );
  });
});
