import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, type ResultOf } from './support/graphql.js';
import { inDays, origin } from './support/helpers.js';
import * as op from './support/operations.js';
import { addDocument, signMandate } from './support/procurement.js';
import { startTestServer, type TestServer } from './support/server.js';
import { procurement, world, type World } from './support/world.js';

const ENTRY = gql(`fragment Entry on HistoryEntry {
  id at type summary payload subjectOrganisationName actorName actorOrganisationName actorUserId
  kind data { type ... on MandateSignedData { organisationId lotIds } ... on ProcurementUpdatedData { fields } }
}`);
const HISTORY = gql(
  `query($id: ID!, $first: Int!, $after: String) {
    jointProcurement(id: $id) {
      id historyCsvUrl
      history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { ...Entry } }
    }
  }`,
  [ENTRY],
);
const UPDATE = gql(`mutation($id: ID!, $input: UpdateJointProcurementInput!) {
  updateJointProcurement(id: $id, input: $input) { id }
}`);

type Entry = ResultOf<typeof ENTRY>;

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/** Names and a title with commas and quotes, for the CSV. */
const COORD_NAME = 'Kari "KN" Nordmann, rådgiver';
const COORD_ORG = 'Nord, "Øst" og Vest kommune';
const TITLE = 'Skyss, "felles" for alle';

/** A procurement with a few things done to it by several authorities. */
async function story(): Promise<{ b: World; id: string }> {
  const b = await world(s, { coordName: COORD_NAME, coordOrg: { name: COORD_ORG } });
  const { id } = await procurement(b, { title: TITLE });
  await signMandate(b.a, id);
  await b.b.client.ok(op.WITHDRAW, { input: { procurementId: id, reason: 'Ikke i år, beklager.' } });
  await b.coord.client.ok(UPDATE, { id, input: { title: `${TITLE} 2.0`, description: 'Ny, bedre tekst.' } });
  await b.coord.client.ok(op.SET_MILESTONE, {
    input: { procurementId: id, kind: 'TENDER_DEADLINE', dueAt: inDays(40) },
  });
  await addDocument(b, id, 'NEED_DESCRIPTION', { by: b.a, title: 'Behov, "utkast"' });
  return { b, id };
}

/** The procurement's events from the log itself, in order. */
const logged = async (id: string) =>
  (await s.db.query(
    `SELECT id::text AS id, type FROM event WHERE scope_type = 'procurement' AND scope_id = $1 ORDER BY id`,
    [id],
  )) as { id: string; type: string }[];

async function allEntries(b: World, id: string): Promise<Entry[]> {
  const { jointProcurement } = await b.coord.client.ok(HISTORY, { id, first: 100 });
  expect(jointProcurement!.history.pageInfo.hasNextPage).toBe(false);
  return jointProcurement!.history.nodes;
}

const csvOf = (id: string, token?: string) =>
  fetch(`${origin(s)}/procurements/${id}/history.csv`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('jointProcurement.history', () => {
  it('is for coordinators: UNAUTHENTICATED anonymous, NOT_FOUND outsiders and suppliers, FORBIDDEN members', async () => {
    const { b, id } = await story();
    const [outsider, sup] = await Promise.all([s.factories.user(), s.factories.supplier()]);
    expect((await s.anon.fails(HISTORY, { id, first: 10 })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(HISTORY, { id, first: 10 })).code).toBe('NOT_FOUND');
    expect((await sup.client.fails(HISTORY, { id, first: 10 })).code).toBe('NOT_FOUND');
    const member = await b.a.client.fails(HISTORY, { id, first: 10 });
    expect(member.code).toBe('FORBIDDEN');
    expect(member.data?.jointProcurement ?? null).toBeNull();
  });

  it('lists every event of the procurement in event order: who, what and when', async () => {
    const { b, id } = await story();
    const entries = await allEntries(b, id);
    const log = await logged(id);
    expect(entries.map((e) => [e.id, e.type])).toEqual(log.map((e) => [e.id, e.type]));
    expect(entries.map((e) => e.type)).toEqual([
      'procurement.created',
      'mandate.signed',
      'mandate.withdrawn',
      'procurement.updated',
      'milestone.set',
      'document.created',
      'document.version_added',
    ]);
    const [created, signed, withdrawn, updated, milestone, document] = entries;
    expect(created).toMatchObject({
      summary: `Created the procurement "${TITLE}"`,
      actorName: COORD_NAME,
      actorOrganisationName: COORD_ORG,
      actorUserId: b.coord.user.id,
    });
    expect(signed).toMatchObject({
      summary: `${b.a.organisation.name} signed its mandate`,
      actorUserId: b.a.user.id,
      actorOrganisationName: b.a.organisation.name,
    });
    expect(withdrawn).toMatchObject({
      summary: `${b.b.organisation.name} withdrew its mandate`,
      actorUserId: b.b.user.id,
    });
    expect(updated.summary).toBe('Changed title, description');
    expect(milestone.summary).toMatch(/^Set the TENDER_DEADLINE milestone to \d{4}-\d\d-\d\dT/);
    expect(document).toMatchObject({ summary: 'Added the document "Behov, "utkast""', actorUserId: b.a.user.id });
    for (const e of entries) expect(new Date(e.at).toISOString()).toBe(e.at);
  });

  it("gives each entry the event's data and the organisation it is about, for clients to word in their language", async () => {
    const { b, id } = await story();
    const [created, signed, withdrawn, updated, milestone] = await allEntries(b, id);
    expect(created).toMatchObject({ payload: { title: TITLE }, subjectOrganisationName: null });
    expect(signed).toMatchObject({
      payload: { organisationId: b.a.organisation.id },
      subjectOrganisationName: b.a.organisation.name,
    });
    expect(withdrawn.subjectOrganisationName).toBe(b.b.organisation.name);
    expect(updated.payload.fields).toEqual(['title', 'description']);
    // The same facts typed: the enum and the event's own data type.
    expect(signed).toMatchObject({
      kind: 'MANDATE_SIGNED',
      data: { type: 'MANDATE_SIGNED', organisationId: b.a.organisation.id },
    });
    expect(updated).toMatchObject({ kind: 'PROCUREMENT_UPDATED', data: { fields: ['title', 'description'] } });
    expect(milestone.payload).toMatchObject({ kind: 'TENDER_DEADLINE' });
    expect(new Date(String(milestone.payload.dueAt)).toISOString()).toBe(milestone.payload.dueAt);
  });

  it('pages with first/after without gaps or repeats', async () => {
    const { b, id } = await story();
    const all = await allEntries(b, id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: Record<string, any> = await b.coord.client.ok(HISTORY, { id, first: 3, after });
      const h = res.jointProcurement.history;
      expect(h.totalCount).toBe(all.length);
      expect(h.edges.map((e: { cursor: string; node: { id: string } }) => e.node.id)).toEqual(
        h.nodes.map((n: Entry) => n.id),
      );
      seen.push(...h.nodes.map((n: Entry) => n.id));
      if (!h.pageInfo.hasNextPage) break;
      expect(h.nodes).toHaveLength(3);
      after = h.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((e) => e.id));
    // What happens after the last page is read is on the next one.
    await signMandate(b.coord, id);
    const { jointProcurement } = await b.coord.client.ok(HISTORY, { id, first: 3, after: seen.at(-1) });
    expect(jointProcurement.history.nodes.map((n: Entry) => n.type)).toEqual(['mandate.signed']);
    expect(jointProcurement.history.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a cursor that is not one (BAD_USER_INPUT after)', async () => {
    const { b, id } = await story();
    const bad = await b.coord.client.fails(HISTORY, { id, first: 3, after: 'abc' });
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'after' } });
  });
});

describe('GET /procurements/<id>/history.csv', () => {
  it('answers 401 anonymous, 404 outsiders, 403 members', async () => {
    const { b, id } = await story();
    const outsider = await s.factories.user();
    const anon = await csvOf(id);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).error.code).toBe('UNAUTHENTICATED');
    expect((await csvOf(id, outsider.token)).status).toBe(404);
    const member = await csvOf(id, b.a.token);
    expect(member.status).toBe(403);
    expect(((await member.json()) as any).error.code).toBe('FORBIDDEN');
  });

  it('gives coordinators one row per event, quoted so that commas and quotes survive', async () => {
    const { b, id } = await story();
    // English and UTC: the export's words and times then read like the GraphQL entries (test/exports.test.ts has the rest).
    await b.coord.client.ok(`mutation { updateProfile(input: { locale: en, timeZone: "UTC" }) { id } }`);
    const { jointProcurement } = await b.coord.client.ok(HISTORY, { id, first: 100 });
    expect(jointProcurement.historyCsvUrl).toBe(`/procurements/${id}/history.csv`);
    const entries: Entry[] = jointProcurement.history.nodes;

    const res = await fetch(`${origin(s)}${jointProcurement.historyCsvUrl}`, {
      headers: { authorization: `Bearer ${b.coord.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"/);
    const text = await res.text();
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Event', 'Time (UTC)', 'Phase', 'Who', 'Organisation', 'Event type', 'What']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[5]])).toEqual(
      entries.map((e) => [
        e.id,
        e.at.slice(0, 19).replace('T', ' '),
        e.actorName ?? '',
        e.actorOrganisationName ?? '',
        e.type,
      ]),
    );
    // The words are the summary's, with the milestone's kind and time as a reader says them.
    expect(rows.slice(1).map((r) => r[6])).toEqual(
      entries.map((e) =>
        e.type === 'milestone.set'
          ? `Set the tender deadline milestone to ${String(e.payload.dueAt).slice(0, 16).replace('T', ' ')}`
          : e.summary,
      ),
    );
    expect(rows).toHaveLength((await logged(id)).length + 1);
    // The quoting itself: a field with a comma or quote is quoted, its quotes doubled.
    expect(text).toContain('"Nord, ""Øst"" og Vest kommune"');
    expect(text).toContain('"Kari ""KN"" Nordmann, rådgiver"');
  });
});
