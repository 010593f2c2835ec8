import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { Config } from '../../config.js';
import type { Loaders } from '../../loaders.js';
import { dialogueLoaders } from '../dialogue/dialogue.loaders.js';
import { procurementLoaders } from './procurement.loaders.js';
import type { ProcurementService } from './procurement.service.js';
import { maxDurationMonths } from './procurement.value.js';
import { cpvLoaders } from '../cpv/cpv.loaders.js';
import { DocumentKind, DocumentLanguage } from '../documents/document.entity.js';
import {
  MandateStatus,
  MilestoneKind,
  ProcedureType,
  ProcurementPhase,
  type Lot,
  type Procurement,
} from './procurement.entity.js';
import { Country, type Organisation } from '../organisations/organisation.entity.js';

/** The OCDS version the export follows, and the extension that adds lots. */
export const OCDS_VERSION = '1.1';
const LOTS_EXTENSION =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json';

/** Organisation identifier schemes (org-id.guide) of the national business registers. */
const ID_SCHEME: Record<Country, string> = {
  [Country.NO]: 'NO-BRC',
  [Country.SE]: 'SE-BLV',
  [Country.DK]: 'DK-CVR',
  [Country.FI]: 'FI-PRO',
};

/** eForms procedure type → OCDS `method` codelist. */
const METHOD: Record<ProcedureType, 'open' | 'selective' | 'limited' | 'direct'> = {
  [ProcedureType.OPEN]: 'open',
  [ProcedureType.RESTRICTED]: 'selective',
  [ProcedureType.NEG_W_CALL]: 'selective',
  [ProcedureType.COMP_DIAL]: 'selective',
  [ProcedureType.INNOVATION]: 'selective',
  [ProcedureType.NEG_WO_CALL]: 'limited',
  [ProcedureType.FA_WO_RC]: 'limited',
  [ProcedureType.FA_W_RC]: 'selective',
  [ProcedureType.FA_MIX]: 'selective',
  [ProcedureType.DPS_LIST]: 'selective',
  [ProcedureType.DPS_NLIST]: 'selective',
};

const CATEGORY = { works: 'works', supplies: 'goods', services: 'services' } as const;

/** Phase → the release tag that describes what the release says, and the tender status. */
const STAGE: Record<ProcurementPhase, { tag: string; status: string }> = {
  [ProcurementPhase.ANCHORING]: { tag: 'planning', status: 'planning' },
  [ProcurementPhase.NEED_ASSESSMENT]: { tag: 'planning', status: 'planning' },
  [ProcurementPhase.MARKET_DIALOGUE]: { tag: 'planningUpdate', status: 'planning' },
  [ProcurementPhase.PREPARATION]: { tag: 'planningUpdate', status: 'planned' },
  [ProcurementPhase.COMPETITION]: { tag: 'tender', status: 'active' },
  [ProcurementPhase.CONTRACT_FOLLOW_UP]: { tag: 'tenderUpdate', status: 'complete' },
  [ProcurementPhase.BENEFITS_REALISATION]: { tag: 'tenderUpdate', status: 'complete' },
  [ProcurementPhase.CLOSED]: { tag: 'tenderUpdate', status: 'complete' },
  [ProcurementPhase.CANCELLED]: { tag: 'tenderCancellation', status: 'cancelled' },
};

/** Document kind → OCDS `documentType` codelist. */
const DOCUMENT_TYPE: Record<DocumentKind, string> = {
  [DocumentKind.NEED_DESCRIPTION]: 'needsAssessment',
  [DocumentKind.REQUIREMENT_SPECIFICATION]: 'technicalSpecifications',
  [DocumentKind.MARKET_DIALOGUE_SUMMARY]: 'marketStudies',
  [DocumentKind.MANDATE]: 'contractArrangements',
  [DocumentKind.CONTRACT]: 'contractSigned',
  [DocumentKind.OTHER]: 'biddingDocuments',
};

/** Milestone kind → OCDS `milestoneType` codelist. */
const MILESTONE_TYPE: Record<MilestoneKind, string> = {
  [MilestoneKind.OPT_OUT_DEADLINE]: 'approval',
  [MilestoneKind.QUESTION_DEADLINE]: 'engagement',
  [MilestoneKind.DIALOGUE_MEETINGS]: 'engagement',
  [MilestoneKind.TENDER_DEADLINE]: 'procurement',
  [MilestoneKind.AWARD_DECISION]: 'approval',
  [MilestoneKind.STANDSTILL_END]: 'procurement',
  [MilestoneKind.CONTRACT_START]: 'delivery',
  [MilestoneKind.CONTRACT_END]: 'contractClose',
  [MilestoneKind.OTHER]: 'preProcurement',
};

const LANGUAGE: Record<DocumentLanguage, string> = { nb: 'nb', nn: 'no', sv: 'sv', en: 'en' };

/**
 * OCDS amounts are JSON numbers. The estimate is exact to the cent; a JSON number holds that
 * exactly up to 2^53 cents' magnitude, far beyond any value a numeric(16,2) sum reaches here.
 */
const ocdsAmount = (amount: string) => Number(amount);

/** `months` months after `start` (YYYY-MM-DD), or the day before (an end date), as an OCDS date-time at midnight UTC. */
function monthsOn(start: string, months: number, dayBefore: boolean): string {
  const [y, m, d] = start.split('-').map(Number);
  // Date.UTC carries an overflowing day into the next month (31 January + 1 month is 3 March):
  // clamp to the last day of the target month, as a contract "for one month from 31 January" ends in February.
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  const at = new Date(Date.UTC(y, m - 1 + months, Math.min(d, last)));
  if (dayBefore) at.setUTCDate(at.getUTCDate() - 1);
  return at.toISOString();
}

/** A lot's planned contract period: its start, the end of the duration, the end with every option. */
const contractPeriod = (l: Lot) => ({
  startDate: monthsOn(l.contractStart!, 0, false),
  endDate: monthsOn(l.contractStart!, l.durationMonths!, true),
  maxExtentDate: monthsOn(l.contractStart!, maxDurationMonths(l)!, true),
});

const partyId = (o: Organisation) => `${ID_SCHEME[o.country]}-${o.organisationNumber}`;
const ref = (o: Organisation) => ({ id: partyId(o), name: o.name });

/**
 * An OCDS 1.1 release package describing a joint procurement as it stands. For its buyers: it
 * names the registered suppliers and the askers (roles interestedParty and enquirer), which the
 * suppliers themselves must never see of one another. Only PUBLISHED documents are listed.
 */
async function ocdsReleasePackage(
  { db, config }: OcdsSources,
  loaders: Loaders,
  p: Procurement,
  baseUrl: string,
): Promise<Record<string, unknown>> {
  const reads = procurementLoaders(loaders);
  const dialogue = dialogueLoaders(loaders);
  const [participants, lots, milestones, needs, estimate, published, registrations, questions] = await Promise.all([
    reads.participantsOf(p.id),
    reads.lotsOf(p.id),
    reads.milestonesOf(p.id),
    reads.needsOf(p.id),
    reads.estimate(p.id, config.thresholds),
    dialogue.publishedDocuments(p.id),
    dialogue.registrations(p.id),
    dialogue.questions(p.id),
  ]);
  const buyers = participants.filter((x) => x.mandateStatus !== MandateStatus.WITHDRAWN).map((x) => x.organisationId);
  const roles = new Map<string, Set<string>>();
  const addRole = (orgId: string, role: string) => {
    const set = roles.get(orgId) ?? new Set<string>();
    set.add(role);
    roles.set(orgId, set);
  };
  buyers.forEach((id) => addRole(id, 'buyer'));
  addRole(p.leadOrganisationId, 'procuringEntity');
  registrations.forEach((r) => addRole(r.organisationId, 'interestedParty'));
  questions.forEach((q) => addRole(q.askedByOrganisationId, 'enquirer'));
  const orgs = new Map(
    (await loaders.organisation.loadMany([...roles.keys()]))
      .filter((o): o is Organisation => !!o && !(o instanceof Error))
      .map((o) => [o.id, o]),
  );
  const lead = orgs.get(p.leadOrganisationId)!;
  const { currency } = estimate;
  const lotEstimate = new Map(estimate.lots.map((l) => [l.lot.id, l]));
  const cpvTitles = new Map(
    (await cpvLoaders(loaders).entries([...new Set(lots.flatMap((l) => l.cpvCodes))])).map((e) => [e.code, e.title]),
  );
  const [{ last_event: lastEvent, last_at: lastAt }] = (await db.query(
    `SELECT max(id) AS last_event, max(created_at) AS last_at FROM event WHERE scope_type = 'procurement' AND scope_id = $1`,
    [p.id],
  )) as { last_event: string | null; last_at: Date | null }[];
  const ocid = `${config.ocdsPrefix}-${p.id}`;
  const date = (lastAt ?? p.updatedAt).toISOString();
  const deadline = (kind: MilestoneKind) => milestones.find((m) => m.kind === kind)?.dueAt.toISOString();
  const stage = STAGE[p.phase];

  const release = {
    ocid,
    id: `${ocid}-${lastEvent ?? 0}`,
    date,
    tag: [stage.tag],
    initiationType: 'tender',
    language:
      lead.country === Country.SE
        ? 'sv'
        : lead.country === Country.DK
          ? 'da'
          : lead.country === Country.FI
            ? 'fi'
            : 'nb',
    parties: [...roles.entries()].flatMap(([id, set]) => {
      const o = orgs.get(id);
      if (!o) return [];
      return [
        {
          ...ref(o),
          identifier: { scheme: ID_SCHEME[o.country], id: o.organisationNumber, legalName: o.name },
          address: { country: o.country },
          roles: [...set],
        },
      ];
    }),
    buyer: ref(lead),
    planning: {
      rationale: needs.map((n) => `${n.title}: ${n.problem}`).join('\n\n'),
      budget: {
        description:
          'Estimated value: the participating authorities’ stated values over each lot’s maximum duration with every option.',
        amount: { amount: ocdsAmount(estimate.total), currency },
      },
    },
    tender: {
      id: p.id,
      title: p.title,
      description: p.description,
      status: stage.status,
      procuringEntity: ref(lead),
      items: lots.map((l) => ({
        id: `item-${l.number}`,
        description: l.title,
        ...(l.cpvCodes.length
          ? {
              classification: {
                scheme: 'CPV',
                id: l.cpvCodes[0],
                ...(cpvTitles.get(l.cpvCodes[0]) ? { description: cpvTitles.get(l.cpvCodes[0]) } : {}),
              },
              additionalClassifications: l.cpvCodes.slice(1).map((c) => ({
                scheme: 'CPV',
                id: c,
                ...(cpvTitles.get(c) ? { description: cpvTitles.get(c) } : {}),
              })),
            }
          : {}),
        relatedLot: l.id,
      })),
      value: { amount: ocdsAmount(estimate.total), currency },
      procurementMethod: METHOD[p.procedureType],
      procurementMethodDetails: `eForms procedure type: ${p.procedureType}`,
      mainProcurementCategory: CATEGORY[p.contractType],
      lots: lots.map((l) => ({
        id: l.id,
        title: l.title,
        description: l.description,
        value: { amount: ocdsAmount(lotEstimate.get(l.id)?.value ?? '0'), currency },
        ...(l.contractStart && l.durationMonths ? { contractPeriod: contractPeriod(l) } : {}),
      })),
      ...(p.dialoguePublishedAt
        ? {
            enquiryPeriod: {
              startDate: p.dialoguePublishedAt.toISOString(),
              ...(deadline(MilestoneKind.QUESTION_DEADLINE)
                ? { endDate: deadline(MilestoneKind.QUESTION_DEADLINE) }
                : {}),
            },
          }
        : {}),
      hasEnquiries: questions.length > 0,
      ...(deadline(MilestoneKind.TENDER_DEADLINE)
        ? { tenderPeriod: { endDate: deadline(MilestoneKind.TENDER_DEADLINE) } }
        : {}),
      documents: published.map(({ document, version }) => ({
        id: `${document.id}-v${version.number}`,
        documentType: DOCUMENT_TYPE[document.kind],
        title: document.title,
        url: `${baseUrl}/dialogue/${p.id}/documents/${document.id}/content`,
        datePublished: document.publishedAt!.toISOString(),
        format: version.mediaType,
        language: LANGUAGE[document.language],
      })),
      milestones: milestones.map((m) => ({
        id: m.id,
        title: m.title,
        type: MILESTONE_TYPE[m.kind],
        dueDate: m.dueAt.toISOString(),
        status: m.completedAt ? 'met' : m.dueAt.getTime() < Date.now() ? 'notMet' : 'scheduled',
        ...(m.completedAt ? { dateMet: m.completedAt.toISOString() } : {}),
      })),
    },
  };
  return {
    uri: `${baseUrl}/ocds/${p.id}`,
    version: OCDS_VERSION,
    extensions: [LOTS_EXTENSION],
    publishedDate: new Date().toISOString(),
    publisher: { name: 'Samverka' },
    releases: [release],
  };
}

/** What an OCDS package is read from. */
export interface OcdsSources {
  db: DataSource;
  config: Config;
  procurements: ProcurementService;
}

/** OCDS exports of joint procurements, for the members of the procurement's group. */
export class OcdsService {
  constructor(private readonly sources: OcdsSources) {}

  /** The OCDS release package of a procurement as it stands (members of its group; else NOT_FOUND). */
  async releasePackage(
    actor: Actor,
    loaders: Loaders,
    procurementId: string,
    baseUrl: string,
  ): Promise<Record<string, unknown>> {
    const { procurement } = await this.sources.procurements.access(actor, procurementId);
    return ocdsReleasePackage(this.sources, loaders, procurement, baseUrl);
  }
}
