import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSESS_TENDER,
  admittedTender,
  award,
  contractDocument,
  MY_CALL_OFFS,
  noStandstill,
  RECORD_CONTRACT,
  RECORD_NOTIFICATION,
  RECORD_TENDER,
  stage,
  UPDATE_CALL_OFF,
} from './support/contracts.js';
import { norwegianOrgNumber, type TestUser } from './support/factories.js';
import type { InputOf } from './support/graphql.js';
import { day, hex, origin, rows } from './support/helpers.js';
import { OPEN_DECISION } from './support/operations.js';
import { driveTo, withProcurement, type WithProcurement } from './support/procurement.js';
import { startTestServer, type TestServer } from './support/server.js';

/*
 * Tenders, awards, the standstill period, contracts and call-off rights (issue 12, items 2 and 3).
 * `s` has the default thresholds (a standstill of 10 days); `quick` has none, for signing contracts.
 */

let s: TestServer;
let quick: TestServer;

beforeAll(async () => {
  [s, quick] = await Promise.all([startTestServer(), startTestServer(noStandstill())]);
});
afterAll(async () => {
  await Promise.all([s?.close(), quick?.close()]);
});

type Competition = WithProcurement & { lotId: string; sup: TestUser; other: TestUser };

/** A procurement in COMPETITION (its first lot), with two registered suppliers. */
async function competition(server: TestServer): Promise<Competition> {
  const w = await withProcurement(server);
  await driveTo(w, w.procurementId, 'COMPETITION');
  const [sup, other] = await Promise.all([server.factories.supplier(), server.factories.supplier()]);
  const { lots } = await stage(w.coord, w.procurementId);
  return { ...w, lotId: lots[0].id, sup, other };
}

const tenderInput = (
  w: Competition,
  o: Partial<InputOf<typeof RECORD_TENDER>> = {},
): InputOf<typeof RECORD_TENDER> => ({
  lotId: w.lotId,
  supplierId: w.sup.organisation.id,
  receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
  amount: '2750000.50',
  currency: 'NOK',
  ...o,
});

const tenders = (server: TestServer) => rows(server, 'procurement_tender');

describe('tenders', () => {
  it('refuses anonymous callers, outsiders, suppliers and members who do not coordinate, writing nothing', async () => {
    const w = await competition(s);
    const before = await tenders(s);
    expect((await s.anon.fails(RECORD_TENDER, { input: tenderInput(w) })).code).toBe('UNAUTHENTICATED');
    expect((await w.outsider.client.fails(RECORD_TENDER, { input: tenderInput(w) })).code).toBe('NOT_FOUND');
    expect((await w.sup.client.fails(RECORD_TENDER, { input: tenderInput(w) })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(RECORD_TENDER, { input: tenderInput(w) })).code).toBe('FORBIDDEN');
    expect(await tenders(s)).toBe(before);
  });

  it('are recorded only while the competition runs', async () => {
    const w = await withProcurement(s);
    const sup = await s.factories.supplier();
    const { lots } = await stage(w.coord, w.procurementId);
    const refused = await w.coord.client.fails(RECORD_TENDER, {
      input: { ...tenderInput({ ...w, lotId: lots[0].id, sup } as Competition) },
    });
    expect(refused).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['phase COMPETITION'] } });
  });

  it('records a registered supplier, or one that is not on Samverka by its organisation number', async () => {
    const w = await competition(s);
    const { recordTender: known } = await w.coord.client.ok(RECORD_TENDER, { input: tenderInput(w) });
    expect(known).toMatchObject({
      status: 'RECEIVED',
      amount: '2750000.5',
      currency: 'NOK',
      supplier: { id: w.sup.organisation.id, kind: 'SUPPLIER' },
    });
    const number = norwegianOrgNumber();
    const { recordTender: fresh } = await w.coord.client.ok(RECORD_TENDER, {
      input: tenderInput(w, {
        supplierId: null,
        supplier: { name: `Fjordbuss ${hex()} AS`, country: 'NO', organisationNumber: number },
      }),
    });
    expect(fresh.supplier.kind).toBe('SUPPLIER');
    // The same number again finds that organisation: one tender per supplier and lot.
    const again = await w.coord.client.fails(RECORD_TENDER, {
      input: tenderInput(w, {
        supplierId: null,
        supplier: { name: 'Annet navn', country: 'NO', organisationNumber: number },
      }),
    });
    expect(again).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field: 'input.supplier', rule: 'unique' } });
    const list = (await stage(w.coord, w.procurementId)).lots[0].tenders;
    expect(list.map((t) => t.id)).toEqual([known.id, fresh.id]);
  });

  it('names the field and rule of bad input, and writes nothing', async () => {
    const w = await competition(s);
    const authority = w.a.organisation;
    const cases: [string, Partial<InputOf<typeof RECORD_TENDER>>, string, string][] = [
      ['neither supplier', { supplierId: null }, 'input.supplierId', 'oneOf'],
      ['an authority', { supplierId: authority.id }, 'input.supplierId', 'supplier'],
      [
        'a wrong check digit',
        { supplierId: null, supplier: { name: 'X AS', country: 'NO', organisationNumber: '123456789' } },
        'input.supplier.organisationNumber',
        'organisationNumber',
      ],
      [
        "an authority's number",
        {
          supplierId: null,
          supplier: { name: 'X AS', country: authority.country, organisationNumber: authority.organisationNumber },
        },
        'input.supplier.organisationNumber',
        'supplier',
      ],
      ['a future time', { receivedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'input.receivedAt', 'past'],
      ['an amount without currency', { currency: null }, 'input.currency', 'together'],
      ['a negative amount', { amount: '-1' }, 'input.amount', 'min'],
    ];
    const before = await tenders(s);
    for (const [label, input, field, rule] of cases) {
      const refused = await w.coord.client.fails(RECORD_TENDER, { input: tenderInput(w, input) });
      expect([label, refused.code, refused.extensions.field, refused.extensions.rule]).toEqual([
        label,
        'BAD_USER_INPUT',
        field,
        rule,
      ]);
    }
    expect(await tenders(s)).toBe(before);
  });

  it('are admitted or rejected with a reason', async () => {
    const w = await competition(s);
    const { recordTender } = await w.coord.client.ok(RECORD_TENDER, { input: tenderInput(w) });
    const noReason = await w.coord.client.fails(ASSESS_TENDER, {
      input: { tenderId: recordTender.id, status: 'REJECTED' },
    });
    expect(noReason.extensions).toMatchObject({ field: 'input.reason', rule: 'required' });
    const { assessTender } = await w.coord.client.ok(ASSESS_TENDER, {
      input: { tenderId: recordTender.id, status: 'REJECTED', reason: 'Kom for sent.' },
    });
    expect(assessTender).toMatchObject({ status: 'REJECTED', rejectionReason: 'Kom for sent.' });
    expect(
      (await w.a.client.fails(ASSESS_TENDER, { input: { tenderId: recordTender.id, status: 'ADMITTED' } })).code,
    ).toBe('FORBIDDEN');
  });
});

describe('awards', () => {
  const awardInput = (w: Competition, supplierIds: string[]) => ({
    procurementId: w.procurementId,
    title: 'Tildeling delkontrakt 1',
    quorum: 2,
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    award: { lotId: w.lotId, supplierIds },
  });
  const decisions = (server: TestServer) => rows(server, 'decision');

  it('refuses a supplier that did not tender (or was rejected), and several for a single contract', async () => {
    const w = await competition(s);
    const rejected = await admittedTender(w, w.lotId, w.other.organisation.id);
    await w.coord.client.ok(ASSESS_TENDER, {
      input: { tenderId: rejected.id, status: 'REJECTED', reason: 'Ikke kvalifisert.' },
    });
    await admittedTender(w, w.lotId, w.sup.organisation.id);
    const before = await decisions(s);
    const outsider = await s.factories.supplier();
    for (const [ids, field, rule] of [
      [[outsider.organisation.id], 'input.award.supplierIds[0]', 'tendered'],
      [[w.sup.organisation.id, w.other.organisation.id], 'input.award.supplierIds[1]', 'tendered'],
    ] as const) {
      const refused = await w.coord.client.fails(OPEN_DECISION, { input: awardInput(w, [...ids]) });
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', extensions: { field, rule } });
    }
    // Both admitted now: still one supplier only, as the lot is not a framework agreement.
    await w.coord.client.ok(ASSESS_TENDER, { input: { tenderId: rejected.id, status: 'ADMITTED' } });
    const several = await w.coord.client.fails(OPEN_DECISION, {
      input: awardInput(w, [w.sup.organisation.id, w.other.organisation.id]),
    });
    expect(several.extensions).toMatchObject({ field: 'input.award.supplierIds', rule: 'framework' });
    expect(await decisions(s)).toBe(before);
  });

  it('is made by the approved award decision and starts a standstill period that blocks the contract', async () => {
    const w = await competition(s);
    await admittedTender(w, w.lotId, w.sup.organisation.id);
    const decision = await award(w, w.procurementId, w.lotId, [w.sup.organisation.id]);
    const after = await stage(w.coord, w.procurementId);
    const made = after.lots[0].award!;
    expect(made).toMatchObject({
      standstillDays: 10,
      standstillOver: false,
      suppliers: [{ id: w.sup.organisation.id }],
      decision: { id: decision.id },
    });
    expect(new Date(made.standstillEndsAt).getTime() - new Date(made.notifiedAt).getTime()).toBe(10 * 86_400_000);
    expect(after.milestones).toContainEqual({ kind: 'STANDSTILL_END', dueAt: made.standstillEndsAt });
    // A lot is awarded once; its tenders' assessment is fixed now.
    const again = await w.coord.client.fails(OPEN_DECISION, { input: awardInput(w, [w.sup.organisation.id]) });
    expect(again).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['a lot not yet awarded'] } });
    const tender = after.lots[0].tenders[0];
    const fixed = await w.coord.client.fails(ASSESS_TENDER, {
      input: { tenderId: tender.id, status: 'REJECTED', reason: 'Angret.' },
    });
    expect(fixed.extensions.missing).toEqual(['a tender not named in an award']);
    // No contract before the standstill ends, and nothing is written.
    const document = await contractDocument(w, w.procurementId);
    const early = await w.coord.client.fails(RECORD_CONTRACT, {
      input: {
        awardId: made.id,
        supplierId: w.sup.organisation.id,
        amount: '12000000',
        currency: 'NOK',
        startDate: day(30),
        durationMonths: 48,
        signedOn: day(0),
        documentId: document.id,
      },
    });
    expect(early).toMatchObject({ code: 'INVALID_STATE', extensions: { missing: ['the standstill period ended'] } });
    expect(await rows(s, 'procurement_contract WHERE award_id = $1', [made.id])).toBe(0);
    // A later notification moves the end; it cannot precede the award.
    const tooEarly = await w.coord.client.fails(RECORD_NOTIFICATION, {
      input: { awardId: made.id, notifiedAt: new Date(new Date(made.awardedAt).getTime() - 1000).toISOString() },
    });
    expect(tooEarly.extensions).toMatchObject({ field: 'input.notifiedAt', rule: 'afterAward' });
  });

  it('a rejected award decision awards nothing', async () => {
    const w = await competition(s);
    await admittedTender(w, w.lotId, w.sup.organisation.id);
    const { openDecision } = await w.coord.client.ok(OPEN_DECISION, { input: awardInput(w, [w.sup.organisation.id]) });
    expect(openDecision.gate).toBe('CONTRACT_FOLLOW_UP');
    const { closeDecision } = await w.coord.client.ok(
      `mutation($id: ID!) { closeDecision(id: $id) { outcome approved } }`,
      { id: openDecision.id },
    );
    expect(closeDecision.approved).toBe(false);
    expect((await stage(w.coord, w.procurementId)).lots[0].award).toBeNull();
  });
});

describe('contracts', () => {
  async function awarded(): Promise<Competition & { awardId: string; documentId: string }> {
    const w = await competition(quick);
    await admittedTender(w, w.lotId, w.sup.organisation.id);
    await award(w, w.procurementId, w.lotId, [w.sup.organisation.id]);
    const { lots } = await stage(w.coord, w.procurementId);
    const document = await contractDocument(w, w.procurementId);
    return { ...w, awardId: lots[0].award!.id, documentId: document.id };
  }
  const contractInput = (
    w: Awaited<ReturnType<typeof awarded>>,
    o: Partial<InputOf<typeof RECORD_CONTRACT>> = {},
  ): InputOf<typeof RECORD_CONTRACT> => ({
    awardId: w.awardId,
    supplierId: w.sup.organisation.id,
    reference: 'KS-2027/14',
    amount: '12000000',
    currency: 'NOK',
    startDate: '2027-01-01',
    durationMonths: 48,
    optionCount: 2,
    optionMonths: 12,
    signedOn: day(0),
    documentId: w.documentId,
    ...o,
  });

  it('refuses bad periods, other suppliers and documents, naming the field and rule, and writes nothing', async () => {
    const w = await awarded();
    const cases: [Partial<InputOf<typeof RECORD_CONTRACT>>, string, string][] = [
      [{ durationMonths: 0 }, 'input.durationMonths', 'min'],
      [{ durationMonths: 601 }, 'input.durationMonths', 'max'],
      [{ optionMonths: null }, 'input.optionMonths', 'required'],
      [{ durationMonths: 500, optionMonths: 60 }, 'input.optionMonths', 'maxTotal'],
      [{ supplierId: w.other.organisation.id }, 'input.supplierId', 'awarded'],
      [{ signedOn: day(30) }, 'input.signedOn', 'past'],
      [{ amount: '1.234' }, 'input.amount', 'precision'],
    ];
    for (const [input, field, rule] of cases) {
      const refused = await w.coord.client.fails(RECORD_CONTRACT, { input: contractInput(w, input) });
      expect([refused.code, refused.extensions.field, refused.extensions.rule]).toEqual([
        'BAD_USER_INPUT',
        field,
        rule,
      ]);
    }
    const { createDocument } = await w.coord.client.ok(
      `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }`,
      {
        input: {
          groupId: w.groupId,
          procurementId: w.procurementId,
          kind: 'OTHER',
          language: 'nb',
          title: 'Notat',
          text: 'x',
        },
      },
    );
    const notContract = await w.coord.client.fails(RECORD_CONTRACT, {
      input: contractInput(w, { documentId: createDocument.id }),
    });
    expect(notContract.extensions).toMatchObject({ field: 'input.documentId', rule: 'contractDocument' });
    expect((await w.a.client.fails(RECORD_CONTRACT, { input: contractInput(w) })).code).toBe('FORBIDDEN');
    expect((await stage(w.coord, w.procurementId)).contracts).toEqual([]);
  });

  it('records one contract per awarded supplier, with call-off rights for the authorities whose mandates cover the lot', async () => {
    const w = await awarded();
    const { recordContract } = await w.coord.client.ok(RECORD_CONTRACT, { input: contractInput(w) });
    expect(recordContract).toMatchObject({
      amount: '12000000',
      startDate: '2027-01-01',
      endsOn: '2030-12-31',
      endsOnWithOptions: '2032-12-31',
      maxDurationMonths: 72,
      reference: 'KS-2027/14',
      supplier: { id: w.sup.organisation.id },
      document: { id: w.documentId, kind: 'CONTRACT' },
    });
    // driveTo signed member a's mandate for every lot; it holds an own agreement (no framework).
    expect(recordContract.callOffRights).toEqual([
      {
        kind: 'OWN_AGREEMENT',
        status: 'NOT_STARTED',
        reference: null,
        startsOn: null,
        note: '',
        organisation: { id: w.a.organisation.id },
      },
    ]);
    // The contract period is the procurement's from now on: its start and end milestones follow it.
    const { milestones } = await stage(w.coord, w.procurementId);
    expect(milestones).toContainEqual({ kind: 'CONTRACT_START', dueAt: '2027-01-01T00:00:00.000Z' });
    expect(milestones).toContainEqual({ kind: 'CONTRACT_END', dueAt: '2030-12-31T00:00:00.000Z' });
    const twice = await w.coord.client.fails(RECORD_CONTRACT, { input: contractInput(w) });
    expect(twice).toMatchObject({
      code: 'INVALID_STATE',
      extensions: { missing: ['one contract per awarded supplier'] },
    });
    expect((await stage(w.coord, w.procurementId)).contracts).toHaveLength(1);
  });

  it('each authority administers its own call-off right, also once the procurement has closed', async () => {
    const w = await awarded();
    const { recordContract } = await w.coord.client.ok(RECORD_CONTRACT, { input: contractInput(w) });
    const update = (by: TestUser, o: Partial<InputOf<typeof UPDATE_CALL_OFF>> = {}) =>
      by.client.fails(UPDATE_CALL_OFF, { input: { contractId: recordContract.id, status: 'ACTIVE', ...o } });
    // The coordinator's authority holds none (it did not sign here); b holds none; the coordinator cannot act for a.
    expect((await update(w.b)).extensions).toMatchObject({ field: 'input.organisationId', rule: 'holder' });
    expect((await update(w.coord, { organisationId: w.a.organisation.id })).extensions).toMatchObject({
      field: 'input.organisationId',
      rule: 'own',
    });
    expect((await s.anon.fails(UPDATE_CALL_OFF, { input: { contractId: recordContract.id } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await update(w.sup)).code).toBe('NOT_FOUND');
    await driveTo(w, w.procurementId, 'CLOSED');
    const { updateCallOffRight } = await w.a.client.ok(UPDATE_CALL_OFF, {
      input: {
        contractId: recordContract.id,
        status: 'ACTIVE',
        reference: 'Avtale 2027-3',
        startsOn: '2027-02-01',
        note: 'Avropt for skole A.',
      },
    });
    expect(updateCallOffRight).toMatchObject({ status: 'ACTIVE', reference: 'Avtale 2027-3', startsOn: '2027-02-01' });
    const { myCallOffRights } = await w.a.client.ok(MY_CALL_OFFS);
    expect(myCallOffRights).toContainEqual(
      expect.objectContaining({ status: 'ACTIVE', contract: expect.objectContaining({ id: recordContract.id }) }),
    );
    expect((await w.b.client.ok(MY_CALL_OFFS)).myCallOffRights.some((r) => r.contract.id === recordContract.id)).toBe(
      false,
    );
  });

  it('a framework lot is awarded to several suppliers, each with its own framework agreement', async () => {
    const w = await withProcurement(quick);
    const { lots } = await stage(w.coord, w.procurementId);
    await w.coord.client.ok(
      `mutation($id: ID!, $input: UpdateLotInput!) { updateProcurementLot(id: $id, input: $input) { id } }`,
      { id: lots[0].id, input: { frameworkAgreement: true } },
    );
    await driveTo(w, w.procurementId, 'COMPETITION');
    const [one, two] = await Promise.all([quick.factories.supplier(), quick.factories.supplier()]);
    await admittedTender(w, lots[0].id, one.organisation.id);
    await admittedTender(w, lots[0].id, two.organisation.id);
    await award(w, w.procurementId, lots[0].id, [one.organisation.id, two.organisation.id]);
    const made = (await stage(w.coord, w.procurementId)).lots[0].award!;
    const document = await contractDocument(w, w.procurementId);
    for (const supplier of [one, two]) {
      const { recordContract } = await w.coord.client.ok(RECORD_CONTRACT, {
        input: {
          awardId: made.id,
          supplierId: supplier.organisation.id,
          amount: '5000000',
          currency: 'NOK',
          startDate: '2027-01-01',
          durationMonths: 24,
          signedOn: day(0),
          documentId: document.id,
        },
      });
      expect(recordContract.callOffRights.map((r) => r.kind)).toEqual(['CALL_OFF']);
    }
    expect((await stage(w.coord, w.procurementId)).checklist.find((i) => i.key === 'CONTRACT')?.done).toBe(true);
  });
});

describe('the tenders export', () => {
  const download = async (server: TestServer, path: string, token?: string) => {
    const res = await fetch(`${origin(server)}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { res, body: Buffer.from(await res.arrayBuffer()) };
  };

  it('lists the tenders per lot for the buyers in their language, as CSV and XLSX; suppliers get nothing', async () => {
    const w = await competition(s);
    await admittedTender(w, w.lotId, w.sup.organisation.id, '2750000.5');
    const { recordTender: late } = await w.coord.client.ok(RECORD_TENDER, {
      input: tenderInput(w, { supplierId: w.other.organisation.id, amount: null, currency: null }),
    });
    await w.coord.client.ok(ASSESS_TENDER, {
      input: { tenderId: late.id, status: 'REJECTED', reason: 'Kom for sent.' },
    });
    await award(w, w.procurementId, w.lotId, [w.sup.organisation.id]);
    await w.a.client.ok(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
      input: { locale: 'sv' },
    });
    const path = `/procurements/${w.procurementId}/tenders`;

    const csv = await download(s, `${path}.csv`, w.a.token);
    expect(csv.res.status).toBe(200);
    expect(csv.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...lines] = parse(csv.body, { bom: true, delimiter: ';' }) as string[][];
    expect(header.slice(0, 3)).toEqual(['Delkontrakt', 'Delkontraktets namn', 'Leverantör']);
    expect(lines.map((l) => [l[2], l[5], l[6], l[7], l[9]])).toEqual([
      // As they arrived: the late one an hour ago, the winner a minute ago.
      [w.other.organisation.name, 'Förkastat', 'Kom for sent.', '', ''],
      [w.sup.organisation.name, 'Godtaget', '', '2750000,50', 'Ja'],
    ]);

    const xlsx = await download(s, `${path}.xlsx`, w.coord.token);
    expect(xlsx.res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const row = workbook.worksheets[0].getRow(3);
    expect(row.getCell(3).value).toBe(w.sup.organisation.name);
    expect(row.getCell(8).value).toBe(2750000.5);

    expect((await download(s, `${path}.csv`)).res.status).toBe(401);
    expect((await download(s, `${path}.csv`, w.sup.token)).res.status).toBe(404);
    expect((await download(s, `${path}.xlsx`, w.outsider.token)).res.status).toBe(404);
  });
});
