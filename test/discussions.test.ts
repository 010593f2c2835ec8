import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuyerGroup, GroupStatus, GroupVisibility } from '../server/modules/groups/group.entity.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const MESSAGE = `id seq body createdAt editedAt deletedAt
  author { id } authorOrganisation { id } thread { id }
  replyTo { id seq } mentions { id }
  reactions { emoji count viewerReacted }
  revisions { body change }`;
const THREAD = `id title kind parentType lastSeq lastMessageAt unreadCount viewerLastReadSeq group { id } need { id }`;

const CREATE_GROUP = `mutation($input: CreateBuyerGroupInput!) {
  createBuyerGroup(input: $input) { id status visibility generalThread { ${THREAD} } }
}`;
const UPDATE_GROUP = `mutation($id: ID!, $input: UpdateBuyerGroupInput!) { updateBuyerGroup(id: $id, input: $input) { id status } }`;
const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`;
const LEAVE = `mutation($groupId: ID!) { leaveGroup(groupId: $groupId) { id status } }`;
const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) { ${THREAD} } }`;
const THREAD_Q = `query($id: ID!) { thread(id: $id) { ${THREAD} } }`;
const GROUP_DISCUSSIONS = `query($id: ID!) {
  buyerGroup(id: $id) {
    id unreadCount
    generalThread { id kind parentType title }
    threads(first: 100) { totalCount nodes { id kind parentType title need { id } } }
  }
}`;
const GROUP_GENERAL = `query($id: ID!) { buyerGroup(id: $id) { id generalThread { id } } }`;
const GROUP_THREADS = `query($id: ID!) { buyerGroup(id: $id) { id threads { totalCount } } }`;
const GROUP_UNREAD = `query($id: ID!) { buyerGroup(id: $id) { id unreadCount } }`;
const NEED_THREADS = `query($id: ID!) { sharedNeed(id: $id) { id threads(first: 100) { totalCount nodes { id parentType need { id } } } } }`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE} } }`;
const POST_WITH_THREAD = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq thread { id lastSeq } } }`;
const EDIT = `mutation($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE} } }`;
const DELETE = `mutation($id: ID!) { deleteMessage(messageId: $id) { ${MESSAGE} } }`;
const REACT = `mutation($input: SetReactionInput!) { setReaction(input: $input) { id reactions { emoji count viewerReacted } } }`;
const MARK_READ = `mutation($threadId: ID!, $seq: Int) { markThreadRead(threadId: $threadId, seq: $seq) { id lastSeq viewerLastReadSeq unreadCount } }`;
const TYPING = `mutation($threadId: ID!, $typing: Boolean!) { setTyping(threadId: $threadId, typing: $typing) }`;
const MESSAGES = `query($id: ID!, $first: Int, $after: Int, $last: Int, $before: Int) {
  thread(id: $id) {
    id
    messages(first: $first, after: $after, last: $last, before: $before) {
      nodes { seq body }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;
const MESSAGE_IN_THREAD = `query($id: ID!) { thread(id: $id) { id messages(first: 100) { nodes { ${MESSAGE} } } } }`;

const hex = () => randomBytes(4).toString('hex');
const key = () => `key-${randomUUID()}`;

interface Msg {
  id: string;
  seq: number;
  body: string | null;
  editedAt: string | null;
  deletedAt: string | null;
  author: { id: string };
  replyTo: { id: string; seq: number } | null;
  mentions: { id: string }[];
  reactions: { emoji: string; count: number; viewerReacted: boolean }[];
  revisions: { body: string; change: string }[];
}

let s: TestServer;
/** Coordinator of `group` (formed through the API, LISTED). */
let coord: TestUser;
/** Two users of one member organisation. */
let member: TestUser;
let member2: TestUser;
/** A user of a second member organisation. */
let other: TestUser;
let observer: TestUser;
/** An authority outside every group. */
let outsider: TestUser;
/** An organisation invited to `group`, not yet active. */
let invited: TestUser;
/** An organisation that was a member of `group` and left. */
let former: TestUser;
/** Formed through createBuyerGroup: it has a general thread. */
let group: { id: string; generalThread: { id: string } };
/** A second group (factory-made), coordinated by `other`, with `member` as a member. */
let otherGroup: BuyerGroup;
/** An unlisted group of `coord` (factory-made, given a thread through the API). */
let unlisted: BuyerGroup;
let unlistedThreadId: string;

/** The stored last_seq of a thread (what a refused write must leave unchanged). */
async function lastSeq(threadId: string): Promise<number> {
  const [{ last_seq }] = await s.db.query('SELECT last_seq FROM thread WHERE id = $1', [threadId]);
  return last_seq;
}

async function messageCount(threadId: string): Promise<number> {
  const [{ n }] = await s.db.query('SELECT count(*)::int AS n FROM message WHERE thread_id = $1', [threadId]);
  return n;
}

async function threadCount(): Promise<number> {
  const [{ n }] = await s.db.query('SELECT count(*)::int AS n FROM thread');
  return n;
}

/** A group formed through the API by `by` (so it has its general thread); LISTED unless told. */
async function formGroup(by: TestUser, visibility = 'LISTED') {
  const { createBuyerGroup } = await by.client.ok(CREATE_GROUP, {
    input: { name: `Samtalegruppe ${hex()}`, focusArea: 'WELFARE_TECHNOLOGY', visibility },
  });
  return createBuyerGroup as { id: string; status: string; generalThread: { id: string; kind: string } };
}

async function groupEntity(id: string): Promise<BuyerGroup> {
  return s.db.getRepository(BuyerGroup).findOneByOrFail({ id });
}

async function newThread(u: TestUser = member, input: Record<string, unknown> = {}) {
  const { createThread } = await u.client.ok(CREATE_THREAD, {
    input: { groupId: group.id, title: `Tråd ${hex()}`, ...input },
  });
  return createThread as { id: string; lastSeq: number; kind: string; parentType: string; need: { id: string } | null };
}

async function createNeed(u: TestUser, groupId: string) {
  const { createSharedNeed } = await u.client.ok(CREATE_NEED, {
    input: { groupId, title: `Behov ${hex()}`, problem: 'Et problem som må løses.' },
  });
  return createSharedNeed as { id: string };
}

async function post(u: TestUser, threadId: string, body = `Melding ${hex()}`, extra: Record<string, unknown> = {}) {
  const { postMessage } = await u.client.ok(POST, {
    input: { threadId, body, idempotencyKey: key(), ...extra },
  });
  return postMessage as Msg;
}

const postInput = (threadId: string, overrides: Record<string, unknown> = {}) => ({
  threadId,
  body: 'Hei alle sammen',
  idempotencyKey: key(),
  ...overrides,
});

async function readThread(u: TestUser, threadId: string) {
  return (await u.client.ok(THREAD_Q, { id: threadId })).thread as {
    id: string;
    lastSeq: number;
    unreadCount: number;
    viewerLastReadSeq: number;
  };
}

async function messageById(u: TestUser, threadId: string, id: string): Promise<Msg> {
  const { thread } = await u.client.ok(MESSAGE_IN_THREAD, { id: threadId });
  return (thread.messages.nodes as Msg[]).find((m) => m.id === id)!;
}

beforeAll(async () => {
  s = await startTestServer();
  const f = s.factories;
  [coord, member, other, observer, outsider, invited, former] = await Promise.all([
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
    f.user(),
  ]);
  member2 = await f.user({ organisation: member.organisation });
  group = await formGroup(coord);
  const g = await groupEntity(group.id);
  await f.membership(g, member.organisation);
  await f.membership(g, other.organisation);
  await f.membership(g, observer.organisation, MembershipRole.OBSERVER);
  await f.membership(g, invited.organisation, MembershipRole.MEMBER, MembershipStatus.INVITED);
  await f.membership(g, former.organisation, MembershipRole.MEMBER, MembershipStatus.LEFT);
  otherGroup = await f.group(other.organisation, {}, [{ organisation: member.organisation }]);
  unlisted = await f.group(coord.organisation, { visibility: GroupVisibility.UNLISTED });
  unlistedThreadId = (await newThread(coord, { groupId: unlisted.id })).id;
});
afterAll(() => s?.close());

describe('general thread and createThread', () => {
  it('createBuyerGroup makes exactly one GENERAL thread, read through BuyerGroup.generalThread', async () => {
    const formed = await formGroup(coord);
    expect(formed.generalThread).toMatchObject({
      kind: 'GENERAL',
      parentType: 'GROUP',
      lastSeq: 0,
      lastMessageAt: null,
      unreadCount: 0,
      group: { id: formed.id },
      need: null,
    });
    const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM thread WHERE group_id = $1 AND kind = 'GENERAL'`, [
      formed.id,
    ]);
    expect(n).toBe(1);
    expect(group.generalThread.id).toBeTruthy();
    const read = await readThread(member, group.generalThread.id);
    expect(read.id).toBe(group.generalThread.id);
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const before = await threadCount();
    const err = await s.anon.fails(CREATE_THREAD, { input: { groupId: group.id, title: 'Hei' } });
    expect(err.code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(CREATE_THREAD, { input: { groupId: group.id, title: ' ' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await threadCount()).toBe(before);
  });

  it('refuses outsiders (NOT_FOUND for an unlisted group), observers, invited and former members', async () => {
    const before = await threadCount();
    const input = { groupId: group.id, title: 'Ny tråd' };
    expect((await outsider.client.fails(CREATE_THREAD, { input: { ...input, groupId: unlisted.id } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await outsider.client.fails(CREATE_THREAD, { input: { ...input, groupId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    // The listed group is visible to every authority, but only members start threads in it.
    expect((await outsider.client.fails(CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await observer.client.fails(CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await invited.client.fails(CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await former.client.fails(CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect(await threadCount()).toBe(before);
  });

  it('lets a member start a topic thread on the group: trimmed title, empty', async () => {
    const { createThread } = await member.client.ok(CREATE_THREAD, {
      input: { groupId: group.id, title: '  Anskaffelsesplan 2026  ' },
    });
    expect(createThread).toMatchObject({
      title: 'Anskaffelsesplan 2026',
      kind: 'TOPIC',
      parentType: 'GROUP',
      lastSeq: 0,
      lastMessageAt: null,
      unreadCount: 0,
      viewerLastReadSeq: 0,
      group: { id: group.id },
      need: null,
    });
  });

  it('lets a member start a thread on a shared need of the group', async () => {
    const need = await createNeed(member, group.id);
    const thread = await newThread(other, { needId: need.id });
    expect(thread).toMatchObject({ kind: 'TOPIC', parentType: 'NEED', need: { id: need.id } });
  });

  it.each([
    ['need of another group', async () => (await createNeed(other, otherGroup.id)).id, 'input.needId', 'exists'],
    ['need that does not exist', async () => randomUUID(), 'input.needId', 'exists'],
    ['need id that is not an id', async () => 'not-a-uuid', 'input.needId', 'exists'],
  ])('refuses a %s, naming the field and rule, writing nothing', async (_what, needId, field, rule) => {
    const id = await needId();
    const before = await threadCount();
    const err = await member.client.fails(CREATE_THREAD, { input: { groupId: group.id, needId: id, title: 'Hei' } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await threadCount()).toBe(before);
  });

  it.each([
    ['blank title', '  ', 'input.title', 'matches'],
    ['title over 200 characters', 'x'.repeat(201), 'input.title', 'maxLength'],
  ])('refuses a %s', async (_what, title, field, rule) => {
    const before = await threadCount();
    const err = await member.client.fails(CREATE_THREAD, { input: { groupId: group.id, title } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await threadCount()).toBe(before);
  });

  it('lists threads on the group (needs included, most recently active first) and on the need', async () => {
    const g = await formGroup(coord);
    await s.factories.membership(await groupEntity(g.id), member.organisation);
    const need = await createNeed(member, g.id);
    const topic = (await member.client.ok(CREATE_THREAD, { input: { groupId: g.id, title: 'Emne' } })).createThread;
    const onNeed = (
      await member.client.ok(CREATE_THREAD, { input: { groupId: g.id, title: 'Behov', needId: need.id } })
    ).createThread;
    // Activity moves the topic thread to the top.
    await post(member, topic.id);

    const { buyerGroup } = await member.client.ok(GROUP_DISCUSSIONS, { id: g.id });
    expect(buyerGroup.generalThread).toMatchObject({ id: g.generalThread.id, kind: 'GENERAL', parentType: 'GROUP' });
    expect(buyerGroup.threads.totalCount).toBe(3);
    const ids = buyerGroup.threads.nodes.map((t: { id: string }) => t.id);
    expect(ids).toEqual([topic.id, onNeed.id, g.generalThread.id]);
    expect(buyerGroup.threads.nodes[1]).toMatchObject({ parentType: 'NEED', need: { id: need.id } });

    const { sharedNeed } = await member.client.ok(NEED_THREADS, { id: need.id });
    expect(sharedNeed.threads.totalCount).toBe(1);
    expect(sharedNeed.threads.nodes).toEqual([{ id: onNeed.id, parentType: 'NEED', need: { id: need.id } }]);
  });

  it('refuses group discussion fields to a non-member of a LISTED group (FORBIDDEN), and hides an unlisted group', async () => {
    for (const q of [GROUP_GENERAL, GROUP_THREADS, GROUP_UNREAD]) {
      expect((await s.anon.fails(q, { id: group.id })).code).toBe('UNAUTHENTICATED');
      expect((await outsider.client.fails(q, { id: group.id })).code).toBe('FORBIDDEN');
      expect((await invited.client.fails(q, { id: group.id })).code).toBe('FORBIDDEN');
      expect((await outsider.client.fails(q, { id: unlisted.id })).code).toBe('NOT_FOUND');
    }
    // Observers are active members: they read.
    const { buyerGroup } = await observer.client.ok(GROUP_DISCUSSIONS, { id: group.id });
    expect(buyerGroup.generalThread.id).toBe(group.generalThread.id);
  });
});

describe('thread(id)', () => {
  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(THREAD_Q, { id: group.generalThread.id })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders, invited and former members, and for ids that do not exist', async () => {
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(THREAD_Q, { id: group.generalThread.id })).code).toBe('NOT_FOUND');
    }
    expect((await outsider.client.fails(THREAD_Q, { id: unlistedThreadId })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(THREAD_Q, { id: unlistedThreadId })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(THREAD_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(THREAD_Q, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });

  it('is readable by the active members, observers included', async () => {
    for (const u of [coord, member, member2, other, observer]) {
      expect((await readThread(u, group.generalThread.id)).id).toBe(group.generalThread.id);
    }
  });

  it('becomes NOT_FOUND once the organisation leaves the group', async () => {
    const g = await formGroup(coord);
    const leaver = await s.factories.user();
    await s.factories.membership(await groupEntity(g.id), leaver.organisation);
    await post(leaver, g.generalThread.id);
    await leaver.client.ok(LEAVE, { groupId: g.id });
    expect((await leaver.client.fails(THREAD_Q, { id: g.generalThread.id })).code).toBe('NOT_FOUND');
    expect((await leaver.client.fails(POST, { input: postInput(g.generalThread.id) })).code).toBe('NOT_FOUND');
    // ...and its users can no longer be mentioned there.
    const err = await coord.client.fails(POST, {
      input: postInput(g.generalThread.id, { mentionUserIds: [leaver.user.id] }),
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[0]',
      'canRead',
    ]);
  });
});

describe('postMessage', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await newThread()).id;
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const before = await lastSeq(threadId);
    expect((await s.anon.fails(POST, { input: postInput(threadId) })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(POST, { input: postInput(threadId, { body: ' ' }) })).code).toBe('UNAUTHENTICATED');
    expect(await lastSeq(threadId)).toBe(before);
    expect(await messageCount(threadId)).toBe(before);
  });

  it('is NOT_FOUND for outsiders, invited and former members, FORBIDDEN for observers, writing nothing', async () => {
    const before = await lastSeq(threadId);
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(POST, { input: postInput(threadId) })).code).toBe('NOT_FOUND');
    }
    expect((await outsider.client.fails(POST, { input: postInput(unlistedThreadId) })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(POST, { input: postInput(randomUUID()) })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(POST, { input: postInput(threadId) })).code).toBe('FORBIDDEN');
    expect(await lastSeq(threadId)).toBe(before);
    expect(await messageCount(threadId)).toBe(before);
  });

  it('numbers messages 1, 2, 3 per thread, recording author, organisation and time', async () => {
    const t = await newThread();
    const a = await post(member, t.id, 'Første');
    const b = await post(other, t.id, 'Andre');
    const c = await post(member2, t.id, 'Tredje');
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(a).toMatchObject({
      body: 'Første',
      author: { id: member.user.id },
      authorOrganisation: { id: member.organisation.id },
      thread: { id: t.id },
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      mentions: [],
      reactions: [],
      revisions: [],
    });
    expect(b.author.id).toBe(other.user.id);
    const read = (await member.client.ok(THREAD_Q, { id: t.id })).thread;
    expect(read.lastSeq).toBe(3);
    expect(read.lastMessageAt).not.toBeNull();
    // Another thread counts on its own.
    const t2 = await newThread();
    expect((await post(member, t2.id)).seq).toBe(1);
  });

  it("returns the message with its thread's new lastSeq", async () => {
    const t = await newThread();
    await post(member, t.id);
    const { postMessage } = await member.client.ok(POST_WITH_THREAD, { input: postInput(t.id) });
    expect(postMessage.seq).toBe(2);
    expect(postMessage.thread).toEqual({ id: t.id, lastSeq: 2 });
  });

  it('accepts a body of exactly 10,000 characters, kept as written', async () => {
    const body = `${'å'.repeat(9_999)}!`;
    const m = await post(member, threadId, body);
    expect(m.body).toBe(body);
  });

  it.each([
    ['body over 10,000 characters', { body: 'x'.repeat(10_001) }, 'input.body', 'maxLength'],
    ['blank body', { body: ' \n\t ' }, 'input.body', 'matches'],
    ['empty body', { body: '' }, 'input.body', 'matches'],
    ['blank idempotency key', { idempotencyKey: '  ' }, 'input.idempotencyKey', 'matches'],
    ['idempotency key over 100 characters', { idempotencyKey: 'k'.repeat(101) }, 'input.idempotencyKey', 'maxLength'],
    ['mention that is not an id', { mentionUserIds: ['nobody'] }, 'input.mentionUserIds', 'isUuid'],
  ])('refuses a %s, naming the field and rule, writing nothing', async (_what, overrides, field, rule) => {
    const before = await lastSeq(threadId);
    const err = await member.client.fails(POST, { input: postInput(threadId, overrides) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await lastSeq(threadId)).toBe(before);
    expect(await messageCount(threadId)).toBe(before);
  });

  it('links a reply to a message of the same thread', async () => {
    const first = await post(member, threadId, 'Spørsmål?');
    const reply = await post(other, threadId, 'Svar.', { replyToId: first.id });
    expect(reply.replyTo).toEqual({ id: first.id, seq: first.seq });
  });

  it.each([
    ['a message of another thread', 'other'],
    ['a message that does not exist', 'missing'],
    ['an id that is not an id', 'garbage'],
  ])('refuses a reply to %s (input.replyToId), writing nothing', async (_what, kind) => {
    let replyToId: string;
    if (kind === 'other') {
      const elsewhere = await newThread();
      replyToId = (await post(member, elsewhere.id)).id;
    } else replyToId = kind === 'missing' ? randomUUID() : 'not-a-uuid';
    const before = await lastSeq(threadId);
    const err = await member.client.fails(POST, { input: postInput(threadId, { replyToId }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.replyToId',
      'sameThread',
    ]);
    expect(await lastSeq(threadId)).toBe(before);
    expect(await messageCount(threadId)).toBe(before);
  });

  it('mentions users of active member organisations (observers too), once each, resolved to users', async () => {
    const m = await post(member, threadId, 'Hei @andre @observatør', {
      mentionUserIds: [other.user.id, observer.user.id, member2.user.id, other.user.id],
    });
    expect(m.mentions.map((u) => u.id).sort()).toEqual([other.user.id, observer.user.id, member2.user.id].sort());
  });

  it.each([
    ['a user of an outside organisation', () => outsider.user.id],
    ['a user of an invited organisation', () => invited.user.id],
    ['a user of a former member', () => former.user.id],
    ['a user that does not exist', () => randomUUID()],
  ])('refuses mentioning %s (input.mentionUserIds[i] canRead), writing nothing', async (_what, who) => {
    const before = await lastSeq(threadId);
    const err = await member.client.fails(POST, {
      input: postInput(threadId, { mentionUserIds: [other.user.id, who()] }),
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[1]',
      'canRead',
    ]);
    expect(await lastSeq(threadId)).toBe(before);
    expect(await messageCount(threadId)).toBe(before);
  });

  it('names the position of a refused mention in the list as sent, even after a repeated id', async () => {
    const before = await lastSeq(threadId);
    const err = await member.client.fails(POST, {
      input: postInput(threadId, { mentionUserIds: [other.user.id, other.user.id, outsider.user.id] }),
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[2]',
      'canRead',
    ]);
    expect(await lastSeq(threadId)).toBe(before);
  });

  it('refuses posts, threads, typing and reactions in an archived group (INVALID_STATE), still readable', async () => {
    const g = await formGroup(coord);
    await s.factories.membership(await groupEntity(g.id), member.organisation);
    const t = g.generalThread.id;
    const m = await post(member, t, 'Før arkivering');
    await coord.client.ok(UPDATE_GROUP, { id: g.id, input: { status: 'ARCHIVED' } });

    const err = await member.client.fails(POST, { input: postInput(t) });
    expect(err.code).toBe('INVALID_STATE');
    expect(await lastSeq(t)).toBe(1);
    expect(await messageCount(t)).toBe(1);
    expect((await member.client.fails(CREATE_THREAD, { input: { groupId: g.id, title: 'Ny' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await member.client.fails(TYPING, { threadId: t, typing: true })).code).toBe('INVALID_STATE');
    expect((await member.client.fails(REACT, { input: { messageId: m.id, emoji: '👍', reacted: true } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await member.client.fails(EDIT, { input: { messageId: m.id, body: 'Endret' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await readThread(member, t)).lastSeq).toBe(1);
  });

  it('refuses a post in a group archived directly in the database', async () => {
    const g = await formGroup(coord);
    const t = g.generalThread.id;
    await post(coord, t);
    await s.db.getRepository(BuyerGroup).update({ id: g.id }, { status: GroupStatus.ARCHIVED });
    expect((await coord.client.fails(POST, { input: postInput(t) })).code).toBe('INVALID_STATE');
    expect(await lastSeq(t)).toBe(1);
  });
});

describe('postMessage idempotency', () => {
  it('returns the same message for a retry with the same key, storing one row', async () => {
    const t = await newThread();
    const input = postInput(t.id, { body: 'Bare én gang' });
    const a = (await member.client.ok(POST, { input })).postMessage;
    const b = (await member.client.ok(POST, { input })).postMessage;
    expect(b.id).toBe(a.id);
    expect(b.seq).toBe(1);
    expect(await messageCount(t.id)).toBe(1);
    expect((await readThread(member, t.id)).lastSeq).toBe(1);
  });

  it('stores exactly one message for 10 concurrent posts with one key, without a gap after it', async () => {
    const t = await newThread();
    await post(member, t.id);
    const input = postInput(t.id, { body: 'Samtidig' });
    const results = await Promise.all(Array.from({ length: 10 }, () => member.client.request(POST, { input })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data!.postMessage.id));
    expect(ids.size).toBe(1);
    expect(results.map((r) => r.data!.postMessage.seq)).toEqual(Array(10).fill(2));
    expect(await messageCount(t.id)).toBe(2);
    expect(await lastSeq(t.id)).toBe(2);
    const [{ n }] = await s.db.query(
      'SELECT count(*)::int AS n FROM message WHERE author_user_id = $1 AND idempotency_key = $2',
      [member.user.id, input.idempotencyKey],
    );
    expect(n).toBe(1);
    const next = await post(member, t.id);
    expect(next.seq).toBe(3);
    const { thread } = await member.client.ok(MESSAGES, { id: t.id, first: 100 });
    expect(thread.messages.nodes.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
  });

  it('numbers 10 concurrent posts with different keys 1..10, without gaps or repeats', async () => {
    const t = await newThread();
    const users = [member, member2, other, coord];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => users[i % users.length].client.ok(POST, { input: postInput(t.id) })),
    );
    expect(results.map((r) => r.postMessage.seq).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await lastSeq(t.id)).toBe(10);
    expect(await messageCount(t.id)).toBe(10);
  });

  it('refuses a key already used in another thread (CONFLICT), writing nothing', async () => {
    const [t1, t2] = [await newThread(), await newThread()];
    const idempotencyKey = key();
    await member.client.ok(POST, { input: postInput(t1.id, { idempotencyKey }) });
    const err = await member.client.fails(POST, { input: postInput(t2.id, { idempotencyKey }) });
    expect(err.code).toBe('CONFLICT');
    expect(await lastSeq(t2.id)).toBe(0);
    expect(await messageCount(t2.id)).toBe(0);
  });

  it('keeps keys per author: another user with the same key posts a message of their own', async () => {
    const t = await newThread();
    const idempotencyKey = key();
    const a = (await member.client.ok(POST, { input: postInput(t.id, { idempotencyKey }) })).postMessage;
    const b = (await member2.client.ok(POST, { input: postInput(t.id, { idempotencyKey }) })).postMessage;
    expect(b.id).not.toBe(a.id);
    expect([a.seq, b.seq]).toEqual([1, 2]);
  });
});

describe('editMessage', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await newThread()).id;
  });

  it('refuses anonymous callers', async () => {
    const m = await post(member, threadId, 'Original');
    expect((await s.anon.fails(EDIT, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe('UNAUTHENTICATED');
    expect((await messageById(member, threadId, m.id)).body).toBe('Original');
  });

  it('refuses everyone but the author: outsiders NOT_FOUND, the rest FORBIDDEN', async () => {
    const m = await post(member, threadId, 'Original');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(EDIT, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe('NOT_FOUND');
    }
    for (const u of [other, member2, coord, observer]) {
      expect((await u.client.fails(EDIT, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe('FORBIDDEN');
    }
    expect((await member.client.fails(EDIT, { input: { messageId: randomUUID(), body: 'Nytt' } })).code).toBe(
      'NOT_FOUND',
    );
    const after = await messageById(member, threadId, m.id);
    expect(after).toMatchObject({ body: 'Original', editedAt: null, revisions: [] });
  });

  it('lets the author edit: earlier texts kept oldest first, editedAt set, place unchanged', async () => {
    const m = await post(member, threadId, 'Versjon 1');
    const seqBefore = await lastSeq(threadId);
    const e1 = (await member.client.ok(EDIT, { input: { messageId: m.id, body: 'Versjon 2' } })).editMessage as Msg;
    expect(e1.body).toBe('Versjon 2');
    expect(e1.editedAt).not.toBeNull();
    const e2 = (
      await member.client.ok(EDIT, {
        input: { messageId: m.id, body: 'Versjon 3', mentionUserIds: [other.user.id] },
      })
    ).editMessage as Msg;
    expect(e2).toMatchObject({ id: m.id, seq: m.seq, body: 'Versjon 3', mentions: [{ id: other.user.id }] });
    expect(e2.revisions).toEqual([
      { body: 'Versjon 1', change: 'EDITED' },
      { body: 'Versjon 2', change: 'EDITED' },
    ]);
    expect(await lastSeq(threadId)).toBe(seqBefore);
    // Others read the same history.
    expect((await messageById(other, threadId, m.id)).revisions.map((r) => r.body)).toEqual(['Versjon 1', 'Versjon 2']);
  });

  it.each([
    ['blank body', '  ', 'input.body', 'matches'],
    ['body over 10,000 characters', 'x'.repeat(10_001), 'input.body', 'maxLength'],
  ])('refuses a %s, naming the field and rule', async (_what, body, field, rule) => {
    const m = await post(member, threadId, 'Uendret');
    const err = await member.client.fails(EDIT, { input: { messageId: m.id, body } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await messageById(member, threadId, m.id)).toMatchObject({ body: 'Uendret', revisions: [] });
  });

  it('refuses a mention of a user who cannot read the thread', async () => {
    const m = await post(member, threadId, 'Uendret');
    const err = await member.client.fails(EDIT, {
      input: { messageId: m.id, body: 'Med omtale', mentionUserIds: [outsider.user.id] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[0]',
      'canRead',
    ]);
    expect(await messageById(member, threadId, m.id)).toMatchObject({ body: 'Uendret', mentions: [], revisions: [] });
  });

  it('refuses to edit a deleted message (INVALID_STATE)', async () => {
    const m = await post(member, threadId, 'Snart borte');
    await member.client.ok(DELETE, { id: m.id });
    const err = await member.client.fails(EDIT, { input: { messageId: m.id, body: 'Tilbake?' } });
    expect(err.code).toBe('INVALID_STATE');
    expect((await messageById(member, threadId, m.id)).body).toBeNull();
  });
});

describe('deleteMessage', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await newThread()).id;
  });

  it('refuses anonymous callers', async () => {
    const m = await post(member, threadId);
    expect((await s.anon.fails(DELETE, { id: m.id })).code).toBe('UNAUTHENTICATED');
    expect((await messageById(member, threadId, m.id)).deletedAt).toBeNull();
  });

  it('refuses outsiders (NOT_FOUND), other members and observers (FORBIDDEN)', async () => {
    const m = await post(member, threadId);
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(DELETE, { id: m.id })).code).toBe('NOT_FOUND');
    }
    for (const u of [other, member2, observer]) {
      expect((await u.client.fails(DELETE, { id: m.id })).code).toBe('FORBIDDEN');
    }
    expect((await member.client.fails(DELETE, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await messageById(member, threadId, m.id)).deletedAt).toBeNull();
  });

  it('lets the author delete, leaving a tombstone in place without text, history or mentions', async () => {
    const m = await post(member, threadId, 'Hemmelig', { mentionUserIds: [other.user.id] });
    await member.client.ok(EDIT, { input: { messageId: m.id, body: 'Hemmelig, endret' } });
    const after = await post(other, threadId);
    const seqBefore = await lastSeq(threadId);
    const d = (await member.client.ok(DELETE, { id: m.id })).deleteMessage as Msg;
    expect(d).toMatchObject({ id: m.id, seq: m.seq, body: null, mentions: [], revisions: [] });
    expect(d.deletedAt).not.toBeNull();
    expect(await lastSeq(threadId)).toBe(seqBefore);
    // It keeps its place among the others, for everyone.
    const { thread } = await other.client.ok(MESSAGES, { id: threadId, first: 100 });
    const nodes = thread.messages.nodes as { seq: number; body: string | null }[];
    expect(nodes.find((n) => n.seq === m.seq)).toEqual({ seq: m.seq, body: null });
    expect(nodes.find((n) => n.seq === after.seq)?.body).toBe(after.body);
    expect(await messageById(other, threadId, m.id)).toMatchObject({ body: null, mentions: [], revisions: [] });
    expect((await member.client.fails(DELETE, { id: m.id })).code).toBe('INVALID_STATE');
  });

  it("lets a coordinator delete another organisation's message", async () => {
    const m = await post(other, threadId, 'Upassende');
    const d = (await coord.client.ok(DELETE, { id: m.id })).deleteMessage as Msg;
    expect(d).toMatchObject({ id: m.id, body: null });
    expect(d.deletedAt).not.toBeNull();
  });
});

describe('setReaction', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await newThread()).id;
  });
  const react = (u: TestUser, messageId: string, emoji: string, reacted = true) =>
    u.client.ok(REACT, { input: { messageId, emoji, reacted } }).then((d) => d.setReaction.reactions);

  it('refuses anonymous callers, outsiders (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const m = await post(member, threadId);
    const input = { messageId: m.id, emoji: '👍', reacted: true };
    expect((await s.anon.fails(REACT, { input })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former])
      expect((await u.client.fails(REACT, { input })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(REACT, { input })).code).toBe('FORBIDDEN');
    expect((await messageById(member, threadId, m.id)).reactions).toEqual([]);
  });

  it('adds and removes reactions: counts per emoji, viewerReacted, adding twice counts once', async () => {
    const m = await post(member, threadId);
    await react(member, m.id, '👍');
    await react(other, m.id, '👍');
    expect(await react(member, m.id, '👍')).toEqual([{ emoji: '👍', count: 2, viewerReacted: true }]);
    await react(member, m.id, '❤️');
    expect(await react(member2, m.id, '🇳🇴')).toEqual([
      { emoji: '👍', count: 2, viewerReacted: false },
      { emoji: '❤️', count: 1, viewerReacted: false },
      { emoji: '🇳🇴', count: 1, viewerReacted: true },
    ]);
    expect((await messageById(other, threadId, m.id)).reactions).toEqual([
      { emoji: '👍', count: 2, viewerReacted: true },
      { emoji: '❤️', count: 1, viewerReacted: false },
      { emoji: '🇳🇴', count: 1, viewerReacted: false },
    ]);
    expect(await react(member, m.id, '👍', false)).toEqual([
      { emoji: '👍', count: 1, viewerReacted: false },
      { emoji: '❤️', count: 1, viewerReacted: true },
      { emoji: '🇳🇴', count: 1, viewerReacted: false },
    ]);
    // Removing what is not there changes nothing.
    await react(member, m.id, '👍', false);
    await react(member2, m.id, '🇳🇴', false);
    expect(await react(member, m.id, '❤️', false)).toEqual([{ emoji: '👍', count: 1, viewerReacted: false }]);
  });

  it('accepts emoji with skin tones and joiners', async () => {
    const m = await post(member, threadId);
    expect(await react(member, m.id, '👍🏽')).toEqual([{ emoji: '👍🏽', count: 1, viewerReacted: true }]);
    expect((await react(member, m.id, '👩‍💻')).map((r: { emoji: string }) => r.emoji)).toEqual(['👍🏽', '👩‍💻']);
  });

  it.each([
    ['letters', 'abc'],
    ['an empty string', ''],
    ['an emoji with text', '👍ok'],
    ['a lone zero-width joiner (invisible)', '\u200d'],
    ['a lone variation selector (invisible)', '\ufe0f'],
  ])('refuses %s as emoji (input.emoji)', async (_what, emoji) => {
    const m = await post(member, threadId);
    const err = await member.client.fails(REACT, { input: { messageId: m.id, emoji, reacted: true } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.emoji']);
    expect((await messageById(member, threadId, m.id)).reactions).toEqual([]);
  });

  it('refuses "abc" naming the matches rule', async () => {
    const m = await post(member, threadId);
    const err = await member.client.fails(REACT, { input: { messageId: m.id, emoji: 'abc', reacted: true } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.emoji', 'matches']);
  });

  it('refuses reactions on a deleted message (INVALID_STATE)', async () => {
    const m = await post(member, threadId);
    await member.client.ok(DELETE, { id: m.id });
    const err = await other.client.fails(REACT, { input: { messageId: m.id, emoji: '👍', reacted: true } });
    expect(err.code).toBe('INVALID_STATE');
  });
});

describe('messages pagination', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await newThread()).id;
    for (let i = 1; i <= 25; i++) await post(i % 2 ? member : other, threadId, `Melding ${i}`);
  });
  const page = async (args: Record<string, number>) => {
    const { thread } = await member.client.ok(MESSAGES, { id: threadId, ...args });
    return thread.messages as {
      nodes: { seq: number; body: string }[];
      pageInfo: {
        hasNextPage: boolean;
        hasPreviousPage: boolean;
        startCursor: number | null;
        endCursor: number | null;
      };
    };
  };
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  const seqs = (p: { nodes: { seq: number }[] }) => p.nodes.map((n) => n.seq);

  it('refuses anonymous callers and outsiders', async () => {
    expect((await s.anon.fails(MESSAGES, { id: threadId, first: 10 })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(MESSAGES, { id: threadId, first: 10 })).code).toBe('NOT_FOUND');
  });

  it('first: 10, after: 0 gives 1..10 with a next page', async () => {
    const p = await page({ first: 10, after: 0 });
    expect(seqs(p)).toEqual(range(1, 10));
    expect(p.nodes[0].body).toBe('Melding 1');
    expect(p.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: 1, endCursor: 10 });
  });

  it('first: 10, after: 10 gives 11..20 both ways open', async () => {
    const p = await page({ first: 10, after: 10 });
    expect(seqs(p)).toEqual(range(11, 20));
    expect(p.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: 11, endCursor: 20 });
  });

  it('first: 10, after: 20 gives 21..25 and no next page', async () => {
    const p = await page({ first: 10, after: 20 });
    expect(seqs(p)).toEqual(range(21, 25));
    expect(p.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: 21, endCursor: 25 });
  });

  it('first: 10, after: 25 is empty', async () => {
    const p = await page({ first: 10, after: 25 });
    expect(p.nodes).toEqual([]);
    expect(p.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it('last: 10 gives 16..25 with a previous page', async () => {
    const p = await page({ last: 10 });
    expect(seqs(p)).toEqual(range(16, 25));
    expect(p.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: 16, endCursor: 25 });
  });

  it('last: 5, before: 8 gives 3..7', async () => {
    const p = await page({ last: 5, before: 8 });
    expect(seqs(p)).toEqual(range(3, 7));
    expect(p.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: true, startCursor: 3, endCursor: 7 });
  });

  it('last: 10, before: 6 gives 1..5 and no previous page', async () => {
    const p = await page({ last: 10, before: 6 });
    expect(seqs(p)).toEqual(range(1, 5));
    expect(p.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('by default gives the newest 50 (here all 25)', async () => {
    const p = await page({});
    expect(seqs(p)).toEqual(range(1, 25));
    expect(p.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('walks forward and backward through the whole thread with the cursors, without gaps or repeats', async () => {
    const forward: number[] = [];
    let after = 0;
    for (;;) {
      const p = await page({ first: 7, after });
      forward.push(...seqs(p));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor!;
    }
    expect(forward).toEqual(range(1, 25));
    const backward: number[] = [];
    let p = await page({ last: 7 });
    for (;;) {
      backward.unshift(...seqs(p));
      if (!p.pageInfo.hasPreviousPage) break;
      p = await page({ last: 7, before: p.pageInfo.startCursor! });
    }
    expect(backward).toEqual(range(1, 25));
  });

  it.each([
    ['first with before', { first: 5, after: 2, before: 5 }, (n: number) => n > 2 && n < 5],
    ['last with after', { last: 5, after: 10 }, (n: number) => n > 10],
  ])('never ignores a bound: %s is refused or honoured', async (_what, args, within) => {
    const res = await member.client.request(MESSAGES, { id: threadId, ...args });
    if (res.errors?.length) {
      expect(res.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
    } else {
      const got = seqs(res.data!.thread.messages);
      expect(got.filter((n) => !within(n))).toEqual([]);
      if ('last' in args) expect(got.length).toBeLessThanOrEqual(args.last!);
    }
  });

  it.each([
    ['first and last together', { first: 10, last: 10 }, 'last', 'exclusive'],
    ['first over 100', { first: 101 }, 'first', 'max'],
    ['first of 0', { first: 0 }, 'first', 'min'],
    ['last over 100', { last: 101 }, 'last', 'max'],
    ['negative after', { first: 5, after: -1 }, 'after', 'min'],
    ['before of 0', { last: 5, before: 0 }, 'before', 'min'],
  ])('refuses %s (BAD_USER_INPUT)', async (_what, args, field, rule) => {
    const err = await member.client.fails(MESSAGES, { id: threadId, ...args });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
  });
});

describe('read markers and unread counts', () => {
  it('refuses anonymous callers and outsiders', async () => {
    const t = await newThread();
    expect((await s.anon.fails(MARK_READ, { threadId: t.id })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(MARK_READ, { threadId: t.id })).code).toBe('NOT_FOUND');
    }
  });

  it("counts others' messages after the marker, never one's own; markers move forward only", async () => {
    const t = await newThread();
    await post(member, t.id); // 1
    await post(member, t.id); // 2
    await post(other, t.id); // 3
    await post(member, t.id); // 4
    await post(other, t.id); // 5

    expect(await readThread(member, t.id)).toMatchObject({ lastSeq: 5, unreadCount: 2, viewerLastReadSeq: 0 });
    expect((await readThread(other, t.id)).unreadCount).toBe(3);
    expect((await readThread(coord, t.id)).unreadCount).toBe(5);
    // A second user of the member organisation has a marker of their own, and member's messages are by another user.
    expect((await readThread(member2, t.id)).unreadCount).toBe(5);

    // To the latest message by default.
    const { markThreadRead } = await coord.client.ok(MARK_READ, { threadId: t.id });
    expect(markThreadRead).toMatchObject({ lastSeq: 5, viewerLastReadSeq: 5, unreadCount: 0 });
    // Never back.
    const back = (await coord.client.ok(MARK_READ, { threadId: t.id, seq: 2 })).markThreadRead;
    expect(back).toMatchObject({ viewerLastReadSeq: 5, unreadCount: 0 });
    expect(await readThread(coord, t.id)).toMatchObject({ viewerLastReadSeq: 5, unreadCount: 0 });

    // To a given point: other reads up to 2, leaving member's 4.
    const mid = (await other.client.ok(MARK_READ, { threadId: t.id, seq: 2 })).markThreadRead;
    expect(mid).toMatchObject({ viewerLastReadSeq: 2, unreadCount: 1 });
    expect((await other.client.ok(MARK_READ, { threadId: t.id, seq: 0 })).markThreadRead.viewerLastReadSeq).toBe(2);

    // New messages count again; one's own do not.
    await post(member, t.id); // 6
    await post(coord, t.id); // 7
    expect((await readThread(coord, t.id)).unreadCount).toBe(1);
    expect((await readThread(other, t.id)).unreadCount).toBe(3);
  });

  it('lets observers keep a read marker', async () => {
    const t = await newThread();
    await post(member, t.id);
    expect((await readThread(observer, t.id)).unreadCount).toBe(1);
    const { markThreadRead } = await observer.client.ok(MARK_READ, { threadId: t.id });
    expect(markThreadRead).toMatchObject({ viewerLastReadSeq: 1, unreadCount: 0 });
  });

  it.each([
    ['above lastSeq', 3],
    ['negative', -1],
  ])('refuses a seq %s (BAD_USER_INPUT, field seq), leaving the marker', async (_what, seq) => {
    const t = await newThread();
    await post(member, t.id);
    await post(member, t.id);
    await other.client.ok(MARK_READ, { threadId: t.id, seq: 1 });
    const err = await other.client.fails(MARK_READ, { threadId: t.id, seq });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'seq']);
    expect((await readThread(other, t.id)).viewerLastReadSeq).toBe(1);
  });

  it("sums a group's unread messages over its threads, needs' included; deleting one reduces it", async () => {
    const g = await formGroup(coord);
    await s.factories.membership(await groupEntity(g.id), member.organisation);
    const need = await createNeed(member, g.id);
    const topic = (await coord.client.ok(CREATE_THREAD, { input: { groupId: g.id, title: 'Emne' } })).createThread;
    const onNeed = (await coord.client.ok(CREATE_THREAD, { input: { groupId: g.id, title: 'Behov', needId: need.id } }))
      .createThread;
    await post(coord, g.generalThread.id);
    await post(coord, topic.id);
    await post(coord, topic.id);
    const doomed = await post(coord, onNeed.id);
    await post(coord, onNeed.id);
    await post(coord, onNeed.id);
    await post(member, onNeed.id); // own: never unread for member

    const unread = async (u: TestUser) => (await u.client.ok(GROUP_UNREAD, { id: g.id })).buyerGroup.unreadCount;
    expect(await unread(member)).toBe(6);
    expect(await unread(coord)).toBe(1);

    await member.client.ok(MARK_READ, { threadId: topic.id });
    expect(await unread(member)).toBe(4);
    expect((await readThread(member, onNeed.id)).unreadCount).toBe(3);

    await coord.client.ok(DELETE, { id: doomed.id });
    expect((await readThread(member, onNeed.id)).unreadCount).toBe(2);
    expect(await unread(member)).toBe(3);
    // A deleted message does not come back as unread after a later marker move either.
    await member.client.ok(MARK_READ, { threadId: onNeed.id, seq: 1 });
    expect((await readThread(member, onNeed.id)).unreadCount).toBe(2);
  });
});

describe('setTyping', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const t = group.generalThread.id;
    expect((await s.anon.fails(TYPING, { threadId: t, typing: true })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(TYPING, { threadId: t, typing: true })).code).toBe('NOT_FOUND');
    }
    expect((await outsider.client.fails(TYPING, { threadId: unlistedThreadId, typing: true })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(TYPING, { threadId: t, typing: true })).code).toBe('FORBIDDEN');
  });

  it('returns true for members and coordinators, storing nothing', async () => {
    const t = await newThread();
    expect((await member.client.ok(TYPING, { threadId: t.id, typing: true })).setTyping).toBe(true);
    expect((await member.client.ok(TYPING, { threadId: t.id, typing: false })).setTyping).toBe(true);
    expect((await coord.client.ok(TYPING, { threadId: t.id, typing: true })).setTyping).toBe(true);
    expect(await lastSeq(t.id)).toBe(0);
    expect(await messageCount(t.id)).toBe(0);
  });
});
