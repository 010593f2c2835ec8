import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, EVENT_TYPES, isEventType } from '../server/events/catalogue.js';
import type { FieldKind } from '../server/events/define.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

/**
 * Typed events: every event type is declared once by its module (name, audience, payload); the
 * schema exposes the type as the EventType enum and the payload as one `<Name>Data` type each.
 */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const THREAD_EVENTS = `subscription($threadId: ID!, $after: ID) {
  threadEvents(threadId: $threadId, after: $after) {
    type kind
    data { type ... on MessagePostedData { threadId messageId seq replyToId mentionUserIds } }
  }
}`;

const matches = (kind: FieldKind, v: unknown): boolean => {
  if (kind.endsWith('?') && (v === undefined || v === null)) return true;
  const base = kind.replace('?', '');
  if (base === 'ids' || base === 'strings') return Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (base === 'ints') return Array.isArray(v) && v.every((x) => Number.isInteger(x));
  if (base === 'int') return Number.isInteger(v);
  if (base === 'boolean') return typeof v === 'boolean';
  if (base === 'datetime') return typeof v === 'string' && !Number.isNaN(Date.parse(v));
  return typeof v === 'string';
};

describe('typed events', () => {
  it('exposes one EventType value and one data type per declared event, and supplier types only for public ones', async () => {
    const { __schema } = await (
      await s.factories.user()
    ).client.ok(`{ __schema { types { name kind enumValues { name } interfaces { name } } } }`);
    const types = __schema.types as {
      name: string;
      enumValues: { name: string }[] | null;
      interfaces: { name: string }[] | null;
    }[];
    const enumValues = types.find((t) => t.name === 'EventType')!.enumValues!.map((v) => v.name);
    expect(enumValues.sort()).toEqual(EVENT_TYPES.map((t) => t.replace('.', '_').toUpperCase()).sort());
    const implementing = (iface: string) => types.filter((t) => t.interfaces?.some((i) => i.name === iface));
    expect(implementing('EventData')).toHaveLength(EVENT_TYPES.length);
    const publicTypes = EVENT_TYPES.filter((t) => EVENTS[t].audience === 'public');
    expect(implementing('SupplierEventData')).toHaveLength(publicTypes.length);
  });

  it('delivers the typed data of a live event beside its type', async () => {
    const u = await s.factories.user();
    const { createBuyerGroup } = await u.client.ok(
      `mutation { createBuyerGroup(input: { name: "Hjelpemidler", focusArea: HEALTH_AND_CARE }) { id generalThread { id } } }`,
    );
    const threadId = createBuyerGroup.generalThread.id;
    const c = wsClient(s.url.replace(/^http/, 'ws'), u.token);
    // Subscribing after the newest event id: what the test does next cannot be missed.
    const [{ id: after }] = (await s.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM event`)) as {
      id: string;
    }[];
    const sub = collect(c, THREAD_EVENTS, { threadId, after });
    await u.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
      input: { threadId, body: 'Hei', idempotencyKey: randomUUID() },
    });
    await sub.until((x) => x.items.length === 1);
    const [e] = sub.items;
    expect(e).toMatchObject({ type: 'message.posted', kind: 'MESSAGE_POSTED' });
    expect(e.data).toMatchObject({ type: 'MESSAGE_POSTED', threadId, seq: 1, replyToId: null, mentionUserIds: [] });
    await c.dispose();
  });

  it('every event written here has a declared type and a payload of the declared shape', async () => {
    const rows = (await s.db.query(`SELECT type, payload FROM event`)) as {
      type: string;
      payload: Record<string, unknown>;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(isEventType(r.type), r.type).toBe(true);
      const spec = EVENTS[r.type as keyof typeof EVENTS].payload as Record<string, FieldKind>;
      expect(
        Object.keys(r.payload).filter((k) => !(k in spec)),
        r.type,
      ).toEqual([]);
      for (const [field, kind] of Object.entries(spec)) {
        expect(matches(kind, r.payload[field]), `${r.type}.${field}: ${JSON.stringify(r.payload[field])}`).toBe(true);
      }
    }
  });
});
