import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { head, wsUrl } from './support/helpers.js';

const LIST = `query($unreadOnly: Boolean) {
  unreadNotificationCount
  notifications(first: 50, unreadOnly: $unreadOnly) {
    totalCount nodes { id kind readAt actor { id } group { id } thread { id } message { id body } }
  }
}`;

let s: TestServer;

/** Waits until the bus and the projector have processed everything committed so far. */
async function settled() {
  await s.app.services.bus.settle();
  await s.app.projector.settle();
}

async function room() {
  const coordinator = await s.factories.user();
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Helse", focusArea: HEALTH_AND_CARE, visibility: LISTED }) { id generalThread { id } } }`,
  );
  const member = await s.factories.user();
  await s.factories.membership({ id: createBuyerGroup.id } as never, member.organisation, MembershipRole.MEMBER);
  return {
    groupId: createBuyerGroup.id as string,
    threadId: createBuyerGroup.generalThread.id as string,
    coordinator,
    member,
  };
}

const post = (u: TestUser, threadId: string, body: string, extra: Record<string, unknown> = {}) =>
  u.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { threadId, body, idempotencyKey: randomUUID(), ...extra },
  });

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

describe('notifications', () => {
  it('refuse anonymous callers', async () => {
    expect((await s.anon.fails(LIST)).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(`mutation { markAllNotificationsRead }`)).code).toBe('UNAUTHENTICATED');
  });

  it('tell a mentioned user, and the author of the message replied to, once each', async () => {
    const r = await room();
    const { postMessage: question } = await post(r.member, r.threadId, 'Hvem har erfaring med GPS-klokker?');
    await post(r.coordinator, r.threadId, '@medlem vi har det', {
      replyToId: question.id,
      mentionUserIds: [r.member.user.id],
    });
    const third = await s.factories.user({ organisation: r.member.organisation });
    await post(r.coordinator, r.threadId, 'og du', { mentionUserIds: [third.user.id, r.coordinator.user.id] });
    await settled();
    const { notifications, unreadNotificationCount } = await r.member.client.ok(LIST);
    // Mentioned and replied to in one message: one notification (the mention), not two.
    expect(notifications.nodes.map((n: any) => n.kind)).toEqual(['MENTION']);
    expect(unreadNotificationCount).toBe(1);
    expect(notifications.nodes[0]).toMatchObject({
      actor: { id: r.coordinator.user.id },
      group: { id: r.groupId },
      thread: { id: r.threadId },
      message: { body: '@medlem vi har det' },
    });
    expect((await third.client.ok(LIST)).notifications.nodes.map((n: any) => n.kind)).toEqual(['MENTION']);
    // Mentioning yourself notifies nobody.
    expect((await r.coordinator.client.ok(LIST)).notifications.totalCount).toBe(0);

    const { postMessage: answer } = await post(r.coordinator, r.threadId, 'Spørsmål til alle');
    await post(r.member, r.threadId, 'Svar', { replyToId: answer.id });
    await settled();
    expect((await r.coordinator.client.ok(LIST)).notifications.nodes.map((n: any) => n.kind)).toEqual(['REPLY']);
  });

  it('tell the users of an invited organisation, and the coordinators of a group asked to join', async () => {
    const r = await room();
    const invited = await s.factories.user();
    await r.coordinator.client.ok(
      `mutation($g: ID!, $o: ID!) { inviteOrganisation(input: { groupId: $g, organisationId: $o }) { id } }`,
      { g: r.groupId, o: invited.organisation.id },
    );
    const asking = await s.factories.user();
    await asking.client.ok(`mutation($g: ID!) { requestToJoin(input: { groupId: $g }) { id } }`, { g: r.groupId });
    await settled();
    const inv = (await invited.client.ok(LIST)).notifications.nodes;
    expect(inv.map((n: any) => [n.kind, n.group?.id])).toEqual([['INVITATION', r.groupId]]);
    const req = (await r.coordinator.client.ok(LIST)).notifications.nodes;
    expect(req.map((n: any) => n.kind)).toEqual(['JOIN_REQUEST']);
    expect((await r.member.client.ok(LIST)).notifications.totalCount).toBe(0);
  });

  it('respect the kinds a user switched off', async () => {
    const r = await room();
    const { setNotificationPreference } = await r.member.client.ok(
      `mutation { setNotificationPreference(kind: MENTION, delivery: OFF) { kind enabled delivery } }`,
    );
    expect(setNotificationPreference).toContainEqual({ kind: 'MENTION', enabled: false, delivery: 'OFF' });
    expect(setNotificationPreference).toContainEqual({ kind: 'REPLY', enabled: true, delivery: 'DIGEST' });
    await post(r.coordinator, r.threadId, 'psst', { mentionUserIds: [r.member.user.id] });
    await settled();
    expect((await r.member.client.ok(LIST)).notifications.totalCount).toBe(0);
    const err = await r.member.client.fails(
      `mutation { setNotificationPreference(kind: LOUD, delivery: IN_APP) { kind } }`,
    );
    expect(err.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('mark one or all read, only the viewer’s own', async () => {
    const r = await room();
    for (let i = 0; i < 3; i++)
      await post(r.coordinator, r.threadId, `hei ${i}`, { mentionUserIds: [r.member.user.id] });
    await settled();
    const { notifications } = await r.member.client.ok(LIST);
    expect(notifications.totalCount).toBe(3);
    const mark = `mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }`;
    expect((await r.coordinator.client.fails(mark, { id: notifications.nodes[0].id })).code).toBe('NOT_FOUND');
    const { markNotificationRead } = await r.member.client.ok(mark, { id: notifications.nodes[0].id });
    expect(markNotificationRead.readAt).not.toBeNull();
    expect((await r.member.client.ok(LIST, { unreadOnly: true })).notifications.totalCount).toBe(2);
    expect((await r.member.client.ok(`mutation { markAllNotificationsRead }`)).markAllNotificationsRead).toBe(2);
    expect((await r.member.client.ok(LIST)).unreadNotificationCount).toBe(0);
  });

  it('arrive live, and exactly once with several instances running the projector', async () => {
    const r = await room();
    const other = await s.startInstance();
    const c = wsClient(wsUrl(s), r.member.token);
    const live = collect(c, `subscription($after: ID) { notificationAdded(after: $after) { kind message { body } } }`, {
      after: await head(s),
    });
    for (let i = 0; i < 5; i++)
      await post(r.coordinator, r.threadId, `live ${i}`, { mentionUserIds: [r.member.user.id] });
    await live.until((x) => x.items.length === 5);
    expect(live.items.map((n) => n.message.body)).toEqual([0, 1, 2, 3, 4].map((i) => `live ${i}`));
    await other.app.services.bus.settle();
    await other.app.projector.settle();
    await settled();
    expect((await r.member.client.ok(LIST)).notifications.totalCount).toBe(5);
    await c.dispose();
  });
});
