import { q, type NotificationWords } from './notification.words.js';

/** What notices say in Norsk bokmål (see notification.words.ts). */
export const nb: NotificationWords = {
  thread: { GENERAL: 'Generelt', BUYERS: 'Innkjøpernes kanal', PUBLIC_DIALOGUE: 'Offentlig dialogkanal' },
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
