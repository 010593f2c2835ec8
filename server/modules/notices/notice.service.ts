import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor.js';
import type { PublicUrl } from '../../common/public-url.js';
import { periodEnd } from '../../common/dates.js';
import type { Config } from '../../config.js';
import { InvalidStateError, UserInputError } from '../../errors.js';
import type { Loaders } from '../../loaders.js';
import type { Currency } from '../needs/interest.entity.js';
import { missingNoticeDetails } from '../organisations/organisation.details.js';
import { Country, Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import {
  MandateStatus,
  MilestoneKind,
  ProcedureType,
  ProcurementPhase,
  type Lot,
  type Procurement,
} from '../procurements/procurement.entity.js';
import { procurementLoaders } from '../procurements/procurement.loaders.js';
import type { ProcurementSubject } from '../procurements/procurement.policy.js';
import type { ProcurementService } from '../procurements/procurement.service.js';
import { buildNotice, EformsNoticeType, NOTICE_FORMS, type NoticeBuyer, type NoticeFacts } from './notice.eforms.js';
import { lotEstimates } from './notice.estimates.js';
import { noticePolicy } from './notice.policy.js';
import { NoticeTailoring, type NoticeDownload } from './notice.types.js';

/**
 * Which notices a phase offers. The market dialogue announces itself (a PIN for information only,
 * or the E1 pre-market consultation) while it runs and while the competition is prepared; the
 * contract notice is drafted while the competition is prepared and while it runs. Afterwards a
 * contract award notice would follow: that is the lead's tender system's, not drafted here.
 */
export const NOTICES_BY_PHASE: Partial<Record<ProcurementPhase, EformsNoticeType[]>> = {
  [ProcurementPhase.MARKET_DIALOGUE]: [EformsNoticeType.PIN_ONLY, EformsNoticeType.PMC],
  [ProcurementPhase.PREPARATION]: [EformsNoticeType.PIN_ONLY, EformsNoticeType.PMC, EformsNoticeType.CN_STANDARD],
  [ProcurementPhase.COMPETITION]: [EformsNoticeType.CN_STANDARD],
};

/** BT-702: the notice's language from the lead's country, ISO 639-3 as eForms writes it. */
const LANGUAGE: Record<Country, string> = { NO: 'NOR', SE: 'SWE', DK: 'DAN', FI: 'FIN' };
/** BT-01(f) of an E1 in the notice's language: the market dialogue before a joint procurement. */
const LOCAL_LEGAL_BASIS: Record<Country, string> = {
  NO: 'Markedsdialog før en felles anskaffelse (anskaffelsesforskriften § 8-1).',
  SE: 'Marknadsdialog inför en samordnad upphandling (LOU).',
  DK: 'Markedsdialog forud for et fælles udbud (udbudsloven § 39).',
  FI: 'Markkinavuoropuhelu ennen yhteishankintaa (hankintalaki 65 §).',
};
/** BT-514: ISO 3166-1 alpha-3. */
const COUNTRY3: Record<Country, string> = { NO: 'NOR', SE: 'SWE', DK: 'DNK', FI: 'FIN' };

/**
 * BT-11 `buyer-legal-type` for our kinds of authority. A public company buying under directive
 * 2014/24 does so as a body governed by public law (public undertakings buy under 2014/25).
 */
const LEGAL_TYPE: Partial<Record<OrganisationKind, string>> = {
  [OrganisationKind.MUNICIPALITY]: 'la',
  [OrganisationKind.COUNTY]: 'ra',
  [OrganisationKind.STATE_AGENCY]: 'cga',
  [OrganisationKind.PUBLIC_COMPANY]: 'body-pl',
};

/** Procedures a contract notice announces (the others are no procedure with a call, or no procedure). */
const CN_PROCEDURES = new Set<ProcedureType>([
  ProcedureType.OPEN,
  ProcedureType.RESTRICTED,
  ProcedureType.NEG_W_CALL,
  ProcedureType.COMP_DIAL,
  ProcedureType.INNOVATION,
]);

/**
 * BT-127 of a PIN, the estimated date of the contract notice: the tender deadline less the 35 days
 * an open procedure must leave (directive 2014/24 art. 27), never before the PIN itself.
 */
const OPEN_PROCEDURE_DAYS = 35;

/** The REST path of a notice; its kind is the eForms notice type. */
export const noticePath = (procurementId: string, type: EformsNoticeType) =>
  `/procurements/${procurementId}/notices/${type}.xml`;
export const noticeFileName = (p: Procurement, type: EformsNoticeType) => `procurement-${p.id}-${type}-draft.xml`;

/**
 * eForms notice drafts of joint procurements for the lead's e-sender or tender system (sending
 * them is not Samverka's): every participating authority is a buyer, the lead the group lead.
 */
export class NoticeService {
  constructor(
    private readonly config: Config,
    private readonly procurements: ProcurementService,
    private readonly urls: PublicUrl,
  ) {}

  /** The notices the viewer may draft of a procurement it reads, in its phase now (empty when none). */
  async downloads(actor: Actor, loaders: Loaders, procurement: Procurement): Promise<NoticeDownload[]> {
    const reads = procurementLoaders(loaders);
    const subject: ProcurementSubject = await reads.subject(actor, procurement);
    if (!subject.membership || !noticePolicy.can(actor, 'download', subject)) return [];
    const lead = await loaders.organisation.load(procurement.leadOrganisationId);
    return (NOTICES_BY_PHASE[procurement.phase] ?? []).map((type) => ({
      type,
      subtype: NOTICE_FORMS[type].subtype,
      url: noticePath(procurement.id, type),
      fileName: noticeFileName(procurement, type),
      norwegianTailoring: lead?.country === Country.NO,
    }));
  }

  /**
   * One notice draft as eForms XML. NOT_FOUND unless the actor reads the procurement; FORBIDDEN
   * unless it is a buyer; INVALID_STATE when the phase does not offer the notice, or with every
   * missing fact named in `missing` (e.g. "NUTS code of Trondheim kommune").
   */
  async draft(
    actor: Actor,
    loaders: Loaders,
    procurementId: string,
    type: EformsNoticeType,
    tailoring: NoticeTailoring = NoticeTailoring.NONE,
  ): Promise<{ xml: string; fileName: string; procurement: Procurement }> {
    const access = await this.procurements.access(actor, procurementId);
    noticePolicy.authorize(actor, 'download', access, 'draft eForms notices');
    const p = access.procurement;
    if (!(NOTICES_BY_PHASE[p.phase] ?? []).includes(type)) {
      const phases = Object.entries(NOTICES_BY_PHASE)
        .filter(([, types]) => types.includes(type))
        .map(([phase]) => phase);
      throw new InvalidStateError(`A ${type} notice is drafted in ${phases.join(' or ')}, not in ${p.phase}.`, [
        `phase ${phases.join(' or ')}`,
      ]);
    }
    const facts = await this.facts(loaders, p, type, tailoring);
    return { xml: buildNotice(facts), fileName: noticeFileName(p, type), procurement: p };
  }

  /** What the notice states, or INVALID_STATE naming everything missing at once. */
  private async facts(
    loaders: Loaders,
    p: Procurement,
    type: EformsNoticeType,
    tailoring: NoticeTailoring,
  ): Promise<NoticeFacts> {
    const reads = procurementLoaders(loaders);
    const [participants, lots, milestones] = await Promise.all([
      reads.participantsOf(p.id),
      reads.lotsOf(p.id),
      reads.milestonesOf(p.id),
    ]);
    const buyerIds = participants
      .filter((x) => x.mandateStatus !== MandateStatus.WITHDRAWN)
      .map((x) => x.organisationId);
    // The lead first (the group lead, and the place of performance), then the others by name.
    const loaded = (await loaders.organisation.loadMany(buyerIds)).filter(
      (o): o is Organisation => o instanceof Organisation,
    );
    const lead = loaded.find((o) => o.id === p.leadOrganisationId)!;
    const orgs = [lead, ...loaded.filter((o) => o !== lead).sort((x, y) => x.name.localeCompare(y.name, 'nb'))];
    if (tailoring === NoticeTailoring.NORWAY && lead.country !== Country.NO) {
      throw UserInputError.field(
        'tailoring',
        'norwegianLead',
        `the Norwegian tailoring is for a Norwegian lead authority; ${lead.name} is in ${lead.country}`,
      );
    }

    const missing: string[] = [];
    for (const o of orgs) missing.push(...missingNoticeDetails(o).map((label) => `${label} of ${o.name}`));
    if (!lots.length) missing.push('a lot');
    for (const lot of lots) {
      if (!lot.cpvCodes.length) missing.push(`CPV code of lot ${lot.number} (${lot.title})`);
    }
    const due = (kind: MilestoneKind) => milestones.find((m) => m.kind === kind)?.dueAt ?? null;
    const questionDeadline = due(MilestoneKind.QUESTION_DEADLINE);
    const tenderDeadline = due(MilestoneKind.TENDER_DEADLINE);
    if (type === EformsNoticeType.PMC && !questionDeadline) {
      missing.push('question deadline (milestone QUESTION_DEADLINE), when the market’s answers are due');
    }
    if (type !== EformsNoticeType.PMC && !tenderDeadline) {
      missing.push(
        type === EformsNoticeType.PIN_ONLY
          ? 'tender deadline (milestone TENDER_DEADLINE), from which the date of the contract notice is estimated'
          : 'tender deadline (milestone TENDER_DEADLINE)',
      );
    }
    // Each lot's contract period: its own (start and duration), else the procurement's milestones.
    const contractStart = due(MilestoneKind.CONTRACT_START);
    const contractEnd = due(MilestoneKind.CONTRACT_END);
    const periodOf = (l: Lot) =>
      l.contractStart && l.durationMonths
        ? {
            start: new Date(`${l.contractStart}T00:00:00Z`),
            end: new Date(`${periodEnd(l.contractStart, l.durationMonths)}T00:00:00Z`),
          }
        : contractStart && contractEnd
          ? { start: contractStart, end: contractEnd }
          : null;
    if (type === EformsNoticeType.CN_STANDARD) {
      for (const l of lots.filter((x) => !periodOf(x))) {
        missing.push(
          `contract period of lot ${l.number} (its start and duration, or the milestones CONTRACT_START and CONTRACT_END)`,
        );
      }
    }
    if (type === EformsNoticeType.CN_STANDARD && !CN_PROCEDURES.has(p.procedureType)) {
      missing.push(
        `a procedure with a call for competition (open, restricted, neg-w-call, comp-dial or innovation), not ${p.procedureType}`,
      );
    }
    if (missing.length) {
      throw new InvalidStateError(`The ${type} notice cannot be drafted yet: missing ${missing.join('; ')}.`, missing);
    }

    const currency = this.config.thresholds.countries[lead.country].currency as Currency;
    const estimates = await lotEstimates(loaders, this.config.thresholds, p, lots, currency);
    const issuedAt = new Date();
    const planned = tenderDeadline ? new Date(tenderDeadline.getTime() - OPEN_PROCEDURE_DAYS * 86_400_000) : null;
    const buyers: NoticeBuyer[] = orgs.map((o) => ({
      name: o.name,
      organisationNumber: o.organisationNumber,
      street: o.streetAddress!,
      postcode: o.postcode!,
      city: o.city!,
      nuts: o.nutsCode!,
      country: COUNTRY3[o.country],
      contactPoint: o.contactPoint,
      email: o.contactEmail,
      phone: o.contactPhone,
      legalType: LEGAL_TYPE[o.kind] ?? 'body-pl',
      lead: o.id === p.leadOrganisationId,
    }));
    return {
      type,
      noticeId: randomUUID(),
      procedureId: p.id,
      issuedAt,
      language: LANGUAGE[lead.country],
      norwegianTailoring: tailoring === NoticeTailoring.NORWAY,
      title: p.title,
      description: p.description.trim() || p.title,
      contractNature: p.contractType,
      procedureCode: CN_PROCEDURES.has(p.procedureType) ? p.procedureType : null,
      frameworkAgreement: 'none',
      dpsUsage: 'none',
      currency,
      buyers,
      lots: lots.map((l) => ({
        number: l.number,
        title: l.title,
        description: l.description.trim() || p.description.trim() || l.title,
        cpvCodes: l.cpvCodes,
        estimatedValue: estimates.get(l.id) ?? null,
        contractPeriod: periodOf(l),
      })),
      questionDeadline,
      tenderDeadline,
      plannedNoticeDate: planned && planned > issuedAt ? planned : issuedAt,
      // The review body (OPT-301) is not on Samverka: the lead's e-sender adds it (see the README).
      reviewBody: null,
      localLegalBasis: LOCAL_LEGAL_BASIS[lead.country],
      documentsUrl: this.urls.link(`/market-dialogues/${p.id}`),
    };
  }
}
