import type { EventPayload, TypesOf } from '../../events/catalogue.js';
import type { benefitEvents } from '../benefits/benefit.events.js';
import type { decisionEvents } from '../decisions/decision.events.js';
import type { dialogueEvents } from '../dialogue/dialogue.events.js';
import type { documentEvents } from '../documents/document.events.js';
import { Locale } from '../users/user.entity.js';
import type { procurementEvents } from './procurement.events.js';
import type { contractEvents } from '../contracts/contract.events.js';

/** Every event a procurement's scope holds: its own, the dialogue's, decisions', benefits' and its documents'. */
export type HistoryType =
  | TypesOf<typeof procurementEvents>
  | TypesOf<typeof dialogueEvents>
  | TypesOf<typeof decisionEvents>
  | TypesOf<typeof benefitEvents>
  | TypesOf<typeof documentEvents>
  | TypesOf<typeof contractEvents>;

/**
 * How a description words what it takes from the payload and the log: the organisation the event
 * is about, enum values and moments. The GraphQL summary keeps the codes and ISO times as they are
 * (`SUMMARY_PHRASING`); the exports name them in the reader's language and time zone.
 */
export interface Phrasing {
  subject: string;
  phase(value: unknown): string;
  milestone(value: unknown): string;
  outcome(value: unknown): string;
  measurement(value: unknown): string;
  field(value: unknown): string;
  time(value: unknown): string;
}

/**
 * The audit trail in words: per language, one entry per event type, so a new procurement event
 * without a description in nb, sv and en fails the type check. A row of a retired type appears by its type.
 */
type Describe = { [T in HistoryType]: (p: EventPayload<T>, w: Phrasing) => string };

const en: Describe = {
  'procurement.created': (p) => `Created the procurement "${String(p.title)}"`,
  'procurement.updated': (p, w) => `Changed ${(p.fields as string[]).map((f) => w.field(f)).join(', ')}`,
  'procurement.phase_changed': (p, w) =>
    p.to === 'CANCELLED'
      ? `Cancelled the procurement (was ${w.phase(p.from)}): ${String(p.reason ?? '')}`
      : `Moved from ${w.phase(p.from)} to ${w.phase(p.to)}`,
  'participant.added': (_p, w) => `Added ${w.subject} as a participant`,
  'participant.removed': (_p, w) => `Removed ${w.subject} as a participant`,
  'lot.added': (p) => `Added lot ${String(p.number)}`,
  'lot.updated': () => 'Changed a lot',
  'lot.removed': (p) => `Removed lot ${String(p.number)}`,
  'lot.value_set': (_p, w) => `Stated the value of a lot for ${w.subject}`,
  'mandate.signed': (_p, w) => `${w.subject} signed its mandate`,
  'mandate.withdrawn': (_p, w) => `${w.subject} withdrew its mandate`,
  'milestone.set': (p, w) => `Set the ${w.milestone(p.kind)} milestone to ${w.time(p.dueAt)}`,
  'milestone.completed': (p) => (p.completed ? 'Completed a milestone' : 'Reopened a milestone'),
  'milestone.removed': (p, w) => `Removed the ${w.milestone(p.kind)} milestone`,
  'dialogue.published': (p, w) =>
    `Published the market dialogue notice (questions until ${w.time(p.questionDeadline)})`,
  'dialogue.notice_updated': () => 'Updated the market dialogue notice',
  'dialogue.registered': (_p, w) => `${w.subject} registered for the market dialogue`,
  'question.asked': (p) => `Question Q${String(p.number)} was asked`,
  'question.withdrawn': () => 'A question was withdrawn',
  'question.answered': (p) => `Published the answer to Q${String(p.number)}`,
  'answer.revised': (p) => `Published revision ${String(p.revision)} of the answer to Q${String(p.number)}`,
  'slots.opened': (p) => `Opened ${(p.slotIds as string[]).length} dialogue meeting slot(s)`,
  'slot.removed': () => 'Removed a dialogue meeting slot',
  'slot.booked': () => 'A dialogue meeting was booked',
  'slot.freed': () => 'A dialogue meeting booking was cancelled',
  'decision.opened': () => 'Opened a decision',
  'decision.voted': (_p, w) => `${w.subject} voted`,
  'decision.closed': (p, w) => `A decision closed: ${w.outcome(p.outcome)}${p.approved ? ' (approved)' : ''}`,
  'tender.received': () => 'Recorded a tender',
  'tender.assessed': (p) =>
    p.status === 'REJECTED' ? 'Rejected a tender' : p.status === 'ADMITTED' ? 'Admitted a tender' : 'Reopened a tender',
  'award.made': (p, w) =>
    `Awarded a lot to ${p.supplierIds.length === 1 ? 'one supplier' : `${p.supplierIds.length} suppliers`}; the standstill period ends ${w.time(p.standstillEndsAt)}`,
  'award.notified': (p, w) =>
    `Recorded when the award was notified; the standstill period ends ${w.time(p.standstillEndsAt)}`,
  'contract.signed': () => 'Recorded a signed contract',
  'calloff.updated': (_p, w) => `${w.subject} updated its call-off right under a contract`,
  'benefit.indicator_added': () => 'Added a benefit indicator',
  'benefit.measured': (p, w) => `Recorded a ${w.measurement(p.kind)} measurement for ${w.subject}`,
  'document.created': (p) => `Added the document "${String(p.title)}"`,
  'document.version_added': (p) => `Saved version ${String(p.number)} of a document`,
  'document.renamed': (p) => `Renamed a document to "${String(p.title)}"`,
  'document.visibility_changed': (p) =>
    p.visibility === 'PUBLISHED'
      ? `Published version ${String(p.publishedVersion)} of a document`
      : 'Unpublished a document',
  'document.updated': () => 'Changed a document',
  'document.deleted': () => 'Deleted a document',
};

const nb: Describe = {
  'procurement.created': (p) => `Opprettet anskaffelsen «${String(p.title)}»`,
  'procurement.updated': (p, w) => `Endret ${(p.fields as string[]).map((f) => w.field(f)).join(', ')}`,
  'procurement.phase_changed': (p, w) =>
    p.to === 'CANCELLED'
      ? `Avlyste anskaffelsen (i fasen ${w.phase(p.from)}): ${String(p.reason ?? '')}`
      : `Gikk videre fra ${w.phase(p.from)} til ${w.phase(p.to)}`,
  'participant.added': (_p, w) => `La til ${w.subject} som deltaker`,
  'participant.removed': (_p, w) => `Fjernet ${w.subject} som deltaker`,
  'lot.added': (p) => `La til delkontrakt ${String(p.number)}`,
  'lot.updated': () => 'Endret en delkontrakt',
  'lot.removed': (p) => `Fjernet delkontrakt ${String(p.number)}`,
  'lot.value_set': (_p, w) => `Oppga verdien av en delkontrakt for ${w.subject}`,
  'mandate.signed': (_p, w) => `${w.subject} signerte fullmakten sin`,
  'mandate.withdrawn': (_p, w) => `${w.subject} trakk fullmakten sin`,
  'milestone.set': (p, w) => `Satte milepælen «${w.milestone(p.kind)}» til ${w.time(p.dueAt)}`,
  'milestone.completed': (p) => (p.completed ? 'Merket en milepæl som fullført' : 'Åpnet en milepæl igjen'),
  'milestone.removed': (p, w) => `Fjernet milepælen «${w.milestone(p.kind)}»`,
  'dialogue.published': (p, w) =>
    `Publiserte kunngjøringen av markedsdialog (spørsmål til ${w.time(p.questionDeadline)})`,
  'dialogue.notice_updated': () => 'Oppdaterte kunngjøringen av markedsdialog',
  'dialogue.registered': (_p, w) => `${w.subject} registrerte seg for markedsdialogen`,
  'question.asked': (p) => `Spørsmål ${String(p.number)} ble stilt`,
  'question.withdrawn': () => 'Et spørsmål ble trukket',
  'question.answered': (p) => `Publiserte svaret på spørsmål ${String(p.number)}`,
  'answer.revised': (p) => `Publiserte revisjon ${String(p.revision)} av svaret på spørsmål ${String(p.number)}`,
  'slots.opened': (p) => {
    const n = (p.slotIds as string[]).length;
    return `Åpnet ${n} ${n === 1 ? 'møtetid' : 'møtetider'} for dialogmøter`;
  },
  'slot.removed': () => 'Fjernet en møtetid',
  'slot.booked': () => 'Et dialogmøte ble booket',
  'slot.freed': () => 'En booking av et dialogmøte ble avlyst',
  'decision.opened': () => 'Åpnet et vedtak',
  'decision.voted': (_p, w) => `${w.subject} stemte`,
  'decision.closed': (p, w) => `Et vedtak ble avsluttet: ${w.outcome(p.outcome)}${p.approved ? ' (godkjent)' : ''}`,
  'tender.received': () => 'Registrerte et tilbud',
  'tender.assessed': (p) =>
    p.status === 'REJECTED'
      ? 'Avviste et tilbud'
      : p.status === 'ADMITTED'
        ? 'Godtok et tilbud til evaluering'
        : 'Gjenåpnet et tilbud',
  'award.made': (p, w) =>
    `Tildelte en delkontrakt til ${p.supplierIds.length === 1 ? 'én leverandør' : `${p.supplierIds.length} leverandører`}; karenstiden løper til ${w.time(p.standstillEndsAt)}`,
  'award.notified': (p, w) =>
    `Registrerte når tildelingen ble meddelt; karenstiden løper til ${w.time(p.standstillEndsAt)}`,
  'contract.signed': () => 'Registrerte en signert kontrakt',
  'calloff.updated': (_p, w) => `${w.subject} oppdaterte sin avropsrett under en kontrakt`,
  'benefit.indicator_added': () => 'La til en gevinstindikator',
  'benefit.measured': (p, w) => `Registrerte en ${w.measurement(p.kind)} for ${w.subject}`,
  'document.created': (p) => `La til dokumentet «${String(p.title)}»`,
  'document.version_added': (p) => `Lagret versjon ${String(p.number)} av et dokument`,
  'document.renamed': (p) => `Ga et dokument nytt navn: «${String(p.title)}»`,
  'document.visibility_changed': (p) =>
    p.visibility === 'PUBLISHED'
      ? `Publiserte versjon ${String(p.publishedVersion)} av et dokument`
      : 'Avpubliserte et dokument',
  'document.updated': () => 'Endret et dokument',
  'document.deleted': () => 'Slettet et dokument',
};

const sv: Describe = {
  'procurement.created': (p) => `Skapade upphandlingen ”${String(p.title)}”`,
  'procurement.updated': (p, w) => `Ändrade ${(p.fields as string[]).map((f) => w.field(f)).join(', ')}`,
  'procurement.phase_changed': (p, w) =>
    p.to === 'CANCELLED'
      ? `Avbröt upphandlingen (i fasen ${w.phase(p.from)}): ${String(p.reason ?? '')}`
      : `Gick vidare från ${w.phase(p.from)} till ${w.phase(p.to)}`,
  'participant.added': (_p, w) => `Lade till ${w.subject} som deltagare`,
  'participant.removed': (_p, w) => `Tog bort ${w.subject} som deltagare`,
  'lot.added': (p) => `Lade till delområde ${String(p.number)}`,
  'lot.updated': () => 'Ändrade ett delområde',
  'lot.removed': (p) => `Tog bort delområde ${String(p.number)}`,
  'lot.value_set': (_p, w) => `Angav värdet för ett delområde för ${w.subject}`,
  'mandate.signed': (_p, w) => `${w.subject} undertecknade sin fullmakt`,
  'mandate.withdrawn': (_p, w) => `${w.subject} drog tillbaka sin fullmakt`,
  'milestone.set': (p, w) => `Satte milstolpen ”${w.milestone(p.kind)}” till ${w.time(p.dueAt)}`,
  'milestone.completed': (p) => (p.completed ? 'Markerade en milstolpe som klar' : 'Öppnade en milstolpe igen'),
  'milestone.removed': (p, w) => `Tog bort milstolpen ”${w.milestone(p.kind)}”`,
  'dialogue.published': (p, w) =>
    `Publicerade meddelandet om marknadsdialog (frågor till ${w.time(p.questionDeadline)})`,
  'dialogue.notice_updated': () => 'Uppdaterade meddelandet om marknadsdialog',
  'dialogue.registered': (_p, w) => `${w.subject} registrerade sig för marknadsdialogen`,
  'question.asked': (p) => `Fråga ${String(p.number)} ställdes`,
  'question.withdrawn': () => 'En fråga drogs tillbaka',
  'question.answered': (p) => `Publicerade svaret på fråga ${String(p.number)}`,
  'answer.revised': (p) => `Publicerade revision ${String(p.revision)} av svaret på fråga ${String(p.number)}`,
  'slots.opened': (p) => {
    const n = (p.slotIds as string[]).length;
    return `Öppnade ${n} ${n === 1 ? 'mötestid' : 'mötestider'} för dialogmöten`;
  },
  'slot.removed': () => 'Tog bort en mötestid',
  'slot.booked': () => 'Ett dialogmöte bokades',
  'slot.freed': () => 'En bokning av ett dialogmöte avbokades',
  'decision.opened': () => 'Öppnade ett beslut',
  'decision.voted': (_p, w) => `${w.subject} röstade`,
  'decision.closed': (p, w) => `Ett beslut avslutades: ${w.outcome(p.outcome)}${p.approved ? ' (godkänt)' : ''}`,
  'tender.received': () => 'Registrerade ett anbud',
  'tender.assessed': (p) =>
    p.status === 'REJECTED'
      ? 'Förkastade ett anbud'
      : p.status === 'ADMITTED'
        ? 'Godtog ett anbud för utvärdering'
        : 'Öppnade ett anbud igen',
  'award.made': (p, w) =>
    `Tilldelade ett delkontrakt till ${p.supplierIds.length === 1 ? 'en leverantör' : `${p.supplierIds.length} leverantörer`}; avtalsspärren löper till ${w.time(p.standstillEndsAt)}`,
  'award.notified': (p, w) =>
    `Registrerade när tilldelningen meddelades; avtalsspärren löper till ${w.time(p.standstillEndsAt)}`,
  'contract.signed': () => 'Registrerade ett undertecknat kontrakt',
  'calloff.updated': (_p, w) => `${w.subject} uppdaterade sin avropsrätt under ett kontrakt`,
  'benefit.indicator_added': () => 'Lade till en nyttoindikator',
  // "ett utgångsvärde" but "en uppföljningsmätning": the article follows the word.
  'benefit.measured': (p, w) =>
    `Registrerade ${p.kind === 'BASELINE' ? 'ett' : 'en'} ${w.measurement(p.kind)} för ${w.subject}`,
  'document.created': (p) => `Lade till dokumentet ”${String(p.title)}”`,
  'document.version_added': (p) => `Sparade version ${String(p.number)} av ett dokument`,
  'document.renamed': (p) => `Döpte om ett dokument till ”${String(p.title)}”`,
  'document.visibility_changed': (p) =>
    p.visibility === 'PUBLISHED'
      ? `Publicerade version ${String(p.publishedVersion)} av ett dokument`
      : 'Avpublicerade ett dokument',
  'document.updated': () => 'Ändrade ett dokument',
  'document.deleted': () => 'Tog bort ett dokument',
};

const DESCRIBE: Record<Locale, Describe> = { [Locale.en]: en, [Locale.nb]: nb, [Locale.sv]: sv };

/** What the event did, in `locale`; a type no table knows (retired) is shown as itself. */
export function describeEvent(locale: Locale, type: string, payload: Record<string, unknown>, w: Phrasing): string {
  const describe = (DESCRIBE[locale] ?? en)[type as HistoryType] as
    ((p: Record<string, unknown>, w: Phrasing) => string) | undefined;
  return describe ? describe(payload, w) : type;
}

/** The GraphQL summary's phrasing (English, as it always was): codes and ISO times as the payload has them. */
export const summaryPhrasing = (subject: string): Phrasing => ({
  subject,
  phase: String,
  milestone: String,
  outcome: String,
  measurement: (kind) => String(kind).toLowerCase().replace('_', '-'),
  field: String,
  time: String,
});
