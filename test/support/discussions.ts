import { BuyerGroup, GroupVisibility } from '../../server/modules/groups/group.entity.js';
import { coord, member, other, useCast } from './cast.js';
import type { TestUser } from './factories.js';
import type { InputOf, ResultOf } from './graphql.js';
import { hex, key, rows } from './helpers.js';
import { CREATE_GROUP, CREATE_THREAD, MESSAGE, MESSAGE_IN_THREAD, POST, THREAD_Q } from './operations.js';
import { s } from './server.js';
import { need } from './world.js';

/**
 * What the discussion test files (discussions, discussion-messages) share: the cast's group
 * (test/support/cast.ts) formed through the API, two more groups, and the helpers.
 */

// ---- types ----

export type Msg = ResultOf<typeof MESSAGE>;

// ---- the file's groups ----

/** The group of the file's cast (test/support/cast.ts), formed through createBuyerGroup: it has a general thread. */
export let group: { id: string; generalThread: { id: string } };
/** A second group (factory-made), coordinated by `other`, with `member` as a member. */
export let otherGroup: BuyerGroup;
/** An unlisted group of `coord` (factory-made, given a thread through the API). */
export let unlisted: BuyerGroup;
export let unlistedThreadId: string;

/** Starts the file's server with the cast in `group` (with a former member), and two more groups. */
export function useDiscussionGroups() {
  useCast({
    former: true,
    group: async (_s, coord) => {
      group = await formGroup(coord);
      return group.id;
    },
    then: async (s) => {
      otherGroup = await s.factories.group(other.organisation, {}, [{ organisation: member.organisation }]);
      unlisted = await s.factories.group(coord.organisation, { visibility: GroupVisibility.UNLISTED });
      unlistedThreadId = (await newThread(coord, { groupId: unlisted.id })).id;
    },
  });
}

// ---- helpers ----

/** The stored last_seq of a thread (what a refused write must leave unchanged). */
export async function lastSeq(threadId: string): Promise<number> {
  const [{ last_seq }] = await s.db.query('SELECT last_seq FROM thread WHERE id = $1', [threadId]);
  return last_seq;
}

export const messageCount = (threadId: string) => rows(s, 'message WHERE thread_id = $1', [threadId]);

export const threadCount = () => rows(s, 'thread');

/** A group formed through the API by `by` (so it has its general thread); LISTED unless told. */
export async function formGroup(by: TestUser, visibility: InputOf<typeof CREATE_GROUP>['visibility'] = 'LISTED') {
  const { createBuyerGroup } = await by.client.ok(CREATE_GROUP, {
    input: { name: `Samtalegruppe ${hex(4)}`, focusArea: 'WELFARE_TECHNOLOGY', visibility },
  });
  return createBuyerGroup;
}

export async function groupEntity(id: string): Promise<BuyerGroup> {
  return s.db.getRepository(BuyerGroup).findOneByOrFail({ id });
}

export async function newThread(u: TestUser = member, input: Partial<InputOf<typeof CREATE_THREAD>> = {}) {
  const { createThread } = await u.client.ok(CREATE_THREAD, {
    input: { groupId: group.id, title: `Tråd ${hex(4)}`, ...input },
  });
  return createThread;
}

/** A shared need of the group, as a member describes it. */
export const createNeed = (u: TestUser, groupId: string) =>
  need(u, groupId, { title: `Behov ${hex(4)}`, problem: 'Et problem som må løses.' });

export async function post(
  u: TestUser,
  threadId: string,
  body = `Melding ${hex(4)}`,
  extra: Partial<InputOf<typeof POST>> = {},
): Promise<Msg> {
  const { postMessage } = await u.client.ok(POST, { input: { threadId, body, idempotencyKey: key(), ...extra } });
  return postMessage;
}

/** What a member posts; overrides may be anything, for refusals. */
export const postInput = (threadId: string, overrides: Record<string, unknown> = {}) => ({
  threadId,
  body: 'Hei alle sammen',
  idempotencyKey: key(),
  ...overrides,
});

export async function readThread(u: TestUser, threadId: string) {
  return (await u.client.ok(THREAD_Q, { id: threadId })).thread;
}

export async function messageById(u: TestUser, threadId: string, id: string): Promise<Msg> {
  const { thread } = await u.client.ok(MESSAGE_IN_THREAD, { id: threadId });
  return thread.messages.nodes.find((m) => m.id === id)!;
}
