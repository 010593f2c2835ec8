import type { DecisionOutcome } from '../decisions/decision.entity.js';
import type { MeasurementKind } from '../benefits/benefit.entity.js';
import type { TenderStatus } from '../contracts/contract.entity.js';
import { Locale } from '../users/user.entity.js';
import type { MandateStatus, MilestoneKind, ProcurementPhase } from './procurement.entity.js';

/*
 * What the procurement exports say, in nb, sv and en: headers, file titles and the names of enum
 * values. Typed tables rather than i18next keys: a new phase, milestone kind or column without a
 * word in every language fails the type check. (The client has its own copy of the enum names in
 * client/src/locales; the wording here follows it.)
 */

export interface ExportWords {
  /** A subject organisation the log no longer names (deleted since). */
  anAuthority: string;
  phase: Record<ProcurementPhase, string>;
  /** Inside a sentence ("Set the tender deadline milestone ..."). */
  milestone: Record<MilestoneKind, string>;
  mandate: Record<MandateStatus, string>;
  outcome: Record<DecisionOutcome, string>;
  measurement: Record<MeasurementKind, string>;
  /** The fields `procurement.updated` names (UpdateJointProcurementInput). */
  procurementField: Record<string, string>;
  history: {
    title: string;
    event: string;
    time: string;
    phase: string;
    who: string;
    organisation: string;
    type: string;
    what: string;
  };
  values: {
    title: string;
    lot: string;
    lotTitle: string;
    authority: string;
    organisationNumber: string;
    mandate: string;
    amount: string;
    currency: string;
    /** The sum row of one lot, per currency: the authorities counted (not withdrawn). */
    lotSum: (authorities: number) => string;
    total: (authorities: number) => string;
  };
  tenderStatus: Record<TenderStatus, string>;
  tenders: {
    title: string;
    lot: string;
    lotTitle: string;
    supplier: string;
    organisationNumber: string;
    received: string;
    status: string;
    reason: string;
    amount: string;
    currency: string;
    awarded: string;
    yes: string;
  };
}

const en: ExportWords = {
  anAuthority: 'an authority',
  phase: {
    ANCHORING: 'Anchoring',
    NEED_ASSESSMENT: 'Need assessment',
    MARKET_DIALOGUE: 'Market dialogue',
    PREPARATION: 'Preparation',
    COMPETITION: 'Competition',
    CONTRACT_FOLLOW_UP: 'Contract follow-up',
    BENEFITS_REALISATION: 'Benefits realisation',
    CLOSED: 'Closed',
    CANCELLED: 'Cancelled',
  },
  milestone: {
    OPT_OUT_DEADLINE: 'opt-out deadline',
    QUESTION_DEADLINE: 'question deadline',
    DIALOGUE_MEETINGS: 'dialogue meetings',
    TENDER_DEADLINE: 'tender deadline',
    AWARD_DECISION: 'award decision',
    STANDSTILL_END: 'end of standstill',
    CONTRACT_START: 'contract start',
    CONTRACT_END: 'contract end',
    OTHER: 'other',
  },
  mandate: { REQUESTED: 'Requested', SIGNED: 'Signed', WITHDRAWN: 'Withdrawn' },
  outcome: { DECIDED: 'decided', TIED: 'tied', NO_QUORUM: 'no quorum' },
  measurement: { BASELINE: 'baseline', FOLLOW_UP: 'follow-up' },
  procurementField: {
    title: 'title',
    description: 'description',
    procedureType: 'procedure',
    contractType: 'contract type',
    leadOrganisationId: 'lead authority',
  },
  history: {
    title: 'History',
    event: 'Event',
    time: 'Time',
    phase: 'Phase',
    who: 'Who',
    organisation: 'Organisation',
    type: 'Event type',
    what: 'What',
  },
  values: {
    title: 'Stated values',
    lot: 'Lot',
    lotTitle: 'Lot title',
    authority: 'Authority',
    organisationNumber: 'Organisation number',
    mandate: 'Mandate',
    amount: 'Amount',
    currency: 'Currency',
    lotSum: (n) => `Sum (${n} ${n === 1 ? 'authority' : 'authorities'})`,
    total: (n) => `Total (${n} ${n === 1 ? 'authority' : 'authorities'})`,
  },
  tenderStatus: { RECEIVED: 'Received', ADMITTED: 'Admitted', REJECTED: 'Rejected' },
  tenders: {
    title: 'Tenders',
    lot: 'Lot',
    lotTitle: 'Lot title',
    supplier: 'Supplier',
    organisationNumber: 'Organisation number',
    received: 'Received',
    status: 'Status',
    reason: 'Reason for rejection',
    amount: 'Price',
    currency: 'Currency',
    awarded: 'Awarded',
    yes: 'Yes',
  },
};

const nb: ExportWords = {
  anAuthority: 'en oppdragsgiver',
  phase: {
    ANCHORING: 'Forankring',
    NEED_ASSESSMENT: 'Behovsavklaring',
    MARKET_DIALOGUE: 'Markedsdialog',
    PREPARATION: 'Forberedelse',
    COMPETITION: 'Konkurranse',
    CONTRACT_FOLLOW_UP: 'Kontraktsoppfølging',
    BENEFITS_REALISATION: 'Gevinstrealisering',
    CLOSED: 'Avsluttet',
    CANCELLED: 'Avlyst',
  },
  milestone: {
    OPT_OUT_DEADLINE: 'Frist for å trekke seg',
    QUESTION_DEADLINE: 'Frist for spørsmål',
    DIALOGUE_MEETINGS: 'Dialogmøter',
    TENDER_DEADLINE: 'Tilbudsfrist',
    AWARD_DECISION: 'Tildelingsbeslutning',
    STANDSTILL_END: 'Slutt på karenstid',
    CONTRACT_START: 'Kontraktsstart',
    CONTRACT_END: 'Kontraktsslutt',
    OTHER: 'Annet',
  },
  mandate: { REQUESTED: 'Etterspurt', SIGNED: 'Signert', WITHDRAWN: 'Trukket' },
  outcome: { DECIDED: 'avgjort', TIED: 'uavgjort', NO_QUORUM: 'ikke beslutningsdyktig' },
  measurement: { BASELINE: 'nullmåling', FOLLOW_UP: 'oppfølgingsmåling' },
  procurementField: {
    title: 'tittel',
    description: 'beskrivelse',
    procedureType: 'prosedyre',
    contractType: 'kontraktstype',
    leadOrganisationId: 'ledende oppdragsgiver',
  },
  history: {
    title: 'Historikk',
    event: 'Hendelse',
    time: 'Tidspunkt',
    phase: 'Fase',
    who: 'Hvem',
    organisation: 'Organisasjon',
    type: 'Hendelsestype',
    what: 'Hva',
  },
  values: {
    title: 'Oppgitte verdier',
    lot: 'Delkontrakt',
    lotTitle: 'Delkontraktens tittel',
    authority: 'Oppdragsgiver',
    organisationNumber: 'Organisasjonsnummer',
    mandate: 'Fullmakt',
    amount: 'Beløp',
    currency: 'Valuta',
    lotSum: (n) => `Sum (${n} ${n === 1 ? 'oppdragsgiver' : 'oppdragsgivere'})`,
    total: (n) => `Totalt (${n} ${n === 1 ? 'oppdragsgiver' : 'oppdragsgivere'})`,
  },
  tenderStatus: { RECEIVED: 'Mottatt', ADMITTED: 'Godtatt', REJECTED: 'Avvist' },
  tenders: {
    title: 'Tilbud',
    lot: 'Delkontrakt',
    lotTitle: 'Delkontraktens navn',
    supplier: 'Leverandør',
    organisationNumber: 'Organisasjonsnummer',
    received: 'Mottatt',
    status: 'Status',
    reason: 'Begrunnelse for avvisning',
    amount: 'Pris',
    currency: 'Valuta',
    awarded: 'Tildelt',
    yes: 'Ja',
  },
};

const sv: ExportWords = {
  anAuthority: 'en upphandlande myndighet',
  phase: {
    ANCHORING: 'Förankring',
    NEED_ASSESSMENT: 'Behovsanalys',
    MARKET_DIALOGUE: 'Marknadsdialog',
    PREPARATION: 'Förberedelse',
    COMPETITION: 'Konkurrens',
    CONTRACT_FOLLOW_UP: 'Avtalsuppföljning',
    BENEFITS_REALISATION: 'Nyttorealisering',
    CLOSED: 'Avslutad',
    CANCELLED: 'Avbruten',
  },
  milestone: {
    OPT_OUT_DEADLINE: 'Sista dag att avstå',
    QUESTION_DEADLINE: 'Sista dag för frågor',
    DIALOGUE_MEETINGS: 'Dialogmöten',
    TENDER_DEADLINE: 'Sista anbudsdag',
    AWARD_DECISION: 'Tilldelningsbeslut',
    STANDSTILL_END: 'Avtalsspärrens slut',
    CONTRACT_START: 'Avtalsstart',
    CONTRACT_END: 'Avtalsslut',
    OTHER: 'Annat',
  },
  mandate: { REQUESTED: 'Begärd', SIGNED: 'Undertecknad', WITHDRAWN: 'Återkallad' },
  outcome: { DECIDED: 'avgjort', TIED: 'oavgjort', NO_QUORUM: 'inte beslutsfört' },
  measurement: { BASELINE: 'utgångsvärde', FOLLOW_UP: 'uppföljningsmätning' },
  procurementField: {
    title: 'titel',
    description: 'beskrivning',
    procedureType: 'förfarande',
    contractType: 'kontraktstyp',
    leadOrganisationId: 'ledande upphandlande myndighet',
  },
  history: {
    title: 'Historik',
    event: 'Händelse',
    time: 'Tidpunkt',
    phase: 'Fas',
    who: 'Vem',
    organisation: 'Organisation',
    type: 'Händelsetyp',
    what: 'Vad',
  },
  values: {
    title: 'Angivna värden',
    lot: 'Delområde',
    lotTitle: 'Delområdets namn',
    authority: 'Upphandlande myndighet',
    organisationNumber: 'Organisationsnummer',
    mandate: 'Fullmakt',
    amount: 'Belopp',
    currency: 'Valuta',
    lotSum: (n) => `Summa (${n} ${n === 1 ? 'myndighet' : 'myndigheter'})`,
    total: (n) => `Totalt (${n} ${n === 1 ? 'myndighet' : 'myndigheter'})`,
  },
  tenderStatus: { RECEIVED: 'Mottaget', ADMITTED: 'Godtaget', REJECTED: 'Förkastat' },
  tenders: {
    title: 'Anbud',
    lot: 'Delkontrakt',
    lotTitle: 'Delkontraktets namn',
    supplier: 'Leverantör',
    organisationNumber: 'Organisationsnummer',
    received: 'Mottaget',
    status: 'Status',
    reason: 'Skäl för förkastande',
    amount: 'Pris',
    currency: 'Valuta',
    awarded: 'Tilldelat',
    yes: 'Ja',
  },
};

const WORDS: Record<Locale, ExportWords> = { [Locale.en]: en, [Locale.nb]: nb, [Locale.sv]: sv };

export const exportWords = (locale: Locale): ExportWords => WORDS[locale] ?? en;

/** The word for an enum value found in an event's payload (a string there), or the value itself if retired. */
export const wordFor = <K extends string>(table: Record<K, string>, value: unknown): string =>
  (table as Record<string, string>)[String(value)] ?? String(value ?? '');
