import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './support/factories.js';
import { assertValidOcds, checkOcds, codelist, type CodeUse } from './support/ocds.js';
import { inDays, origin } from './support/helpers.js';
import * as op from './support/operations.js';
import { addDocument, driveTo } from './support/procurement.js';
import { noStandstill } from './support/contracts.js';
import { startTestServer, type TestServer } from './support/server.js';
import { dialogue, procurement, world, type World } from './support/world.js';

const PREFIX = 'ocds-test42';
const OCDS_Q = `query($id: ID!) { jointProcurement(id: $id) { id ocdsUrl ocdsReleasePackage } }`;
const DIALOGUE_Q = `query($id: ID!) { jointProcurement(id: $id) { id dialogue { publishedAt } lots { id number } } }`;

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer({ OCDS_PREFIX: PREFIX, ...noStandstill() });
});
afterAll(() => s?.close());

const get = (id: string, token?: string) =>
  fetch(`${origin(s)}/ocds/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

/**
 * The export by both routes, which must agree (but for publishedDate); validated against the
 * schemas and codelists. Returns the package and the codelist values checked.
 */
async function exportOf(by: TestUser, id: string): Promise<{ pkg: any; release: any; codes: CodeUse[] }> {
  const res = await get(id, by.token);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const pkg = (await res.json()) as any;
  const { jointProcurement } = await by.client.ok(OCDS_Q, { id });
  expect(jointProcurement.ocdsUrl).toBe(`/ocds/${id}`);
  const { publishedDate: _a, ...fromHttp } = pkg;
  const { publishedDate: _b, ...fromGraphql } = jointProcurement.ocdsReleasePackage;
  expect(fromGraphql).toEqual(fromHttp);
  const codes = assertValidOcds(pkg);
  assertValidOcds(jointProcurement.ocdsReleasePackage);
  expect(pkg.releases).toHaveLength(1);
  return { pkg, release: pkg.releases[0], codes };
}

const party = (release: any, u: TestUser) => release.parties.find((p: any) => p.name === u.organisation.name);
const rolesOf = (release: any, u: TestUser) => party(release, u)?.roles.slice().sort() ?? null;
const codesAt = (codes: CodeUse[], pattern: RegExp) => codes.filter((c) => pattern.test(c.path)).map((c) => c.value);

describe('access to the export', () => {
  it('is for signed-in members of the group: 401 anonymous, 404 for outsiders and suppliers', async () => {
    const b = await world(s);
    const p = await procurement(b);
    const [outsider, sup] = await Promise.all([s.factories.user(), s.factories.supplier()]);
    await dialogue(b, p.id, { suppliers: [sup] });

    const anon = await get(p.id);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).error.code).toBe('UNAUTHENTICATED');
    for (const who of [outsider, sup]) {
      const res = await get(p.id, who.token);
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('NOT_FOUND');
      expect((await who.client.fails(OCDS_Q, { id: p.id })).code).toBe('NOT_FOUND');
    }
    expect((await get('not-a-procurement', b.a.token)).status).toBe(404);
    expect((await get('00000000-0000-4000-8000-000000000000', b.a.token)).status).toBe(404);
    expect((await s.anon.fails(OCDS_Q, { id: p.id })).code).toBe('UNAUTHENTICATED');
    // A member that is not the coordinator reads it.
    expect((await get(p.id, b.a.token)).status).toBe(200);
  });
});

describe('the validator', () => {
  it('catches schema errors and values outside a codelist (so a passing export means something)', async () => {
    const b = await world(s);
    const p = await procurement(b);
    const { pkg } = await exportOf(b.coord, p.id);
    const broken = structuredClone(pkg);
    broken.releases[0].date = 'yesterday';
    expect(checkOcds(broken).problems.join('\n')).toMatch(/schema: \/releases\/0\/date/);
    const noOcid = structuredClone(pkg);
    delete noOcid.releases[0].ocid;
    expect(checkOcds(noOcid).problems.join('\n')).toMatch(/ocid/);
    const badCodes = structuredClone(pkg);
    badCodes.releases[0].tag = ['bidding'];
    badCodes.releases[0].parties[0].roles = ['buyer', 'friend'];
    badCodes.releases[0].tender.lots[0].value.currency = 'ZZZ';
    const problems = checkOcds(badCodes).problems.join('\n');
    expect(problems).toMatch(/releases\[0\]\.tag = "bidding" is not in releaseTag\.csv/);
    expect(problems).toMatch(/releases\[0\]\.parties\[0\]\.roles = "friend" is not in partyRole\.csv/);
    expect(problems).toMatch(/tender\.lots\[0\]\.value\.currency = "ZZZ"/);
    // documentType.csv has its Code in the second column.
    expect(codelist('documentType.csv').has('technicalSpecifications')).toBe(true);
    expect(codelist('documentType.csv').has('tender')).toBe(false);
  });
});

describe('exports by phase', () => {
  it('ANCHORING: a planning release with buyers, needs, CPV items, lots and values', async () => {
    const b = await world(s);
    const p = await procurement(b, { procedureType: 'OPEN' });
    const { pkg, release, codes } = await exportOf(b.coord, p.id);

    expect(pkg).toMatchObject({ version: '1.1', uri: `${origin(s)}/ocds/${p.id}` });
    // Absolute URLs come from PUBLIC_URL (here the default), never from the request's Host header.
    const spoofed = await new Promise<any>((resolve, reject) => {
      const req = http.get(
        `${origin(s)}/ocds/${p.id}`,
        { headers: { host: 'evil.example', authorization: `Bearer ${b.coord.token}` } },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(JSON.parse(body)));
        },
      );
      req.on('error', reject);
    });
    expect(spoofed.uri).toBe(`${origin(s)}/ocds/${p.id}`);
    expect(release.ocid).toBe(`${PREFIX}-${p.id}`);
    expect(release.id.startsWith(`${release.ocid}-`)).toBe(true);
    expect(release.tag).toEqual(['planning']);
    expect(release.initiationType).toBe('tender');
    expect(release.language).toBe('nb');

    // Every participant is a buyer, the lead also the procuring entity.
    expect(release.parties).toHaveLength(3);
    expect(rolesOf(release, b.coord)).toEqual(['buyer', 'leadBuyer', 'procuringEntity']);
    expect(rolesOf(release, b.a)).toEqual(['buyer']);
    expect(rolesOf(release, b.b)).toEqual(['buyer']);
    expect(party(release, b.a).identifier).toEqual({
      scheme: 'NO-BRC',
      id: b.a.organisation.organisationNumber,
      legalName: b.a.organisation.name,
    });
    expect(new Set(release.parties.map((x: any) => x.id)).size).toBe(3);
    // The country as a code from the country codelist (countryName is for a name, and deprecated).
    expect(party(release, b.a).address).toEqual({ country: 'NO' });
    expect(codesAt(codes, /\.address\.country$/)).toEqual(['NO', 'NO', 'NO']);
    expect(release.buyer).toEqual({ id: party(release, b.coord).id, name: b.coord.organisation.name });
    expect(release.tender.procuringEntity).toEqual(release.buyer);

    for (const need of b.needs) expect(release.planning.rationale).toContain(need.title);
    // 1000.50 + 2000 for lot 1, 500 + 700.25 for lot 2.
    expect(release.planning.budget.amount).toEqual({ amount: 4200.75, currency: 'NOK' });

    const t = release.tender;
    expect(t).toMatchObject({
      id: p.id,
      status: 'planning',
      procurementMethod: 'open',
      mainProcurementCategory: 'services',
    });
    expect(t.value).toEqual({ amount: 4200.75, currency: 'NOK' });
    expect(t.enquiryPeriod).toBeUndefined();
    expect(t.documents).toBeUndefined(); // absent, not empty
    expect(t.milestones).toBeUndefined();
    const lot1 = p.lots.find((l) => l.number === 1)!;
    const lot2 = p.lots.find((l) => l.number === 2)!;
    expect(t.items).toEqual([
      {
        id: 'item-1',
        description: expect.any(String),
        classification: { scheme: 'CPV', id: '60130000' },
        additionalClassifications: [{ scheme: 'CPV', id: '34121000' }],
        relatedLot: lot1.id,
      },
      {
        id: 'item-2',
        description: expect.any(String),
        classification: { scheme: 'CPV', id: '48000000' },
        relatedLot: lot2.id,
      },
    ]);
    expect(t.lots.map((l: any) => [l.id, l.value])).toEqual([
      [lot1.id, { amount: 3000.5, currency: 'NOK' }],
      [lot2.id, { amount: 1200.25, currency: 'NOK' }],
    ]);

    expect(codesAt(codes, /\.tag$/)).toEqual(['planning']);
    expect(codesAt(codes, /classification\.scheme$|additionalClassifications\[\d+\]\.scheme$/)).toEqual([
      'CPV',
      'CPV',
      'CPV',
    ]);
    expect(codesAt(codes, /\.roles$/).sort()).toEqual(['buyer', 'buyer', 'buyer', 'leadBuyer', 'procuringEntity']);
    // The budget, the tender value and the two lots (the lots extension).
    expect(codesAt(codes, /\.currency$/)).toEqual(['NOK', 'NOK', 'NOK', 'NOK']);
  });

  it('the budget, tender and lot values follow the estimate over the contract period; a dated lot has its period', async () => {
    const b = await world(s);
    const p = await procurement(b);
    const lot1 = p.lots.find((l) => l.number === 1)!;
    const lot2 = p.lots.find((l) => l.number === 2)!;
    // Lot 1's 3000.50 a year over two years and a one-year option: 9001.50. Lot 2 stays as stated.
    await b.coord.client.ok(op.UPDATE_LOT, {
      id: lot1.id,
      input: {
        contractStart: '2027-08-01',
        durationMonths: 24,
        optionCount: 1,
        optionMonths: 12,
        valueBasis: 'ANNUAL',
      },
    });
    await b.coord.client.ok(op.UPDATE_LOT, { id: lot2.id, input: { durationMonths: 12 } });
    const { release } = await exportOf(b.coord, p.id);
    expect(release.planning.budget.amount).toEqual({ amount: 10201.75, currency: 'NOK' });
    expect(release.tender.value).toEqual({ amount: 10201.75, currency: 'NOK' });
    expect(release.tender.lots.map((l: any) => [l.id, l.value, l.contractPeriod])).toEqual([
      [
        lot1.id,
        { amount: 9001.5, currency: 'NOK' },
        {
          startDate: '2027-08-01T00:00:00.000Z',
          endDate: '2029-07-31T00:00:00.000Z',
          maxExtentDate: '2030-07-31T00:00:00.000Z',
        },
      ],
      // No start date, no dates to give.
      [lot2.id, { amount: 1200.25, currency: 'NOK' }, undefined],
    ]);
    // The same number as the threshold assessment, from the same computation.
    const { jointProcurement } = await b.coord.client.ok(op.THRESHOLDS, { id: p.id });
    expect(jointProcurement!.thresholdAssessment.estimatedValue).toEqual({ amount: '10201.75', currency: 'NOK' });
  });

  it('MARKET_DIALOGUE: suppliers as interested parties and enquirers, the enquiry period, only published documents', async () => {
    const b: World = await world(s);
    const p = await procurement(b);
    // A fourth authority joins and withdraws: it is no buyer.
    const c = await s.factories.user();
    await s.factories.membership({ id: b.groupId } as never, c.organisation);
    await b.coord.client.ok(op.ADD_PARTICIPANT, { input: { procurementId: p.id, organisationId: c.organisation.id } });
    await c.client.ok(op.WITHDRAW, { input: { procurementId: p.id, reason: 'Egen avtale.' } });

    await driveTo(b, p.id, 'MARKET_DIALOGUE');
    const deadline = inDays(21);
    await dialogue(b, p.id, { notice: { questionDeadline: deadline } });
    const spec = await addDocument(b, p.id, 'REQUIREMENT_SPECIFICATION', { publish: true, title: 'Utkast til krav' });
    const study = await addDocument(b, p.id, 'MARKET_DIALOGUE_SUMMARY', { publish: true });
    const internal = await addDocument(b, p.id, 'OTHER', { title: 'Internt notat' });

    const [s1, s2, s3] = await Promise.all([s.factories.supplier(), s.factories.supplier(), s.factories.supplier()]);
    await s1.client.ok(op.REGISTER, { id: p.id });
    await s2.client.ok(op.REGISTER, { id: p.id });
    const q1 = (await s1.client.ok(op.ASK, { input: { procurementId: p.id, text: 'Hvor mange elever?' } }))
      .askDialogueQuestion;
    await s1.client.ok(op.ASK, { input: { procurementId: p.id, text: 'Er el-busser et krav?' } });
    await b.coord.client.ok(op.ANSWER, { input: { questionId: q1.id, answer: 'Om lag 1200 elever.' } });

    const { release, codes } = await exportOf(b.coord, p.id);
    expect(release.tag).toEqual(['planningUpdate']);
    expect(release.tender.procurementMethod).toBe('selective');
    expect(rolesOf(release, s1)).toEqual(['enquirer', 'interestedParty']);
    expect(rolesOf(release, s2)).toEqual(['interestedParty']);
    expect(party(release, s3)).toBeUndefined();
    expect(party(release, c)).toBeUndefined();
    expect(rolesOf(release, b.a)).toEqual(['buyer']);
    expect(release.parties).toHaveLength(5);

    const { jointProcurement } = await b.coord.client.ok(DIALOGUE_Q, { id: p.id });
    expect(release.tender.enquiryPeriod).toEqual({
      startDate: new Date(jointProcurement.dialogue.publishedAt).toISOString(),
      endDate: new Date(deadline).toISOString(),
    });
    expect(release.tender.hasEnquiries).toBe(true);

    const docs = release.tender.documents;
    expect(docs.map((d: any) => [d.id, d.documentType, d.title])).toEqual([
      [`${spec.id}-v1`, 'technicalSpecifications', 'Utkast til krav'],
      [`${study.id}-v1`, 'marketStudies', study.title],
    ]);
    expect(JSON.stringify(release)).not.toContain(internal.id);
    for (const d of docs) {
      expect(d.url.startsWith(`${origin(s)}/`)).toBe(true);
      expect(d.language).toBe('nb');
      // The URL works for a registered supplier.
      const download = await fetch(d.url, { headers: { authorization: `Bearer ${s2.token}` } });
      expect(download.status).toBe(200);
      expect(await download.text()).toContain('Innhold.');
    }
    expect(release.tender.milestones).toEqual([
      expect.objectContaining({ type: 'engagement', dueDate: new Date(deadline).toISOString(), status: 'scheduled' }),
    ]);
    expect(codesAt(codes, /documents\[\d+\]\.documentType$/)).toEqual(['technicalSpecifications', 'marketStudies']);
    expect(codesAt(codes, /documents\[\d+\]\.format$/)).toEqual(['text/markdown', 'text/markdown']);
    expect(codesAt(codes, /milestones\[\d+\]\.(type|status)$/)).toEqual(['engagement', 'scheduled']);
  });

  it('COMPETITION: a tender release, limited method for a negotiation without a call, and the tender period', async () => {
    const b = await world(s);
    const p = await procurement(b, { procedureType: 'NEG_WO_CALL', contractType: 'SUPPLIES' });
    await driveTo(b, p.id, 'COMPETITION');
    const { release, codes } = await exportOf(b.a, p.id);
    expect(release.tag).toEqual(['tender']);
    expect(release.tender).toMatchObject({
      status: 'active',
      procurementMethod: 'limited',
      mainProcurementCategory: 'goods',
      hasEnquiries: false,
    });
    const tenderDeadline = release.tender.milestones.find((m: any) => m.type === 'procurement');
    expect(release.tender.tenderPeriod).toEqual({ endDate: tenderDeadline.dueDate });
    expect(codesAt(codes, /milestones\[\d+\]\.type$/).sort()).toEqual(['engagement', 'procurement']);
    expect(codesAt(codes, /tender\.status$/)).toEqual(['active']);
  });

  it('CANCELLED: a tenderCancellation release', async () => {
    const b = await world(s);
    const p = await procurement(b);
    await driveTo(b, p.id, 'NEED_ASSESSMENT');
    await b.coord.client.ok(op.CANCEL, {
      input: { procurementId: p.id, reason: 'Behovet dekkes av en statlig avtale.' },
    });
    const { release, codes } = await exportOf(b.coord, p.id);
    expect(release.tag).toEqual(['tenderCancellation']);
    expect(release.tender.status).toBe('cancelled');
    expect(codesAt(codes, /tender\.status$/)).toEqual(['cancelled']);
  });

  it('CLOSED: the whole way through, with tenders, awards and contracts, still valid', async () => {
    const b = await world(s);
    const p = await procurement(b);
    await b.coord.client.ok(op.SET_MILESTONE, {
      input: { procurementId: p.id, kind: 'CONTRACT_START', dueAt: inDays(60) },
    });
    await driveTo(b, p.id, 'CLOSED');
    const { release } = await exportOf(b.coord, p.id);
    expect(release.tag).toEqual(['award', 'contract']);
    expect(release.tender.status).toBe('complete');
    // The contracts set the contract start and end (contractClose); the awards the standstill end.
    expect(release.tender.milestones.map((m: any) => m.type).sort()).toEqual([
      'contractClose',
      'delivery',
      'engagement',
      'procurement',
      'procurement',
    ]);
    // Every lot awarded (driveTo records a tender from a new supplier) and under contract.
    expect(release.awards).toHaveLength(release.tender.lots.length);
    const supplier = release.awards[0].suppliers[0];
    expect(release.tender).toMatchObject({ numberOfTenderers: 1, tenderers: [supplier] });
    expect(release.parties.find((x: any) => x.id === supplier.id).roles).toEqual(['tenderer', 'supplier']);
    for (const a of release.awards) {
      expect(a).toMatchObject({ status: 'active', relatedLots: [expect.any(String)], value: { currency: 'NOK' } });
      expect(release.contracts.filter((c: any) => c.awardID === a.id)).toHaveLength(1);
    }
    expect(release.contracts[0]).toMatchObject({
      status: 'pending',
      value: { amount: 12000000, currency: 'NOK' },
      documents: [{ documentType: 'contractSigned' }],
    });
    expect(release.contracts[0].period.maxExtentDate > release.contracts[0].period.endDate).toBe(true);
    // Nothing was published to suppliers, so the tender lists no documents (absent, not empty).
    expect(release.tender.documents).toBeUndefined();
    expect(JSON.stringify(release)).not.toMatch(/:""|:\[\]|:\{\}/);
  });
});
