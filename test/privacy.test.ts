import { randomUUID } from 'node:crypto';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERASED, KEPT, NOT_THEIRS } from '../server/modules/privacy/privacy.catalogue.js';
import { OrganisationRole } from '../server/modules/users/user.entity.js';
import { GraphQLClient } from './support/client.js';
import { PASSWORD, type TestUser } from './support/factories.js';
import { bearer, hex, origin } from './support/helpers.js';
import { startTestServer, type TestServer } from './support/server.js';
import { world, type World } from './support/world.js';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

const THREAD_NEW = `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id body } }`;
const REACT = `mutation($input: SetReactionInput!) { setReaction(input: $input) { id } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { id messages(last: 50) { nodes { id body author { id displayName } } } } }`;
const CREATE_DOC = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id currentVersion } }`;
const DOC = `query($id: ID!) { document(id: $id) { id title versions { number author { displayName } } } }`;
const DELETE = `mutation($input: DeleteAccountInput!) { deleteAccount(input: $input) }`;
const VIEWER = `query { viewer { id displayName } }`;

/** Unzips a body into its entries' text (or bytes for anything not UTF-8 text). */
function unzip(body: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(body, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const download = (u?: TestUser) => fetch(`${origin(s)}/me/data.zip`, { headers: u ? bearer(u) : {} });

interface Story {
  w: World;
  /** The person who takes out their data and deletes their account: a user of member a's authority. */
  person: TestUser;
  name: string;
  threadId: string;
  mine: string;
  aboutMe: string;
  documentId: string;
}

/** The person posts, is mentioned by name in a colleague's message, reacts, and writes a document. */
async function story(): Promise<Story> {
  const name = `Ingrid Personvern ${hex(4)}`;
  const w = await world(s);
  const person = await s.factories.user({ organisation: w.a.organisation, displayName: name });
  const { createThread } = await w.coord.client.ok(THREAD_NEW, { input: { groupId: w.groupId, title: 'Kjøreruter' } });
  const threadId = createThread.id;
  const mine = `Vi kan dele kjøreruter ${hex(4)}`;
  await person.client.ok(POST, { input: { threadId, body: mine, idempotencyKey: randomUUID() } });
  const aboutMe = `Takk, ${name}! Rutene kom fram.`;
  const { postMessage } = await w.coord.client.ok(POST, {
    input: { threadId, body: aboutMe, idempotencyKey: randomUUID() },
  });
  await person.client.ok(REACT, { input: { messageId: postMessage.id, emoji: '👍', reacted: true } });
  const { createDocument } = await person.client.ok(CREATE_DOC, {
    input: {
      groupId: w.groupId,
      title: `Ruteplan ${hex(4)}`,
      kind: 'REQUIREMENT_SPECIFICATION',
      language: 'nb',
      text: `# Ruter\n\nSkrevet av ${name}.`,
    },
  });
  return { w, person, name, threadId, mine, aboutMe, documentId: createDocument.id };
}

describe('personal data: refusals', () => {
  it('needs a session for the download and the deletion', async () => {
    expect((await download()).status).toBe(401);
    const anonymous = new GraphQLClient(s.url);
    const res = await anonymous.request(DELETE, { input: { confirmEmail: 'x@example.org', password: 'x' } });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password or address, naming the field, and changes nothing', async () => {
    const u = await s.factories.user();
    const wrongPassword = await u.client.request(DELETE, { input: { confirmEmail: u.user.email, password: 'nope' } });
    expect(wrongPassword.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
    const wrongAddress = await u.client.request(DELETE, {
      input: { confirmEmail: `other-${u.user.email}`, password: PASSWORD },
    });
    expect(wrongAddress.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.confirmEmail' });
    expect((await u.client.ok(VIEWER)).viewer.id).toBe(u.user.id);
  });

  it('refuses the only administrator of an organisation that has other people, until a colleague is admin', async () => {
    const admin = await s.factories.user({ role: OrganisationRole.ADMIN });
    await s.factories.user({ organisation: admin.organisation });
    const res = await admin.client.request(DELETE, { input: { confirmEmail: admin.user.email, password: PASSWORD } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'INVALID_STATE' });
    await s.factories.user({ organisation: admin.organisation, role: OrganisationRole.ADMIN });
    expect(
      (await admin.client.ok(DELETE, { input: { confirmEmail: admin.user.email, password: PASSWORD } })).deleteAccount,
    ).toBe(true);
  });
});

describe('personal data: the download', () => {
  it("holds the person's account, messages, reactions and documents, and nobody else's secrets", async () => {
    const { person, mine, name, documentId } = await story();
    const res = await download(person);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const entries = await unzip(Buffer.from(await res.arrayBuffer()));
    const data = JSON.parse(entries.get('data.json')!.toString('utf8')) as {
      account: { email: string; displayName: string };
      records: Record<string, Record<string, Record<string, unknown>[]>>;
      events: { type: string }[];
      files: string[];
    };
    expect(data.account).toMatchObject({ email: person.user.email, displayName: name });
    expect(data.records.message.author_user_id.map((m) => m.body)).toContain(mine);
    expect(data.records.reaction.user_id).toHaveLength(1);
    expect(data.records.session.user_id.length).toBeGreaterThan(0);
    expect(data.events.map((e) => e.type)).toEqual(expect.arrayContaining(['message.posted', 'document.created']));
    // A session is listed, its token is not; no password hash anywhere.
    const json = entries.get('data.json')!.toString('utf8');
    expect(json).not.toMatch(/token_hash|password_hash|\$argon2/);
    const file = data.files.find((f) => f.startsWith(`files/${documentId}/v1-`))!;
    expect(entries.get(file)!.toString('utf8')).toContain(`Skrevet av ${name}.`);
  });

  it('classifies every column of the schema that names a person', async () => {
    const columns = (await s.db.query(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'uuid' AND column_name = 'user_id'`,
    )) as { t: string; c: string }[];
    const classified = new Set<string>([...ERASED, ...KEPT]);
    const unclassified = columns.filter(({ t, c }) => !classified.has(t) && !NOT_THEIRS.has(`${t}.${c}`));
    expect(unclassified).toEqual([]);
  });
});

describe('personal data: deleting an account', () => {
  it('keeps the records under role and organisation, removes the rest, and no answer names the person', async () => {
    const { w, person, name, threadId, mine, aboutMe, documentId } = await story();
    const email = person.user.email;
    const ok = await person.client.ok(DELETE, { input: { confirmEmail: email.toUpperCase(), password: PASSWORD } });
    expect(ok.deleteAccount).toBe(true);

    // The colleague still reads the message, now under role and organisation; the mention is replaced too.
    const stands = `Former member of staff, ${w.a.organisation.name}`;
    const { thread } = await w.coord.client.ok(THREAD, { id: threadId });
    const nodes = thread.messages.nodes as { body: string; author: { id: string; displayName: string } }[];
    const kept = nodes.find((m) => m.body === mine)!;
    expect(kept.author).toEqual({ id: person.user.id, displayName: stands });
    expect(nodes.map((m) => m.body)).toContain(aboutMe.replace(name, stands));
    const { document } = await w.coord.client.ok(DOC, { id: documentId });
    expect(document.versions[0].author.displayName).toBe(stands);

    // Its own working state is gone.
    for (const table of ['session', 'reaction', 'notification', 'user_identity']) {
      const [{ n }] = (await s.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [
        person.user.id,
      ])) as { n: number }[];
      expect(n, table).toBe(0);
    }

    // Neither the API nor an export names the person: the thread, the document, the group's history ...
    const answers = [
      JSON.stringify(await w.coord.client.ok(THREAD, { id: threadId })),
      JSON.stringify(await w.coord.client.ok(DOC, { id: documentId })),
      JSON.stringify(
        await w.coord.client.ok(`query($q: String!) { search(text: $q) { kind snippet { text } } }`, { q: 'Rutene' }),
      ),
      await (
        await fetch(`${origin(s)}/documents/${documentId}/versions/1/content`, { headers: bearer(w.coord) })
      ).text(),
    ];
    for (const answer of answers) expect(answer).not.toContain(name);
    // The group's archive package for the coordinator's authority (the case file, every file in it).
    const archive = await fetch(`${origin(s)}/archive/groups/${w.groupId}.zip`, { headers: bearer(w.coord) });
    expect(archive.status).toBe(200);
    const files = await unzip(Buffer.from(await archive.arrayBuffer()));
    expect(files.size).toBeGreaterThan(0);
    for (const [file, bytes] of files) expect(bytes.toString('utf8'), file).not.toContain(name);
    // ... and nothing the platform stores does.
    const texts = (await s.db.query(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb')`,
    )) as { t: string; c: string }[];
    for (const { t, c } of texts) {
      const [{ n }] = (await s.db.query(
        `SELECT count(*)::int AS n FROM "${t}" WHERE "${c}"::text LIKE '%' || $1 || '%' OR "${c}"::text ILIKE '%' || $2 || '%'`,
        [name, email],
      )) as { n: number }[];
      expect(n, `${t}.${c}`).toBe(0);
    }
    // The session ended, and the address signs in to nothing (asked last: a sign-in attempt is
    // throttled by the address typed, whoever types it).
    expect((await person.client.ok(VIEWER)).viewer).toBeNull();
    const signIn = await new GraphQLClient(s.url).request(
      `mutation($input: SignInInput!) { signIn(input: $input) { token } }`,
      { input: { email, password: PASSWORD } },
    );
    expect(signIn.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
