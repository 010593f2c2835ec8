import { localDateTime } from '../../common/time-zones.js';
import type { Award, Tender } from '../contracts/contract.entity.js';
import type { Decision, DecisionVote } from '../decisions/decision.entity.js';
import type { DialogueAnswerRevision, DialogueQuestion } from '../dialogue/dialogue.entity.js';
import type { Lot, Participant, Procurement } from '../procurements/procurement.entity.js';
import type { RecordWords } from './record.words.js';

/**
 * The texts of the records that are rows rather than documents (a decision with its votes, a
 * mandate, a question, an answer, the dialogue notice, a tender, an award): each becomes one
 * Markdown file in the archive, in the authority's language, with its times on the authority's clock.
 * They are written from the rows alone, so the same rows always give the same bytes (and checksum).
 */
export interface TextContext {
  words: RecordWords;
  timeZone: string;
  name: (userId: string | null | undefined) => string;
  organisation: (organisationId: string | null | undefined) => string;
}

const line = (label: string, value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? null : `- ${label}: ${value}`;

const doc = (title: string, ...parts: (string | null | undefined)[]) =>
  `# ${title}\n\n${parts.filter((p) => p !== null && p !== undefined && p !== '').join('\n')}\n`;

export function decisionText(c: TextContext, d: Decision, votes: DecisionVote[], openedBy: string): string {
  const l = c.words.label;
  const at = (t: Date | null) => (t ? localDateTime(t, c.timeZone) : null);
  const byOption = votes
    .slice()
    .sort((a, b) => c.organisation(a.organisationId).localeCompare(c.organisation(b.organisationId)))
    .map(
      (v) =>
        `- ${c.organisation(v.organisationId)}: ${d.options[v.option] ?? v.option} (${c.name(v.votedByUserId)}, ${at(v.updatedAt)})`,
    );
  const outcome = d.outcome
    ? `${d.outcome}${d.winningOption !== null ? `: ${d.options[d.winningOption] ?? d.winningOption}` : ''}`
    : null;
  return doc(
    d.title,
    d.description ? `${d.description}\n` : null,
    line(l.opened, `${at(d.createdAt)} ${l.by} ${openedBy}`),
    line(l.closes, at(d.closesAt)),
    line(l.closed, at(d.closedAt)),
    line(l.quorum, d.quorum),
    line(l.options, d.options.map((o, i) => `${i + 1}. ${o}`).join('; ')),
    line(l.status, d.status),
    `\n## ${l.votes}\n`,
    byOption.length ? byOption.join('\n') : c.words.label.noVotes,
    outcome ? `\n## ${l.outcome}\n\n${outcome}` : null,
  );
}

export function mandateText(c: TextContext, p: Participant, lots: Lot[], title: string): string {
  const l = c.words.label;
  const at = (t: Date | null) => (t ? localDateTime(t, c.timeZone) : null);
  const covered = lots.filter((lot) => p.lotIds.includes(lot.id)).map((lot) => `${lot.number}. ${lot.title}`);
  return doc(
    title,
    line(l.status, p.mandateStatus),
    line(l.reference, p.decisionReference),
    line(l.decisionDate, p.decisionDate),
    line(l.lots, covered.join('; ')),
    line(l.signed, p.signedAt ? `${at(p.signedAt)} ${l.by} ${c.name(p.signedByUserId)}` : null),
    line(l.withdrawn, at(p.withdrawnAt)),
    line(l.reason, p.withdrawalReason),
  );
}

export function questionText(c: TextContext, q: DialogueQuestion, title: string): string {
  const l = c.words.label;
  return doc(
    title,
    line(l.asked, localDateTime(q.createdAt, c.timeZone)),
    line(l.askedBy, `${c.name(q.askedByUserId)}, ${c.organisation(q.askedByOrganisationId)}`),
    line(l.status, q.status),
    `\n${q.text}`,
  );
}

export function answerText(c: TextContext, a: DialogueAnswerRevision, title: string): string {
  const l = c.words.label;
  return doc(
    title,
    line(l.published, `${localDateTime(a.createdAt, c.timeZone)} ${l.by} ${c.name(a.authorUserId)}`),
    `\n> ${a.publishedQuestion.replace(/\n/g, '\n> ')}\n`,
    a.answer,
  );
}

export function noticeText(c: TextContext, p: Procurement, questionDeadline: string | null): string {
  const l = c.words.label;
  return doc(
    `${c.words.notice}: ${p.title}`,
    line(l.published, p.dialoguePublishedAt ? localDateTime(p.dialoguePublishedAt, c.timeZone) : null),
    line(l.questionDeadline, questionDeadline ? localDateTime(new Date(questionDeadline), c.timeZone) : null),
    `\n${p.dialogueNotice ?? ''}`,
  );
}

export function tenderText(c: TextContext, t: Tender, lot: Lot | undefined, supplierNumber: string, title: string) {
  const l = c.words.label;
  return doc(
    title,
    line(l.supplier, c.organisation(t.supplierId)),
    line(l.organisationNumber, supplierNumber),
    line(l.lots, lot ? `${lot.number}. ${lot.title}` : null),
    line(l.received, localDateTime(t.receivedAt, c.timeZone)),
    line(l.price, t.amount !== null ? `${t.amount} ${t.currency ?? ''}`.trim() : null),
    line(l.status, t.status),
    line(l.reason, t.rejectionReason),
  );
}

export function awardText(c: TextContext, a: Award, lot: Lot | undefined, decision: string, title: string) {
  const l = c.words.label;
  return doc(
    title,
    line(l.lots, lot ? `${lot.number}. ${lot.title}` : null),
    line(l.supplier, a.supplierIds.map((id) => c.organisation(id)).join('; ')),
    line(l.decision, decision),
    line(l.awarded, localDateTime(a.awardedAt, c.timeZone)),
    line(l.notified, localDateTime(a.notifiedAt, c.timeZone)),
    line(l.standstillEnds, localDateTime(a.standstillEndsAt, c.timeZone)),
  );
}
