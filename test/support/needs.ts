import { expect } from 'vitest';
import type { BuyerGroup } from '../../server/modules/groups/group.entity.js';
import { GroupStatus, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { NeedInterest } from '../../server/modules/needs/interest.entity.js';
import { SharedNeed } from '../../server/modules/needs/need.entity.js';
import type { TestUser } from './factories.js';
import type { InputOf } from './graphql.js';
import { coord, member, useCast } from './cast.js';
import { CREATE_NEED } from './operations.js';
import { s } from './server.js';

/**
 * What the shared-need test files (needs, need-interests) share: the group of the file's cast
 * (test/support/cast.ts) and two more, and the helpers.
 */

// ---- the file's groups ----

/** The group of the file's cast (test/support/cast.ts), made by the factory. */
export let group: BuyerGroup;
export let unlisted: BuyerGroup;
export let archived: BuyerGroup;

/** Starts the file's server with the cast in `group` (with a fourth member), and two more groups. */
export function useNeedsGroup() {
  useCast({
    fourth: true,
    group: async (s, coord) => {
      group = await s.factories.group(coord.organisation, { name: 'Velferdsteknologi Trøndelag' });
      return group.id;
    },
    then: async (s) => {
      unlisted = await s.factories.group(coord.organisation, { visibility: GroupVisibility.UNLISTED });
      archived = await s.factories.group(coord.organisation, { status: GroupStatus.ARCHIVED }, [
        { organisation: member.organisation },
      ]);
    },
  });
}

// ---- helpers ----

/** Matches a Decimal of exactly this value, written with or without trailing zeros ("7", "7.000"). */
export const dec = (v: string) =>
  expect.stringMatching(new RegExp(`^${v.replace('.', '\\.')}${v.includes('.') ? '0*' : '(\\.0+)?'}$`));

export const needCount = () => s.db.getRepository(SharedNeed).count();
export const interestCount = (needId?: string) =>
  s.db.getRepository(NeedInterest).count(needId ? { where: { needId } } : undefined);

/** A need of `group` as a member would describe it; overrides may be anything, for refusals. */
export const needInput = (overrides: Record<string, unknown> = {}) => ({
  groupId: group.id,
  title: 'Digital tilsyn om natten',
  problem: 'Nattevakter bruker mye tid på fysiske tilsyn som forstyrrer søvnen.',
  ...overrides,
});

export async function createNeed(u: TestUser, overrides: Partial<InputOf<typeof CREATE_NEED>> = {}) {
  return (await u.client.ok(CREATE_NEED, { input: { ...needInput(), ...overrides } })).createSharedNeed;
}
