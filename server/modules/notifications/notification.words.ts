import { exportWords, wordFor } from '../procurements/export.words.js';
import { Locale } from '../users/user.entity.js';
import { NotificationDelivery, NotificationKind, type NotificationData } from './notification.entity.js';

/*
 * What notices say by e-mail, in nb, sv and en: typed tables (like export.words.ts), so a new kind
 * without words in every language fails the type check. Phase, milestone and outcome names come from
 * the export words, which follow the client's.
 */

/** A notice's data as words in the reader's language and time zone. */
export interface Said {
  /** Who caused it (buyers' notices only), or null. */
  actor: string | null;
  group: string;
  procurement: string;
  title: string;
  organisation: string;
  /** The moment, on the reader's clock ("6. desember 2026 kl. 06:13"). */
  at: string;
  phase: string;
  fromPhase: string;
  outcome: string;
  approved: boolean;
  number: number;
  milestone: string;
}

interface Notice {
  subject: string;
  /** The sentence the e-mail (and the digest's line) says. */
  line: string;
}

export interface NotificationWords {
  /** The kind's name, as the settings and the unsubscribe page show it. */
  kind: Record<NotificationKind, string>;
  delivery: Record<NotificationDelivery, string>;
  notice: { [K in NotificationKind]: (d: Said) => Notice };
  hello: (name: string) => string;
  open: string;
  /** Why this e-mail came, and how to stop it. */
  because: (kind: string) => string;
  stop: string;
  settings: string;
  digest: {
    subject: (count: number) => string;
    intro: (count: number) => string;
    because: string;
    stop: string;
    /** The heading of notices that belong to no group or procurement. */
    other: string;
  };
  unsubscribe: {
    title: string;
    confirm: (what: string) => string;
    button: string;
    done: (what: string) => string;
    digest: string;
    invalid: string;
  };
}

const q = { nb: (s: string) => `«${s}»`, sv: (s: string) => `”${s}”`, en: (s: string) => `“${s}”` };

const en: NotificationWords = {
  kind: {
    MENTION: 'Mentions',
    REPLY: 'Replies to your messages',
    INVITATION: 'Invitations to groups',
    JOIN_REQUEST: 'Requests to join your groups',
    JOIN_REQUEST_DECIDED: 'Answers to your requests to join',
    GUEST_INVITATION: 'Guest invitations',
    MANDATE_REQUESTED: 'Mandates requested',
    MANDATE_SIGNED: 'Mandates signed',
    MANDATE_WITHDRAWN: 'Mandates withdrawn',
    PHASE_CHANGED: 'Phase changes',
    DECISION_OPENED: 'Decisions opened',
    DECISION_CLOSING: 'Decisions closing within 24 hours',
    DECISION_CLOSED: 'Decisions closed',
    MILESTONE_DUE: 'Deadlines coming up',
    MILESTONE_OVERDUE: 'Deadlines passed',
    DOCUMENT_VERSION: 'New versions of documents you follow',
    QUESTION_RECEIVED: 'Questions from suppliers',
    ANSWER_PUBLISHED: 'Answers published',
    DOCUMENT_PUBLISHED: 'Documents published',
    SLOT_BOOKED: 'Dialogue meetings booked',
    SLOT_CANCELLED: 'Dialogue meetings cancelled',
    AWARD_MADE: 'Awards',
    STANDSTILL_ENDED: 'Standstill periods ended',
  },
  delivery: { IN_APP: 'In the app only', EMAIL_NOW: 'E-mail at once', DIGEST: 'Daily digest', OFF: 'Off' },
  notice: {
    MENTION: (d) => ({
      subject: `${d.actor} mentioned you in ${q.en(d.title)} (${d.group})`,
      line: `${d.actor} mentioned you in the thread ${q.en(d.title)} in ${d.group}.`,
    }),
    REPLY: (d) => ({
      subject: `${d.actor} replied to you in ${q.en(d.title)} (${d.group})`,
      line: `${d.actor} replied to your message in the thread ${q.en(d.title)} in ${d.group}.`,
    }),
    INVITATION: (d) => ({
      subject: `Your organisation is invited to ${d.group}`,
      line: `Your organisation is invited to join the buyer group ${d.group}.`,
    }),
    JOIN_REQUEST: (d) => ({
      subject: `${d.organisation} asks to join ${d.group}`,
      line: `${d.organisation} asks to join ${d.group}, which you coordinate.`,
    }),
    JOIN_REQUEST_DECIDED: (d) => ({
      subject: d.approved ? `Your organisation has joined ${d.group}` : `Your request to join ${d.group} was declined`,
      line: d.approved
        ? `The coordinators of ${d.group} approved your organisation's request to join.`
        : `The coordinators of ${d.group} declined your organisation's request to join.`,
    }),
    GUEST_INVITATION: (d) => ({
      subject: `You are a guest in ${d.group}`,
      line: `You were invited as a guest in the buyer group ${d.group} until ${d.at}.`,
    }),
    MANDATE_REQUESTED: (d) => ({
      subject: `Your mandate is requested for ${q.en(d.procurement)}`,
      line: `Your authority takes part in the joint procurement ${q.en(d.procurement)} (${d.group}): its mandate to the lead authority waits for its signature.`,
    }),
    MANDATE_SIGNED: (d) => ({
      subject: `${d.organisation} signed its mandate for ${q.en(d.procurement)}`,
      line: `${d.organisation} signed its mandate for the joint procurement ${q.en(d.procurement)} (${d.group}).`,
    }),
    MANDATE_WITHDRAWN: (d) => ({
      subject: `${d.organisation} withdrew its mandate for ${q.en(d.procurement)}`,
      line: `${d.organisation} withdrew its mandate for the joint procurement ${q.en(d.procurement)} (${d.group}).`,
    }),
    PHASE_CHANGED: (d) => ({
      subject: `${q.en(d.procurement)} moved to ${d.phase}`,
      line: `The joint procurement ${q.en(d.procurement)} (${d.group}) moved from ${d.fromPhase} to ${d.phase}.`,
    }),
    DECISION_OPENED: (d) => ({
      subject: `Decision opened: ${d.title} (${d.procurement})`,
      line: `A decision was put to the participating authorities of ${q.en(d.procurement)} (${d.group}): ${q.en(d.title)}. It closes ${d.at}.`,
    }),
    DECISION_CLOSING: (d) => ({
      subject: `Closes within 24 hours: ${d.title} (${d.procurement})`,
      line: `Your authority has not voted on ${q.en(d.title)} in ${q.en(d.procurement)} (${d.group}). The decision closes ${d.at}.`,
    }),
    DECISION_CLOSED: (d) => ({
      subject: `Decision closed: ${d.title} (${d.outcome}${d.approved ? ', approved' : ''})`,
      line: `The decision ${q.en(d.title)} in ${q.en(d.procurement)} (${d.group}) closed: ${d.outcome}${d.approved ? ', approved' : ''}.`,
    }),
    MILESTONE_DUE: (d) => ({
      subject: `Coming up: ${d.title}, ${d.at} (${d.procurement})`,
      line: `The ${d.milestone} milestone ${q.en(d.title)} of ${q.en(d.procurement)} (${d.group}) is due ${d.at}.`,
    }),
    MILESTONE_OVERDUE: (d) => ({
      subject: `Passed: ${d.title}, ${d.at} (${d.procurement})`,
      line: `The ${d.milestone} milestone ${q.en(d.title)} of ${q.en(d.procurement)} (${d.group}) was due ${d.at} and is not completed.`,
    }),
    DOCUMENT_VERSION: (d) => ({
      subject: `New version of ${q.en(d.title)} (${d.group})`,
      line: `${d.actor ?? 'Someone'} saved version ${d.number} of the document ${q.en(d.title)} in ${d.group}.`,
    }),
    QUESTION_RECEIVED: (d) => ({
      subject: `Question ${d.title} from ${d.organisation} (${d.procurement})`,
      line: `${d.organisation} asked question ${d.title} in the market dialogue of ${q.en(d.procurement)} (${d.group}). Its answer is published to every registered supplier.`,
    }),
    ANSWER_PUBLISHED: (d) => ({
      subject: `${d.number > 1 ? 'Answer revised' : 'Answer published'}: ${d.title} (${d.procurement})`,
      line:
        d.number > 1
          ? `The answer to ${d.title} in the market dialogue ${q.en(d.procurement)} was revised.`
          : `An answer to ${d.title} was published in the market dialogue ${q.en(d.procurement)}.`,
    }),
    DOCUMENT_PUBLISHED: (d) => ({
      subject: `Document published: ${d.title} (${d.procurement})`,
      line: `The document ${q.en(d.title)} was published in the market dialogue ${q.en(d.procurement)}.`,
    }),
    SLOT_BOOKED: (d) => ({
      subject: `Dialogue meeting booked: ${d.at} (${d.procurement})`,
      line: d.organisation
        ? `${d.organisation} booked a dialogue meeting in ${q.en(d.procurement)} (${d.group}) at ${d.at}.`
        : `Your organisation booked a dialogue meeting in the market dialogue ${q.en(d.procurement)} at ${d.at}.`,
    }),
    SLOT_CANCELLED: (d) => ({
      subject: `Dialogue meeting cancelled (${d.procurement})`,
      line: d.organisation
        ? `The dialogue meeting of ${d.organisation} in ${q.en(d.procurement)} (${d.group})${d.at ? ` at ${d.at}` : ''} was cancelled.`
        : `Your organisation's dialogue meeting in the market dialogue ${q.en(d.procurement)}${d.at ? ` at ${d.at}` : ''} was cancelled.`,
    }),
    AWARD_MADE: (d) => ({
      subject: `Lot ${d.number} of ${q.en(d.procurement)} awarded`,
      line: `Lot ${d.number} of ${q.en(d.procurement)} (${d.group}) was awarded to ${d.organisation}. The standstill period ends ${d.at}.`,
    }),
    STANDSTILL_ENDED: (d) => ({
      subject: `Standstill ended: lot ${d.number} of ${q.en(d.procurement)}`,
      line: `The standstill period of lot ${d.number} of ${q.en(d.procurement)} (${d.group}) ended ${d.at}: the contract may now be signed.`,
    }),
  },
  hello: (name) => `Hello ${name},`,
  open: 'Open in Samverka',
  because: (kind) =>
    `You get this e-mail because ${q.en(kind)} is set to e-mail at once in your notification settings.`,
  stop: 'Stop e-mails of this kind',
  settings: 'Notification settings',
  digest: {
    subject: (n) => `Samverka: ${n} ${n === 1 ? 'notice' : 'notices'} since yesterday`,
    intro: (n) => `Here is what happened in your groups and procurements (${n} ${n === 1 ? 'notice' : 'notices'}).`,
    because: 'You get this daily digest for the kinds of notices you have set to the daily digest.',
    stop: 'Stop the daily digest',
    other: 'Other',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    confirm: (what) => `Stop e-mails about ${q.en(what)}? You will still see them in Samverka.`,
    button: 'Stop these e-mails',
    done: (what) =>
      `Done: you will get no more e-mails about ${q.en(what)}. You can change this in your notification settings.`,
    digest: 'the daily digest',
    invalid: 'This unsubscribe link is not valid. Nothing was changed.',
  },
};

const nb: NotificationWords = {
  kind: {
    MENTION: 'Nevnt',
    REPLY: 'Svar på meldingene dine',
    INVITATION: 'Invitasjoner til grupper',
    JOIN_REQUEST: 'Forespørsler om å bli med i gruppene dine',
    JOIN_REQUEST_DECIDED: 'Svar på forespørslene dine om å bli med',
    GUEST_INVITATION: 'Gjesteinvitasjoner',
    MANDATE_REQUESTED: 'Fullmakter som venter',
    MANDATE_SIGNED: 'Fullmakter signert',
    MANDATE_WITHDRAWN: 'Fullmakter trukket',
    PHASE_CHANGED: 'Faseskifter',
    DECISION_OPENED: 'Beslutninger åpnet',
    DECISION_CLOSING: 'Beslutninger som lukkes innen 24 timer',
    DECISION_CLOSED: 'Beslutninger lukket',
    MILESTONE_DUE: 'Frister som nærmer seg',
    MILESTONE_OVERDUE: 'Frister som er passert',
    DOCUMENT_VERSION: 'Nye versjoner av dokumenter du følger',
    QUESTION_RECEIVED: 'Spørsmål fra leverandører',
    ANSWER_PUBLISHED: 'Svar publisert',
    DOCUMENT_PUBLISHED: 'Dokumenter publisert',
    SLOT_BOOKED: 'Dialogmøter booket',
    SLOT_CANCELLED: 'Dialogmøter avlyst',
    AWARD_MADE: 'Tildelinger',
    STANDSTILL_ENDED: 'Karenstider som er utløpt',
  },
  delivery: { IN_APP: 'Bare i appen', EMAIL_NOW: 'E-post med en gang', DIGEST: 'Daglig sammendrag', OFF: 'Av' },
  notice: {
    MENTION: (d) => ({
      subject: `${d.actor} nevnte deg i ${q.nb(d.title)} (${d.group})`,
      line: `${d.actor} nevnte deg i tråden ${q.nb(d.title)} i ${d.group}.`,
    }),
    REPLY: (d) => ({
      subject: `${d.actor} svarte deg i ${q.nb(d.title)} (${d.group})`,
      line: `${d.actor} svarte på meldingen din i tråden ${q.nb(d.title)} i ${d.group}.`,
    }),
    INVITATION: (d) => ({
      subject: `Organisasjonen din er invitert til ${d.group}`,
      line: `Organisasjonen din er invitert til å bli med i innkjøpsgruppen ${d.group}.`,
    }),
    JOIN_REQUEST: (d) => ({
      subject: `${d.organisation} ber om å bli med i ${d.group}`,
      line: `${d.organisation} ber om å bli med i ${d.group}, som du koordinerer.`,
    }),
    JOIN_REQUEST_DECIDED: (d) => ({
      subject: d.approved
        ? `Organisasjonen din er med i ${d.group}`
        : `Forespørselen om å bli med i ${d.group} ble avslått`,
      line: d.approved
        ? `Koordinatorene i ${d.group} godkjente forespørselen fra organisasjonen din om å bli med.`
        : `Koordinatorene i ${d.group} avslo forespørselen fra organisasjonen din om å bli med.`,
    }),
    GUEST_INVITATION: (d) => ({
      subject: `Du er gjest i ${d.group}`,
      line: `Du er invitert som gjest i innkjøpsgruppen ${d.group} til ${d.at}.`,
    }),
    MANDATE_REQUESTED: (d) => ({
      subject: `Fullmakten deres trengs for ${q.nb(d.procurement)}`,
      line: `Virksomheten din deltar i fellesanskaffelsen ${q.nb(d.procurement)} (${d.group}): fullmakten til den ledende virksomheten venter på signatur.`,
    }),
    MANDATE_SIGNED: (d) => ({
      subject: `${d.organisation} signerte fullmakten for ${q.nb(d.procurement)}`,
      line: `${d.organisation} signerte fullmakten sin for fellesanskaffelsen ${q.nb(d.procurement)} (${d.group}).`,
    }),
    MANDATE_WITHDRAWN: (d) => ({
      subject: `${d.organisation} trakk fullmakten for ${q.nb(d.procurement)}`,
      line: `${d.organisation} trakk fullmakten sin for fellesanskaffelsen ${q.nb(d.procurement)} (${d.group}).`,
    }),
    PHASE_CHANGED: (d) => ({
      subject: `${q.nb(d.procurement)} er i fasen ${d.phase}`,
      line: `Fellesanskaffelsen ${q.nb(d.procurement)} (${d.group}) gikk fra ${d.fromPhase} til ${d.phase}.`,
    }),
    DECISION_OPENED: (d) => ({
      subject: `Ny beslutning: ${d.title} (${d.procurement})`,
      line: `En beslutning er lagt fram for de deltakende virksomhetene i ${q.nb(d.procurement)} (${d.group}): ${q.nb(d.title)}. Den lukkes ${d.at}.`,
    }),
    DECISION_CLOSING: (d) => ({
      subject: `Lukkes innen 24 timer: ${d.title} (${d.procurement})`,
      line: `Virksomheten din har ikke stemt over ${q.nb(d.title)} i ${q.nb(d.procurement)} (${d.group}). Beslutningen lukkes ${d.at}.`,
    }),
    DECISION_CLOSED: (d) => ({
      subject: `Beslutning lukket: ${d.title} (${d.outcome}${d.approved ? ', godkjent' : ''})`,
      line: `Beslutningen ${q.nb(d.title)} i ${q.nb(d.procurement)} (${d.group}) er lukket: ${d.outcome}${d.approved ? ', godkjent' : ''}.`,
    }),
    MILESTONE_DUE: (d) => ({
      subject: `Frist nærmer seg: ${d.title}, ${d.at} (${d.procurement})`,
      line: `Milepælen ${q.nb(d.title)} (${d.milestone}) i ${q.nb(d.procurement)} (${d.group}) har frist ${d.at}.`,
    }),
    MILESTONE_OVERDUE: (d) => ({
      subject: `Frist passert: ${d.title}, ${d.at} (${d.procurement})`,
      line: `Milepælen ${q.nb(d.title)} (${d.milestone}) i ${q.nb(d.procurement)} (${d.group}) hadde frist ${d.at} og er ikke fullført.`,
    }),
    DOCUMENT_VERSION: (d) => ({
      subject: `Ny versjon av ${q.nb(d.title)} (${d.group})`,
      line: `${d.actor ?? 'Noen'} lagret versjon ${d.number} av dokumentet ${q.nb(d.title)} i ${d.group}.`,
    }),
    QUESTION_RECEIVED: (d) => ({
      subject: `Spørsmål ${d.title} fra ${d.organisation} (${d.procurement})`,
      line: `${d.organisation} stilte spørsmål ${d.title} i markedsdialogen for ${q.nb(d.procurement)} (${d.group}). Svaret publiseres til alle registrerte leverandører.`,
    }),
    ANSWER_PUBLISHED: (d) => ({
      subject: `${d.number > 1 ? 'Svar revidert' : 'Svar publisert'}: ${d.title} (${d.procurement})`,
      line:
        d.number > 1
          ? `Svaret på ${d.title} i markedsdialogen ${q.nb(d.procurement)} er revidert.`
          : `Et svar på ${d.title} er publisert i markedsdialogen ${q.nb(d.procurement)}.`,
    }),
    DOCUMENT_PUBLISHED: (d) => ({
      subject: `Dokument publisert: ${d.title} (${d.procurement})`,
      line: `Dokumentet ${q.nb(d.title)} er publisert i markedsdialogen ${q.nb(d.procurement)}.`,
    }),
    SLOT_BOOKED: (d) => ({
      subject: `Dialogmøte booket: ${d.at} (${d.procurement})`,
      line: d.organisation
        ? `${d.organisation} booket et dialogmøte i ${q.nb(d.procurement)} (${d.group}) ${d.at}.`
        : `Organisasjonen din booket et dialogmøte i markedsdialogen ${q.nb(d.procurement)} ${d.at}.`,
    }),
    SLOT_CANCELLED: (d) => ({
      subject: `Dialogmøte avlyst (${d.procurement})`,
      line: d.organisation
        ? `Dialogmøtet med ${d.organisation} i ${q.nb(d.procurement)} (${d.group})${d.at ? ` ${d.at}` : ''} er avlyst.`
        : `Dialogmøtet til organisasjonen din i markedsdialogen ${q.nb(d.procurement)}${d.at ? ` ${d.at}` : ''} er avlyst.`,
    }),
    AWARD_MADE: (d) => ({
      subject: `Delkontrakt ${d.number} i ${q.nb(d.procurement)} er tildelt`,
      line: `Delkontrakt ${d.number} i ${q.nb(d.procurement)} (${d.group}) er tildelt ${d.organisation}. Karenstiden utløper ${d.at}.`,
    }),
    STANDSTILL_ENDED: (d) => ({
      subject: `Karenstiden er ute: delkontrakt ${d.number} i ${q.nb(d.procurement)}`,
      line: `Karenstiden for delkontrakt ${d.number} i ${q.nb(d.procurement)} (${d.group}) utløp ${d.at}: kontrakten kan nå signeres.`,
    }),
  },
  hello: (name) => `Hei ${name},`,
  open: 'Åpne i Samverka',
  because: (kind) =>
    `Du får denne e-posten fordi ${q.nb(kind)} er satt til e-post med en gang i varslingsinnstillingene dine.`,
  stop: 'Slutt med e-post av denne typen',
  settings: 'Varslingsinnstillinger',
  digest: {
    subject: (n) => `Samverka: ${n} ${n === 1 ? 'varsel' : 'varsler'} siden i går`,
    intro: (n) => `Dette har skjedd i gruppene og anskaffelsene dine (${n} ${n === 1 ? 'varsel' : 'varsler'}).`,
    because: 'Du får dette daglige sammendraget for varseltypene du har satt til daglig sammendrag.',
    stop: 'Slutt med det daglige sammendraget',
    other: 'Annet',
  },
  unsubscribe: {
    title: 'Avslutt e-post',
    confirm: (what) => `Vil du slutte å få e-post om ${q.nb(what)}? Du ser dem fortsatt i Samverka.`,
    button: 'Slutt med disse e-postene',
    done: (what) =>
      `Ferdig: du får ikke flere e-poster om ${q.nb(what)}. Du kan endre dette i varslingsinnstillingene.`,
    digest: 'det daglige sammendraget',
    invalid: 'Denne avmeldingslenken er ikke gyldig. Ingenting ble endret.',
  },
};

const sv: NotificationWords = {
  kind: {
    MENTION: 'Omnämnanden',
    REPLY: 'Svar på dina meddelanden',
    INVITATION: 'Inbjudningar till grupper',
    JOIN_REQUEST: 'Förfrågningar om att gå med i dina grupper',
    JOIN_REQUEST_DECIDED: 'Svar på dina förfrågningar om att gå med',
    GUEST_INVITATION: 'Gästinbjudningar',
    MANDATE_REQUESTED: 'Fullmakter som väntar',
    MANDATE_SIGNED: 'Fullmakter undertecknade',
    MANDATE_WITHDRAWN: 'Fullmakter återkallade',
    PHASE_CHANGED: 'Fasbyten',
    DECISION_OPENED: 'Beslut öppnade',
    DECISION_CLOSING: 'Beslut som stängs inom 24 timmar',
    DECISION_CLOSED: 'Beslut stängda',
    MILESTONE_DUE: 'Tidsfrister som närmar sig',
    MILESTONE_OVERDUE: 'Tidsfrister som passerats',
    DOCUMENT_VERSION: 'Nya versioner av dokument du följer',
    QUESTION_RECEIVED: 'Frågor från leverantörer',
    ANSWER_PUBLISHED: 'Svar publicerade',
    DOCUMENT_PUBLISHED: 'Dokument publicerade',
    SLOT_BOOKED: 'Dialogmöten bokade',
    SLOT_CANCELLED: 'Dialogmöten avbokade',
    AWARD_MADE: 'Tilldelningar',
    STANDSTILL_ENDED: 'Avtalsspärrar som löpt ut',
  },
  delivery: { IN_APP: 'Bara i appen', EMAIL_NOW: 'E-post direkt', DIGEST: 'Daglig sammanfattning', OFF: 'Av' },
  notice: {
    MENTION: (d) => ({
      subject: `${d.actor} nämnde dig i ${q.sv(d.title)} (${d.group})`,
      line: `${d.actor} nämnde dig i tråden ${q.sv(d.title)} i ${d.group}.`,
    }),
    REPLY: (d) => ({
      subject: `${d.actor} svarade dig i ${q.sv(d.title)} (${d.group})`,
      line: `${d.actor} svarade på ditt meddelande i tråden ${q.sv(d.title)} i ${d.group}.`,
    }),
    INVITATION: (d) => ({
      subject: `Din organisation är inbjuden till ${d.group}`,
      line: `Din organisation är inbjuden att gå med i beställargruppen ${d.group}.`,
    }),
    JOIN_REQUEST: (d) => ({
      subject: `${d.organisation} vill gå med i ${d.group}`,
      line: `${d.organisation} ber om att få gå med i ${d.group}, som du samordnar.`,
    }),
    JOIN_REQUEST_DECIDED: (d) => ({
      subject: d.approved ? `Din organisation är med i ${d.group}` : `Förfrågan om att gå med i ${d.group} avslogs`,
      line: d.approved
        ? `Samordnarna i ${d.group} godkände din organisations förfrågan om att gå med.`
        : `Samordnarna i ${d.group} avslog din organisations förfrågan om att gå med.`,
    }),
    GUEST_INVITATION: (d) => ({
      subject: `Du är gäst i ${d.group}`,
      line: `Du är inbjuden som gäst i beställargruppen ${d.group} till och med ${d.at}.`,
    }),
    MANDATE_REQUESTED: (d) => ({
      subject: `Er fullmakt behövs för ${q.sv(d.procurement)}`,
      line: `Din myndighet deltar i den gemensamma upphandlingen ${q.sv(d.procurement)} (${d.group}): fullmakten till den ledande myndigheten väntar på underskrift.`,
    }),
    MANDATE_SIGNED: (d) => ({
      subject: `${d.organisation} undertecknade fullmakten för ${q.sv(d.procurement)}`,
      line: `${d.organisation} undertecknade sin fullmakt för den gemensamma upphandlingen ${q.sv(d.procurement)} (${d.group}).`,
    }),
    MANDATE_WITHDRAWN: (d) => ({
      subject: `${d.organisation} återkallade fullmakten för ${q.sv(d.procurement)}`,
      line: `${d.organisation} återkallade sin fullmakt för den gemensamma upphandlingen ${q.sv(d.procurement)} (${d.group}).`,
    }),
    PHASE_CHANGED: (d) => ({
      subject: `${q.sv(d.procurement)} är i fasen ${d.phase}`,
      line: `Den gemensamma upphandlingen ${q.sv(d.procurement)} (${d.group}) gick från ${d.fromPhase} till ${d.phase}.`,
    }),
    DECISION_OPENED: (d) => ({
      subject: `Nytt beslut: ${d.title} (${d.procurement})`,
      line: `Ett beslut har lagts fram för de deltagande myndigheterna i ${q.sv(d.procurement)} (${d.group}): ${q.sv(d.title)}. Det stängs ${d.at}.`,
    }),
    DECISION_CLOSING: (d) => ({
      subject: `Stängs inom 24 timmar: ${d.title} (${d.procurement})`,
      line: `Din myndighet har inte röstat om ${q.sv(d.title)} i ${q.sv(d.procurement)} (${d.group}). Beslutet stängs ${d.at}.`,
    }),
    DECISION_CLOSED: (d) => ({
      subject: `Beslut stängt: ${d.title} (${d.outcome}${d.approved ? ', godkänt' : ''})`,
      line: `Beslutet ${q.sv(d.title)} i ${q.sv(d.procurement)} (${d.group}) har stängts: ${d.outcome}${d.approved ? ', godkänt' : ''}.`,
    }),
    MILESTONE_DUE: (d) => ({
      subject: `Tidsfrist närmar sig: ${d.title}, ${d.at} (${d.procurement})`,
      line: `Milstolpen ${q.sv(d.title)} (${d.milestone}) i ${q.sv(d.procurement)} (${d.group}) infaller ${d.at}.`,
    }),
    MILESTONE_OVERDUE: (d) => ({
      subject: `Tidsfrist passerad: ${d.title}, ${d.at} (${d.procurement})`,
      line: `Milstolpen ${q.sv(d.title)} (${d.milestone}) i ${q.sv(d.procurement)} (${d.group}) infoll ${d.at} och är inte klar.`,
    }),
    DOCUMENT_VERSION: (d) => ({
      subject: `Ny version av ${q.sv(d.title)} (${d.group})`,
      line: `${d.actor ?? 'Någon'} sparade version ${d.number} av dokumentet ${q.sv(d.title)} i ${d.group}.`,
    }),
    QUESTION_RECEIVED: (d) => ({
      subject: `Fråga ${d.title} från ${d.organisation} (${d.procurement})`,
      line: `${d.organisation} ställde fråga ${d.title} i marknadsdialogen för ${q.sv(d.procurement)} (${d.group}). Svaret publiceras för alla registrerade leverantörer.`,
    }),
    ANSWER_PUBLISHED: (d) => ({
      subject: `${d.number > 1 ? 'Svar reviderat' : 'Svar publicerat'}: ${d.title} (${d.procurement})`,
      line:
        d.number > 1
          ? `Svaret på ${d.title} i marknadsdialogen ${q.sv(d.procurement)} har reviderats.`
          : `Ett svar på ${d.title} har publicerats i marknadsdialogen ${q.sv(d.procurement)}.`,
    }),
    DOCUMENT_PUBLISHED: (d) => ({
      subject: `Dokument publicerat: ${d.title} (${d.procurement})`,
      line: `Dokumentet ${q.sv(d.title)} har publicerats i marknadsdialogen ${q.sv(d.procurement)}.`,
    }),
    SLOT_BOOKED: (d) => ({
      subject: `Dialogmöte bokat: ${d.at} (${d.procurement})`,
      line: d.organisation
        ? `${d.organisation} bokade ett dialogmöte i ${q.sv(d.procurement)} (${d.group}) ${d.at}.`
        : `Din organisation bokade ett dialogmöte i marknadsdialogen ${q.sv(d.procurement)} ${d.at}.`,
    }),
    SLOT_CANCELLED: (d) => ({
      subject: `Dialogmöte avbokat (${d.procurement})`,
      line: d.organisation
        ? `Dialogmötet med ${d.organisation} i ${q.sv(d.procurement)} (${d.group})${d.at ? ` ${d.at}` : ''} har avbokats.`
        : `Din organisations dialogmöte i marknadsdialogen ${q.sv(d.procurement)}${d.at ? ` ${d.at}` : ''} har avbokats.`,
    }),
    AWARD_MADE: (d) => ({
      subject: `Delområde ${d.number} i ${q.sv(d.procurement)} har tilldelats`,
      line: `Delområde ${d.number} i ${q.sv(d.procurement)} (${d.group}) har tilldelats ${d.organisation}. Avtalsspärren löper ut ${d.at}.`,
    }),
    STANDSTILL_ENDED: (d) => ({
      subject: `Avtalsspärren har löpt ut: delområde ${d.number} i ${q.sv(d.procurement)}`,
      line: `Avtalsspärren för delområde ${d.number} i ${q.sv(d.procurement)} (${d.group}) löpte ut ${d.at}: avtalet kan nu tecknas.`,
    }),
  },
  hello: (name) => `Hej ${name},`,
  open: 'Öppna i Samverka',
  because: (kind) =>
    `Du får det här mejlet eftersom ${q.sv(kind)} är inställt på e-post direkt i dina aviseringsinställningar.`,
  stop: 'Sluta med e-post av det här slaget',
  settings: 'Aviseringsinställningar',
  digest: {
    subject: (n) => `Samverka: ${n} ${n === 1 ? 'avisering' : 'aviseringar'} sedan i går`,
    intro: (n) => `Det här har hänt i dina grupper och upphandlingar (${n} ${n === 1 ? 'avisering' : 'aviseringar'}).`,
    because: 'Du får den här dagliga sammanfattningen för de aviseringar du har ställt in på daglig sammanfattning.',
    stop: 'Sluta med den dagliga sammanfattningen',
    other: 'Övrigt',
  },
  unsubscribe: {
    title: 'Avsluta e-post',
    confirm: (what) => `Vill du sluta få e-post om ${q.sv(what)}? Du ser dem fortfarande i Samverka.`,
    button: 'Sluta med de här mejlen',
    done: (what) => `Klart: du får inga fler mejl om ${q.sv(what)}. Du kan ändra det i aviseringsinställningarna.`,
    digest: 'den dagliga sammanfattningen',
    invalid: 'Den här avregistreringslänken är inte giltig. Ingenting ändrades.',
  },
};

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
  return {
    actor,
    group: data.groupName ?? '',
    procurement: data.procurementTitle ?? '',
    title: data.title ?? '',
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
