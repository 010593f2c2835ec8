import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Country } from '../server/modules/organisations/organisation.entity.js';
import { registerAndVerify } from './support/accounts.js';
import { swedishOrgNumber, type TestUser } from './support/factories.js';
import { gql } from './support/graphql.js';
import { hex, origin } from './support/helpers.js';
import * as op from './support/operations.js';
import { startTestServer, type TestServer } from './support/server.js';
import { procurement, world, type World } from './support/world.js';

const PROFILE = gql(`mutation($input: UpdateProfileInput!) {
  updateProfile(input: $input) { id locale timeZone }
}`);
const VIEWER = gql(`query { viewer { id timeZone } timeZones }`);
const EXPORTS = gql(`query($id: ID!) {
  jointProcurement(id: $id) { id historyCsvUrl exports { kind format url } }
}`);
const HISTORY = gql(`query($id: ID!) {
  jointProcurement(id: $id) { id history(first: 100) { nodes { id at type actorName actorOrganisationName summary } } }
}`);

let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

/** The letters a Nordic export must keep: æ ø å in the Norwegian name, å ä ö in the Swedish one. */
const NO_NAME = 'Særøy, Ørland og Vågå kommune';
const SE_NAME = 'Höörs, Älmhults och Skånes kommun';
const TITLE = 'Skolskjuts "felles" för alla';

/**
 * A Norwegian coordinator, a Swedish member (a) and a Norwegian one (b), each stating values per
 * lot (one lot per need: a 1000.50 and 500, b 2000 and 700.25, in NOK); the coordinator states EUR
 * 250.75 for lot 1 on top. Two milestones either side of the switch to summer time in 2030
 * (31 March, 01:00 UTC), then the procurement moves on to need assessment.
 */
async function story(): Promise<{ w: World; id: string }> {
  const w = await world(s, {
    coordName: '=Kari Nordmann',
    coordOrg: { name: `${NO_NAME} ${hex()}` },
    members: {
      a: { organisation: { name: `${SE_NAME} ${hex()}`, country: Country.SE, organisationNumber: swedishOrgNumber() } },
      b: {},
    },
  });
  const { id, lots } = await procurement(w, { title: TITLE });
  await w.coord.client.ok(op.SET_VALUE, { input: { lotId: lots[0].id, amount: '250.75', currency: 'EUR' } });
  await w.coord.client.ok(op.SET_MILESTONE, {
    input: { procurementId: id, kind: 'TENDER_DEADLINE', dueAt: '2030-03-31T00:30:00.000Z' },
  });
  await w.coord.client.ok(op.SET_MILESTONE, {
    input: { procurementId: id, kind: 'QUESTION_DEADLINE', dueAt: '2030-03-31T01:30:00.000Z' },
  });
  await w.coord.client.ok(op.ADVANCE, { input: { procurementId: id, from: 'ANCHORING' } });
  return { w, id };
}

const get = (path: string, token?: string) =>
  fetch(`${origin(s)}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function download(path: string, u: TestUser): Promise<{ res: Response; body: Buffer }> {
  const res = await get(path, u.token);
  expect(res.status, await res.clone().text()).toBe(200);
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The CSV as a spreadsheet reads it: the byte-order mark checked and dropped, fields split by `delimiter`. */
function readCsv(body: Buffer, delimiter: string): string[][] {
  expect(body.subarray(0, 3)).toEqual(BOM);
  return parse(body, { bom: true, delimiter }) as string[][];
}

/** The first worksheet's rows as exceljs reads them (cell values, from column 1). */
async function readXlsx(body: Buffer): Promise<{ sheet: ExcelJS.Worksheet; rows: ExcelJS.CellValue[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return { sheet, rows };
}

const setProfile = (u: TestUser, input: { locale?: 'nb' | 'sv' | 'en'; timeZone?: string }) =>
  u.client.ok(PROFILE, { input });

/** What a clock in `timeZone` showed at `iso`, as YYYY-MM-DD HH:mm:ss (Swedish formatting is ISO-like). */
const clock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));

/** A Date read from an XLSX cell (its UTC fields are the wall clock) as YYYY-MM-DD HH:mm:ss. */
const cellClock = (d: unknown) => (d as Date).toISOString().slice(0, 19).replace('T', ' ');

describe('who may download the exports', () => {
  it('answers 401 anonymous, 404 outsiders and suppliers, 403 members for the history; members read values', async () => {
    const { w, id } = await story();
    const [outsider, supplier] = await Promise.all([s.factories.user(), s.factories.supplier()]);
    for (const file of ['history.csv', 'history.xlsx', 'values.csv', 'values.xlsx']) {
      const anon = await get(`/procurements/${id}/${file}`);
      expect(anon.status).toBe(401);
      expect(((await anon.json()) as any).error.code).toBe('UNAUTHENTICATED');
      expect((await get(`/procurements/${id}/${file}`, outsider.token)).status).toBe(404);
      const bySupplier = await get(`/procurements/${id}/${file}`, supplier.token);
      expect(bySupplier.status).toBe(404);
      expect(((await bySupplier.json()) as any).error.code).toBe('NOT_FOUND');
    }
    for (const file of ['history.csv', 'history.xlsx']) {
      const member = await get(`/procurements/${id}/${file}`, w.a.token);
      expect(member.status).toBe(403);
      expect(((await member.json()) as any).error.code).toBe('FORBIDDEN');
    }
    expect((await get(`/procurements/${id}/values.xlsx`, w.a.token)).status).toBe(200);
    // A name that is no export is no route of this one.
    expect((await get(`/procurements/${id}/secrets.csv`, w.coord.token)).status).toBe(404);
    expect((await get(`/procurements/${id}/history.pdf`, w.coord.token)).status).toBe(404);
  });

  it('lists in GraphQL the downloads the viewer may fetch; the old historyCsvUrl still works', async () => {
    const { w, id } = await story();
    const coord = (await w.coord.client.ok(EXPORTS, { id })).jointProcurement;
    expect(coord.exports).toEqual([
      { kind: 'HISTORY', format: 'CSV', url: `/procurements/${id}/history.csv` },
      { kind: 'HISTORY', format: 'XLSX', url: `/procurements/${id}/history.xlsx` },
      { kind: 'VALUES', format: 'CSV', url: `/procurements/${id}/values.csv` },
      { kind: 'VALUES', format: 'XLSX', url: `/procurements/${id}/values.xlsx` },
      { kind: 'TENDERS', format: 'CSV', url: `/procurements/${id}/tenders.csv` },
      { kind: 'TENDERS', format: 'XLSX', url: `/procurements/${id}/tenders.xlsx` },
    ]);
    expect(coord.historyCsvUrl).toBe(`/procurements/${id}/history.csv`);
    const member = (await w.a.client.ok(EXPORTS, { id })).jointProcurement;
    expect(member.exports.map((e) => `${e.kind}.${e.format}`)).toEqual([
      'VALUES.CSV',
      'VALUES.XLSX',
      'TENDERS.CSV',
      'TENDERS.XLSX',
    ]);
  });
});

describe('the history export', () => {
  it('is a CSV with a BOM, `;` and the Norwegian words for a nb user; letters, quotes and the formula guard intact', async () => {
    const { w, id } = await story();
    const { jointProcurement } = await w.coord.client.ok(HISTORY, { id });
    const entries = jointProcurement.history.nodes;
    const { res, body } = await download(`/procurements/${id}/history.csv`, w.coord);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const cd = res.headers.get('content-disposition')!;
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''/);
    // The title's quotes cannot be in a file name on every system.
    expect(decodeURIComponent(/filename\*=UTF-8''([^;\s]+)/.exec(cd)![1])).toBe(
      'Historikk - Skolskjuts felles för alla.csv',
    );
    const rows = readCsv(body, ';');
    expect(rows[0]).toEqual([
      'Hendelse',
      'Tidspunkt (Europe/Oslo)',
      'Fase',
      'Hvem',
      'Organisasjon',
      'Hendelsestype',
      'Hva',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[5]])).toEqual(entries.map((e) => [e.id, e.type]));
    const byType = (type: string) => rows.find((r) => r[5] === type)!;
    expect(byType('procurement.created')).toEqual([
      expect.any(String),
      clock(entries[0].at, 'Europe/Oslo'),
      'Forankring',
      // A name starting with = is text to a spreadsheet, never a formula.
      "'=Kari Nordmann",
      w.coord.organisation.name,
      'procurement.created',
      `Opprettet anskaffelsen «${TITLE}»`,
    ]);
    expect(w.coord.organisation.name).toContain(NO_NAME);
    expect(byType('procurement.phase_changed').slice(2, 3)).toEqual(['Behovsavklaring']);
    expect(byType('procurement.phase_changed')[6]).toBe('Gikk videre fra Forankring til Behovsavklaring');
    expect(byType('lot.value_set')[6]).toBe(`Oppga verdien av en delkontrakt for ${w.coord.organisation.name}`);
    // Oslo is an hour ahead of UTC before the switch to summer time, two after.
    const milestones = rows.filter((r) => r[5] === 'milestone.set').map((r) => r[6]);
    expect(milestones).toEqual([
      'Satte milepælen «Tilbudsfrist» til 2030-03-31 01:30',
      'Satte milepælen «Frist for spørsmål» til 2030-03-31 03:30',
    ]);
    // The raw bytes are UTF-8: the letters are there as written, not as "SkÃ¥ne".
    const raw = body.toString('utf8');
    expect(raw).toContain(NO_NAME);
    expect(raw).toContain('«Skolskjuts ""felles"" för alla»"');
    expect(raw).not.toContain('Ã');
  });

  it('speaks Swedish to a sv user in Europe/Stockholm, in CSV and XLSX, with the right local hours', async () => {
    const { w, id } = await story();
    const stockholm = await s.factories.user({ organisation: w.coord.organisation, displayName: 'Åsa Öberg' });
    expect((await setProfile(stockholm, { locale: 'sv', timeZone: 'Europe/Stockholm' })).updateProfile).toMatchObject({
      locale: 'sv',
      timeZone: 'Europe/Stockholm',
    });
    const entries = (await stockholm.client.ok(HISTORY, { id })).jointProcurement.history.nodes;

    const csv = readCsv((await download(`/procurements/${id}/history.csv`, stockholm)).body, ';');
    expect(csv[0]).toEqual([
      'Händelse',
      'Tidpunkt (Europe/Stockholm)',
      'Fas',
      'Vem',
      'Organisation',
      'Händelsetyp',
      'Vad',
    ]);
    expect(csv.slice(1).map((r) => r[1])).toEqual(entries.map((e) => clock(e.at, 'Europe/Stockholm')));
    const changed = csv.find((r) => r[5] === 'procurement.phase_changed')!;
    expect([changed[2], changed[6]]).toEqual(['Behovsanalys', 'Gick vidare från Förankring till Behovsanalys']);
    expect(csv.filter((r) => r[5] === 'milestone.set').map((r) => r[6])).toEqual([
      'Satte milstolpen ”Sista anbudsdag” till 2030-03-31 01:30',
      'Satte milstolpen ”Sista dag för frågor” till 2030-03-31 03:30',
    ]);

    const { res, body } = await download(`/procurements/${id}/history.xlsx`, stockholm);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toMatch(/filename="Historik - Skolskjuts felles for alla\.xlsx"/);
    const { sheet, rows } = await readXlsx(body);
    expect(sheet.name).toBe('Historik');
    expect(rows[0]).toEqual([
      'Händelse',
      'Tidpunkt (Europe/Stockholm)',
      'Fas',
      'Vem',
      'Organisation',
      'Händelsetyp',
      'Vad',
    ]);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // Real cells: the event number a number, the time a date showing the Stockholm wall clock.
    expect(rows.slice(1).map((r) => r[0])).toEqual(entries.map((e) => Number(e.id)));
    expect(rows.slice(1).map((r) => cellClock(r[1]))).toEqual(entries.map((e) => clock(e.at, 'Europe/Stockholm')));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    const created = rows.find((r) => r[5] === 'procurement.created')!;
    // In XLSX a string cell is never a formula: the name stays as written.
    expect(created.slice(2)).toEqual([
      'Förankring',
      '=Kari Nordmann',
      w.coord.organisation.name,
      'procurement.created',
      `Skapade upphandlingen ”${TITLE}”`,
    ]);
  });

  it('is comma-separated with a BOM for an en user, in English words; the GraphQL summary is unchanged', async () => {
    const { w, id } = await story();
    await setProfile(w.coord, { locale: 'en', timeZone: 'America/New_York' });
    const entries = (await w.coord.client.ok(HISTORY, { id })).jointProcurement.history.nodes;
    const rows = readCsv((await download(`/procurements/${id}/history.csv`, w.coord)).body, ',');
    expect(rows[0]).toEqual(['Event', 'Time (America/New_York)', 'Phase', 'Who', 'Organisation', 'Event type', 'What']);
    const changed = rows.find((r) => r[5] === 'procurement.phase_changed')!;
    expect(changed[6]).toBe('Moved from Anchoring to Need assessment');
    expect(entries.find((e) => e.type === 'procurement.phase_changed')!.summary).toBe(
      'Moved from ANCHORING to NEED_ASSESSMENT',
    );
    expect(rows.slice(1).map((r) => r[1])).toEqual(entries.map((e) => clock(e.at, 'America/New_York')));
  });
});

describe('the values export', () => {
  it('gives each authority its value per lot, with sums per lot and currency, as numbers in the XLSX', async () => {
    const { w, id } = await story();
    await setProfile(w.a, { locale: 'sv' });
    const { res, body } = await download(`/procurements/${id}/values.xlsx`, w.a);
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''Angivna%20v%C3%A4rden/);
    const { sheet, rows } = await readXlsx(body);
    expect(sheet.name).toBe('Angivna värden');
    expect(rows[0]).toEqual([
      'Delområde',
      'Delområdets namn',
      'Upphandlande myndighet',
      'Organisationsnummer',
      'Fullmakt',
      'Belopp',
      'Valuta',
    ]);
    const [lot1, lot2] = [rows[1][1], rows.find((r) => r[0] === 2)![1]] as string[];
    const no = w.coord.organisation;
    const se = w.a.organisation;
    const nb = w.b.organisation;
    const value = (lot: number, title: string, org: typeof no, amount: number, currency: string) => [
      lot,
      title,
      org.name,
      org.organisationNumber,
      'Begärd',
      amount,
      currency,
    ];
    // Swedish order within a lot: "Höörs ..." before "Särøy ..." before "Testkommune ..."; sums after each lot.
    const lot1Rows = [
      value(1, lot1, se, 1000.5, 'NOK'),
      value(1, lot1, no, 250.75, 'EUR'),
      value(1, lot1, nb, 2000, 'NOK'),
    ];
    lot1Rows.sort((x, y) => new Intl.Collator('sv').compare(x[2] as string, y[2] as string));
    expect(rows.slice(1)).toEqual(
      [
        ...lot1Rows,
        [1, lot1, 'Summa (1 myndighet)', null, null, 250.75, 'EUR'],
        [1, lot1, 'Summa (2 myndigheter)', null, null, 3000.5, 'NOK'],
        ...[value(2, lot2, se, 500, 'NOK'), value(2, lot2, nb, 700.25, 'NOK')].sort((x, y) =>
          new Intl.Collator('sv').compare(x[2] as string, y[2] as string),
        ),
        [2, lot2, 'Summa (2 myndigheter)', null, null, 1200.25, 'NOK'],
        [null, null, 'Totalt (1 myndighet)', null, null, 250.75, 'EUR'],
        [null, null, 'Totalt (2 myndigheter)', null, null, 4200.75, 'NOK'],
      ].map((r) => r.map((c) => (c === null ? undefined : c))),
    );
    expect(se.name).toContain(SE_NAME);
    const amountCell = sheet.getCell('F2');
    expect(typeof amountCell.value).toBe('number');
    expect(amountCell.numFmt).toBe('#,##0.00');
    const sumRow = rows.findIndex((r) => r[2] === 'Summa (2 myndigheter)') + 1;
    expect(sheet.getRow(sumRow).getCell(6).font?.bold).toBe(true);
  });

  it('writes decimal commas after `;` for Nordic users and exact decimal points for en', async () => {
    const { w, id } = await story();
    const nb = readCsv((await download(`/procurements/${id}/values.csv`, w.b)).body, ';');
    expect(nb[0]).toEqual([
      'Delkontrakt',
      'Delkontraktens tittel',
      'Oppdragsgiver',
      'Organisasjonsnummer',
      'Fullmakt',
      'Beløp',
      'Valuta',
    ]);
    expect(nb.find((r) => r[2] === w.a.organisation.name && r[0] === '1')!.slice(4)).toEqual([
      'Etterspurt',
      '1000,50',
      'NOK',
    ]);
    expect(nb.find((r) => r[2] === 'Totalt (2 oppdragsgivere)')!.slice(5)).toEqual(['4200,75', 'NOK']);
    expect(nb.flat().join('')).toContain(SE_NAME);

    await setProfile(w.b, { locale: 'en' });
    const en = readCsv((await download(`/procurements/${id}/values.csv`, w.b)).body, ',');
    expect(en[0][5]).toBe('Amount');
    expect(en.find((r) => r[2] === 'Total (2 authorities)')!.slice(5)).toEqual(['4200.75', 'NOK']);
  });

  it('leaves a withdrawn authority out of the sums, its row marked by its mandate', async () => {
    const { w, id } = await story();
    await w.b.client.ok(op.WITHDRAW, { input: { procurementId: id, reason: 'Ikke i år.' } });
    const rows = readCsv((await download(`/procurements/${id}/values.csv`, w.coord)).body, ';');
    expect(rows.find((r) => r[2] === w.b.organisation.name && r[0] === '1')![4]).toBe('Trukket');
    expect(rows.find((r) => r[2] === 'Totalt (1 oppdragsgiver)' && r[6] === 'NOK')!.slice(5)).toEqual([
      '1500,50',
      'NOK',
    ]);
  });
});

describe('the time zone in the profile', () => {
  it('is set at registration from the country, listed in timeZones, changed by updateProfile', async () => {
    const org = await s.factories.organisation({
      country: Country.SE,
      organisationNumber: swedishOrgNumber(),
      requiresApproval: false,
    });
    const email = `ny-${hex()}@${org.emailDomains[0]}`;
    const { session } = await registerAndVerify(s, { email, organisationId: org.id });
    const client = s.as(session!.token);
    const { viewer, timeZones } = await client.ok(VIEWER);
    expect(viewer!.timeZone).toBe('Europe/Stockholm');
    expect(timeZones).toEqual(expect.arrayContaining(['Europe/Oslo', 'Europe/Helsinki', 'UTC']));
    const { updateProfile } = await client.ok(PROFILE, { input: { timeZone: 'Europe/Helsinki' } });
    expect(updateProfile.timeZone).toBe('Europe/Helsinki');
  });

  it('refuses a time zone that is none with BAD_USER_INPUT naming input.timeZone, and changes nothing', async () => {
    const u = await s.factories.user();
    for (const timeZone of ['Europe/Atlantis', 'CET+1', '', 'europe/oslo']) {
      const err = await u.client.fails(PROFILE, { input: { timeZone, locale: 'sv' } });
      expect([err.code, err.extensions.field, err.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        'input.timeZone',
        'timeZone',
      ]);
    }
    expect((await u.client.ok(VIEWER)).viewer).toMatchObject({ timeZone: 'Europe/Oslo' });
    expect((await u.client.ok(`{ viewer { locale } }`)).viewer.locale).toBe('nb');
    expect((await s.anon.fails(VIEWER)).code).toBe('UNAUTHENTICATED');
  });
});
