import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { s, useServer } from './support/server.js';
import { procurement, world } from './support/world.js';

/*
 * The server remembers where a thread lives (its group, the procurement whose channel it is) to read
 * the thread, the poster's membership and the procurement together. What it remembers never
 * changes; what it reads with it must still be read anew for every request. These post once (so the
 * thread's home is known), change the membership or the procurement, and post again.
 */

useServer();

const POST = `mutation($i: PostMessageInput!) { postMessage(input: $i) { id seq } }`;
const CHANNELS = `query($p: ID!) { jointProcurement(id: $p) { buyersThread { id } } }`;
const CREATE_THREAD = `mutation($g: ID!) { createThread(input: { groupId: $g, title: "Vinterdrift" }) { id } }`;
const MESSAGES = `query($t: ID!) { thread(id: $t) { messages(last: 10) { nodes { body } } } }`;
const LEAVE = `mutation($g: ID!) { leaveGroup(groupId: $g) { status } }`;
const CANCEL = `mutation($input: CancelProcurementInput!) { cancelJointProcurement(input: $input) { phase } }`;

const post = (threadId: string, body: string) => ({ i: { threadId, body, idempotencyKey: randomUUID() } });

describe('posting in a thread the server has seen before', () => {
  it('is refused to anonymous callers and to an organisation outside the group', async () => {
    const w = await world(s);
    const thread = (await w.a.client.ok(CREATE_THREAD, { g: w.groupId })).createThread.id as string;
    await w.a.client.ok(POST, post(thread, 'Første'));
    expect((await s.anon.fails(POST, post(thread, 'Anonym'))).code).toBe('UNAUTHENTICATED');
    const outsider = await s.factories.user();
    expect((await outsider.client.fails(POST, post(thread, 'Utenfra'))).code).toBe('NOT_FOUND');
  });

  it("is refused once the poster's organisation has left the group", async () => {
    const w = await world(s);
    const thread = (await w.a.client.ok(CREATE_THREAD, { g: w.groupId })).createThread.id as string;
    await w.a.client.ok(POST, post(thread, 'Før'));
    expect((await w.a.client.ok(LEAVE, { g: w.groupId })).leaveGroup.status).toBe('LEFT');
    expect((await w.a.client.fails(POST, post(thread, 'Etter'))).code).toBe('NOT_FOUND');
    const bodies = (await w.b.client.ok(MESSAGES, { t: thread })).thread.messages.nodes.map(
      (m: { body: string }) => m.body,
    );
    expect(bodies).toEqual(['Før']);
  });

  it("is refused in a procurement's channel once the procurement is cancelled; reading it still works", async () => {
    const w = await world(s);
    const p = await procurement(w);
    const thread = (await w.coord.client.ok(CHANNELS, { p: p.id })).jointProcurement.buyersThread.id as string;
    await w.a.client.ok(POST, post(thread, 'Før'));
    await w.coord.client.ok(CANCEL, {
      input: { procurementId: p.id, reason: 'Behovet er dekket av en statlig avtale.' },
    });
    const refused = await w.a.client.fails(POST, post(thread, 'Etter'));
    expect([refused.code, refused.extensions.missing]).toEqual(['INVALID_STATE', ['an open procurement']]);
    const bodies = (await w.a.client.ok(MESSAGES, { t: thread })).thread.messages.nodes.map(
      (m: { body: string }) => m.body,
    );
    expect(bodies).toEqual(['Før']);
  });
});
