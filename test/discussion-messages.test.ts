import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { coord, former, invited, member, member2, observer, other, outsider } from './support/cast.js';
import * as discussion from './support/discussions.js';
import { type Msg } from './support/discussions.js';
import type { TestUser } from './support/factories.js';
import * as op from './support/operations.js';
import { s } from './support/server.js';

discussion.useDiscussionGroups();

describe('editMessage', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await discussion.newThread()).id;
  });

  it('refuses anonymous callers', async () => {
    const m = await discussion.post(member, threadId, 'Original');
    expect((await s.anon.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await discussion.messageById(member, threadId, m.id)).body).toBe('Original');
  });

  it('refuses everyone but the author: outsiders NOT_FOUND, the rest FORBIDDEN', async () => {
    const m = await discussion.post(member, threadId, 'Original');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe(
        'NOT_FOUND',
      );
    }
    for (const u of [other, member2, coord, observer]) {
      expect((await u.client.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Nytt' } })).code).toBe(
        'FORBIDDEN',
      );
    }
    expect(
      (await member.client.fails(op.EDIT_MESSAGE, { input: { messageId: randomUUID(), body: 'Nytt' } })).code,
    ).toBe('NOT_FOUND');
    const after = await discussion.messageById(member, threadId, m.id);
    expect(after).toMatchObject({ body: 'Original', editedAt: null, revisions: [] });
  });

  it('lets the author edit: earlier texts kept oldest first, editedAt set, place unchanged', async () => {
    const m = await discussion.post(member, threadId, 'Versjon 1');
    const seqBefore = await discussion.lastSeq(threadId);
    const e1 = (await member.client.ok(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Versjon 2' } }))
      .editMessage as Msg;
    expect(e1.body).toBe('Versjon 2');
    expect(e1.editedAt).not.toBeNull();
    const e2 = (
      await member.client.ok(op.EDIT_MESSAGE, {
        input: { messageId: m.id, body: 'Versjon 3', mentionUserIds: [other.user.id] },
      })
    ).editMessage as Msg;
    expect(e2).toMatchObject({ id: m.id, seq: m.seq, body: 'Versjon 3', mentions: [{ id: other.user.id }] });
    expect(e2.revisions).toEqual([
      { body: 'Versjon 1', change: 'EDITED' },
      { body: 'Versjon 2', change: 'EDITED' },
    ]);
    expect(await discussion.lastSeq(threadId)).toBe(seqBefore);
    // Others read the same history.
    expect((await discussion.messageById(other, threadId, m.id)).revisions.map((r) => r.body)).toEqual([
      'Versjon 1',
      'Versjon 2',
    ]);
  });

  it.each([
    ['blank body', '  ', 'input.body', 'matches'],
    ['body over 10,000 characters', 'x'.repeat(10_001), 'input.body', 'maxLength'],
  ])('refuses a %s, naming the field and rule', async (_what, body, field, rule) => {
    const m = await discussion.post(member, threadId, 'Uendret');
    const err = await member.client.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
    expect(await discussion.messageById(member, threadId, m.id)).toMatchObject({ body: 'Uendret', revisions: [] });
  });

  it('refuses a mention of a user who cannot read the thread', async () => {
    const m = await discussion.post(member, threadId, 'Uendret');
    const err = await member.client.fails(op.EDIT_MESSAGE, {
      input: { messageId: m.id, body: 'Med omtale', mentionUserIds: [outsider.user.id] },
    });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.mentionUserIds[0]',
      'canRead',
    ]);
    expect(await discussion.messageById(member, threadId, m.id)).toMatchObject({
      body: 'Uendret',
      mentions: [],
      revisions: [],
    });
  });

  it('refuses to edit a deleted message (INVALID_STATE)', async () => {
    const m = await discussion.post(member, threadId, 'Snart borte');
    await member.client.ok(op.DELETE_MESSAGE, { id: m.id });
    const err = await member.client.fails(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Tilbake?' } });
    expect(err.code).toBe('INVALID_STATE');
    expect((await discussion.messageById(member, threadId, m.id)).body).toBeNull();
  });
});

describe('deleteMessage', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await discussion.newThread()).id;
  });

  it('refuses anonymous callers', async () => {
    const m = await discussion.post(member, threadId);
    expect((await s.anon.fails(op.DELETE_MESSAGE, { id: m.id })).code).toBe('UNAUTHENTICATED');
    expect((await discussion.messageById(member, threadId, m.id)).deletedAt).toBeNull();
  });

  it('refuses outsiders (NOT_FOUND), other members and observers (FORBIDDEN)', async () => {
    const m = await discussion.post(member, threadId);
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.DELETE_MESSAGE, { id: m.id })).code).toBe('NOT_FOUND');
    }
    for (const u of [other, member2, observer]) {
      expect((await u.client.fails(op.DELETE_MESSAGE, { id: m.id })).code).toBe('FORBIDDEN');
    }
    expect((await member.client.fails(op.DELETE_MESSAGE, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await discussion.messageById(member, threadId, m.id)).deletedAt).toBeNull();
  });

  it('lets the author delete, leaving a tombstone in place without text, history or mentions', async () => {
    const m = await discussion.post(member, threadId, 'Hemmelig', { mentionUserIds: [other.user.id] });
    await member.client.ok(op.EDIT_MESSAGE, { input: { messageId: m.id, body: 'Hemmelig, endret' } });
    const after = await discussion.post(other, threadId);
    const seqBefore = await discussion.lastSeq(threadId);
    const d = (await member.client.ok(op.DELETE_MESSAGE, { id: m.id })).deleteMessage as Msg;
    expect(d).toMatchObject({ id: m.id, seq: m.seq, body: null, mentions: [], revisions: [] });
    expect(d.deletedAt).not.toBeNull();
    expect(await discussion.lastSeq(threadId)).toBe(seqBefore);
    // It keeps its place among the others, for everyone.
    const { thread } = await other.client.ok(op.MESSAGES, { id: threadId, first: 100 });
    const nodes = thread.messages.nodes as { seq: number; body: string | null }[];
    expect(nodes.find((n) => n.seq === m.seq)).toEqual({ seq: m.seq, body: null });
    expect(nodes.find((n) => n.seq === after.seq)?.body).toBe(after.body);
    expect(await discussion.messageById(other, threadId, m.id)).toMatchObject({
      body: null,
      mentions: [],
      revisions: [],
    });
    expect((await member.client.fails(op.DELETE_MESSAGE, { id: m.id })).code).toBe('INVALID_STATE');
  });

  it("lets a coordinator delete another organisation's message", async () => {
    const m = await discussion.post(other, threadId, 'Upassende');
    const d = (await coord.client.ok(op.DELETE_MESSAGE, { id: m.id })).deleteMessage as Msg;
    expect(d).toMatchObject({ id: m.id, body: null });
    expect(d.deletedAt).not.toBeNull();
  });
});

describe('setReaction', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await discussion.newThread()).id;
  });
  const react = (u: TestUser, messageId: string, emoji: string, reacted = true) =>
    u.client.ok(op.REACT, { input: { messageId, emoji, reacted } }).then((d) => d.setReaction.reactions);

  it('refuses anonymous callers, outsiders (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const m = await discussion.post(member, threadId);
    const input = { messageId: m.id, emoji: '👍', reacted: true };
    expect((await s.anon.fails(op.REACT, { input })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former])
      expect((await u.client.fails(op.REACT, { input })).code).toBe('NOT_FOUND');
    expect((await observer.client.fails(op.REACT, { input })).code).toBe('FORBIDDEN');
    expect((await discussion.messageById(member, threadId, m.id)).reactions).toEqual([]);
  });

  it('adds and removes reactions: counts per emoji, viewerReacted, adding twice counts once', async () => {
    const m = await discussion.post(member, threadId);
    await react(member, m.id, '👍');
    await react(other, m.id, '👍');
    expect(await react(member, m.id, '👍')).toEqual([{ emoji: '👍', count: 2, viewerReacted: true }]);
    await react(member, m.id, '❤️');
    expect(await react(member2, m.id, '🇳🇴')).toEqual([
      { emoji: '👍', count: 2, viewerReacted: false },
      { emoji: '❤️', count: 1, viewerReacted: false },
      { emoji: '🇳🇴', count: 1, viewerReacted: true },
    ]);
    expect((await discussion.messageById(other, threadId, m.id)).reactions).toEqual([
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
    const m = await discussion.post(member, threadId);
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
    const m = await discussion.post(member, threadId);
    const err = await member.client.fails(op.REACT, { input: { messageId: m.id, emoji, reacted: true } });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.emoji']);
    expect((await discussion.messageById(member, threadId, m.id)).reactions).toEqual([]);
  });

  it('refuses "abc" naming the matches rule', async () => {
    const m = await discussion.post(member, threadId);
    const err = await member.client.fails(op.REACT, { input: { messageId: m.id, emoji: 'abc', reacted: true } });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', 'input.emoji', 'matches']);
  });

  it('refuses reactions on a deleted message (INVALID_STATE)', async () => {
    const m = await discussion.post(member, threadId);
    await member.client.ok(op.DELETE_MESSAGE, { id: m.id });
    const err = await other.client.fails(op.REACT, { input: { messageId: m.id, emoji: '👍', reacted: true } });
    expect(err.code).toBe('INVALID_STATE');
  });
});

describe('messages pagination', () => {
  let threadId: string;
  beforeAll(async () => {
    threadId = (await discussion.newThread()).id;
    for (let i = 1; i <= 25; i++) await discussion.post(i % 2 ? member : other, threadId, `Melding ${i}`);
  });
  const page = async (args: Record<string, number>) => {
    const { thread } = await member.client.ok(op.MESSAGES, { id: threadId, ...args });
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
    expect((await s.anon.fails(op.MESSAGES, { id: threadId, first: 10 })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(op.MESSAGES, { id: threadId, first: 10 })).code).toBe('NOT_FOUND');
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
    const res = await member.client.request(op.MESSAGES, { id: threadId, ...args });
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
    const err = await member.client.fails(op.MESSAGES, { id: threadId, ...args });
    expect([err.code, err.extensions.field, err.extensions.rule]).toEqual(['BAD_USER_INPUT', field, rule]);
  });
});

describe('read markers and unread counts', () => {
  it('refuses anonymous callers and outsiders', async () => {
    const t = await discussion.newThread();
    expect((await s.anon.fails(op.MARK_READ, { threadId: t.id })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.MARK_READ, { threadId: t.id })).code).toBe('NOT_FOUND');
    }
  });

  it("counts others' messages after the marker, never one's own; markers move forward only", async () => {
    const t = await discussion.newThread();
    await discussion.post(member, t.id); // 1
    await discussion.post(member, t.id); // 2
    await discussion.post(other, t.id); // 3
    await discussion.post(member, t.id); // 4
    await discussion.post(other, t.id); // 5

    expect(await discussion.readThread(member, t.id)).toMatchObject({
      lastSeq: 5,
      unreadCount: 2,
      viewerLastReadSeq: 0,
    });
    expect((await discussion.readThread(other, t.id)).unreadCount).toBe(3);
    expect((await discussion.readThread(coord, t.id)).unreadCount).toBe(5);
    // A second user of the member organisation has a marker of their own, and member's messages are by another user.
    expect((await discussion.readThread(member2, t.id)).unreadCount).toBe(5);

    // To the latest message by default.
    const { markThreadRead } = await coord.client.ok(op.MARK_READ, { threadId: t.id });
    expect(markThreadRead).toMatchObject({ lastSeq: 5, viewerLastReadSeq: 5, unreadCount: 0 });
    // Never back.
    const back = (await coord.client.ok(op.MARK_READ, { threadId: t.id, seq: 2 })).markThreadRead;
    expect(back).toMatchObject({ viewerLastReadSeq: 5, unreadCount: 0 });
    expect(await discussion.readThread(coord, t.id)).toMatchObject({ viewerLastReadSeq: 5, unreadCount: 0 });

    // To a given point: other reads up to 2, leaving member's 4.
    const mid = (await other.client.ok(op.MARK_READ, { threadId: t.id, seq: 2 })).markThreadRead;
    expect(mid).toMatchObject({ viewerLastReadSeq: 2, unreadCount: 1 });
    expect((await other.client.ok(op.MARK_READ, { threadId: t.id, seq: 0 })).markThreadRead.viewerLastReadSeq).toBe(2);

    // New messages count again; one's own do not.
    await discussion.post(member, t.id); // 6
    await discussion.post(coord, t.id); // 7
    expect((await discussion.readThread(coord, t.id)).unreadCount).toBe(1);
    expect((await discussion.readThread(other, t.id)).unreadCount).toBe(3);
  });

  it('lets observers keep a read marker', async () => {
    const t = await discussion.newThread();
    await discussion.post(member, t.id);
    expect((await discussion.readThread(observer, t.id)).unreadCount).toBe(1);
    const { markThreadRead } = await observer.client.ok(op.MARK_READ, { threadId: t.id });
    expect(markThreadRead).toMatchObject({ viewerLastReadSeq: 1, unreadCount: 0 });
  });

  it.each([
    ['above lastSeq', 3],
    ['negative', -1],
  ])('refuses a seq %s (BAD_USER_INPUT, field seq), leaving the marker', async (_what, seq) => {
    const t = await discussion.newThread();
    await discussion.post(member, t.id);
    await discussion.post(member, t.id);
    await other.client.ok(op.MARK_READ, { threadId: t.id, seq: 1 });
    const err = await other.client.fails(op.MARK_READ, { threadId: t.id, seq });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'seq']);
    expect((await discussion.readThread(other, t.id)).viewerLastReadSeq).toBe(1);
  });

  it("sums a group's unread messages over its threads, needs' included; deleting one reduces it", async () => {
    const g = await discussion.formGroup(coord);
    await s.factories.membership(await discussion.groupEntity(g.id), member.organisation);
    const need = await discussion.createNeed(member, g.id);
    const topic = (await coord.client.ok(op.CREATE_THREAD, { input: { groupId: g.id, title: 'Emne' } })).createThread;
    const onNeed = (
      await coord.client.ok(op.CREATE_THREAD, { input: { groupId: g.id, title: 'Behov', needId: need.id } })
    ).createThread;
    await discussion.post(coord, g.generalThread.id);
    await discussion.post(coord, topic.id);
    await discussion.post(coord, topic.id);
    const doomed = await discussion.post(coord, onNeed.id);
    await discussion.post(coord, onNeed.id);
    await discussion.post(coord, onNeed.id);
    await discussion.post(member, onNeed.id); // own: never unread for member

    const unread = async (u: TestUser) => (await u.client.ok(op.GROUP_UNREAD, { id: g.id })).buyerGroup.unreadCount;
    expect(await unread(member)).toBe(6);
    expect(await unread(coord)).toBe(1);

    await member.client.ok(op.MARK_READ, { threadId: topic.id });
    expect(await unread(member)).toBe(4);
    expect((await discussion.readThread(member, onNeed.id)).unreadCount).toBe(3);

    await coord.client.ok(op.DELETE_MESSAGE, { id: doomed.id });
    expect((await discussion.readThread(member, onNeed.id)).unreadCount).toBe(2);
    expect(await unread(member)).toBe(3);
    // A deleted message does not come back as unread after a later marker move either.
    await member.client.ok(op.MARK_READ, { threadId: onNeed.id, seq: 1 });
    expect((await discussion.readThread(member, onNeed.id)).unreadCount).toBe(2);
  });
});

describe('setTyping', () => {
  it('refuses anonymous callers, outsiders (NOT_FOUND) and observers (FORBIDDEN)', async () => {
    const t = discussion.group.generalThread.id;
    expect((await s.anon.fails(op.TYPING, { threadId: t, typing: true })).code).toBe('UNAUTHENTICATED');
    for (const u of [outsider, invited, former]) {
      expect((await u.client.fails(op.TYPING, { threadId: t, typing: true })).code).toBe('NOT_FOUND');
    }
    expect((await outsider.client.fails(op.TYPING, { threadId: discussion.unlistedThreadId, typing: true })).code).toBe(
      'NOT_FOUND',
    );
    expect((await observer.client.fails(op.TYPING, { threadId: t, typing: true })).code).toBe('FORBIDDEN');
  });

  it('returns true for members and coordinators, storing nothing', async () => {
    const t = await discussion.newThread();
    expect((await member.client.ok(op.TYPING, { threadId: t.id, typing: true })).setTyping).toBe(true);
    expect((await member.client.ok(op.TYPING, { threadId: t.id, typing: false })).setTyping).toBe(true);
    expect((await coord.client.ok(op.TYPING, { threadId: t.id, typing: true })).setTyping).toBe(true);
    expect(await discussion.lastSeq(t.id)).toBe(0);
    expect(await discussion.messageCount(t.id)).toBe(0);
  });
});
