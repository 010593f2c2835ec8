import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BuyerGroup, GroupStatus } from '../server/modules/groups/group.entity.js';
import { coord, former, invited, member, member2, observer, other, outsider } from './support/cast.js';
import * as discussion from './support/discussions.js';
import { key } from './support/helpers.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';

discussion.useDiscussionGroups();

describe('general thread and createThread', () => {
  it('createBuyerGroup makes exactly one GENERAL thread, read through BuyerGroup.generalThread', async () => {
    const formed = await discussion.formGroup(coord);
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
    expect(discussion.group.generalThread.id).toBeTruthy();
    const read = await discussion.readThread(member, discussion.group.generalThread.id);
    expect(read.id).toBe(discussion.group.generalThread.id);
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const before = await discussion.threadCount();
    const err = await s.anon.fails(op.CREATE_THREAD, { input: { groupId: discussion.group.id, title: 'Hei' } });
    expect(err.code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.CREATE_THREAD, { input: { groupId: discussion.group.id, title: ' ' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await discussion.threadCount()).toBe(before);
  });

  it('refuses outsiders (NOT_FOUND for an unlisted group), observers, invited and former members', async () => {
    const before = await discussion.threadCount();
    const input = { groupId: discussion.group.id, title: 'Ny tråd' };
    expect(
      (await outsider.client.fails(op.CREATE_THREAD, { input: { ...input, groupId: discussion.unlisted.id } })).code,
    ).toBe('NOT_FOUND');
    expect((await outsider.client.fails(op.CREATE_THREAD, { input: { ...input, groupId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    // The listed group is visible to every authority, but only members start threads in it.
    expect((await outsider.client.fails(op.CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await observer.client.fails(op.CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await invited.client.fails(op.CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect((await former.client.fails(op.CREATE_THREAD, { input })).code).toBe('FORBIDDEN');
    expect(await discussion.threadCount()).toBe(before);
  });

  it('lets a member start a topic thread on the group: trimmed title, empty', async () => {
    const { createThread } = await member.client.ok(op.CREATE_THREAD, {
      input: { groupId: discussion.group.id, title: '  Anskaffelsesplan 2026  ' },
    });
    expect(createThread).toMatchObject({
      title: 'Anskaffelsesplan 2026',
      kind: 'TOPIC',
      parentType: 'GROUP',
      lastSeq: 0,
      lastMessageAt: null,
      unreadCount: 0,
      viewerLastReadSeq: 0,
      group: { id: discussion.group.id },
      need: null,
    });
  });

  it('lets a member start a thread on a shared need of the group', async () => {
    const need = await discussion.createNeed(member, discussion.group.id);
    const thread = await discussion.newThread(other, { needId: need.id });
    expect(thread).toMatchObject({ kind: 'TOPIC', parentType: 'NEED', need: { id: need.id } });
  });

  it.each([
    [
      'need of another group',
      async () => (await discussion.createNeed(other, discussion.otherGroup.id)).id,
      'input.needId',
      'exists',
    ],
    ['need that does not exist', async () => randomUUID(), 'input.needId', 'exists'],
    ['need id that is not an id', async () => 'not-a-uuid', 'input.needId', 'exists'],
  ])('refuses a %s, naming the field and rule, writing nothing', async (_what, needId, field, rule) => {
    const id = await needId();
    const before = await discussion.threadCount();
    const err = await member.client.fails(op.CREATE_THREAD, {
      input: { groupId: discussion.group.id, needId: id, title: 'Hei' },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await discussion.threadCount()).toBe(before);
  });

  it.each([
    ['blank title', '  ', 'input.title', 'matches'],
    ['title over 200 characters', 'x'.repeat(201), 'input.title', 'maxLength'],
  ])('refuses a %s', async (_what, title, field, rule) => {
    const before = await discussion.threadCount();
    const err = await member.client.fails(op.CREATE_THREAD, { input: { groupId: discussion.group.id, title } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await discussion.threadCount()).toBe(before);
  });

  it('lists threads on the group (needs included, most recently active first) and on the need', async () => {
    const g = await discussion.formGroup(coord);
    await s.factories.membership(await discussion.groupEntity(g.id), member.organisation);
    const need = await discussion.createNeed(member, g.id);
    const topic = (await member.client.ok(op.CREATE_THREAD, { input: { groupId: g.id, title: 'Emne' } })).createThread;
    const onNeed = (
      await member.client.ok(op.CREATE_THREAD, { input: { groupId: g.id, title: 'Behov', needId: need.id } })
    ).createThread;
    // Activity moves the topic thread to the top.
    await discussion.post(member, topic.id);

    const { buyerGroup } = await member.client.ok(op.GROUP_DISCUSSIONS, { id: g.id });
    expect(buyerGroup.generalThread).toMatchObject({ id: g.generalThread.id, kind: 'GENERAL', parentType: 'GROUP' });
    expect(buyerGroup.threads.totalCount).toBe(3);
    const ids = buyerGroup.threads.nodes.map((t: { id: string }) => t.id);
    expect(ids).toEqual([topic.id, onNeed.id, g.generalThread.id]);
    expect(buyerGroup.threads.nodes[1]).toMatchObject({ parentType: 'NEED', need: { id: need.id } });

    const { sharedNeed } = await member.client.ok(op.NEED_THREADS, { id: need.id });
    expect(sharedNeed.threads.totalCount).toBe(1);
    expect(sharedNeed.threads.nodes).toEqual([{ id: onNeed.id, parentType: 'NEED', need: { id: need.id } }]);
  });

  it('refuses group discussion fields to a non-member of a LISTED group (FORBIDDEN), and hides an unlisted group', async () => {
    for (const q of [op.GROUP_GENERAL, op.GROUP_THREADS, op.GROUP_UNREAD]) {
      expect((await s.anon.fails(q, { id: discussion.group.id })).code).toBe('UNAUTHENTICATED');
      expect((await outsider.client.fails(q, { id: discussion.group.id })).code).toBe('FORBIDDEN');
      expect((await invited.client.fails(q, { id: discussion.group.id })).code).toBe('FORBIDDEN');
      expect((await outsider.client.fails(q, { id: discussion.unlisted.id })).code).toBe('NOT_FOUND');
    }
    // Observers are active members: they read.
    const { buyerGroup } = await observer.client.ok(op.GROUP_DISCUSSIONS, { id: discussion.group.id });
    expect(buyerGroup.generalThread.id).toBe(discussion.group.generalThread.id);
  });
});

describe('thread(id)', () => {
  it('refuses anonymous callers', async () => {
    expect((await s.anon.fails(op.THREAD_Q, { id: discussion.group.generalThread.id })).code).toBe('UNAUTHENTICATED');
  });

  it('is NOT_FOUND for outsiders, invited and former members, and for ids that do not exist', async () => {
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.THREAD_Q, { id: discussion.group.generalThread.id })).code).toBe('NOT_FOUND');
    }
    expect((await outsider.client.fails(op.THREAD_Q, { id: discussion.unlistedThreadId })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.THREAD_Q, { id: discussion.unlistedThreadId })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.THREAD_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await member.client.fails(op.THREAD_Q, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
  });

  it('is readable by the active members, observers included', async () => {
    for (const u of [coord, member, member2, other, observer]) {
      expect((await discussion.readThread(u, discussion.group.generalThread.id)).id).toBe(
        discussion.group.generalThread.id,
      );
    }
  });

  it('becomes NOT_FOUND once the organisation leaves the group', async () => {
    const g = await discussion.formGroup(coord);
    const leaver = await s.factories.user();
    await s.factories.membership(await discussion.groupEntity(g.id), leaver.organisation);
    await discussion.post(leaver, g.generalThread.id);
    await leaver.client.ok(op.LEAVE, { groupId: g.id });
    expect((await leaver.client.fails(op.THREAD_Q, { id: g.generalThread.id })).code).toBe('NOT_FOUND');
    expect((await leaver.client.fails(op.POST, { input: discussion.postInput(g.generalThread.id) })).code).toBe(
      'NOT_FOUND',
    );
    // ...and its users can no longer be mentioned there.
    const err = await coord.client.fails(op.POST, {
      input: discussion.postInput(g.generalThread.id, { mentionUserIds: [leaver.user.id] }),
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
    threadId = (await discussion.newThread()).id;
  });

  it('refuses anonymous callers, writing nothing', async () => {
    const before = await discussion.lastSeq(threadId);
    expect((await s.anon.fails(op.POST, { input: discussion.postInput(threadId) })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(op.POST, { input: discussion.postInput(threadId, { body: ' ' }) })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await discussion.lastSeq(threadId)).toBe(before);
    expect(await discussion.messageCount(threadId)).toBe(before);
  });

  it('is NOT_FOUND for outsiders, invited and former members, FORBIDDEN for observers, writing nothing', async () => {
    const before = await discussion.lastSeq(threadId);
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.POST, { input: discussion.postInput(threadId) })).code).toBe('NOT_FOUND');
    }
    expect(
      (await outsider.client.fails(op.POST, { input: discussion.postInput(discussion.unlistedThreadId) })).code,
    ).toBe('NOT_FOUND');
    expect((await member.client.fails(op.POST, { input: discussion.postInput(randomUUID()) })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(op.POST, { input: discussion.postInput(threadId) })).code).toBe('FORBIDDEN');
    expect(await discussion.lastSeq(threadId)).toBe(before);
    expect(await discussion.messageCount(threadId)).toBe(before);
  });

  it('numbers messages 1, 2, 3 per thread, recording author, organisation and time', async () => {
    const t = await discussion.newThread();
    const a = await discussion.post(member, t.id, 'Første');
    const b = await discussion.post(other, t.id, 'Andre');
    const c = await discussion.post(member2, t.id, 'Tredje');
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
    const read = (await member.client.ok(op.THREAD_Q, { id: t.id })).thread;
    expect(read.lastSeq).toBe(3);
    expect(read.lastMessageAt).not.toBeNull();
    // Another thread counts on its own.
    const t2 = await discussion.newThread();
    expect((await discussion.post(member, t2.id)).seq).toBe(1);
  });

  it('runs at most three SQL statements: the thread with its group, the membership, one write (8 before)', async () => {
    const t = await discussion.newThread();
    // The session is then cached: what is counted is postMessage's own work.
    await discussion.post(member, t.id);
    const res = await member.client.request(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq } }`,
      { input: discussion.postInput(t.id) },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.postMessage.seq).toBe(2);
    expect(res.extensions?.sqlStatements).toBeLessThanOrEqual(3);
    // The message, its number and its event were written together.
    const [row] = await s.db.query(
      `SELECT e.payload FROM event e WHERE e.type = 'message.posted' AND e.payload->>'messageId' = $1`,
      [res.data!.postMessage.id],
    );
    expect(row.payload).toMatchObject({ threadId: t.id, messageId: res.data!.postMessage.id, seq: 2 });
  });

  it("returns the message with its thread's new lastSeq", async () => {
    const t = await discussion.newThread();
    await discussion.post(member, t.id);
    const { postMessage } = await member.client.ok(op.POST_WITH_THREAD, { input: discussion.postInput(t.id) });
    expect(postMessage.seq).toBe(2);
    expect(postMessage.thread).toEqual({ id: t.id, lastSeq: 2 });
  });

  it('accepts a body of exactly 10,000 characters, kept as written', async () => {
    const body = `${'å'.repeat(9_999)}!`;
    const m = await discussion.post(member, threadId, body);
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
    const before = await discussion.lastSeq(threadId);
    const err = await member.client.fails(op.POST, { input: discussion.postInput(threadId, overrides) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await discussion.lastSeq(threadId)).toBe(before);
    expect(await discussion.messageCount(threadId)).toBe(before);
  });

  it('links a reply to a message of the same thread', async () => {
    const first = await discussion.post(member, threadId, 'Spørsmål?');
    const reply = await discussion.post(other, threadId, 'Svar.', { replyToId: first.id });
    expect(reply.replyTo).toEqual({ id: first.id, seq: first.seq });
  });

  it.each([
    ['a message of another thread', 'other'],
    ['a message that does not exist', 'missing'],
    ['an id that is not an id', 'garbage'],
  ])('refuses a reply to %s (input.replyToId), writing nothing', async (_what, kind) => {
    let replyToId: string;
    if (kind === 'other') {
      const elsewhere = await discussion.newThread();
      replyToId = (await discussion.post(member, elsewhere.id)).id;
    } else replyToId = kind === 'missing' ? randomUUID() : 'not-a-uuid';
    const before = await discussion.lastSeq(threadId);
    const err = await member.client.fails(op.POST, { input: discussion.postInput(threadId, { replyToId }) });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.replyToId',
      'sameThread',
    ]);
    expect(await discussion.lastSeq(threadId)).toBe(before);
    expect(await discussion.messageCount(threadId)).toBe(before);
  });

  it('mentions users of active member organisations (observers too), once each, resolved to users', async () => {
    const m = await discussion.post(member, threadId, 'Hei @andre @observatør', {
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
    const before = await discussion.lastSeq(threadId);
    const err = await member.client.fails(op.POST, {
      input: discussion.postInput(threadId, { mentionUserIds: [other.user.id, who()] }),
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[1]',
      'canRead',
    ]);
    expect(await discussion.lastSeq(threadId)).toBe(before);
    expect(await discussion.messageCount(threadId)).toBe(before);
  });

  it('names the position of a refused mention in the list as sent, even after a repeated id', async () => {
    const before = await discussion.lastSeq(threadId);
    const err = await member.client.fails(op.POST, {
      input: discussion.postInput(threadId, { mentionUserIds: [other.user.id, other.user.id, outsider.user.id] }),
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[2]',
      'canRead',
    ]);
    expect(await discussion.lastSeq(threadId)).toBe(before);
  });

  it('refuses posts, threads, typing and reactions in an archived group (INVALID_STATE), still readable', async () => {
    const g = await discussion.formGroup(coord);
    await s.factories.membership(await discussion.groupEntity(g.id), member.organisation);
    const t = g.generalThread.id;
    const m = await discussion.post(member, t, 'Før arkivering');
    await coord.client.ok(op.UPDATE_GROUP, { id: g.id, input: { status: 'ARCHIVED' } });

    const err = await member.client.fails(op.POST, { input: discussion.postInput(t) });
    expect(err.code).toBe('INVALID_STATE');
    expect(await discussion.lastSeq(t)).toBe(1);
    expect(await discussion.messageCount(t)).toBe(1);
    expect((await member.client.fails(op.CREATE_THREAD, { input: { groupId: g.id, title: 'Ny' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await member.client.fails(op.TYPING, { threadId: t, typing: true })).code).toBe('INVALID_STATE');
    expect((await member.client.fails(op.REACT, { input: { messageId: m.id, emoji: '👍', reacted: true } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await member.client.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Endret' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await discussion.readThread(member, t)).lastSeq).toBe(1);
  });

  it('refuses a post in a group archived directly in the database', async () => {
    const g = await discussion.formGroup(coord);
    const t = g.generalThread.id;
    await discussion.post(coord, t);
    await s.db.getRepository(BuyerGroup).update({ id: g.id }, { status: GroupStatus.ARCHIVED });
    expect((await coord.client.fails(op.POST, { input: discussion.postInput(t) })).code).toBe('INVALID_STATE');
    expect(await discussion.lastSeq(t)).toBe(1);
  });
});

describe('postMessage idempotency', () => {
  it('returns the same message for a retry with the same key, storing one row', async () => {
    const t = await discussion.newThread();
    const input = discussion.postInput(t.id, { body: 'Bare én gang' });
    const a = (await member.client.ok(op.POST, { input })).postMessage;
    const b = (await member.client.ok(op.POST, { input })).postMessage;
    expect(b.id).toBe(a.id);
    expect(b.seq).toBe(1);
    expect(await discussion.messageCount(t.id)).toBe(1);
    expect((await discussion.readThread(member, t.id)).lastSeq).toBe(1);
  });

  it('stores exactly one message for 10 concurrent posts with one key, without a gap after it', async () => {
    const t = await discussion.newThread();
    await discussion.post(member, t.id);
    const input = discussion.postInput(t.id, { body: 'Samtidig' });
    const results = await Promise.all(Array.from({ length: 10 }, () => member.client.request(op.POST, { input })));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data!.postMessage.id));
    expect(ids.size).toBe(1);
    expect(results.map((r) => r.data!.postMessage.seq)).toEqual(Array(10).fill(2));
    expect(await discussion.messageCount(t.id)).toBe(2);
    expect(await discussion.lastSeq(t.id)).toBe(2);
    const [{ n }] = await s.db.query(
      'SELECT count(*)::int AS n FROM message WHERE author_user_id = $1 AND idempotency_key = $2',
      [member.user.id, input.idempotencyKey],
    );
    expect(n).toBe(1);
    const next = await discussion.post(member, t.id);
    expect(next.seq).toBe(3);
    const { thread } = await member.client.ok(op.MESSAGES, { id: t.id, first: 100 });
    expect(thread.messages.nodes.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
  });

  it('numbers 10 concurrent posts with different keys 1..10, without gaps or repeats', async () => {
    const t = await discussion.newThread();
    const users = [member, member2, other, coord];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        users[i % users.length].client.ok(op.POST, { input: discussion.postInput(t.id) }),
      ),
    );
    expect(results.map((r) => r.postMessage.seq).sort((a: number, b: number) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    expect(await discussion.lastSeq(t.id)).toBe(10);
    expect(await discussion.messageCount(t.id)).toBe(10);
  });

  it('refuses a key already used in another thread (CONFLICT), writing nothing', async () => {
    const [t1, t2] = [await discussion.newThread(), await discussion.newThread()];
    const idempotencyKey = key();
    await member.client.ok(op.POST, { input: discussion.postInput(t1.id, { idempotencyKey }) });
    const err = await member.client.fails(op.POST, { input: discussion.postInput(t2.id, { idempotencyKey }) });
    expect(err.code).toBe('CONFLICT');
    expect(await discussion.lastSeq(t2.id)).toBe(0);
    expect(await discussion.messageCount(t2.id)).toBe(0);
  });

  it('keeps keys per author: another user with the same key posts a message of their own', async () => {
    const t = await discussion.newThread();
    const idempotencyKey = key();
    const a = (await member.client.ok(op.POST, { input: discussion.postInput(t.id, { idempotencyKey }) })).postMessage;
    const b = (await member2.client.ok(op.POST, { input: discussion.postInput(t.id, { idempotencyKey }) })).postMessage;
    expect(b.id).not.toBe(a.id);
    expect([a.seq, b.seq]).toEqual([1, 2]);
  });
});
