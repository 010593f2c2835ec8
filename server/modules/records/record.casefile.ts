import { createHash } from 'node:crypto';
import { ALLOWED_TYPES } from '../documents/blob.store.js';
import { VersionContent, type DocumentVersion } from '../documents/document.entity.js';
import { MembershipRole, MembershipStatus } from '../groups/membership.entity.js';
import { isAuthority, type Country } from '../organisations/organisation.entity.js';
import { MandateStatus } from '../procurements/procurement.entity.js';
import type { Locale } from '../users/user.entity.js';
import { CaseScope, RecordDirection, RecordSubject } from './record.entity.js';
import type { CaseSources } from './record.sources.js';
import {
  answerText,
  awardText,
  decisionText,
  mandateText,
  noticeText,
  questionText,
  tenderText,
  type TextContext,
} from './record.texts.js';
import { excerpt, RECORD_WORDS, type CaseRecordKind, type RecordWords } from './record.words.js';

/**
 * A case file: the records of a procurement or a group, each with its originator, the authorities
 * it reached, and its contents (every version). One case file serves every authority: its own
 * story is the records it has a direction for (`directionOf`). Built from the case's rows
 * (record.sources.ts) in a language and on a clock, since the texts written from rows are in words.
 */
export interface Party {
  id: string;
  name: string;
  organisationNumber: string;
  country: Country | null;
  authority: boolean;
}

/** One version of a record's content: a file of the archive. */
export interface CaseContent {
  /** A UUID: the document version's, or one derived from the record and the version number. */
  id: string;
  version: number;
  createdAt: Date;
  createdBy: string;
  mediaType: string;
  extension: string;
  originalName: string | null;
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
  body:
    { kind: 'bytes'; bytes: Buffer } | { kind: 'versionText'; versionId: string } | { kind: 'blob'; blobId: string };
}

/** A change of a record after it was made, for the change log (endringslogg). */
export interface CaseChange {
  at: Date;
  by: string;
  /** The metadata element changed, in Noark terms (tittel, dokumentobjekt, status). */
  field: string;
  before: string;
  after: string;
}

export interface CaseRecord {
  id: string;
  kind: CaseRecordKind;
  /** What a mark of this record names (messages, documents, decisions); null for the others. */
  subject: RecordSubject | null;
  /** The title for the archive (a deleted message's still shows its first words). */
  title: string;
  /** The title the API may show: a deleted message's words are never in an API answer. */
  apiTitle: string;
  description: string | null;
  createdAt: Date;
  author: string | null;
  origin: Party;
  /** The authorities (other than the originator) it reached. */
  recipients: Set<string>;
  /** Who outside the authorities received it (the registered suppliers), if anyone. */
  external: string | null;
  deleted: { at: Date; by: string } | null;
  contents: CaseContent[];
  changes: CaseChange[];
}

export interface CaseFile {
  scope: CaseScope;
  id: string;
  title: string;
  description: string;
  groupName: string;
  createdAt: Date;
  /** When the procurement closed or was cancelled; null while open (and for groups). */
  closedAt: Date | null;
  /** Every authority with a part in the case: a direction for a record, a participant, a coordinator. */
  authorities: Map<string, Party>;
  records: CaseRecord[];
}

/** How `record` passed through authority `organisationId`, or null when it did not take part in it. */
export function directionOf(record: CaseRecord, organisationId: string): RecordDirection | null {
  if (record.origin.id === organisationId) {
    return record.recipients.size > 0 || record.external ? RecordDirection.SENT : RecordDirection.INTERNAL;
  }
  return record.recipients.has(organisationId) ? RecordDirection.RECEIVED : null;
}

/** A stable UUID (RFC 4122 layout, version 5 style) derived from names: the same record always gets the same id. */
export function derivedId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const textContent = (id: string, version: number, createdAt: Date, createdBy: string, text: string): CaseContent => {
  const bytes = Buffer.from(text, 'utf8');
  return {
    id,
    version,
    createdAt,
    createdBy,
    mediaType: 'text/markdown',
    extension: 'md',
    originalName: null,
    size: bytes.length,
    sha256: sha256(bytes),
    body: { kind: 'bytes', bytes },
  };
};

const extensionOf = (v: Pick<DocumentVersion, 'fileName' | 'mediaType'>) => {
  const own = v.fileName?.match(/\.([A-Za-z0-9]{1,8})$/)?.[1]?.toLowerCase();
  return own && (ALLOWED_TYPES[v.mediaType] ?? []).includes(own) ? own : (ALLOWED_TYPES[v.mediaType]?.[0] ?? 'bin');
};

export function buildCaseFile(src: CaseSources, locale: Locale, timeZone: string): CaseFile {
  const words: RecordWords = RECORD_WORDS[locale];
  const org = (id: string | null | undefined) => (id ? src.organisations.get(id) : undefined);
  const party = (id: string): Party => {
    const o = org(id);
    return o
      ? {
          id,
          name: o.name,
          organisationNumber: o.organisationNumber,
          country: o.country,
          authority: isAuthority(o.kind),
        }
      : { id, name: id, organisationNumber: '', country: null, authority: false };
  };
  const userName = (id: string | null | undefined) => (id ? (src.users.get(id)?.displayName ?? id) : '');
  const memberOrganisations = new Set(src.memberships.map((m) => m.organisationId));
  /**
   * A person as the archive names them. A guest acts for no organisation (even one whose own is an
   * authority elsewhere): what a guest writes comes from the guest, and their authority took no part.
   */
  const personParty = (userId: string, organisationId: string): Party => {
    const p = party(organisationId);
    if (memberOrganisations.has(organisationId) || org(organisationId)?.kind === 'SUPPLIER') return p;
    return {
      id: `guest:${userId}`,
      name: words.guest(userName(userId)),
      organisationNumber: '',
      country: null,
      authority: false,
    };
  };
  const byUser = (userId: string | null | undefined) => {
    const u = userId ? src.users.get(userId) : undefined;
    return u ? `${u.displayName} (${org(u.organisationId)?.name ?? ''})` : '';
  };
  const ctx: TextContext = { words, timeZone, name: userName, organisation: (id) => org(id)?.name ?? '' };

  /**
   * The authorities a record made at `at` reached: the group's members (observers too) that had not
   * left by then. One that joined later received it when it joined, since it reads the whole history.
   */
  const readersAt = (at: Date): Set<string> =>
    new Set(
      src.memberships
        .filter(
          (m) =>
            m.joinedAt !== null &&
            (m.status === MembershipStatus.ACTIVE || (m.status === MembershipStatus.LEFT && m.updatedAt > at)) &&
            party(m.organisationId).authority,
        )
        .map((m) => m.organisationId),
    );
  const coordinators = src.memberships
    .filter((m) => m.role === MembershipRole.COORDINATOR && m.status !== MembershipStatus.INVITED)
    .map((m) => m.organisationId);
  /** The participants that had not withdrawn at `at`, and the coordinators: who decisions and awards reach. */
  const buyersAt = (at: Date) =>
    new Set([
      ...src.participants.filter((p) => !p.withdrawnAt || p.withdrawnAt > at).map((p) => p.organisationId),
      ...coordinators,
    ]);
  const without = (set: Set<string>, id: string) => {
    const copy = new Set(set);
    copy.delete(id);
    return copy;
  };
  const actorOf = (type: string, key: string, value: string) =>
    src.events.find((e) => e.type === type && e.payload[key] === value);

  const records: CaseRecord[] = [];
  const add = (r: Omit<CaseRecord, 'apiTitle' | 'description' | 'changes' | 'deleted'> & Partial<CaseRecord>) =>
    records.push({ apiTitle: r.title, description: null, changes: [], deleted: null, ...r });

  // ---- messages: every version of the text; a deleted one keeps its last text, marked deleted ----
  const threadOf = new Map(src.threads.map((t) => [t.id, t]));
  for (const m of src.messages) {
    const thread = threadOf.get(m.threadId)!;
    const revs = src.revisions.filter((r) => r.messageId === m.id);
    const edits = revs.filter((r) => r.change === 'EDITED');
    const deletion = revs.find((r) => r.change === 'DELETED');
    const texts = [...edits.map((r) => r.body), m.deletedAt ? (deletion?.body ?? '') : m.body];
    const times = [m.createdAt, ...edits.map((r) => r.createdAt)];
    const by = [m.authorUserId, ...edits.map((r) => r.changedByUserId)];
    const origin = personParty(m.authorUserId, m.authorOrganisationId);
    add({
      id: m.id,
      kind: 'MESSAGE',
      subject: RecordSubject.MESSAGE,
      title: words.message(thread.title, excerpt(texts[texts.length - 1]) || '—'),
      apiTitle: m.deletedAt ? words.deletedMessage : words.message(thread.title, excerpt(m.body) || '—'),
      description: thread.title,
      createdAt: m.createdAt,
      author: userName(m.authorUserId),
      origin,
      recipients: without(readersAt(m.createdAt), origin.id),
      external: thread.kind === 'PUBLIC_DIALOGUE' ? words.suppliers : null,
      deleted: m.deletedAt ? { at: m.deletedAt, by: byUser(deletion?.changedByUserId) } : null,
      contents: texts.map((t, i) => textContent(derivedId(m.id, String(i + 1)), i + 1, times[i], byUser(by[i]), t)),
      changes: [
        ...edits.map((r, i) => ({
          at: r.createdAt,
          by: byUser(r.changedByUserId),
          field: 'dokumentobjekt',
          before: `${words.journal.version} ${i + 1}`,
          after: `${words.journal.version} ${i + 2}`,
        })),
        ...(m.deletedAt
          ? [
              {
                at: m.deletedAt,
                by: byUser(deletion?.changedByUserId),
                field: 'status',
                before: '—',
                after: words.label.deleted,
              },
            ]
          : []),
      ],
    });
  }

  // ---- documents: every version, the published one named ----
  for (const d of src.documents) {
    const versions = src.versions.filter((v) => v.documentId === d.id);
    if (!versions.length) continue;
    const titles = src.events.filter(
      (e) => (e.type === 'document.created' || e.type === 'document.renamed') && e.payload.documentId === d.id,
    );
    const last = versions[versions.length - 1];
    const origin = party(d.createdByOrganisationId);
    add({
      id: d.id,
      kind: 'DOCUMENT',
      subject: RecordSubject.DOCUMENT,
      title: d.title,
      description: d.publishedVersion ? `${d.kind}; ${words.label.published}: ${d.publishedVersion}` : d.kind,
      createdAt: d.createdAt,
      author: userName(d.createdByUserId),
      origin,
      recipients: without(readersAt(last.createdAt), origin.id),
      external: d.publishedVersion ? words.suppliers : null,
      contents: versions.map((v) => ({
        id: v.id,
        version: v.number,
        createdAt: v.createdAt,
        createdBy: byUser(v.authorUserId),
        mediaType: v.mediaType,
        extension: v.content === VersionContent.TEXT ? 'md' : extensionOf(v),
        originalName: v.fileName,
        size: Number(v.size),
        sha256: v.sha256,
        body:
          v.content === VersionContent.TEXT
            ? { kind: 'versionText', versionId: v.id }
            : { kind: 'blob', blobId: v.blobId! },
      })),
      changes: titles.slice(1).map((e, i) => ({
        at: e.createdAt,
        by: byUser(e.actorUserId),
        field: 'tittel',
        before: String(titles[i].payload.title),
        after: String(e.payload.title),
      })),
    });
  }

  const p = src.procurement;
  if (p) {
    // ---- decisions, with their votes and outcome ----
    for (const d of src.decisions) {
      const opened = actorOf('decision.opened', 'decisionId', d.id);
      const origin = party(
        opened?.actorOrganisationId ?? src.users.get(d.openedByUserId)?.organisationId ?? p.leadOrganisationId,
      );
      const text = decisionText(
        ctx,
        d,
        src.votes.filter((v) => v.decisionId === d.id),
        byUser(d.openedByUserId),
      );
      add({
        id: d.id,
        kind: 'DECISION',
        subject: RecordSubject.DECISION,
        title: d.title,
        createdAt: d.createdAt,
        author: userName(d.openedByUserId),
        origin,
        recipients: without(buyersAt(d.createdAt), origin.id),
        external: null,
        contents: [textContent(derivedId(d.id, '1'), 1, d.closedAt ?? d.createdAt, byUser(d.openedByUserId), text)],
      });
    }
    // ---- mandates: each participant's to the lead authority (the lead's own is internal to it) ----
    for (const m of src.participants) {
      const at = m.signedAt ?? m.withdrawnAt;
      if (!at || m.mandateStatus === MandateStatus.REQUESTED) continue;
      const origin = party(m.organisationId);
      const title = words.mandate(origin.name);
      add({
        id: m.id,
        kind: 'MANDATE',
        subject: null,
        title,
        createdAt: at,
        author: userName(m.signedByUserId),
        origin,
        recipients: without(new Set([p.leadOrganisationId]), origin.id),
        external: null,
        contents: [
          textContent(derivedId(m.id, '1'), 1, at, byUser(m.signedByUserId), mandateText(ctx, m, src.lots, title)),
        ],
      });
    }
    // ---- the market dialogue: the notice, questions received, answers published ----
    const published = src.events.filter((e) => e.type === 'dialogue.published');
    if (p.dialoguePublishedAt && published.length) {
      const first = published[0];
      const origin = party(first.actorOrganisationId ?? p.leadOrganisationId);
      const deadline = (published[published.length - 1].payload.questionDeadline as string | undefined) ?? null;
      add({
        id: derivedId(p.id, 'notice'),
        kind: 'NOTICE',
        subject: null,
        title: `${words.notice}: ${p.title}`,
        createdAt: p.dialoguePublishedAt,
        author: userName(first.actorUserId),
        origin,
        recipients: without(readersAt(p.dialoguePublishedAt), origin.id),
        external: words.suppliers,
        contents: [
          textContent(
            derivedId(p.id, 'notice', '1'),
            1,
            p.dialoguePublishedAt,
            byUser(first.actorUserId),
            noticeText(ctx, p, deadline),
          ),
        ],
      });
    }
    for (const q of src.questions) {
      const origin = party(q.askedByOrganisationId);
      const title = words.question(q.number);
      add({
        id: q.id,
        kind: 'QUESTION',
        subject: null,
        title,
        createdAt: q.createdAt,
        author: userName(q.askedByUserId),
        origin,
        recipients: readersAt(q.createdAt),
        external: null,
        contents: [
          textContent(derivedId(q.id, '1'), 1, q.createdAt, byUser(q.askedByUserId), questionText(ctx, q, title)),
        ],
      });
      const answers = src.answers.filter((a) => a.questionId === q.id);
      if (!answers.length) continue;
      const answerer = party(src.users.get(answers[0].authorUserId)?.organisationId ?? p.leadOrganisationId);
      const answerTitle = words.answer(q.number);
      add({
        id: derivedId(q.id, 'answer'),
        kind: 'ANSWER',
        subject: null,
        title: answerTitle,
        createdAt: answers[0].createdAt,
        author: userName(answers[0].authorUserId),
        origin: answerer,
        recipients: without(readersAt(answers[0].createdAt), answerer.id),
        external: words.suppliers,
        contents: answers.map((a) =>
          textContent(
            derivedId(q.id, 'answer', String(a.revision)),
            a.revision,
            a.createdAt,
            byUser(a.authorUserId),
            answerText(ctx, a, answerTitle),
          ),
        ),
        changes: answers.slice(1).map((a) => ({
          at: a.createdAt,
          by: byUser(a.authorUserId),
          field: 'dokumentobjekt',
          before: `${words.journal.version} ${a.revision - 1}`,
          after: `${words.journal.version} ${a.revision}`,
        })),
      });
    }
    // ---- tenders received and awards made ----
    const lotOf = new Map(src.lots.map((l) => [l.id, l]));
    for (const t of src.tenders) {
      const origin = party(t.supplierId);
      const lot = lotOf.get(t.lotId);
      const title = words.tender(origin.name, lot?.number ?? 0);
      add({
        id: t.id,
        kind: 'TENDER',
        subject: null,
        title,
        createdAt: t.receivedAt,
        author: null,
        origin,
        recipients: buyersAt(t.receivedAt),
        external: null,
        contents: [
          textContent(
            derivedId(t.id, '1'),
            1,
            t.receivedAt,
            byUser(t.recordedByUserId),
            tenderText(ctx, t, lot, origin.organisationNumber, title),
          ),
        ],
      });
    }
    for (const a of src.awards) {
      const lot = lotOf.get(a.lotId);
      const origin = party(p.leadOrganisationId);
      const title = words.award(lot?.number ?? 0);
      const decision = src.decisions.find((d) => d.id === a.decisionId)?.title ?? '';
      add({
        id: a.id,
        kind: 'AWARD',
        subject: null,
        title,
        createdAt: a.awardedAt,
        author: null,
        origin,
        recipients: without(buyersAt(a.awardedAt), origin.id),
        external: words.suppliers,
        contents: [
          textContent(derivedId(a.id, '1'), 1, a.awardedAt, origin.name, awardText(ctx, a, lot, decision, title)),
        ],
      });
    }
  }

  records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const authorities = new Map<string, Party>();
  const note = (id: string) => {
    const x = party(id);
    if (x.authority) authorities.set(id, x);
  };
  for (const r of records) {
    note(r.origin.id);
    for (const id of r.recipients) note(id);
  }
  if (p) for (const id of [...src.participants.map((x) => x.organisationId), ...coordinators]) note(id);
  const closed = p && (p.phase === 'CLOSED' || p.phase === 'CANCELLED') ? p.phaseChangedAt : null;
  return {
    scope: src.scope,
    id: p?.id ?? src.group.id,
    title: p?.title ?? src.group.name,
    description: p?.description || src.group.description || (p?.title ?? src.group.name),
    groupName: src.group.name,
    createdAt: p?.createdAt ?? src.group.createdAt,
    closedAt: closed,
    authorities,
    records,
  };
}
