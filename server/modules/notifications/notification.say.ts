import { exportWords, wordFor } from '../procurements/export.words.js';
import { Locale } from '../users/user.entity.js';
import type { NotificationData } from './notification.entity.js';
import { en, type NotificationWords, type Said } from './notification.words.js';
import { nb } from './notification.words.nb.js';
import { sv } from './notification.words.sv.js';

/** A notice's words for one reader: their language, their clock. */
const WORDS: Record<Locale, NotificationWords> = { en, nb, sv };

export const notificationWords = (locale: Locale): NotificationWords => WORDS[locale] ?? en;

const TAGS: Record<Locale, string> = { nb: 'nb-NO', sv: 'sv-SE', en: 'en-GB' };

/** A moment as the reader's clock shows it, in the reader's language. */
export function formatMoment(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(TAGS[locale] ?? 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** A notice's data as words for one reader. */
export function say(data: NotificationData, actor: string | null, reader: { locale: Locale; timeZone: string }): Said {
  const w = exportWords(reader.locale);
  const threads = notificationWords(reader.locale).thread;
  return {
    actor,
    group: data.groupName ?? '',
    procurement: data.procurementTitle ?? '',
    // A thread the server made is named by its kind in the reader's language.
    title: (data.threadKind && (threads as Record<string, string>)[data.threadKind]) || (data.title ?? ''),
    organisation: data.organisationName ?? '',
    at: data.at ? formatMoment(data.at, reader.locale, reader.timeZone) : '',
    phase: data.phase ? wordFor(w.phase, data.phase) : '',
    fromPhase: data.fromPhase ? wordFor(w.phase, data.fromPhase) : '',
    outcome: data.outcome ? wordFor(w.outcome, data.outcome) : '',
    approved: data.approved === true,
    number: data.number ?? 0,
    milestone: data.milestoneKind ? wordFor(w.milestone, data.milestoneKind) : '',
  };
}
