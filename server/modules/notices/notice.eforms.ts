import { create } from 'xmlbuilder2';
import { exactSum, fixed } from '../../common/money.js';

/**
 * eForms UBL 2.3 notices (SDK 1.15) as XML: a pure function of the facts a notice states, so the
 * service gathers and checks, and this file only writes what the SDK's schemas and notice types
 * (../shared/eforms: notice-types/4.json, E1.json, 16.json and the example notices) ask for, in the
 * order the XSD wants. Anything Samverka does not know is left out where eForms allows it, or given
 * the plain default a draft for the lead's e-sender can carry (listed at `CN_DEFAULTS`).
 */

/** The eForms SDK minor version the notices follow (`CustomizationID`). */
export const EFORMS_SDK = 'eforms-sdk-1.15';
/** The Norwegian tailoring's extension of the CustomizationID for notices to TED (DFØ, nor/README.md). */
export const NORWEGIAN_EU_EXTENSION = '#extended#urn:fdc:anskaffelser.no:2023:eforms:eu';

/** The notice kinds Samverka drafts: eForms notice type, its form and the subtype for directive 2014/24. */
export enum EformsNoticeType {
  PIN_ONLY = 'pin-only',
  PMC = 'pmc',
  CN_STANDARD = 'cn-standard',
}

export const NOTICE_FORMS: Record<
  EformsNoticeType,
  { subtype: string; listName: string; root: 'PriorInformationNotice' | 'ContractNotice'; legalBasis: string }
> = {
  [EformsNoticeType.PIN_ONLY]: {
    subtype: '4',
    listName: 'planning',
    root: 'PriorInformationNotice',
    legalBasis: '32014L0024',
  },
  // E1: the voluntary pre-market consultation notice, outside the directives (legal basis "other").
  [EformsNoticeType.PMC]: {
    subtype: 'E1',
    listName: 'consultation',
    root: 'PriorInformationNotice',
    legalBasis: 'other',
  },
  [EformsNoticeType.CN_STANDARD]: {
    subtype: '16',
    listName: 'competition',
    root: 'ContractNotice',
    legalBasis: '32014L0024',
  },
};

const NS = {
  PriorInformationNotice: 'urn:oasis:names:specification:ubl:schema:xsd:PriorInformationNotice-2',
  ContractNotice: 'urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
  efac: 'http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1',
  efbc: 'http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1',
  efext: 'http://data.europa.eu/p27/eforms-ubl-extensions/1',
};

/** An organisation as a notice names it (a buyer, or the review body of a contract notice). */
export interface NoticeOrganisation {
  name: string;
  /** BT-501; null for a review body whose number Samverka does not hold. */
  organisationNumber: string | null;
  street: string;
  postcode: string;
  city: string;
  nuts: string;
  /** ISO 3166-1 alpha-3, as eForms wants (NOR, SWE, DNK, FIN). */
  country: string;
  contactPoint: string | null;
  email: string | null;
  phone: string | null;
}

export interface NoticeBuyer extends NoticeOrganisation {
  /** BT-11, code of the `buyer-legal-type` list. */
  legalType: string;
  /** OPP-050: the group lead of a joint procurement (said only when there are two buyers or more). */
  lead: boolean;
}

export interface NoticeLot {
  number: number;
  title: string;
  description: string;
  /** Main CPV code first, then the additional ones. */
  cpvCodes: string[];
  /** BT-27, exact decimal in `NoticeFacts.currency`, or null when no value was stated. */
  estimatedValue: string | null;
  /** The lot's contract period without options (its own, else the procurement's milestones). */
  contractPeriod: { start: Date; end: Date } | null;
}

/** Everything one notice states; the service gathers it and checks nothing is missing. */
export interface NoticeFacts {
  type: EformsNoticeType;
  /** BT-701, new for each notice drafted. */
  noticeId: string;
  /** BT-04, the procurement's id (a UUID, as eForms wants). */
  procedureId: string;
  issuedAt: Date;
  /** BT-702, ISO 639-3 upper case (NOR, SWE, DAN, FIN); the texts are in it as given. */
  language: string;
  /** The Norwegian tailoring for TED: the extended CustomizationID and Norwegian as non-official language. */
  norwegianTailoring: boolean;
  title: string;
  description: string;
  /** BT-23 `contract-nature` code. */
  contractNature: string;
  /** BT-105 `procurement-procedure-type` code, when the notice type carries it (the CN). */
  procedureCode: string | null;
  /** BT-765 `framework-agreement` code of a CN (none when no framework agreement). */
  frameworkAgreement: string;
  /** BT-766 `dps-usage` code of a CN. */
  dpsUsage: string;
  currency: string;
  buyers: NoticeBuyer[];
  lots: NoticeLot[];
  /** BT-13 (CN) or BT-800 (E1, the time limit for the market's answers). */
  questionDeadline: Date | null;
  /** BT-131 (CN). */
  tenderDeadline: Date | null;
  /** BT-536/BT-537 of a CN's lots: the contract period. */
  /** BT-127 (PIN): the estimated date of publication of the contract notice. */
  plannedNoticeDate: Date | null;
  /** The review body of a PIN's parts and a CN's lots (OPT-301), where Samverka knows the country's. */
  reviewBody: NoticeOrganisation | null;
  /** BT-01(f) of an E1, in the notice's language: what the consultation is held under. */
  localLegalBasis: string;
  /** BT-15: where the procurement documents are (the procurement's public dialogue page). */
  documentsUrl: string;
}

/**
 * What a contract notice draft assumes that Samverka does not record: the lead changes them in its
 * e-sender or tender system when they do not hold. Nordic authorities require e-invoicing by law.
 */
export const CN_DEFAULTS = {
  gpa: 'true',
  euFunds: 'no-eu-funds',
  reservedProcurement: 'none',
  reservedExecution: 'no',
  eInvoicing: 'required',
  eCatalogue: 'not-allowed',
  eSubmission: 'required',
  auction: 'false',
  exclusionGroundsSource: 'epo-procurement-document',
  selectionCriteriaSource: 'epo-procurement-document',
  accelerated: 'false',
  /** BT-98, months (an open procedure must say it). */
  tenderValidityMonths: '3',
  eOrdering: 'false',
  ePayment: 'true',
} as const;

const orgRef = (i: number) => `ORG-${String(i + 1).padStart(4, '0')}`;
const lotRef = (n: number) => `LOT-${String(n).padStart(4, '0')}`;
const partRef = (n: number) => `PAR-${String(n).padStart(4, '0')}`;
/** xs:date and xs:time in UTC, with the zone eForms requires ("2025-06-01Z", "12:00:00Z"). */
const xsDate = (d: Date) => `${d.toISOString().slice(0, 10)}Z`;
const xsTime = (d: Date) => `${d.toISOString().slice(11, 19)}Z`;

type Node = ReturnType<typeof create>;
/** A child element with text (and attributes); returns the parent, for chaining. */
const leaf = (parent: Node, name: string, text: string, attrs?: Record<string, string>): Node =>
  parent.ele(name, attrs).txt(text).up();
const orgId = (parent: Node, ref: string) =>
  parent.ele('cac:PartyIdentification').ele('cbc:ID', { schemeName: 'organization' }).txt(ref).up().up();

/** The eForms XML of a notice (UTF-8, indented). */
export function buildNotice(f: NoticeFacts): string {
  const form = NOTICE_FORMS[f.type];
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(NS[form.root], form.root, {
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
    'xmlns:ext': NS.ext,
    'xmlns:efac': NS.efac,
    'xmlns:efbc': NS.efbc,
    'xmlns:efext': NS.efext,
  });
  const isCn = f.type === EformsNoticeType.CN_STANDARD;
  const isPin = f.type === EformsNoticeType.PIN_ONLY;
  const organisations = [...f.buyers, ...(f.reviewBody && f.type !== EformsNoticeType.PMC ? [f.reviewBody] : [])];
  const reviewRef = organisations.length > f.buyers.length ? orgRef(f.buyers.length) : null;
  const lang = { languageID: f.language };

  // ---- the eForms extension: subtype and the organisations ----
  const ext = root
    .ele('ext:UBLExtensions')
    .ele('ext:UBLExtension')
    .ele('ext:ExtensionContent')
    .ele('efext:EformsExtension');
  if (f.norwegianTailoring) {
    ext.ele('efac:NonOfficialLanguages').ele('cac:Language').ele('cbc:ID').txt('NOR');
  }
  ext.ele('efac:NoticeSubType').ele('cbc:SubTypeCode', { listName: 'notice-subtype' }).txt(form.subtype);
  const orgs = ext.ele('efac:Organizations');
  organisations.forEach((o, i) => {
    const org = orgs.ele('efac:Organization');
    // OPP-050 is for joint procurements: required with two buyers or more, refused with one.
    if (f.buyers.length > 1 && i < f.buyers.length) {
      leaf(org, 'efbc:GroupLeadIndicator', (o as NoticeBuyer).lead ? 'true' : 'false');
    }
    const company = org.ele('efac:Company');
    orgId(company, orgRef(i));
    leaf(company.ele('cac:PartyName'), 'cbc:Name', o.name, lang);
    const address = company.ele('cac:PostalAddress');
    leaf(address, 'cbc:StreetName', o.street);
    leaf(address, 'cbc:CityName', o.city);
    leaf(address, 'cbc:PostalZone', o.postcode);
    leaf(address, 'cbc:CountrySubentityCode', o.nuts, { listName: 'nuts' });
    leaf(address.ele('cac:Country'), 'cbc:IdentificationCode', o.country, { listName: 'country' });
    if (o.organisationNumber) leaf(company.ele('cac:PartyLegalEntity'), 'cbc:CompanyID', o.organisationNumber);
    if (o.contactPoint || o.phone || o.email) {
      const contact = company.ele('cac:Contact');
      if (o.contactPoint) leaf(contact, 'cbc:Name', o.contactPoint);
      if (o.phone) leaf(contact, 'cbc:Telephone', o.phone);
      if (o.email) leaf(contact, 'cbc:ElectronicMail', o.email);
    }
  });

  // ---- the notice ----
  leaf(root, 'cbc:UBLVersionID', '2.3');
  leaf(root, 'cbc:CustomizationID', f.norwegianTailoring ? `${EFORMS_SDK}${NORWEGIAN_EU_EXTENSION}` : EFORMS_SDK);
  leaf(root, 'cbc:ID', f.noticeId, { schemeName: 'notice-id' });
  // BT-04 is refused in a PIN-only and an E1 notice.
  if (isCn) leaf(root, 'cbc:ContractFolderID', f.procedureId);
  leaf(root, 'cbc:IssueDate', xsDate(f.issuedAt));
  leaf(root, 'cbc:IssueTime', xsTime(f.issuedAt));
  leaf(root, 'cbc:VersionID', '01');
  if (isPin && f.plannedNoticeDate) leaf(root, 'cbc:PlannedDate', xsDate(f.plannedNoticeDate));
  leaf(root, 'cbc:RegulatoryDomain', form.legalBasis);
  leaf(root, 'cbc:NoticeTypeCode', f.type, { listName: form.listName });
  leaf(root, 'cbc:NoticeLanguageCode', f.language);

  // Every participating authority is a buyer (BT-11, BT-10 for the directive's notices).
  f.buyers.forEach((b, i) => {
    const party = root.ele('cac:ContractingParty');
    if (f.type !== EformsNoticeType.PMC) {
      leaf(party.ele('cac:ContractingPartyType'), 'cbc:PartyTypeCode', b.legalType, { listName: 'buyer-legal-type' });
      leaf(party.ele('cac:ContractingActivity'), 'cbc:ActivityTypeCode', 'gen-pub', {
        listName: 'authority-activity',
      });
    }
    orgId(party.ele('cac:Party'), orgRef(i));
  });

  if (f.type === EformsNoticeType.PMC) {
    // E1 is outside the directives: its legal basis is local (BT-01(e), described in BT-01(f)).
    const legal = root.ele('cac:TenderingTerms').ele('cac:ProcurementLegislationDocumentReference');
    leaf(legal, 'cbc:ID', 'LocalLegalBasis');
    leaf(legal, 'cbc:DocumentDescription', f.localLegalBasis, lang);
  }
  if (isCn) {
    const terms = root.ele('cac:TenderingTerms');
    leaf(
      terms.ele('cac:TendererQualificationRequest').ele('cac:SpecificTendererRequirement'),
      'cbc:TendererRequirementTypeCode',
      CN_DEFAULTS.exclusionGroundsSource,
      { listName: 'exclusion-grounds-source' },
    );
    // BT-31: tenders may be submitted for every lot.
    if (f.lots.length > 1) {
      leaf(terms.ele('cac:LotDistribution'), 'cbc:MaximumLotsSubmittedNumeric', String(f.lots.length));
    }
    const process = root.ele('cac:TenderingProcess');
    leaf(process, 'cbc:ProcedureCode', f.procedureCode!, { listName: 'procurement-procedure-type' });
    leaf(process.ele('cac:ProcessJustification'), 'cbc:ProcessReasonCode', CN_DEFAULTS.accelerated, {
      listName: 'accelerated-procedure',
    });
  }

  // ---- the procedure as a whole ----
  const mainCpv = f.lots[0].cpvCodes[0];
  const project = root.ele('cac:ProcurementProject');
  leaf(project, 'cbc:ID', f.procedureId, { schemeName: 'InternalID' });
  leaf(project, 'cbc:Name', f.title, lang);
  leaf(project, 'cbc:Description', f.description, lang);
  leaf(project, 'cbc:ProcurementTypeCode', f.contractNature, { listName: 'contract-nature' });
  const total = totalOf(f.lots);
  if (total !== null) {
    leaf(project.ele('cac:RequestedTenderTotal'), 'cbc:EstimatedOverallContractAmount', total, {
      currencyID: f.currency,
    });
  }
  leaf(project.ele('cac:MainCommodityClassification'), 'cbc:ItemClassificationCode', mainCpv, { listName: 'cpv' });
  place(project, f.buyers.find((b) => b.lead) ?? f.buyers[0]);

  // ---- lots (a PIN-only notice has parts) ----
  for (const lot of f.lots) {
    const l = root.ele('cac:ProcurementProjectLot');
    leaf(l, 'cbc:ID', isPin ? partRef(lot.number) : lotRef(lot.number), { schemeName: isPin ? 'Part' : 'Lot' });
    if (isCn) cnLotTerms(l, f, reviewRef);
    if (f.type === EformsNoticeType.PMC) pmcLotTerms(l, f);
    if (isPin) pinPartTerms(l, f, reviewRef);
    const p = l.ele('cac:ProcurementProject');
    leaf(p, 'cbc:ID', String(lot.number), { schemeName: 'InternalID' });
    leaf(p, 'cbc:Name', lot.title, lang);
    leaf(p, 'cbc:Description', lot.description, lang);
    leaf(p, 'cbc:ProcurementTypeCode', f.contractNature, { listName: 'contract-nature' });
    if (lot.estimatedValue !== null) {
      leaf(p.ele('cac:RequestedTenderTotal'), 'cbc:EstimatedOverallContractAmount', lot.estimatedValue, {
        currencyID: f.currency,
      });
    }
    leaf(p.ele('cac:MainCommodityClassification'), 'cbc:ItemClassificationCode', lot.cpvCodes[0], {
      listName: 'cpv',
    });
    for (const code of lot.cpvCodes.slice(1)) {
      leaf(p.ele('cac:AdditionalCommodityClassification'), 'cbc:ItemClassificationCode', code, { listName: 'cpv' });
    }
    place(p, f.buyers.find((b) => b.lead) ?? f.buyers[0]);
    if (isCn && lot.contractPeriod) {
      const period = p.ele('cac:PlannedPeriod');
      leaf(period, 'cbc:StartDate', xsDate(lot.contractPeriod.start));
      leaf(period, 'cbc:EndDate', xsDate(lot.contractPeriod.end));
    }
  }
  return root.end({ prettyPrint: true });
}

/** The sum of the lots' estimated values, exact (null when none was stated). */
function totalOf(lots: NoticeLot[]): string | null {
  const values = lots.map((l) => l.estimatedValue).filter((v): v is string => v !== null);
  return values.length ? fixed(exactSum(values), 2) : null;
}

/** BT-5071/5141: the place of performance, the lead authority's region (the buyers' own regions differ). */
function place(project: Node, lead: NoticeOrganisation) {
  const address = project.ele('cac:RealizedLocation').ele('cac:Address');
  leaf(address, 'cbc:CountrySubentityCode', lead.nuts, { listName: 'nuts' });
  leaf(address.ele('cac:Country'), 'cbc:IdentificationCode', lead.country, { listName: 'country' });
}

/** A PIN's part: more information from the lead authority, and who hears complaints (review terms). */
function pinPartTerms(l: Node, f: NoticeFacts, reviewRef: string | null) {
  const terms = l.ele('cac:TenderingTerms');
  orgId(terms.ele('cac:AdditionalInformationParty'), orgRef(leadIndex(f)));
  reviewTerms(terms, f, reviewRef);
}

/**
 * Review terms: the lead informs about review procedures; the review body receives complaints
 * where Samverka knows it (OPT-301-Lot-ReviewOrg).
 */
function reviewTerms(terms: Node, f: NoticeFacts, reviewRef: string | null) {
  const appeal = terms.ele('cac:AppealTerms');
  orgId(appeal.ele('cac:AppealInformationParty'), orgRef(leadIndex(f)));
  if (reviewRef) orgId(appeal.ele('cac:AppealReceiverParty'), reviewRef);
}

/** E1: tenders go nowhere yet; the market's answers are due by the dialogue's question deadline (BT-800). */
function pmcLotTerms(l: Node, f: NoticeFacts) {
  const terms = l.ele('cac:TenderingTerms');
  terms.ele('cac:TenderRecipientParty').ele('cbc:EndpointID').txt(f.documentsUrl);
  leaf(terms.ele('cac:Language'), 'cbc:ID', f.language);
  if (f.questionDeadline) {
    const period = l
      .ele('cac:TenderingProcess')
      .ele('ext:UBLExtensions')
      .ele('ext:UBLExtension')
      .ele('ext:ExtensionContent')
      .ele('efext:EformsExtension')
      .ele('efac:AnswerReceptionPeriod');
    leaf(period, 'cbc:EndDate', xsDate(f.questionDeadline));
    leaf(period, 'cbc:EndTime', xsTime(f.questionDeadline));
  }
}

/** A contract notice's lot: the terms eForms requires, the deadlines and the review body. */
function cnLotTerms(l: Node, f: NoticeFacts, reviewRef: string | null) {
  const terms = l.ele('cac:TenderingTerms');
  leaf(terms, 'cbc:FundingProgramCode', CN_DEFAULTS.euFunds, { listName: 'eu-funded' });
  const docs = terms.ele('cac:CallForTendersDocumentReference');
  leaf(docs, 'cbc:ID', 'procurement-documents');
  leaf(docs, 'cbc:DocumentType', 'non-restricted-document');
  docs.ele('cac:Attachment').ele('cac:ExternalReference').ele('cbc:URI').txt(f.documentsUrl);
  const requirement = (listName: string, code: string) =>
    leaf(
      terms.ele('cac:TendererQualificationRequest').ele('cac:SpecificTendererRequirement'),
      'cbc:TendererRequirementTypeCode',
      code,
      { listName },
    );
  requirement('reserved-procurement', CN_DEFAULTS.reservedProcurement);
  requirement('selection-criteria-source', CN_DEFAULTS.selectionCriteriaSource);
  const execution = (listName: string, code: string) =>
    leaf(terms.ele('cac:ContractExecutionRequirement'), 'cbc:ExecutionRequirementCode', code, { listName });
  execution('reserved-execution', CN_DEFAULTS.reservedExecution);
  execution('einvoicing', CN_DEFAULTS.eInvoicing);
  execution('ecatalog-submission', CN_DEFAULTS.eCatalogue);
  orgId(terms.ele('cac:AdditionalInformationParty'), orgRef(leadIndex(f)));
  const recipient = terms.ele('cac:TenderRecipientParty');
  leaf(recipient, 'cbc:EndpointID', f.documentsUrl);
  orgId(recipient, orgRef(leadIndex(f)));
  leaf(terms.ele('cac:TenderValidityPeriod'), 'cbc:DurationMeasure', CN_DEFAULTS.tenderValidityMonths, {
    unitCode: 'MONTH',
  });
  reviewTerms(terms, f, reviewRef);
  leaf(terms.ele('cac:Language'), 'cbc:ID', f.language);
  const postAward = terms.ele('cac:PostAwardProcess');
  leaf(postAward, 'cbc:ElectronicOrderUsageIndicator', CN_DEFAULTS.eOrdering);
  leaf(postAward, 'cbc:ElectronicPaymentUsageIndicator', CN_DEFAULTS.ePayment);

  const process = l.ele('cac:TenderingProcess');
  leaf(process, 'cbc:SubmissionMethodCode', CN_DEFAULTS.eSubmission, { listName: 'esubmission' });
  leaf(process, 'cbc:GovernmentAgreementConstraintIndicator', CN_DEFAULTS.gpa);
  if (f.tenderDeadline) {
    const period = process.ele('cac:TenderSubmissionDeadlinePeriod');
    leaf(period, 'cbc:EndDate', xsDate(f.tenderDeadline));
    leaf(period, 'cbc:EndTime', xsTime(f.tenderDeadline));
  }
  if (f.questionDeadline) {
    const period = process.ele('cac:AdditionalInformationRequestPeriod');
    leaf(period, 'cbc:EndDate', xsDate(f.questionDeadline));
    leaf(period, 'cbc:EndTime', xsTime(f.questionDeadline));
  }
  leaf(process.ele('cac:AuctionTerms'), 'cbc:AuctionConstraintIndicator', CN_DEFAULTS.auction);
  leaf(process.ele('cac:ContractingSystem'), 'cbc:ContractingSystemTypeCode', f.frameworkAgreement, {
    listName: 'framework-agreement',
  });
  leaf(process.ele('cac:ContractingSystem'), 'cbc:ContractingSystemTypeCode', f.dpsUsage, { listName: 'dps-usage' });
}

const leadIndex = (f: NoticeFacts) =>
  Math.max(
    0,
    f.buyers.findIndex((b) => b.lead),
  );
