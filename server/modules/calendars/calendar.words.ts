import type { MilestoneKind } from '../procurements/procurement.entity.js';
import { Locale } from '../users/user.entity.js';

/*
 * What the calendars say, in nb, sv and en (the feed owner's or the recipient's language). Typed
 * tables, as in procurements/export.words.ts: a new milestone kind without a word in every
 * language fails the type check.
 */
export interface CalendarWords {
  /** The private feed's name in the calendar app. */
  feedName: string;
  /** A procurement feed's name. */
  procurementFeed: (procurement: string) => string;
  milestone: Record<MilestoneKind, string>;
  /** A milestone, a closing decision, a meeting: `what` of `procurement`. */
  of: (what: string, procurement: string) => string;
  decisionCloses: (decision: string) => string;
  /** A meeting as the buyers see it: with whom. */
  meetingWith: (supplier: string) => string;
  /** A meeting as the supplier sees it. */
  meeting: string;
  questionDeadline: string;
  completed: string;
  group: (name: string) => string;
}

const en: CalendarWords = {
  feedName: 'Samverka',
  procurementFeed: (p) => `Samverka: ${p}`,
  milestone: {
    OPT_OUT_DEADLINE: 'Opt-out deadline',
    QUESTION_DEADLINE: 'Question deadline',
    DIALOGUE_MEETINGS: 'Dialogue meetings',
    TENDER_DEADLINE: 'Tender deadline',
    AWARD_DECISION: 'Award decision',
    STANDSTILL_END: 'End of standstill',
    CONTRACT_START: 'Contract start',
    CONTRACT_END: 'Contract end',
    OTHER: 'Milestone',
  },
  of: (what, p) => `${what} – ${p}`,
  decisionCloses: (d) => `Vote closes: ${d}`,
  meetingWith: (s) => `Dialogue meeting with ${s}`,
  meeting: 'Dialogue meeting',
  questionDeadline: 'Deadline for questions',
  completed: 'Completed.',
  group: (g) => `Buyer group: ${g}`,
};

const nb: CalendarWords = {
  feedName: 'Samverka',
  procurementFeed: (p) => `Samverka: ${p}`,
  milestone: {
    OPT_OUT_DEADLINE: 'Frist for å trekke seg',
    QUESTION_DEADLINE: 'Frist for spørsmål',
    DIALOGUE_MEETINGS: 'Dialogmøter',
    TENDER_DEADLINE: 'Tilbudsfrist',
    AWARD_DECISION: 'Tildelingsbeslutning',
    STANDSTILL_END: 'Slutt på karenstid',
    CONTRACT_START: 'Kontraktsstart',
    CONTRACT_END: 'Kontraktsslutt',
    OTHER: 'Milepæl',
  },
  of: (what, p) => `${what} – ${p}`,
  decisionCloses: (d) => `Avstemningen stenger: ${d}`,
  meetingWith: (s) => `Dialogmøte med ${s}`,
  meeting: 'Dialogmøte',
  questionDeadline: 'Frist for spørsmål',
  completed: 'Fullført.',
  group: (g) => `Innkjøpsgruppe: ${g}`,
};

const sv: CalendarWords = {
  feedName: 'Samverka',
  procurementFeed: (p) => `Samverka: ${p}`,
  milestone: {
    OPT_OUT_DEADLINE: 'Sista dag att avstå',
    QUESTION_DEADLINE: 'Sista dag för frågor',
    DIALOGUE_MEETINGS: 'Dialogmöten',
    TENDER_DEADLINE: 'Sista anbudsdag',
    AWARD_DECISION: 'Tilldelningsbeslut',
    STANDSTILL_END: 'Avtalsspärrens slut',
    CONTRACT_START: 'Avtalsstart',
    CONTRACT_END: 'Avtalsslut',
    OTHER: 'Milstolpe',
  },
  of: (what, p) => `${what} – ${p}`,
  decisionCloses: (d) => `Omröstningen stänger: ${d}`,
  meetingWith: (s) => `Dialogmöte med ${s}`,
  meeting: 'Dialogmöte',
  questionDeadline: 'Sista dag för frågor',
  completed: 'Klar.',
  group: (g) => `Beställargrupp: ${g}`,
};

const WORDS: Record<Locale, CalendarWords> = { en, nb, sv };

export const calendarWords = (locale: Locale): CalendarWords => WORDS[locale] ?? en;

/**
 * A meeting's date and time for a mail, in the reader's language and zone, with the zone named
 * ("tirsdag 5. mars 2030 kl. 09:00 (Europe/Oslo)"), so no one reads it on the wrong clock.
 */
export function meetingTime(start: Date, end: Date, locale: Locale, timeZone: string): string {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(start);
  const until = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(end);
  return `${day}–${until} (${timeZone})`;
}
