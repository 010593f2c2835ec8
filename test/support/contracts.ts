import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_THRESHOLDS_FILE } from '../../server/modules/procurements/procurement.thresholds.js';
import { norwegianOrgNumber, type TestUser } from './factories.js';
import { gql } from './graphql.js';
import { day, hex } from './helpers.js';
import { CAST_VOTE, CLOSE_DECISION, CREATE_DOC, OPEN_DECISION } from './operations.js';
import type { Buyers } from './world.js';

/**
 * Tenders, awards and contracts through the API, for the tests that take a procurement past its
 * competition: record a tender, award a lot through an award decision, sign the contract.
 */

export const TENDER = gql(`fragment Tender on Tender {
  id status amount currency receivedAt rejectionReason supplier { id name kind } lot { id number }
}`);
export const AWARD = gql(`fragment Award on Award {
  id awardedAt notifiedAt standstillEndsAt standstillDays standstillOver
  lot { id number } suppliers { id name } decision { id }
}`);
export const CONTRACT = gql(`fragment Contract on Contract {
  id amount currency startDate durationMonths optionCount optionMonths endsOn endsOnWithOptions maxDurationMonths
  signedOn reference supplier { id } award { id } lot { id } document { id kind }
  callOffRights { kind status reference startsOn note organisation { id } }
}`);

export const RECORD_TENDER = gql(`mutation($input: RecordTenderInput!) { recordTender(input: $input) { ...Tender } }`, [
  TENDER,
]);
export const ASSESS_TENDER = gql(`mutation($input: AssessTenderInput!) { assessTender(input: $input) { ...Tender } }`, [
  TENDER,
]);
export const RECORD_NOTIFICATION = gql(
  `mutation($input: RecordAwardNotificationInput!) { recordAwardNotification(input: $input) { ...Award } }`,
  [AWARD],
);
export const RECORD_CONTRACT = gql(
  `mutation($input: RecordContractInput!) { recordContract(input: $input) { ...Contract } }`,
  [CONTRACT],
);
export const UPDATE_CALL_OFF = gql(
  `mutation($input: UpdateCallOffRightInput!) {
    updateCallOffRight(input: $input) { kind status reference startsOn note organisation { id } }
  }`,
);
export const MY_CALL_OFFS = gql(`query {
  myCallOffRights { kind status organisation { id } contract { id procurement { id title } lot { number } } }
}`);
export const STAGE = gql(
  `query($id: ID!) {
    jointProcurement(id: $id) {
      id phase
      lots { id number frameworkAgreement tenders { ...Tender } award { ...Award } }
      awards { ...Award }
      contracts { ...Contract }
      checklist { key done }
      milestones { kind dueAt }
    }
  }`,
  [TENDER, AWARD, CONTRACT],
);

/**
 * Server settings with no standstill period (0 days in every country), for tests that sign a
 * contract right after the award: a real standstill is 10 days, which no test waits for.
 */
export function noStandstill(): Record<string, string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'samverka-thresholds-')), 'thresholds.json');
  const thresholds = JSON.parse(readFileSync(DEFAULT_THRESHOLDS_FILE, 'utf8')) as {
    countries: Record<string, { standstillDays?: number }>;
  };
  for (const country of Object.values(thresholds.countries)) country.standstillDays = 0;
  writeFileSync(file, JSON.stringify(thresholds));
  return { THRESHOLDS_FILE: file };
}

export const stage = async (by: TestUser, procurementId: string) =>
  (await by.client.ok(STAGE, { id: procurementId })).jointProcurement;

/** The coordinator records an admitted tender from `supplier` (a SUPPLIER organisation) for the lot. */
export async function admittedTender(w: Buyers, lotId: string, supplierId: string, amount = '2500000') {
  const { recordTender } = await w.coord.client.ok(RECORD_TENDER, {
    input: { lotId, supplierId, receivedAt: new Date(Date.now() - 60_000).toISOString(), amount, currency: 'NOK' },
  });
  return (await w.coord.client.ok(ASSESS_TENDER, { input: { tenderId: recordTender.id, status: 'ADMITTED' } }))
    .assessTender;
}

/** An award decision for the lot, voted through by the coordinator's authority and member a, closed now. */
export async function award(w: Buyers & { a: TestUser }, procurementId: string, lotId: string, supplierIds: string[]) {
  const { openDecision } = await w.coord.client.ok(OPEN_DECISION, {
    input: {
      procurementId,
      title: `Tildeling ${hex()}`,
      quorum: 2,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      award: { lotId, supplierIds },
    },
  });
  await w.coord.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  await w.a.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  const { closeDecision } = await w.coord.client.ok(CLOSE_DECISION, { id: openDecision.id });
  if (!closeDecision.approved) throw new Error(`award not approved: ${JSON.stringify(closeDecision)}`);
  return closeDecision;
}

/** A CONTRACT document of the procurement, for recordContract. */
export async function contractDocument(w: Buyers, procurementId: string) {
  const { createDocument } = await w.coord.client.ok(CREATE_DOC, {
    input: {
      groupId: w.groupId,
      procurementId,
      kind: 'CONTRACT',
      language: 'nb',
      title: `Kontrakt ${hex()}`,
      text: '# Kontrakt\n\nSignert.',
    },
  });
  return createDocument;
}

/**
 * Every lot without an award gets an admitted tender and an award: from `supplierId`, or else from
 * a supplier that is not on Samverka, recorded by its organisation number with its first tender.
 */
export async function awardEveryLot(w: Buyers & { a: TestUser }, procurementId: string, supplierId?: string) {
  let winner = supplierId;
  for (const lot of (await stage(w.coord, procurementId)).lots) {
    if (lot.award) continue;
    if (!winner) {
      const { recordTender } = await w.coord.client.ok(RECORD_TENDER, {
        input: {
          lotId: lot.id,
          supplier: { name: `Tide Buss ${hex()} AS`, country: 'NO', organisationNumber: norwegianOrgNumber() },
          receivedAt: new Date(Date.now() - 60_000).toISOString(),
          amount: '2500000',
          currency: 'NOK',
        },
      });
      await w.coord.client.ok(ASSESS_TENDER, { input: { tenderId: recordTender.id, status: 'ADMITTED' } });
      winner = recordTender.supplier.id;
    } else if (!lot.tenders.some((t) => t.supplier.id === winner && t.status === 'ADMITTED')) {
      await admittedTender(w, lot.id, winner);
    }
    await award(w, procurementId, lot.id, [winner]);
  }
}

/** A contract for every award without one (the server must have no standstill: `noStandstill`). */
export async function contractEveryAward(w: Buyers, procurementId: string) {
  const { awards, contracts } = await stage(w.coord, procurementId);
  const document = await contractDocument(w, procurementId);
  for (const a of awards) {
    if (contracts.some((c) => c.award.id === a.id)) continue;
    await w.coord.client.ok(RECORD_CONTRACT, {
      input: {
        awardId: a.id,
        supplierId: a.suppliers[0].id,
        amount: '12000000',
        currency: 'NOK',
        startDate: day(30),
        durationMonths: 48,
        optionCount: 2,
        optionMonths: 12,
        signedOn: day(0),
        documentId: document.id,
      },
    });
  }
}
