import { describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { wsUrl } from './support/helpers.js';
import { s, useServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

const PRESENCE = `subscription($d: ID!) { documentPresence(documentId: $d) { documentId present { userId displayName editing } } }`;

const f = useServer({}, async (s) => {
  const coordinator = await s.factories.user({ displayName: 'Anna Koordinator' });
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation { createBuyerGroup(input: { name: "Dokumenter", focusArea: OTHER }) { id } }`,
  );
  const member = await s.factories.user({ displayName: 'Bjørn Medlem' });
  const observer = await s.factories.user({ displayName: 'Cecilie Observatør' });
  await s.factories.membership({ id: createBuyerGroup.id } as never, member.organisation, MembershipRole.MEMBER);
  await s.factories.membership({ id: createBuyerGroup.id } as never, observer.organisation, MembershipRole.OBSERVER);
  const { createDocument } = await coordinator.client.ok(
    `mutation($g: ID!) { createDocument(input: { groupId: $g, title: "Utkast", kind: OTHER, language: nb, text: "Hei" }) { id } }`,
    { g: createBuyerGroup.id },
  );
  return { coordinator, member, observer, documentId: createDocument.id as string };
});

const names = (snapshot: any) => snapshot.present.map((p: any) => `${p.displayName}${p.editing ? ' (editing)' : ''}`);

describe('document presence', () => {
  it('refuses outsiders (NOT_FOUND) and lets observers see but not claim editing', async () => {
    const outsider = await s.factories.user();
    const c = wsClient(wsUrl(s), outsider.token);
    const sub = collect(c, PRESENCE, { d: f.documentId });
    await sub.until((x) => x.completed);
    expect(sub.errors[0].extensions.code).toBe('NOT_FOUND');
    await c.dispose();
    const err = await f.observer.client.fails(
      `mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`,
      {
        d: f.documentId,
      },
    );
    expect(err.code).toBe('FORBIDDEN');
    expect(
      (
        await s.anon.fails(`mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`, {
          d: f.documentId,
        })
      ).code,
    ).toBe('UNAUTHENTICATED');
  });

  it('shows who has the document open and who is editing, across instances, and forgets who left', async () => {
    const b = await s.startInstance();
    const onA = wsClient(wsUrl(s), f.coordinator.token);
    const onB = wsClient(b.wsUrl, f.member.token);
    const seenByCoordinator = collect(onA, PRESENCE, { d: f.documentId });
    await seenByCoordinator.until((x) => x.items.some((p) => names(p).includes('Anna Koordinator')));
    const seenByMember = collect(onB, PRESENCE, { d: f.documentId });
    await seenByCoordinator.until((x) => names(x.items.at(-1)).includes('Bjørn Medlem'));
    // The newcomer sees who was there before, without waiting for a heartbeat.
    await seenByMember.until((x) => x.items.some((p) => names(p).includes('Anna Koordinator')));
    await f.member.client.ok(`mutation($d: ID!) { setDocumentEditing(documentId: $d, editing: true) }`, {
      d: f.documentId,
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
