import type { Loaders } from '../../loaders.js';
import { Document, DocumentLanguage } from '../documents/document.entity.js';
import type { Lot, Procurement } from '../procurements/procurement.entity.js';
import { Award, Contract, Tender } from './contract.entity.js';
import { contractLoaders } from './contract.loaders.js';
import { periodEnd } from '../../common/dates.js';

/*
 * The award and contract stages of a joint procurement in OCDS 1.1: the awards (made by approved
 * award decisions) with their suppliers, value, date and the lot's items; the contracts with their
 * period (maxExtentDate: every option used), value, signed document and awardID; who tendered.
 * Empty stages are left out (no empty arrays in the export).
 */

type Money = { amount: number; currency: string };

/** The award stage's rows, read before the parties are (its tenderers and suppliers are parties). */
export interface AwardRows {
  awards: Award[];
  contracts: Contract[];
  tenders: Tender[];
  documents: Map<string, Document>;
  /** Organisations that tendered; organisations awarded. */
  tenderers: string[];
  suppliers: string[];
}

const LANGUAGE: Record<DocumentLanguage, string> = { nb: 'nb', nn: 'no', sv: 'sv', en: 'en' };

/** OCDS award status: pending while the standstill period runs, then active. */
const awardStatus = (a: Award) => (a.standstillEndsAt.getTime() > Date.now() ? 'pending' : 'active');

/** OCDS contract status by its period: pending before it starts, active while it runs, terminated after. */
function contractStatus(c: Contract, today: string): string {
  if (today < c.startDate) return 'pending';
  const last = periodEnd(c.startDate, c.durationMonths + c.optionCount * (c.optionMonths ?? 0));
  return today > last ? 'terminated' : 'active';
}

/**
 * The award value: the winning tender's price for a single supplier that stated one; for a
 * framework agreement with several suppliers (or no stated price), the lot's estimated value.
 */
function awardValue(a: Award, tenders: Tender[], lotEstimate: Money): Money {
  if (a.supplierIds.length === 1) {
    const t = tenders.find((x) => x.supplierId === a.supplierIds[0]);
    if (t?.amount && t.currency) return { amount: Number(t.amount), currency: t.currency };
  }
  return lotEstimate;
}

export async function awardRows(loaders: Loaders, p: Procurement, lots: Lot[]): Promise<AwardRows> {
  const reads = contractLoaders(loaders);
  const [awards, contracts, tenders] = await Promise.all([
    reads.awardsOf(p.id),
    reads.contractsOf(p.id),
    Promise.all(lots.map((l) => reads.tendersOf(l.id))).then((all) => all.flat()),
  ]);
  const documents = new Map(
    (await loaders.byId(Document, 'Document').loadMany(contracts.map((c) => c.documentId)))
      .filter((d): d is Document => d instanceof Document)
      .map((d) => [d.id, d]),
  );
  return {
    awards,
    contracts,
    tenders,
    documents,
    tenderers: [...new Set(tenders.map((t) => t.supplierId))],
    suppliers: [...new Set(awards.flatMap((a) => a.supplierIds))],
  };
}

/** OCDS `awards` and `contracts`, with organisation references from `ref` and each lot's estimate. */
export function awardStage(
  rows: AwardRows,
  lots: Lot[],
  ref: (organisationId: string) => { id: string; name: string },
  lotEstimate: (lotId: string) => Money,
) {
  const today = new Date().toISOString().slice(0, 10);
  const lotOf = (id: string) => lots.find((l) => l.id === id)!;
  return {
    awards: rows.awards.map((a) => {
      const lot = lotOf(a.lotId);
      return {
        id: a.id,
        title: lot.title,
        status: awardStatus(a),
        date: a.awardedAt.toISOString(),
        value: awardValue(
          a,
          rows.tenders.filter((t) => t.lotId === a.lotId),
          lotEstimate(a.lotId),
        ),
        suppliers: a.supplierIds.map(ref),
        items: [{ id: `item-${lot.number}`, description: lot.title, relatedLot: lot.id }],
        relatedLots: [lot.id],
      };
    }),
    contracts: rows.contracts.map((c) => {
      const document = rows.documents.get(c.documentId);
      const months = c.durationMonths + c.optionCount * (c.optionMonths ?? 0);
      return {
        id: c.id,
        awardID: c.awardId,
        title: lotOf(c.lotId).title,
        status: contractStatus(c, today),
        period: {
          startDate: `${c.startDate}T00:00:00.000Z`,
          endDate: `${periodEnd(c.startDate, c.durationMonths)}T00:00:00.000Z`,
          maxExtentDate: `${periodEnd(c.startDate, months)}T00:00:00.000Z`,
        },
        value: { amount: Number(c.amount), currency: c.currency },
        dateSigned: `${c.signedOn}T00:00:00.000Z`,
        ...(document
          ? {
              documents: [
                {
                  id: document.id,
                  documentType: 'contractSigned',
                  title: document.title,
                  language: LANGUAGE[document.language],
                },
              ],
            }
          : {}),
      };
    }),
  };
}
