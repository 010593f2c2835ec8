import type { NotificationDelivery, NotificationKind } from './notification.entity.js';

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

/** The threads the server makes and names by their kind (a topic keeps the name its author gave it). */
export type NamedThreadKind = 'GENERAL' | 'BUYERS' | 'PUBLIC_DIALOGUE';

export interface NotificationWords {
  /** The kind's name, as the settings and the unsubscribe page show it. */
  kind: Record<NotificationKind, string>;
  /** The names of the threads the server makes, as the client shows them. */
  thread: Record<NamedThreadKind, string>;
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

export const q = { nb: (s: string) => `«${s}»`, sv: (s: string) => `”${s}”`, en: (s: string) => `“${s}”` };

export const en: NotificationWords = {
  thread: { GENERAL: 'General', BUYERS: "Buyers' channel", PUBLIC_DIALOGUE: 'Public dialogue channel' },
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
