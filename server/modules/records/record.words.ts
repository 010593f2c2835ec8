import { Country } from '../organisations/organisation.entity.js';
import { Locale } from '../users/user.entity.js';

/**
 * The words of the case file, the journal and the archive packages, per language. An archive is
 * written in its authority's language (a Norwegian authority's Noark extract in bokmål, a Swedish
 * one's FGS package in Swedish); the API and the journal export in the reader's.
 */
export interface RecordWords {
  kind: Record<CaseRecordKind, string>;
  direction: { RECEIVED: string; SENT: string; INTERNAL: string };
  classification: { PUBLIC: string; EXEMPT: string };
  message(thread: string, excerpt: string): string;
  deletedMessage: string;
  mandate(authority: string): string;
  question(n: number): string;
  answer(n: number): string;
  notice: string;
  tender(supplier: string, lot: number): string;
  award(lot: number): string;
  guest(name: string): string;
  suppliers: string;
  /** Labels inside the generated texts (decisions, mandates, tenders ...). */
  label: Record<
    | 'opened'
    | 'closes'
    | 'closed'
    | 'quorum'
    | 'options'
    | 'votes'
    | 'outcome'
    | 'noVotes'
    | 'status'
    | 'reference'
    | 'decisionDate'
    | 'lots'
    | 'signed'
    | 'withdrawn'
    | 'reason'
    | 'asked'
    | 'askedBy'
    | 'published'
    | 'answered'
    | 'questionDeadline'
    | 'supplier'
    | 'organisationNumber'
    | 'received'
    | 'price'
    | 'awarded'
    | 'notified'
    | 'standstillEnds'
    | 'decision'
    | 'deleted'
    | 'by',
    string
  >;
  journal: {
    title: string;
    number: string;
    date: string;
    direction: string;
    recordTitle: string;
    counterparts: string;
    classification: string;
    legalBasis: string;
    caseNumber: string;
    caseTitle: string;
    version: string;
  };
}

export type CaseRecordKind =
  'MESSAGE' | 'DOCUMENT' | 'DECISION' | 'MANDATE' | 'QUESTION' | 'ANSWER' | 'NOTICE' | 'TENDER' | 'AWARD';

const nb: RecordWords = {
  kind: {
    MESSAGE: 'Melding',
    DOCUMENT: 'Dokument',
    DECISION: 'Beslutning',
    MANDATE: 'Fullmakt',
    QUESTION: 'Spørsmål fra leverandør',
    ANSWER: 'Svar til leverandørene',
    NOTICE: 'Kunngjøring av markedsdialog',
    TENDER: 'Tilbud',
    AWARD: 'Tildeling',
  },
  direction: { RECEIVED: 'Inngående', SENT: 'Utgående', INTERNAL: 'Organinternt' },
  classification: { PUBLIC: 'Offentlig', EXEMPT: 'Unntatt offentlighet' },
  message: (thread, excerpt) => `Melding i «${thread}»: ${excerpt}`,
  deletedMessage: 'Slettet melding',
  mandate: (a) => `Fullmakt fra ${a}`,
  question: (n) => `Spørsmål ${n} fra leverandør`,
  answer: (n) => `Svar på spørsmål ${n}`,
  notice: 'Kunngjøring av markedsdialog',
  tender: (s, lot) => `Tilbud fra ${s}, delkontrakt ${lot}`,
  award: (lot) => `Tildeling av delkontrakt ${lot}`,
  guest: (name) => `${name} (gjest)`,
  suppliers: 'Registrerte leverandører',
  label: {
    opened: 'Åpnet',
    closes: 'Stenger',
    closed: 'Stengt',
    quorum: 'Beslutningsdyktig ved',
    options: 'Alternativer',
    votes: 'Stemmer',
    outcome: 'Utfall',
    noVotes: 'Ingen stemmer',
    status: 'Status',
    reference: 'Vedtaksreferanse',
    decisionDate: 'Vedtaksdato',
    lots: 'Delkontrakter',
    signed: 'Signert',
    withdrawn: 'Trukket',
    reason: 'Begrunnelse',
    asked: 'Stilt',
    askedBy: 'Stilt av',
    published: 'Publisert',
    answered: 'Besvart',
    questionDeadline: 'Frist for spørsmål',
    supplier: 'Leverandør',
    organisationNumber: 'Organisasjonsnummer',
    received: 'Mottatt',
    price: 'Pris',
    awarded: 'Tildelt',
    notified: 'Meddelt',
    standstillEnds: 'Karenstid slutter',
    decision: 'Beslutning',
    deleted: 'Slettet',
    by: 'av',
  },
  journal: {
    title: 'Journal',
    number: 'Journalnummer',
    date: 'Journaldato',
    direction: 'Retning',
    recordTitle: 'Tittel',
    counterparts: 'Avsender/mottaker',
    classification: 'Tilgang',
    legalBasis: 'Hjemmel',
    caseNumber: 'Saksnummer',
    caseTitle: 'Sak',
    version: 'Versjon',
  },
};

const sv: RecordWords = {
  kind: {
    MESSAGE: 'Meddelande',
    DOCUMENT: 'Dokument',
    DECISION: 'Beslut',
    MANDATE: 'Fullmakt',
    QUESTION: 'Fråga från leverantör',
    ANSWER: 'Svar till leverantörerna',
    NOTICE: 'Annons om marknadsdialog',
    TENDER: 'Anbud',
    AWARD: 'Tilldelning',
  },
  direction: { RECEIVED: 'Inkommande', SENT: 'Utgående', INTERNAL: 'Upprättad internt' },
  classification: { PUBLIC: 'Offentlig', EXEMPT: 'Sekretess' },
  message: (thread, excerpt) => `Meddelande i ”${thread}”: ${excerpt}`,
  deletedMessage: 'Borttaget meddelande',
  mandate: (a) => `Fullmakt från ${a}`,
  question: (n) => `Fråga ${n} från leverantör`,
  answer: (n) => `Svar på fråga ${n}`,
  notice: 'Annons om marknadsdialog',
  tender: (s, lot) => `Anbud från ${s}, delområde ${lot}`,
  award: (lot) => `Tilldelning av delområde ${lot}`,
  guest: (name) => `${name} (gäst)`,
  suppliers: 'Registrerade leverantörer',
  label: {
    opened: 'Öppnat',
    closes: 'Stänger',
    closed: 'Stängt',
    quorum: 'Beslutfört vid',
    options: 'Alternativ',
    votes: 'Röster',
    outcome: 'Utfall',
    noVotes: 'Inga röster',
    status: 'Status',
    reference: 'Beslutsreferens',
    decisionDate: 'Beslutsdatum',
    lots: 'Delområden',
    signed: 'Undertecknad',
    withdrawn: 'Återkallad',
    reason: 'Skäl',
    asked: 'Ställd',
    askedBy: 'Ställd av',
    published: 'Publicerad',
    answered: 'Besvarad',
    questionDeadline: 'Sista dag för frågor',
    supplier: 'Leverantör',
    organisationNumber: 'Organisationsnummer',
    received: 'Inkommet',
    price: 'Pris',
    awarded: 'Tilldelat',
    notified: 'Meddelat',
    standstillEnds: 'Avtalsspärren upphör',
    decision: 'Beslut',
    deleted: 'Borttaget',
    by: 'av',
  },
  journal: {
    title: 'Diarium',
    number: 'Diarienummer',
    date: 'Registreringsdatum',
    direction: 'Riktning',
    recordTitle: 'Rubrik',
    counterparts: 'Avsändare/mottagare',
    classification: 'Åtkomst',
    legalBasis: 'Sekretessgrund',
    caseNumber: 'Ärendenummer',
    caseTitle: 'Ärende',
    version: 'Version',
  },
};

const en: RecordWords = {
  kind: {
    MESSAGE: 'Message',
    DOCUMENT: 'Document',
    DECISION: 'Decision',
    MANDATE: 'Mandate',
    QUESTION: 'Question from a supplier',
    ANSWER: 'Answer to the suppliers',
    NOTICE: 'Market dialogue notice',
    TENDER: 'Tender',
    AWARD: 'Award',
  },
  direction: { RECEIVED: 'Received', SENT: 'Sent', INTERNAL: 'Internal' },
  classification: { PUBLIC: 'Public', EXEMPT: 'Exempt from public access' },
  message: (thread, excerpt) => `Message in "${thread}": ${excerpt}`,
  deletedMessage: 'Deleted message',
  mandate: (a) => `Mandate from ${a}`,
  question: (n) => `Question ${n} from a supplier`,
  answer: (n) => `Answer to question ${n}`,
  notice: 'Market dialogue notice',
  tender: (s, lot) => `Tender from ${s}, lot ${lot}`,
  award: (lot) => `Award of lot ${lot}`,
  guest: (name) => `${name} (guest)`,
  suppliers: 'Registered suppliers',
  label: {
    opened: 'Opened',
    closes: 'Closes',
    closed: 'Closed',
    quorum: 'Quorum',
    options: 'Options',
    votes: 'Votes',
    outcome: 'Outcome',
    noVotes: 'No votes',
    status: 'Status',
    reference: 'Decision reference',
    decisionDate: 'Decision date',
    lots: 'Lots',
    signed: 'Signed',
    withdrawn: 'Withdrawn',
    reason: 'Reason',
    asked: 'Asked',
    askedBy: 'Asked by',
    published: 'Published',
    answered: 'Answered',
    questionDeadline: 'Question deadline',
    supplier: 'Supplier',
    organisationNumber: 'Organisation number',
    received: 'Received',
    price: 'Price',
    awarded: 'Awarded',
    notified: 'Notified',
    standstillEnds: 'Standstill ends',
    decision: 'Decision',
    deleted: 'Deleted',
    by: 'by',
  },
  journal: {
    title: 'Journal',
    number: 'Journal number',
    date: 'Journal date',
    direction: 'Direction',
    recordTitle: 'Title',
    counterparts: 'Sender/recipient',
    classification: 'Access',
    legalBasis: 'Legal basis',
    caseNumber: 'Case number',
    caseTitle: 'Case',
    version: 'Version',
  },
};

export const RECORD_WORDS: Record<Locale, RecordWords> = { nb, sv, en };

/** The language an authority's archive is written in: its country's, English for the others. */
export const archiveLocale = (country: Country): Locale =>
  country === Country.NO ? Locale.nb : country === Country.SE ? Locale.sv : Locale.en;

/** The time zone an authority's archive states its times in. */
export const ARCHIVE_TIME_ZONE: Record<Country, string> = {
  NO: 'Europe/Oslo',
  SE: 'Europe/Stockholm',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
};

/** A message's first words, for its title (whitespace folded, at most `max` characters). */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}
