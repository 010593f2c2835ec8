import i18next, { type TFunction } from 'i18next';
import { Locale } from '../modules/users/user.entity.js';

/**
 * The mails Samverka sends, in nb, sv and en (the recipient's locale). A template is a subject,
 * paragraphs and at most one action (a link); the plain-text and HTML parts are both made from it,
 * so they never say different things. Values are interpolated unescaped here and escaped for HTML.
 */
const en = {
  footer: 'Samverka, the collaboration platform for joint public procurement.',
  ignore: 'If you did not ask for this, you can ignore this e-mail.',
  verifyEmail: {
    subject: 'Confirm your e-mail address for Samverka',
    body: [
      'Hello {{name}},',
      'Someone (we hope you) asked for a Samverka account for {{email}} in {{organisation}}. Confirm that this address is yours with the link below. You will be asked for the password you chose. The link works once and expires in 24 hours.',
    ],
    action: 'Confirm my address',
  },
  accountExists: {
    subject: 'You already have a Samverka account',
    body: [
      'Hello,',
      'Someone asked to register {{email}} on Samverka, but this address already has an account. If it was you and you have forgotten your password, choose a new one with the link below (it expires in 1 hour).',
    ],
    action: 'Choose a new password',
  },
  passwordReset: {
    subject: 'Choose a new password for Samverka',
    body: [
      'Hello {{name}},',
      'Someone (we hope you) asked to reset the password of your Samverka account {{email}}. The link below works once and expires in 1 hour. Choosing a new password signs you out everywhere.',
    ],
    action: 'Choose a new password',
  },
  passwordChanged: {
    subject: 'Your Samverka password was changed',
    body: [
      'Hello {{name}},',
      'The password of your Samverka account {{email}} was changed, and your other sessions were signed out. If this was not you, reset your password at once and tell your organisation administrator.',
    ],
    action: 'Sign in',
  },
  approvalRequested: {
    subject: '{{name}} asks to join {{organisation}} on Samverka',
    body: [
      'Hello,',
      '{{name}} ({{email}}) has confirmed the address and asks to act for {{organisation}} on Samverka. As an administrator of {{organisation}}, approve or decline the request.',
    ],
    action: 'Open the approval queue',
  },
  accountApproved: {
    subject: 'Your Samverka account is ready',
    body: [
      'Hello {{name}},',
      'An administrator of {{organisation}} approved your account. You can now sign in to Samverka.',
    ],
    action: 'Sign in',
  },
  accountRejected: {
    subject: 'Your Samverka registration was declined',
    body: [
      'Hello {{name}},',
      'An administrator of {{organisation}} declined your registration for {{email}}. If you think this is a mistake, contact the administrators of your organisation.',
    ],
  },
  accountSuspended: {
    subject: 'Your Samverka account was suspended',
    body: [
      'Hello {{name}},',
      'An administrator suspended your account {{email}} in {{organisation}} and signed it out everywhere. Contact your organisation administrator if you think this is a mistake.',
    ],
  },
  meetingBooked: {
    subject: 'Dialogue meeting booked: {{procurement}}',
    body: [
      'Hello {{name}},',
      'You have booked a dialogue meeting in the market dialogue for {{procurement}}.',
      'When: {{time}}',
      'Where: {{location}}',
      'The meeting is attached as a calendar invitation: open it to add the meeting to your calendar.',
    ],
    action: 'Open the market dialogue',
  },
  meetingBookedBuyer: {
    subject: '{{supplier}} booked a dialogue meeting: {{procurement}}',
    body: [
      'Hello {{name}},',
      '{{supplier}} has booked a dialogue meeting you opened in the market dialogue for {{procurement}}.',
      'When: {{time}}',
      'Where: {{location}}',
      'The meeting is attached as a calendar invitation: open it to add the meeting to your calendar.',
    ],
    action: 'Open the procurement',
  },
  meetingCancelled: {
    subject: 'Dialogue meeting cancelled: {{procurement}}',
    body: [
      'Hello {{name}},',
      'Your dialogue meeting in the market dialogue for {{procurement}} has been cancelled.',
      'When: {{time}}',
      'The attached cancellation removes the meeting from your calendar.',
    ],
    action: 'Open the market dialogue',
  },
  meetingCancelledBuyer: {
    subject: 'Dialogue meeting with {{supplier}} cancelled: {{procurement}}',
    body: [
      'Hello {{name}},',
      'The dialogue meeting with {{supplier}} in the market dialogue for {{procurement}} has been cancelled.',
      'When: {{time}}',
      'The attached cancellation removes the meeting from your calendar.',
    ],
    action: 'Open the procurement',
  },
  adminInvitation: {
    subject: 'You are an administrator of {{organisation}} on Samverka',
    body: [
      'Hello {{name}},',
      'The Samverka operators made you an administrator of {{organisation}}. Choose your password with the link below (it works once and expires in 7 days); then you can approve your colleagues and manage how people join.',
    ],
    action: 'Choose my password',
  },
  guestInvitation: {
    subject: 'You are invited as a guest in {{group}} on Samverka',
    body: [
      'Hello {{name}},',
      '{{inviter}} ({{inviterOrganisation}}) has invited you as a guest in the buyer group {{group}} on Samverka until {{endsAt}}. As a guest you read and write in that group only, and you act for no organisation.',
    ],
    action: 'Open Samverka',
  },
};
type Template = Exclude<keyof typeof en, 'footer' | 'ignore'>;
type Messages = typeof en;

const nb: Messages = {
  footer: 'Samverka, samarbeidsplattformen for felles offentlige anskaffelser.',
  ignore: 'Hvis du ikke har bedt om dette, kan du se bort fra denne e-posten.',
  verifyEmail: {
    subject: 'Bekreft e-postadressen din for Samverka',
    body: [
      'Hei {{name}},',
      'Noen (forhåpentlig du) har bedt om en Samverka-konto for {{email}} i {{organisation}}. Bekreft at adressen er din med lenken nedenfor. Du blir bedt om passordet du valgte. Lenken virker én gang og utløper om 24 timer.',
    ],
    action: 'Bekreft adressen min',
  },
  accountExists: {
    subject: 'Du har allerede en Samverka-konto',
    body: [
      'Hei,',
      'Noen ba om å registrere {{email}} i Samverka, men adressen har allerede en konto. Hvis det var deg og du har glemt passordet, kan du velge et nytt med lenken nedenfor (den utløper om 1 time).',
    ],
    action: 'Velg nytt passord',
  },
  passwordReset: {
    subject: 'Velg et nytt passord for Samverka',
    body: [
      'Hei {{name}},',
      'Noen (forhåpentlig du) har bedt om å nullstille passordet til Samverka-kontoen {{email}}. Lenken nedenfor virker én gang og utløper om 1 time. Når du velger nytt passord, blir du logget ut overalt.',
    ],
    action: 'Velg nytt passord',
  },
  passwordChanged: {
    subject: 'Passordet ditt i Samverka er endret',
    body: [
      'Hei {{name}},',
      'Passordet til Samverka-kontoen {{email}} er endret, og de andre øktene dine er logget ut. Hvis det ikke var deg, nullstill passordet med en gang og si fra til administratoren i organisasjonen din.',
    ],
    action: 'Logg inn',
  },
  approvalRequested: {
    subject: '{{name}} ber om å bli med i {{organisation}} i Samverka',
    body: [
      'Hei,',
      '{{name}} ({{email}}) har bekreftet adressen og ber om å handle på vegne av {{organisation}} i Samverka. Som administrator for {{organisation}} kan du godkjenne eller avslå forespørselen.',
    ],
    action: 'Åpne godkjenningskøen',
  },
  accountApproved: {
    subject: 'Samverka-kontoen din er klar',
    body: [
      'Hei {{name}},',
      'En administrator i {{organisation}} har godkjent kontoen din. Nå kan du logge inn i Samverka.',
    ],
    action: 'Logg inn',
  },
  accountRejected: {
    subject: 'Registreringen din i Samverka ble avslått',
    body: [
      'Hei {{name}},',
      'En administrator i {{organisation}} avslo registreringen for {{email}}. Hvis du mener dette er feil, kontakt administratorene i organisasjonen din.',
    ],
  },
  accountSuspended: {
    subject: 'Samverka-kontoen din er sperret',
    body: [
      'Hei {{name}},',
      'En administrator har sperret kontoen {{email}} i {{organisation}} og logget den ut overalt. Kontakt administratoren i organisasjonen din hvis du mener dette er feil.',
    ],
  },
  meetingBooked: {
    subject: 'Dialogmøte booket: {{procurement}}',
    body: [
      'Hei {{name}},',
      'Du har booket et dialogmøte i markedsdialogen for {{procurement}}.',
      'Når: {{time}}',
      'Hvor: {{location}}',
      'Møtet ligger ved som en kalenderinvitasjon: åpne den for å legge møtet i kalenderen din.',
    ],
    action: 'Åpne markedsdialogen',
  },
  meetingBookedBuyer: {
    subject: '{{supplier}} har booket et dialogmøte: {{procurement}}',
    body: [
      'Hei {{name}},',
      '{{supplier}} har booket et dialogmøte du åpnet i markedsdialogen for {{procurement}}.',
      'Når: {{time}}',
      'Hvor: {{location}}',
      'Møtet ligger ved som en kalenderinvitasjon: åpne den for å legge møtet i kalenderen din.',
    ],
    action: 'Åpne anskaffelsen',
  },
  meetingCancelled: {
    subject: 'Dialogmøte avlyst: {{procurement}}',
    body: [
      'Hei {{name}},',
      'Dialogmøtet ditt i markedsdialogen for {{procurement}} er avlyst.',
      'Når: {{time}}',
      'Avlysningen som ligger ved, fjerner møtet fra kalenderen din.',
    ],
    action: 'Åpne markedsdialogen',
  },
  meetingCancelledBuyer: {
    subject: 'Dialogmøte med {{supplier}} avlyst: {{procurement}}',
    body: [
      'Hei {{name}},',
      'Dialogmøtet med {{supplier}} i markedsdialogen for {{procurement}} er avlyst.',
      'Når: {{time}}',
      'Avlysningen som ligger ved, fjerner møtet fra kalenderen din.',
    ],
    action: 'Åpne anskaffelsen',
  },
  adminInvitation: {
    subject: 'Du er administrator for {{organisation}} i Samverka',
    body: [
      'Hei {{name}},',
      'Driftsteamet i Samverka har gjort deg til administrator for {{organisation}}. Velg passord med lenken nedenfor (den virker én gang og utløper om 7 dager); deretter kan du godkjenne kollegene dine og styre hvordan folk blir med.',
    ],
    action: 'Velg passordet mitt',
  },
  guestInvitation: {
    subject: 'Du er invitert som gjest i {{group}} i Samverka',
    body: [
      'Hei {{name}},',
      '{{inviter}} ({{inviterOrganisation}}) har invitert deg som gjest i innkjøpsgruppen {{group}} i Samverka til {{endsAt}}. Som gjest leser og skriver du bare i den gruppen, og du handler ikke på vegne av noen organisasjon.',
    ],
    action: 'Åpne Samverka',
  },
};

const sv: Messages = {
  footer: 'Samverka, samarbetsplattformen för gemensam offentlig upphandling.',
  ignore: 'Om du inte har bett om detta kan du bortse från det här mejlet.',
  verifyEmail: {
    subject: 'Bekräfta din e-postadress för Samverka',
    body: [
      'Hej {{name}},',
      'Någon (förhoppningsvis du) har bett om ett Samverka-konto för {{email}} i {{organisation}}. Bekräfta att adressen är din med länken nedan. Du får ange lösenordet du valde. Länken fungerar en gång och går ut om 24 timmar.',
    ],
    action: 'Bekräfta min adress',
  },
  accountExists: {
    subject: 'Du har redan ett Samverka-konto',
    body: [
      'Hej,',
      'Någon bad om att registrera {{email}} i Samverka, men adressen har redan ett konto. Om det var du och du har glömt lösenordet kan du välja ett nytt med länken nedan (den går ut om 1 timme).',
    ],
    action: 'Välj nytt lösenord',
  },
  passwordReset: {
    subject: 'Välj ett nytt lösenord för Samverka',
    body: [
      'Hej {{name}},',
      'Någon (förhoppningsvis du) har bett om att återställa lösenordet till Samverka-kontot {{email}}. Länken nedan fungerar en gång och går ut om 1 timme. När du väljer nytt lösenord loggas du ut överallt.',
    ],
    action: 'Välj nytt lösenord',
  },
  passwordChanged: {
    subject: 'Ditt lösenord i Samverka har ändrats',
    body: [
      'Hej {{name}},',
      'Lösenordet till Samverka-kontot {{email}} har ändrats och dina andra sessioner har loggats ut. Om det inte var du, återställ lösenordet genast och meddela administratören i din organisation.',
    ],
    action: 'Logga in',
  },
  approvalRequested: {
    subject: '{{name}} ber om att få gå med i {{organisation}} i Samverka',
    body: [
      'Hej,',
      '{{name}} ({{email}}) har bekräftat adressen och ber om att få agera för {{organisation}} i Samverka. Som administratör för {{organisation}} kan du godkänna eller avslå begäran.',
    ],
    action: 'Öppna godkännandekön',
  },
  accountApproved: {
    subject: 'Ditt Samverka-konto är klart',
    body: [
      'Hej {{name}},',
      'En administratör i {{organisation}} har godkänt ditt konto. Nu kan du logga in i Samverka.',
    ],
    action: 'Logga in',
  },
  accountRejected: {
    subject: 'Din registrering i Samverka avslogs',
    body: [
      'Hej {{name}},',
      'En administratör i {{organisation}} avslog registreringen för {{email}}. Om du tror att det är fel, kontakta administratörerna i din organisation.',
    ],
  },
  accountSuspended: {
    subject: 'Ditt Samverka-konto har spärrats',
    body: [
      'Hej {{name}},',
      'En administratör har spärrat kontot {{email}} i {{organisation}} och loggat ut det överallt. Kontakta administratören i din organisation om du tror att det är fel.',
    ],
  },
  meetingBooked: {
    subject: 'Dialogmöte bokat: {{procurement}}',
    body: [
      'Hej {{name}},',
      'Du har bokat ett dialogmöte i marknadsdialogen för {{procurement}}.',
      'När: {{time}}',
      'Var: {{location}}',
      'Mötet är bifogat som en kalenderinbjudan: öppna den för att lägga in mötet i din kalender.',
    ],
    action: 'Öppna marknadsdialogen',
  },
  meetingBookedBuyer: {
    subject: '{{supplier}} har bokat ett dialogmöte: {{procurement}}',
    body: [
      'Hej {{name}},',
      '{{supplier}} har bokat ett dialogmöte som du öppnade i marknadsdialogen för {{procurement}}.',
      'När: {{time}}',
      'Var: {{location}}',
      'Mötet är bifogat som en kalenderinbjudan: öppna den för att lägga in mötet i din kalender.',
    ],
    action: 'Öppna upphandlingen',
  },
  meetingCancelled: {
    subject: 'Dialogmöte inställt: {{procurement}}',
    body: [
      'Hej {{name}},',
      'Ditt dialogmöte i marknadsdialogen för {{procurement}} är inställt.',
      'När: {{time}}',
      'Den bifogade avbokningen tar bort mötet från din kalender.',
    ],
    action: 'Öppna marknadsdialogen',
  },
  meetingCancelledBuyer: {
    subject: 'Dialogmöte med {{supplier}} inställt: {{procurement}}',
    body: [
      'Hej {{name}},',
      'Dialogmötet med {{supplier}} i marknadsdialogen för {{procurement}} är inställt.',
      'När: {{time}}',
      'Den bifogade avbokningen tar bort mötet från din kalender.',
    ],
    action: 'Öppna upphandlingen',
  },
  adminInvitation: {
    subject: 'Du är administratör för {{organisation}} i Samverka',
    body: [
      'Hej {{name}},',
      'Samverkas driftteam har gjort dig till administratör för {{organisation}}. Välj lösenord med länken nedan (den fungerar en gång och går ut om 7 dagar); sedan kan du godkänna dina kolleger och styra hur man går med.',
    ],
    action: 'Välj mitt lösenord',
  },
  guestInvitation: {
    subject: 'Du är inbjuden som gäst i {{group}} i Samverka',
    body: [
      'Hej {{name}},',
      '{{inviter}} ({{inviterOrganisation}}) har bjudit in dig som gäst i beställargruppen {{group}} i Samverka till och med {{endsAt}}. Som gäst läser och skriver du bara i den gruppen, och du agerar inte för någon organisation.',
    ],
    action: 'Öppna Samverka',
  },
};

export type MailTemplate = Template;

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { mail: en }, nb: { mail: nb }, sv: { mail: sv } },
  ns: ['mail'],
  defaultNS: 'mail',
  fallbackLng: 'en',
  initAsync: false,
  // Escaped for HTML below; the text part and the subject want the value as written.
  interpolation: { escapeValue: false },
  returnObjects: true,
});

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Text as HTML: the five characters that could start markup or end an attribute, escaped. */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One mail in the recipient's language. `action` is the link the template's button leads to. */
export function renderMail(
  locale: Locale,
  template: Template,
  values: Record<string, string>,
  action?: string,
  options: { ignoreNote?: boolean } = {},
): RenderedMail {
  const t: TFunction = i18n.getFixedT(locale);
  return renderLayout(locale, {
    subject: t(`${template}.subject`, values) as string,
    paragraphs: t(`${template}.body`, { ...values, returnObjects: true }) as unknown as string[],
    action: action ? { url: action, label: t(`${template}.action`, values) as string } : undefined,
    notes: options.ignoreNote ? [t('ignore') as string] : [],
  });
}

/** A link with its words (in the text part: "words: url"). */
export interface MailLink {
  label: string;
  url: string;
}

/** The parts of a mail others than the account templates write (notices, digests), already in the reader's language. */
export interface MailContent {
  subject: string;
  paragraphs: string[];
  /** Headed lists of lines, each with its own link (a digest's groups and procurements). */
  sections?: { heading: string; items: { text: string; url?: string }[] }[];
  /** The one button. */
  action?: MailLink;
  /** Small print before the footer (why this mail came). */
  notes?: string[];
  /** Links in the small print (stop these mails, the settings). */
  links?: MailLink[];
}

/**
 * The one layout of every mail: the plain-text and HTML parts are made from the same content, so
 * they never say different things; every value is escaped in the HTML part.
 */
export function renderLayout(locale: Locale, c: MailContent): RenderedMail {
  const footer = i18n.getFixedT(locale)('footer') as string;
  const notes = c.notes ?? [];
  const links = c.links ?? [];
  const text = [
    ...c.paragraphs,
    ...(c.sections ?? []).map((sec) =>
      [sec.heading, ...sec.items.map((i) => `- ${i.text}${i.url ? `\n  ${i.url}` : ''}`)].join('\n'),
    ),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`] : []),
    ...notes,
    ...links.map((l) => `${l.label}: ${l.url}`),
    '--',
    footer,
  ].join('\n\n');
  const a = (l: { url: string; text: string }) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.text)}</a>`;
  const html = [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1e2b3c; max-width: 36rem">',
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(c.sections ?? []).map(
      (sec) =>
        `<h2 style="font-size: 1.05em; margin-bottom: 0.3em">${escapeHtml(sec.heading)}</h2><ul>${sec.items
          .map((i) => `<li>${i.url ? a({ url: i.url, text: i.text }) : escapeHtml(i.text)}</li>`)
          .join('')}</ul>`,
    ),
    c.action
      ? `<p><a href="${escapeHtml(c.action.url)}" style="display: inline-block; padding: 0.6em 1.2em; background: #0062ba; color: #fff; border-radius: 4px; text-decoration: none">${escapeHtml(c.action.label)}</a></p>` +
        `<p style="font-size: 0.9em">${escapeHtml(c.action.url)}</p>`
      : '',
    ...notes.map((n) => `<p style="font-size: 0.9em">${escapeHtml(n)}</p>`),
    links.length
      ? `<p style="font-size: 0.9em">${links.map((l) => a({ url: l.url, text: l.label })).join(' · ')}</p>`
      : '',
    `<hr><p style="font-size: 0.8em; color: #555">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: c.subject, text, html };
}
