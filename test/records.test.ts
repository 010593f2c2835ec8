import { beforeAll, describe, expect, it } from 'vitest';
import { Country } from '../server/modules/organisations/organisation.entity.js';
import {
  checksumProblems,
  earkErrors,
  earkStated,
  ermsSchematronSize,
  nodes,
  noarkErrors,
  noarkStated,
  parse,
  schemaCopies,
  string,
  strings,
  unzip,
  type Files,
} from './support/archives.js';
import { noStandstill } from './support/contracts.js';
import { swedishOrgNumber, type TestUser } from './support/factories.js';
import { gql } from './support/graphql.js';
import { day, hex, inDays, key } from './support/helpers.js';
import {
  ADD_TEXT,
  CREATE_DOC,
  CREATE_THREAD,
  DELETE_DOC,
  DELETE_MESSAGE,
  EDIT_MESSAGE,
  GET_P,
  OPEN_DECISION,
  POST,
} from './support/operations.js';
import { driveTo, signMandate } from './support/procurement.js';
import { ARCHIVE_INFO, CASE_FILE, download, get, JOURNAL, LEGAL_BASES, MARK } from './support/records.js';
import { s, useServer } from './support/server.js';
import { procurement, world, type World } from './support/world.js';

/*
 * Public records (issue 15): a joint procurement of a Norwegian lead authority (the coordinator's)
 * and a Swedish one (a), walked to CLOSED through the API, with messages sent, edited and deleted,
 * documents and decisions marked for each authority's journal. Each authority then takes out its
 * archive package: the Norwegian one a Noark 5 extract, the Swedish one an E-ARK SIP; both are
 * validated against the official schemas in ../shared, every file against its stated checksum, and
 * read back for what each authority sent, received and made internally, and nothing else.
 */

const fixture = useServer(noStandstill(), async (s) => ({
  outsider: await s.factories.user(),
  supplier: await s.factories.supplier(),
  lawyer: await s.factories.user({ displayName: 'Advokat Annet Organ' }),
}));

const DELETED_TEXT = `Intern kalkyle ${hex()}: vi regner med 1 234 567 kroner`;
const INVITE_GUEST = gql(`mutation($input: InviteGuestInput!) { inviteGuest(input: $input) { id } }`);
const DECISIONS = gql(`query($id: ID!) { jointProcurement(id: $id) { id decisions { id title status } } }`);
const MESSAGES = gql(`query($id: ID!) {
  thread(id: $id) { id messages(first: 100) { nodes { id body deletedAt recordLocked revisions { body } } } }
}`);

interface Story {
  w: World<'a'>;
  id: string;
  buyers: string;
  /** The Norwegian lead's message, marked by both; the Swedish reply (edited once), marked by the lead. */
  noSent: string;
  seSent: string;
  /** The lead's message it deleted before anyone marked it. */
  noDeleted: string;
  documentId: string;
  mandates: { no: string; se: string };
  decisionId: string;
}
let story: Story;

async function walk(): Promise<Story> {
  const w = await world(s, {
    coordOrg: { name: `Stjørdal kommune ${hex()}` },
    members: {
      a: {
        organisation: { name: `Höörs kommun ${hex()}`, country: Country.SE, organisationNumber: swedishOrgNumber() },
      },
    },
  });
  const p = await procurement(w);
  const buyers = p.buyersThread.id;
  const post = async (u: TestUser, body: string) =>
    (await u.client.ok(POST, { input: { threadId: buyers, body, idempotencyKey: key(), mentionUserIds: [] } }))
      .postMessage.id;
  const noSent = await post(w.coord, 'Hei fra Stjørdal: vi foreslår felles skoleskyss for alle skolene.');
  const seSent = await post(w.a, 'Hej från Höör: vi är med.');
  await w.a.client.ok(EDIT_MESSAGE, {
    input: { messageId: seSent, body: 'Hej från Höör: vi är med på skolskjutsen.' },
  });
  // Both sign their mandates: the Swedish one to the lead, and the lead's own, internal to it.
  await signMandate(w.a, p.id);
  await signMandate(w.coord, p.id);
  const noDeleted = await post(w.coord, DELETED_TEXT);
  await w.coord.client.ok(DELETE_MESSAGE, { id: noDeleted });
  const { createDocument } = await w.coord.client.ok(CREATE_DOC, {
    input: {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'OTHER',
      language: 'nb',
      title: 'Notat om ruter',
      text: '# Ruter\n\nEn.',
    },
  });
  await w.coord.client.ok(ADD_TEXT, {
    input: { documentId: createDocument.id, baseVersion: 1, text: '# Ruter\n\nTo.', changeNote: 'v2' },
  });
  return {
    w,
    id: p.id,
    buyers,
    noSent,
    seSent,
    noDeleted,
    documentId: createDocument.id,
    mandates: { no: '', se: '' },
    decisionId: '',
  };
}

const versionId = async (u: TestUser, documentId: string, number: number) => {
  const doc = await u.client.ok(gql(`query($id: ID!) { document(id: $id) { id versions { id number } } }`), {
    id: documentId,
  });
  return doc.document.versions.find((v) => v.number === number)!.id;
};

beforeAll(async () => {
  story = await walk();
}, 120_000);

describe('marking for the record: refusals first', () => {
  it('is refused signed out, to suppliers and outsiders (the subject does not exist for them), and to a guest', async () => {
    const input = { messageId: story.noSent, classification: 'PUBLIC' };
    expect((await s.anon.fails(MARK, { input })).code).toBe('UNAUTHENTICATED');
    expect((await fixture.supplier.client.fails(MARK, { input })).code).toBe('NOT_FOUND');
    expect((await fixture.outsider.client.fails(MARK, { input })).code).toBe('NOT_FOUND');
    await story.w.coord.client.ok(INVITE_GUEST, {
      input: { groupId: story.w.groupId, email: fixture.lawyer.user.email, displayName: 'x', endsAt: inDays(7) },
    });
    const guest = await fixture.lawyer.client.fails(MARK, { input });
    expect(guest).toMatchObject({
      code: 'FORBIDDEN',
      extensions: { missing: ['membership of an organisation (not a guest)'] },
    });
  });

  it('refuses an exempt record without a legal basis, naming the field, and a basis of another country', async () => {
    const none = await story.w.a.client.fails(MARK, { input: { messageId: story.noSent, classification: 'EXEMPT' } });
    expect(none).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.legalBasis', rule: 'required' } });
    const norwegian = await story.w.a.client.fails(MARK, {
      input: { messageId: story.noSent, classification: 'EXEMPT', legalBasis: 'offl-23-3' },
    });
    expect(norwegian.extensions).toMatchObject({ field: 'input.legalBasis', rule: 'knownBasis' });
    const both = await story.w.a.client.fails(MARK, {
      input: { messageId: story.noSent, decisionId: story.noSent, classification: 'PUBLIC' },
    });
    expect(both.extensions).toMatchObject({ field: 'input', rule: 'oneSubject' });
    const { legalBases } = await story.w.a.client.ok(LEGAL_BASES, {});
    expect(legalBases.map((b) => b.code)).toContain('osl-19-3');
    expect(legalBases.every((b) => b.country === 'SE')).toBe(true);
  });

  it('refuses a decision still open', async () => {
    const { openDecision } = await story.w.coord.client.ok(OPEN_DECISION, {
      input: { procurementId: story.id, title: 'Ruteplan', quorum: 1, closesAt: inDays(1) },
    });
    const open = await story.w.coord.client.fails(MARK, {
      input: { decisionId: openDecision.id, classification: 'PUBLIC' },
    });
    expect(open).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['decision status CLOSED'] } });
    await story.w.coord.client.ok(gql(`mutation($id: ID!) { closeDecision(id: $id) { id } }`), { id: openDecision.id });
  });
});

describe('marking for the record', () => {
  it("numbers each authority's records in its own journal, with the direction for it", async () => {
    const se = (
      await story.w.a.client.ok(MARK, {
        input: { messageId: story.noSent, classification: 'EXEMPT', legalBasis: 'osl-19-3' },
      })
    ).markAsRecord;
    expect(se).toMatchObject({
      subject: 'MESSAGE',
      direction: 'RECEIVED',
      classification: 'EXEMPT',
      journalSequence: 1,
      casePosition: 1,
      legalBasis: { code: 'osl-19-3', reference: '19 kap. 3 § OSL', country: 'SE' },
      markedBy: { id: story.w.a.user.id },
    });
    expect(se.counterparts).toBe(story.w.coord.organisation.name);
    const no = (await story.w.coord.client.ok(MARK, { input: { messageId: story.seSent, classification: 'PUBLIC' } }))
      .markAsRecord;
    expect(no).toMatchObject({ direction: 'RECEIVED', journalSequence: 1, legalBasis: null });
    const own = (await story.w.coord.client.ok(MARK, { input: { messageId: story.noSent, classification: 'PUBLIC' } }))
      .markAsRecord;
    expect(own).toMatchObject({ direction: 'SENT', journalSequence: 2, casePosition: 2 });
    expect(own.counterparts).toContain(story.w.a.organisation.name);
  });

  it('keeps one record per document, moved to a newer version (the journal number stays), never an older one', async () => {
    const v1 = await versionId(story.w.coord, story.documentId, 1);
    const v2 = await versionId(story.w.coord, story.documentId, 2);
    const first = (await story.w.coord.client.ok(MARK, { input: { documentVersionId: v1, classification: 'PUBLIC' } }))
      .markAsRecord;
    expect(first).toMatchObject({
      subject: 'DOCUMENT',
      subjectId: story.documentId,
      documentVersion: 1,
      direction: 'SENT',
    });
    const second = (
      await story.w.coord.client.ok(MARK, {
        input: { documentVersionId: v2, classification: 'EXEMPT', legalBasis: 'offl-23-3' },
      })
    ).markAsRecord;
    expect(second).toMatchObject({ id: first.id, journalNumber: first.journalNumber, documentVersion: 2 });
    const back = await story.w.coord.client.fails(MARK, { input: { documentVersionId: v1, classification: 'PUBLIC' } });
    expect(back.extensions).toMatchObject({ field: 'input.documentVersionId', rule: 'newerVersion' });
  });

  it('locks a marked message and document: no edit, no deletion, for anyone', async () => {
    const edit = await story.w.a.client.fails(EDIT_MESSAGE, { input: { messageId: story.seSent, body: 'Ändrat' } });
    expect(edit).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['not kept as a record'] } });
    const del = await story.w.a.client.fails(DELETE_MESSAGE, { id: story.seSent });
    expect(del).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['not kept as a record'] } });
    const doc = await story.w.coord.client.fails(DELETE_DOC, { id: story.documentId });
    expect(doc).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['not kept as a record'] } });
    const { thread } = await story.w.coord.client.ok(MESSAGES, { id: story.buyers });
    const byId = new Map(thread!.messages.nodes.map((m) => [m.id, m]));
    expect(byId.get(story.seSent)).toMatchObject({
      body: 'Hej från Höör: vi är med på skolskjutsen.',
      recordLocked: true,
    });
    // A deleted message stays withdrawn in the API: no body, no earlier texts.
    expect(byId.get(story.noDeleted)).toMatchObject({ body: null, recordLocked: false, revisions: [] });
  });
});

describe('a closed procurement', () => {
  beforeAll(async () => {
    await driveTo(story.w, story.id, 'CLOSED');
    const { jointProcurement } = await story.w.coord.client.ok(GET_P, { id: story.id });
    const mandate = (orgId: string) => jointProcurement!.participants.find((x) => x.organisation.id === orgId)!.id;
    story.mandates = { no: mandate(story.w.coord.organisation.id), se: mandate(story.w.a.organisation.id) };
    const { jointProcurement: d } = await story.w.coord.client.ok(DECISIONS, { id: story.id });
    story.decisionId = d!.decisions.find((x) => x.status === 'CLOSED' && x.title !== 'Ruteplan')!.id;
  }, 180_000);

  it('is read-only: no messages, documents or versions (INVALID_STATE from the policy), but still marked and exported', async () => {
    const posted = await story.w.a.client.fails(POST, {
      input: { threadId: story.buyers, body: 'For sent', idempotencyKey: key(), mentionUserIds: [] },
    });
    expect(posted).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['an open procurement'] } });
    const version = await story.w.coord.client.fails(ADD_TEXT, {
      input: { documentId: story.documentId, baseVersion: 2, text: 'x', changeNote: '' },
    });
    expect(version.extensions.missing).toEqual(['an open procurement']);
    const created = await story.w.coord.client.fails(CREATE_DOC, {
      input: {
        groupId: story.w.groupId,
        procurementId: story.id,
        kind: 'OTHER',
        language: 'nb',
        title: 'Sent',
        text: 'x',
      },
    });
    expect(created.extensions.missing).toEqual(['an open procurement']);
    const marked = await story.w.a.client.ok(MARK, {
      input: { decisionId: story.decisionId, classification: 'PUBLIC' },
    });
    expect(marked.markAsRecord).toMatchObject({ subject: 'DECISION', direction: 'RECEIVED', journalSequence: 2 });
  });
});

describe('archive packages', () => {
  let no: { files: Files; length: number; header: string | null; info: { byteSize: number; fileCount: number } };
  let se: typeof no;
  const path = () => `/archive/procurements/${story.id}.zip`;

  it('are refused signed out (401), and are not there for a supplier, an authority outside, or one that took no part (404)', async () => {
    expect((await get(s, path())).status).toBe(401);
    expect((await get(s, path(), fixture.supplier)).status).toBe(404);
    expect((await get(s, path(), fixture.outsider)).status).toBe(404);
    expect((await get(s, `/archive/procurements/${story.id}.zip`, fixture.lawyer)).status).toBe(403);
    expect((await get(s, '/archive/procurements/not-a-uuid.zip', story.w.coord)).status).toBe(404);
  });

  it('stream with their exact length announced, as the API says beforehand', async () => {
    const take = async (u: TestUser) => {
      const info = (await u.client.ok(ARCHIVE_INFO, { id: story.id })).jointProcurement!.caseFile.archive;
      const { res, body } = await download(s, path(), u);
      expect(res.headers.get('content-type')).toBe('application/zip');
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      const { files } = await unzip(body);
      return { files, length: body.length, header: res.headers.get('content-disposition'), info };
    };
    [no, se] = [await take(story.w.coord), await take(story.w.a)];
    for (const p of [no, se]) {
      expect(p.info.byteSize).toBe(p.length);
      expect(p.info.fileCount).toBe(p.files.size);
    }
    expect(no.header).toContain('Noark 5');
    expect(se.header).toContain('E-ARK');
  });

  it('validate against the official schemas (Noark 5 with ADDML; METS with CSIP and SIP, PREMIS 3, CITS ERMS 3)', async () => {
    expect(await noarkErrors(no.files)).toEqual([]);
    for (const f of [
      'arkivstruktur.xml',
      'loependeJournal.xml',
      'offentligJournal.xml',
      'endringslogg.xml',
      'arkivuttrekk.xml',
    ]) {
      expect(no.files.has(f), f).toBe(true);
    }
    expect(await earkErrors(se.files)).toEqual([]);
    expect(
      schemaCopies(no.files, { 'arkivstruktur.xsd': 'noark5/arkivstruktur.xsd', 'addml.xsd': 'noark5/addml.xsd' }),
    ).toEqual([]);
    expect(
      schemaCopies(se.files, {
        'schemas/mets.xsd': 'e-ark/mets/mets.xsd',
        'schemas/ERMS_v3.xsd': 'e-ark/erms/schema/ERMS_v3.xsd',
      }),
    ).toEqual([]);
  }, 120_000);

  it('the validation finds what is wrong: a missing case number, an unknown package type, a rule of the ERMS Schematron', async () => {
    const tampered = (files: Files, name: string, from: RegExp | string, to: string) => {
      const copy = new Map(files);
      const before = files.get(name)!.toString('utf8');
      const after = before.replace(from, to);
      expect(after, `${name} changed`).not.toBe(before);
      copy.set(name, Buffer.from(after, 'utf8'));
      return copy;
    };
    const noark = await noarkErrors(tampered(no.files, 'arkivstruktur.xml', /<saksaar>\d+<\/saksaar>/, ''));
    expect(noark.join('\n')).toContain('saksaar');
    const mets = await earkErrors(
      tampered(se.files, 'METS.xml', 'csip:OAISPACKAGETYPE="SIP"', 'csip:OAISPACKAGETYPE="XIP"'),
    );
    expect(mets.join('\n')).toContain("The value 'XIP' is not an element of the set");
    const erms = await earkErrors(
      tampered(
        se.files,
        'metadata/descriptive/erms.xml',
        /directionDefinition="incoming"/,
        'directionDefinition="other"',
      ),
    );
    expect(erms.join('\n')).toContain("schematron: *[@directionDefinition = 'other']");
    expect(ermsSchematronSize()).toEqual({ rules: 11, asserts: 11 });
    const bytes = new Map(se.files);
    const [dataPath, data] = [...se.files].find(([p]) => p.startsWith('representations/rep1/data/'))!;
    bytes.set(dataPath, Buffer.concat([data, Buffer.from(' ')]));
    expect(checksumProblems(bytes, earkStated(bytes)).length).toBeGreaterThan(0);
  }, 120_000);

  it('state a checksum and size for every file, and every one matches', () => {
    const noStated = noarkStated(no.files);
    expect(noStated.length).toBeGreaterThan(10);
    expect(checksumProblems(no.files, noStated)).toEqual([]);
    const seStated = earkStated(se.files);
    expect(seStated.length).toBeGreaterThan(10);
    expect(checksumProblems(se.files, seStated)).toEqual([]);
    // Every file of each package is accounted for by some stated checksum (the schemas and METS
    // files by ADDML or by the METS that lists them; the package METS itself by none, as in CSIP).
    const noListed = new Set(noStated.map((x) => x.path));
    expect(
      [...no.files.keys()].filter((f) => !noListed.has(f) && f !== 'arkivuttrekk.xml' && !f.endsWith('.xsd')),
    ).toEqual([]);
    const seListed = new Set(seStated.map((x) => x.path));
    expect([...se.files.keys()].filter((f) => !seListed.has(f) && f !== 'METS.xml')).toEqual([]);
  });

  it("hold each authority's own records, and none of the other's internal ones", () => {
    const arkiv = parse(no.files.get('arkivstruktur.xml')!);
    const registered = strings(arkiv, '//n5:registrering/n5:systemID');
    const journalposts = strings(arkiv, '//n5:registrering[@xsi:type = "journalpost"]/n5:systemID');
    // The lead's own mandate is internal to it; the Swedish mandate was sent to it.
    expect(registered).toEqual(
      expect.arrayContaining([
        story.noSent,
        story.seSent,
        story.noDeleted,
        story.documentId,
        story.mandates.no,
        story.mandates.se,
      ]),
    );
    expect(journalposts.sort()).toEqual([story.noSent, story.seSent, story.documentId].sort());
    const type = (id: string) => string(arkiv, `//n5:registrering[n5:systemID = "${id}"]/n5:journalposttype`);
    expect(type(story.noSent)).toBe('Utgående dokument');
    expect(type(story.seSent)).toBe('Inngående dokument');
    const internal = (id: string) =>
      strings(arkiv, `//n5:registrering[n5:systemID = "${id}"]/n5:korrespondansepart/n5:korrespondanseparttype`);
    expect(internal(story.mandates.no)).toEqual(['Intern avsender']);
    // Every version of the edited message is kept, oldest first.
    const versions = nodes(arkiv, `//n5:registrering[n5:systemID = "${story.seSent}"]//n5:dokumentobjekt`);
    expect(versions.map((v) => no.files.get(string(v, 'n5:referanseDokumentfil'))!.toString())).toEqual([
      'Hej från Höör: vi är med.',
      'Hej från Höör: vi är med på skolskjutsen.',
    ]);

    const erms = parse(se.files.get('metadata/descriptive/erms.xml')!);
    const seRecords = strings(erms, '//erms:record/@systemIdentifier');
    expect(seRecords).toEqual(
      expect.arrayContaining([story.noSent, story.seSent, story.noDeleted, story.mandates.se, story.decisionId]),
    );
    expect(seRecords).not.toContain(story.mandates.no);
    const direction = (id: string) =>
      string(erms, `//erms:record[@systemIdentifier = "${id}"]/erms:direction/@directionDefinition`);
    expect([direction(story.seSent), direction(story.noSent), direction(story.mandates.se)]).toEqual([
      'outgoing',
      'incoming',
      'outgoing',
    ]);
    expect(string(erms, `//erms:record[@systemIdentifier = "${story.noSent}"]/erms:restriction/erms:regulation`)).toBe(
      '19 kap. 3 § OSL',
    );

    // Neither authority's journal (numbers, classifications, legal bases) is in the other's package.
    const text = (files: Files) => [...files.values()].map((b) => b.toString('utf8')).join('\n');
    expect(text(no.files)).not.toContain('19 kap. 3 § OSL');
    expect(text(se.files)).not.toContain('Offl. § 23 tredje ledd');
    const seJournal = strings(parse(no.files.get('loependeJournal.xml')!), '//lj:journalpost/lj:systemID');
    expect(seJournal.sort()).toEqual([story.noSent, story.seSent, story.documentId].sort());
    // The exempt document is screened in the public journal, not in the running one.
    const oj = parse(no.files.get('offentligJournal.xml')!);
    expect(string(oj, `//oj:journalpost[oj:systemID = "${story.documentId}"]/oj:offentligTittel`)).not.toContain(
      'Notat om ruter',
    );
    expect(string(oj, `//oj:journalpost[oj:systemID = "${story.documentId}"]/oj:skjermingshjemmel`)).toBe(
      'Offl. § 23 tredje ledd',
    );
  });

  it("show a deleted message as deleted, with its text, in the receiving authority's package", () => {
    const erms = parse(se.files.get('metadata/descriptive/erms.xml')!);
    const rec = nodes(erms, `//erms:record[@systemIdentifier = "${story.noDeleted}"]`)[0];
    expect(string(rec, 'erms:direction/@directionDefinition')).toBe('incoming');
    expect(string(rec, 'erms:dates/erms:date[@dateType = "deleted"]')).not.toBe('');
    expect(string(rec, 'erms:notes/erms:note/@noteType')).toBe('deleted');
    const file = string(rec, 'erms:additionalInformation/erms:appendix/@path');
    expect(se.files.get(file)!.toString()).toBe(DELETED_TEXT);
    const premis = parse(se.files.get('metadata/preservation/premis.xml')!);
    expect(strings(premis, '//premis:event/premis:eventType')).toContain('deletion');
    // The author's own package keeps it too, marked deleted.
    const arkiv = parse(no.files.get('arkivstruktur.xml')!);
    expect(string(arkiv, `//n5:registrering[n5:systemID = "${story.noDeleted}"]/n5:merknad/n5:merknadstype`)).toBe(
      'Slettet',
    );
  });

  it('record edits, renames, deletions and reclassifications in the change log', () => {
    const log = parse(no.files.get('endringslogg.xml')!);
    const changes = nodes(log, '//el:endring').map(
      (e) => `${string(e, 'el:referanseArkivenhet')} ${string(e, 'el:referanseMetadata')}`,
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        `${story.seSent} dokumentobjekt`,
        `${story.noDeleted} status`,
        `${story.documentId} skjerming`,
      ]),
    );
  });
});

describe("a group's case file", () => {
  it("holds the group's own threads, for each authority in its format, and validates", async () => {
    const threadId = (
      await story.w.coord.client.ok(CREATE_THREAD, { input: { groupId: story.w.groupId, title: 'Ruter' } })
    ).createThread.id;
    const say = async (u: TestUser, body: string) =>
      (await u.client.ok(POST, { input: { threadId, body, idempotencyKey: key(), mentionUserIds: [] } })).postMessage
        .id;
    const [hei, hej] = [await say(story.w.coord, 'Hei alle sammen'), await say(story.w.a, 'Hej allihop')];
    const path = `/archive/groups/${story.w.groupId}.zip`;
    expect((await get(s, path, fixture.outsider)).status).toBe(404);
    const noark = (await unzip((await download(s, path, story.w.coord)).body)).files;
    expect(await noarkErrors(noark)).toEqual([]);
    expect(checksumProblems(noark, noarkStated(noark))).toEqual([]);
    expect(strings(parse(noark.get('arkivstruktur.xml')!), '//n5:registrering/n5:systemID')).toEqual(
      expect.arrayContaining([hei, hej]),
    );
    // Nothing of the procurement's case is in the group's.
    expect(strings(parse(noark.get('arkivstruktur.xml')!), '//n5:registrering/n5:systemID')).not.toContain(
      story.noSent,
    );
    const eark = (await unzip((await download(s, `${path}?format=eark`, story.w.coord)).body)).files;
    expect(await earkErrors(eark)).toEqual([]);
    expect(checksumProblems(eark, earkStated(eark))).toEqual([]);
    const bad = await get(s, `${path}?format=pdf`, story.w.coord);
    expect([bad.status, (await bad.json()).error]).toMatchObject([400, { code: 'BAD_USER_INPUT', field: 'format' }]);
  }, 120_000);
});

describe('the case file and the journal in the API', () => {
  it("lists the viewer authority's records with their direction, a deleted message without its words", async () => {
    const res = await story.w.a.client.request(CASE_FILE, { id: story.id });
    expect(JSON.stringify(res)).not.toContain(DELETED_TEXT.slice(0, 20));
    const records = res.data!.jointProcurement!.caseFile.records;
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get(story.noDeleted)).toMatchObject({ kind: 'MESSAGE', direction: 'RECEIVED', versions: 0 });
    expect(byId.get(story.noDeleted)!.deletedAt).not.toBeNull();
    expect(byId.get(story.noSent)).toMatchObject({ direction: 'RECEIVED', viewerRecord: { classification: 'EXEMPT' } });
    expect(byId.get(story.mandates.se)).toMatchObject({ kind: 'MANDATE', direction: 'SENT' });
    expect(byId.has(story.mandates.no)).toBe(false);
    const lead = (await story.w.coord.client.ok(CASE_FILE, { id: story.id })).jointProcurement!.caseFile.records;
    expect(lead.find((r) => r.id === story.mandates.no)).toMatchObject({ direction: 'INTERNAL' });
  });

  it('gives each authority its own journal for a period, and exports it', async () => {
    const { recordJournal } = await story.w.coord.client.ok(JOURNAL, { from: day(-1), to: day(1), first: 2 });
    expect(recordJournal.totalCount).toBe(3);
    expect(recordJournal.nodes.map((n) => n.subjectId)).toEqual([story.seSent, story.noSent]);
    const next = await story.w.coord.client.ok(JOURNAL, {
      from: day(-1),
      to: day(1),
      first: 2,
      after: recordJournal.pageInfo.endCursor,
    });
    expect(next.recordJournal.nodes.map((n) => n.subjectId)).toEqual([story.documentId]);
    const empty = await story.w.coord.client.ok(JOURNAL, { from: day(-30), to: day(-2) });
    expect(empty.recordJournal.totalCount).toBe(0);
    const csv = await download(s, `/records/journal.csv?from=${day(-1)}&to=${day(1)}`, story.w.a);
    const lines = csv.body.toString('utf8').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('19 kap. 3 § OSL');
    expect((await get(s, `/records/journal.csv?from=${day(-1)}&to=${day(1)}`)).status).toBe(401);
    expect((await get(s, `/records/journal.xlsx?from=${day(-1)}&to=${day(1)}`, fixture.supplier)).status).toBe(403);
  });
});
