import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchWords1796547342539 } from '../migrations/1796547342539-search-words.js';
import { MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { Country } from '../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';

const SEARCH = `query($text: String!, $kinds: [SearchKind!], $allVersions: Boolean) {
  search(text: $text, kinds: $kinds, allVersions: $allVersions) {
    kind id title rank snippet { text highlighted } group { id } need { id } thread { id } document { id } message { id }
  }
}`;

let s: TestServer;
let no: { coordinator: TestUser; groupId: string; threadId: string };
let se: { coordinator: TestUser; groupId: string; threadId: string };
let outsider: TestUser;

async function group(country: Country, name: string) {
  const organisation = await s.factories.organisation({ country, name: `${name} org` });
  const coordinator = await s.factories.user({ organisation });
  const { createBuyerGroup } = await coordinator.client.ok(
    `mutation($n: String!) { createBuyerGroup(input: { name: $n, focusArea: EDUCATION }) { id generalThread { id } } }`,
    { n: name },
  );
  return { coordinator, groupId: createBuyerGroup.id as string, threadId: createBuyerGroup.generalThread.id as string };
}

beforeAll(async () => {
  s = await startTestServer();
  no = await group(Country.NO, 'Skoleskyss Trøndelag');
  se = await group(Country.SE, 'Skolskjuts Skåne');
  outsider = await s.factories.user();
  await no.coordinator.client.ok(
    `mutation($g: ID!) { createDocument(input: { groupId: $g, title: "Kravspesifikasjon", kind: REQUIREMENT_SPECIFICATION,
       language: nb, text: "Skolene i regionen trenger trygg skyss for alle elever." }) { id } }`,
    { g: no.groupId },
  );
  await se.coordinator.client.ok(
    `mutation($g: ID!) { createDocument(input: { groupId: $g, title: "Behovsbeskrivning", kind: NEED_DESCRIPTION,
       language: sv, text: "Skolorna i länet behöver säker skolskjuts för alla elever." }) { id } }`,
    { g: se.groupId },
  );
  await no.coordinator.client.ok(
    `mutation($g: ID!) { createSharedNeed(input: { groupId: $g, title: "Skyss til skolen", problem: "Barna på bygda har lang vei til skolene." }) { id } }`,
    { g: no.groupId },
  );
  await no.coordinator.client.ok(`mutation($i: PostMessageInput!) { postMessage(input: $i) { id } }`, {
    i: {
      threadId: no.threadId,
      body: 'Skolen vår har erfaring med busser på vinterføre.',
      idempotencyKey: randomUUID(),
    },
  });
});
afterAll(() => s?.close());

describe('search', () => {
  it('refuses anonymous callers and too-short queries', async () => {
    expect((await s.anon.fails(SEARCH, { text: 'skole' })).code).toBe('UNAUTHENTICATED');
    const err = await no.coordinator.client.fails(SEARCH, { text: 's' });
    expect([err.code, err.extensions.field]).toEqual(['BAD_USER_INPUT', 'text']);
  });

  it('finds inflected Norwegian forms: "skole" finds "skolene" in documents, needs and messages', async () => {
    const { search } = await no.coordinator.client.ok(SEARCH, { text: 'skole' });
    const kinds = search.map((h: any) => h.kind).sort();
    expect(kinds).toEqual(['DOCUMENT', 'MESSAGE', 'NEED']);
    const doc = search.find((h: any) => h.kind === 'DOCUMENT');
    expect(doc.snippet.filter((p: any) => p.highlighted).map((p: any) => p.text)).toContain('Skolene');
    expect(doc.group.id).toBe(no.groupId);
    expect(doc.document.id).toBe(doc.id);
    const msg = search.find((h: any) => h.kind === 'MESSAGE');
    expect(msg.thread.id).toBe(no.threadId);
    expect(msg.message.id).toBe(msg.id);
    expect(search.find((h: any) => h.kind === 'NEED').need.id).toBeTruthy();
  });

  it('finds inflected Swedish forms: "skola" finds "skolorna"', async () => {
    const { search } = await se.coordinator.client.ok(SEARCH, { text: 'skola' });
    expect(search.map((h: any) => h.title)).toEqual(['Behovsbeskrivning']);
    expect(search[0].snippet.some((p: any) => p.highlighted && p.text === 'Skolorna')).toBe(true);
  });

  it('never returns what the viewer may not read', async () => {
    expect((await outsider.client.ok(SEARCH, { text: 'skole' })).search).toEqual([]);
    // A member of the Swedish group sees nothing of the Norwegian one, and the other way round.
    const seHits = (await se.coordinator.client.ok(SEARCH, { text: 'elever' })).search;
    expect(seHits.every((h: any) => h.group.id === se.groupId)).toBe(true);
    // Invited (not active) organisations do not see the group's content yet.
    const invited = await s.factories.user();
    await s.factories.membership(
      { id: no.groupId } as never,
      invited.organisation,
      MembershipRole.MEMBER,
      MembershipStatus.INVITED,
    );
    expect((await invited.client.ok(SEARCH, { text: 'skole' })).search).toEqual([]);
  });

  it('searches the latest version by default, every version on request, and skips deleted documents', async () => {
    const { createDocument } = await no.coordinator.client.ok(
      `mutation($g: ID!) { createDocument(input: { groupId: $g, title: "Notat", kind: OTHER, language: nb, text: "Ferjeleiet er stengt." }) { id } }`,
      { g: no.groupId },
    );
    await no.coordinator.client.ok(
      `mutation($d: ID!) { addTextVersion(input: { documentId: $d, baseVersion: 1, text: "Brua er åpen igjen." }) { number } }`,
      { d: createDocument.id },
    );
    const latest = (await no.coordinator.client.ok(SEARCH, { text: 'ferjeleie', kinds: ['DOCUMENT'] })).search;
    expect(latest).toEqual([]);
    const all = (await no.coordinator.client.ok(SEARCH, { text: 'ferjeleie', kinds: ['DOCUMENT'], allVersions: true }))
      .search;
    expect(all.map((h: any) => h.id)).toEqual([createDocument.id]);
    await no.coordinator.client.ok(`mutation($d: ID!) { deleteDocument(id: $d) { id } }`, { d: createDocument.id });
    expect((await no.coordinator.client.ok(SEARCH, { text: 'brua', kinds: ['DOCUMENT'] })).search).toEqual([]);
  });

  it('ranks title matches above body matches and filters by kind', async () => {
    const { search } = await no.coordinator.client.ok(SEARCH, { text: 'skyss', kinds: ['NEED', 'DOCUMENT'] });
    expect(search.map((h: any) => h.kind)).toEqual(['NEED', 'DOCUMENT']);
    expect(search[0].rank).toBeGreaterThan(search[1].rank);
  });
});

describe('search in compounds and inflected forms', () => {
  let ws: { coordinator: TestUser; groupId: string; threadId: string };
  let sw: { coordinator: TestUser; groupId: string; threadId: string };
  const need = (u: TestUser, g: string, title: string, problem: string) =>
    u.client.ok(
      `mutation($g: ID!, $t: String!, $p: String!) { createSharedNeed(input: { groupId: $g, title: $t, problem: $p }) { id } }`,
      { g, t: title, p: problem },
    );
  const post = (u: TestUser, threadId: string, body: string) =>
    u.client.ok(`mutation($i: PostMessageInput!) { postMessage(input: $i) { id } }`, {
      i: { threadId, body, idempotencyKey: randomUUID() },
    });
  const titles = async (u: TestUser, text: string) =>
    ((await u.client.ok(SEARCH, { text })).search as { title: string }[]).map((h) => h.title).sort();

  beforeAll(async () => {
    ws = await group(Country.NO, 'Velferdsteknologi Vestland');
    sw = await group(Country.SE, 'Trygghetslarm Halland');
    await need(ws.coordinator, ws.groupId, 'Felles responssenter', 'Kommunene mangler døgnbemanning for alarmer.');
    await need(ws.coordinator, ws.groupId, 'Skolebuss på landet', 'Elevene venter lenge.');
    await need(ws.coordinator, ws.groupId, 'Bildetjenester', 'Elbilen står ved arkivet.');
    await need(sw.coordinator, sw.groupId, 'Nytt sjukhus', 'Regionen behöver vårdplatser.');
    await need(sw.coordinator, sw.groupId, 'Skolbussarna', 'Turtätheten är låg.');
    await post(
      ws.coordinator,
      ws.threadId,
      '## Status\n\n**Skolebussen** fra [torget](https://example.no/rute) er _forsinket_.\n\n- Ring `sentralen`',
    );
  });

  it('finds a word by an inflected form the stemmer cuts differently: "responssenteret" finds "responssenter"', async () => {
    // The Norwegian stemmer makes responssenteret -> responssenter but responssenter -> responssent.
    expect(await titles(ws.coordinator, 'responssenteret')).toEqual(['Felles responssenter']);
    expect(await titles(ws.coordinator, 'responssenter')).toEqual(['Felles responssenter']);
    // Swedish keeps "sjukhuset" whole (no -et rule) and "sjukhus" as it is.
    expect(await titles(sw.coordinator, 'sjukhuset')).toEqual(['Nytt sjukhus']);
  });

  it('finds compounds by their first part: "skole" finds "skolebuss", "skola" finds "skolbussarna"', async () => {
    const hits = await titles(ws.coordinator, 'skole');
    expect(hits).toContain('Skolebuss på landet');
    expect(await titles(sw.coordinator, 'skola')).toEqual(['Skolbussarna']);
  });

  it('finds compounds by their last part: "buss" and "bussen" find "skolebuss" and "skolebussen"', async () => {
    expect(await titles(ws.coordinator, 'buss')).toEqual(['General', 'Skolebuss på landet']);
    expect(await titles(ws.coordinator, 'bussen')).toEqual(['General', 'Skolebuss på landet']);
    expect(await titles(ws.coordinator, 'senter')).toContain('Felles responssenter');
    const { search } = await ws.coordinator.client.ok(SEARCH, { text: 'buss', kinds: ['MESSAGE'] });
    expect(search[0].snippet.filter((p: any) => p.highlighted).map((p: any) => p.text)).toEqual(['Skolebussen']);
  });

  it('ranks the word as written above words it was widened to', async () => {
    await need(ws.coordinator, ws.groupId, 'Buss for eldre', 'Dagsenteret trenger transport.');
    const { search } = await ws.coordinator.client.ok(SEARCH, { text: 'buss', kinds: ['NEED'] });
    expect(search.map((h: any) => h.title)).toEqual(['Buss for eldre', 'Skolebuss på landet']);
  });

  it('keeps short words exact: "bil" finds neither "bildetjenester" nor "elbil"', async () => {
    expect(await titles(ws.coordinator, 'bil')).toEqual([]);
  });

  it('keeps the query syntax: an excluded word also excludes its compounds', async () => {
    expect(await titles(ws.coordinator, 'skole -buss')).not.toContain('Skolebuss på landet');
    expect(await titles(ws.coordinator, 'skolebuss OR responssenter')).toEqual([
      'Felles responssenter',
      'General',
      'Skolebuss på landet',
    ]);
  });

  it('widens through the lexicon the triggers keep: an edit adds its words, the migration fills in older texts', async () => {
    const { postMessage } = await post(ws.coordinator, ws.threadId, 'Ingen avgang i kveld.');
    await ws.coordinator.client.ok(`mutation($i: EditMessageInput!) { editMessage(input: $i) { id } }`, {
      i: { messageId: postMessage.id, body: 'Nattbussen går ikke i kveld.' },
    });
    const edited = (await ws.coordinator.client.ok(SEARCH, { text: 'buss', kinds: ['MESSAGE'] })).search;
    expect(edited.map((h: any) => h.id)).toContain(postMessage.id);

    const needs = async () =>
      ((await ws.coordinator.client.ok(SEARCH, { text: 'senter', kinds: ['NEED'] })).search as any[]).map(
        (h) => h.title,
      );
    expect(await needs()).toEqual(['Felles responssenter']);
    // Without the lexicon a compound is found by its first part only ('sent':* misses responssent).
    await s.db.query(`DELETE FROM search_word`);
    expect(await needs()).toEqual([]);
    const runner = s.db.createQueryRunner();
    try {
      await SearchWords1796547342539.backfill(runner);
    } finally {
      await runner.release();
    }
    expect(await needs()).toEqual(['Felles responssenter']);
  });

  it('cuts snippets from the plain text, without markdown', async () => {
    const { search } = await ws.coordinator.client.ok(SEARCH, { text: 'torget forsinket', kinds: ['MESSAGE'] });
    const text = search[0].snippet.map((p: any) => p.text).join('');
    expect(text).toContain('Skolebussen fra torget er forsinket');
    expect(text).not.toMatch(/[*_#`[\]()]|https?:/);
    expect(search[0].snippet.filter((p: any) => p.highlighted).map((p: any) => p.text)).toEqual([
      'torget',
      'forsinket',
    ]);
  });
});
