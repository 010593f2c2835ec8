import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

const PRESENCE = `subscription($d: ID!) { documentPresence(documentId: $d) { documentId present { userId displayName editing } } }`;

let s: TestServer;
let coordinator: TestUser;
let member: TestUser;
let observer: TestUser;
let documentId: string;

beforeAll(async () => {
  s = await startTestServer();
  coordinator = await s.factories.user({ displayName: 'Anna Koordinator' });
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Dokumenter", focusArea: OTHER }) { id } }`,
  );
  member = await s.factories.user({ displayName: 'Bjørn Medlem' });
  observer = await s.factories.user({ displayName: 'Cecilie Observatør' });
  await s.factories.membership({ id: createBuyerGroup.id } as never, member.organisation, MembershipRole.MEMBER);
  await s.factories.membership({ id: createBuyerGroup.id } as never, observer.organisation, MembershipRole.OBSERVER);
  const { createDocument } = await coordinator.client.ok(
    `mutation($g: ID!) { createDocument(input: { groupId: $g, title: "Utkast", kind: OTHER, language: nb, text: "Hei" }) { id } }`,
    { g: createBuyerGroup.id },
  );
  documentId = createDocument.id;
});
afterAll(() => s?.close());

const names = (snapshot: any) => snapshot.present.map((p: any) => `${p.displayName}${p.editing ? ' (editing)' : ''}`);

describe('document presence', () => {
  it('refuses outsiders (NOT_FOUND) and lets observers see but not claim editing', async () => {
    const outsider = await s.factories.user();
    const c = wsClient(s.url.replace(/^http/, 'ws'), outsider.token);
    const sub = collect(c, PRESENCE, { d: documentId });
    await sub.until((x) => x.completed);
    expect(sub.errors[0].extensions.code).toBe('NOT_FOUND');
    await c.dispose();
    const err = await observer.client.fails(`mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`, {
      d: documentId,
    });
    expect(err.code).toBe('FORBIDDEN');
    expect(
      (await s.anon.fails(`mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`, { d: documentId }))
        .code,
    ).toBe('UNAUTHENTICATED');
  });

  it('shows who has the document open and who is editing, across instances, and forgets who left', async () => {
    const b = await s.startInstance();
    const onA = wsClient(s.url.replace(/^http/, 'ws'), coordinator.token);
    const onB = wsClient(b.wsUrl, member.token);
    const seenByCoordinator = collect(onA, PRESENCE, { d: documentId });
    await seenByCoordinator.until((x) => x.items.some((p) => names(p).includes('Anna Koordinator')));
    const seenByMember = collect(onB, PRESENCE, { d: documentId });
    await seenByCoordinator.until((x) => names(x.items.at(-1)).includes('Bjørn Medlem'));
    // The newcomer sees who was there before, without waiting for a heartbeat.
    await seenByMember.until((x) => x.items.some((p) => names(p).includes('Anna Koordinator')));
    await member.client.ok(`mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`, {
      d: documentId,
    });
    await seenByCoordinator.until((x) => names(x.items.at(-1)).includes('Bjørn Medlem (editing)'));
    expect(names(seenByCoordinator.items.at(-1))).toEqual(['Anna Koordinator', 'Bjørn Medlem (editing)']);

    await onB.dispose();
    await seenByCoordinator.until((x) => !names(x.items.at(-1)).some((n: string) => n.startsWith('Bjørn')));
    expect(names(seenByCoordinator.items.at(-1))).toEqual(['Anna Koordinator']);
    // Never stored: no event rows for presence.
    const [{ n }] = await s.db.query(`SELECT count(*)::int AS n FROM event WHERE type LIKE 'presence%'`);
    expect(n).toBe(0);
    await onA.dispose();
  });
});
