import { q, type NotificationWords } from './notification.words.js';

/** What notices say in Svenska (see notification.words.ts). */
export const sv: NotificationWords = {
  thread: { GENERAL: 'Allmänt', BUYERS: 'Beställarnas kanal', PUBLIC_DIALOGUE: 'Öppen dialogkanal' },
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
