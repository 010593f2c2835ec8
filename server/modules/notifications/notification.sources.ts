import type { EventRecord } from '../../events/event.entity.js';
import {
  coordinators,
  followers,
  groupReaders,
  procurementTeam,
  registeredSuppliers,
  stillReading,
  usersOf,
} from './notification.audience.js';
import { NotificationKind, type NotificationData } from './notification.entity.js';
import { Lookup, paths, type ProcurementRow } from './notification.lookup.js';

/**
 * What each event of the log tells whom: the notification projector's rules, one function per event
 * type. A draft names its recipients, where the notice leads and what it says; the writer
 * (notification.writer.ts) applies everyone's preferences. The audiences are those of
 * notification.audience.ts: buyers' notices go to people of the group, suppliers' notices to the
 * dialogue's registered users, and a supplier's notice carries nothing but what suppliers see (no
 * group, no buyer's name, no actor).
 */

export interface Draft {
  kind: NotificationKind;
  recipients: string[];
  /** The person whose act it was: never told of it. */
  exclude?: string | null;
  eventId?: number | null;
  /** Time-driven notices: what (decision, milestone, award) and which occasion (the deadline). */
  subjectId?: string | null;
  occasion?: string | null;
  /** Who is shown as having caused it (null for suppliers' notices and time-driven ones). */
  actor?: { userId: string; organisationId: string } | null;
  groupId: string | null;
  procurementId?: string | null;
  threadId?: string | null;
  messageId?: string | null;
  documentId?: string | null;
  path: string;
  data: NotificationData;
}

type Source = (e: EventRecord, p: Record<string, any>, l: Lookup) => Promise<Draft[]>;

const actorOf = (e: EventRecord) =>
  e.actorUserId && e.actorOrganisationId ? { userId: e.actorUserId, organisationId: e.actorOrganisationId } : null;

/** The draft fields every event-made notice shares. */
const fromEvent = (e: EventRecord) => ({ eventId: e.id, exclude: e.actorUserId, actor: actorOf(e) });

/** A buyers' notice about a procurement: to `recipients`, leading to a section of its page. */
async function aboutProcurement(
  e: EventRecord,
  l: Lookup,
  procurementId: string,
  kind: NotificationKind,
  recipients: (p: ProcurementRow) => Promise<string[]>,
  o: { section: string; data?: NotificationData; subjectId?: string },
): Promise<Draft[]> {
  const p = await l.procurement(procurementId);
  if (!p) return [];
  return [
    {
      ...fromEvent(e),
      kind,
      recipients: await recipients(p),
      groupId: p.groupId,
      procurementId: p.id,
      subjectId: o.subjectId ?? null,
      path: paths.procurement(p.groupId, p.id, o.section),
      data: { ...(await l.buyersData(p)), ...o.data },
    },
  ];
}

/** A notice to suppliers registered for a dialogue: the dialogue's title and what is named, nothing more. */
async function toSuppliers(
  e: EventRecord,
  l: Lookup,
  procurementId: string,
  kind: NotificationKind,
  recipients: string[],
  data: NotificationData,
): Promise<Draft[]> {
  const p = await l.procurement(procurementId);
  if (!p || !recipients.length) return [];
  return [
    {
      kind,
      recipients,
      eventId: e.id,
      exclude: e.actorUserId,
      actor: null,
      groupId: null,
      procurementId: p.id,
      path: paths.dialogue(p.id),
      data: { procurementTitle: p.title, ...data },
    },
  ];
}

const team = (l: Lookup) => (p: ProcurementRow) => procurementTeam(l.em, p.id, p.groupId);

/** The coordinators of the group and the users of the lead authority (who acts for all). */
const coordinatorsAndLead = (l: Lookup) => async (p: ProcurementRow) => [
  ...new Set([...(await coordinators(l.em, p.groupId)), ...(await usersOf(l.em, [p.leadOrganisationId]))]),
];

/** Who booked a dialogue slot last, from the procurement's log (a freed or removed slot no longer says). */
async function lastBooking(l: Lookup, procurementId: string, slotId: string, before: number) {
  const [row] = (await l.em.query(
    `SELECT type, actor_organisation_id AS "organisationId" FROM event
      WHERE scope_type = 'procurement' AND scope_id = $1 AND id < $3
        AND type IN ('slot.booked', 'slot.freed') AND payload->>'slotId' = $2
      ORDER BY id DESC LIMIT 1`,
    [procurementId, slotId, before],
  )) as { type: string; organisationId: string | null }[];
  return row?.type === 'slot.booked' ? row.organisationId : null;
}

/** A meeting booked or cancelled: to the coordinators, and to the booking supplier's registered users. */
async function meeting(
  e: EventRecord,
  l: Lookup,
  kind: NotificationKind,
  procurementId: string,
  supplierId: string | null,
  at: Date | null,
): Promise<Draft[]> {
  if (!supplierId) return [];
  const when = at ? { at: at.toISOString() } : {};
  const buyers = await aboutProcurement(e, l, procurementId, kind, (p) => coordinators(l.em, p.groupId), {
    section: 'dialogue',
    data: { organisationName: await l.organisationName(supplierId), ...when },
  });
  const suppliers = await toSuppliers(
    e,
    l,
    procurementId,
    kind,
    await registeredSuppliers(l.em, procurementId, supplierId),
    when,
  );
  return [...buyers, ...suppliers];
}

const slotStart = async (l: Lookup, slotId: string): Promise<Date | null> => {
  const [row] = (await l.em.query(`SELECT starts_at FROM dialogue_slot WHERE id = $1`, [slotId])) as {
    starts_at: Date;
  }[];
  return row?.starts_at ?? null;
};

/** Makes the actor a follower of a document they wrote (unless they unfollowed it). */
const follow = (l: Lookup, documentId: string, userId: string | null) =>
  userId
    ? l.em.query(
        `INSERT INTO document_follow (user_id, document_id, following) VALUES ($1, $2, true) ON CONFLICT DO NOTHING`,
        [userId, documentId],
      )
    : Promise.resolve();

const SOURCES: Record<string, Source> = {
  'message.posted': async (e, p, l) => {
    const mentioned = ((p.mentionUserIds as string[]) ?? []).filter((id) => id !== e.actorUserId);
    // Most messages mention nobody and answer nobody: nothing to look up (the projector reads every one).
    if (!mentioned.length && typeof p.replyToId !== 'string') return [];
    const threadId = String(p.threadId);
    const thread = await l.thread(threadId);
    if (!thread) return [];
    const data: NotificationData = {
      title: thread.title,
      threadKind: thread.kind,
      groupName: await l.groupName(thread.groupId),
    };
    if (thread.parentType === 'PROCUREMENT') data.procurementTitle = (await l.procurement(thread.parentId))?.title;
    const base = {
      ...fromEvent(e),
      groupId: thread.groupId,
      procurementId: thread.parentType === 'PROCUREMENT' ? thread.parentId : null,
      threadId,
      messageId: String(p.messageId),
      path: paths.thread(thread.groupId, threadId, Number(p.seq)),
      data,
    };
    const drafts: Draft[] = [{ ...base, kind: NotificationKind.MENTION, recipients: mentioned }];
    if (typeof p.replyToId === 'string') {
      const [parent] = (await l.em.query(`SELECT author_user_id FROM message WHERE id = $1`, [p.replyToId])) as {
        author_user_id: string;
      }[];
      if (parent && !mentioned.includes(parent.author_user_id)) {
        drafts.push({ ...base, kind: NotificationKind.REPLY, recipients: [parent.author_user_id] });
      }
    }
    return drafts;
  },

  'membership.changed': async (e, p, l) => {
    if (!e.groupId) return [];
    const organisationId = String(p.organisationId);
    const base = { ...fromEvent(e), groupId: e.groupId, path: paths.group(e.groupId) };
    const groupName = await l.groupName(e.groupId);
    // An organisation that asked to join and is then invited is admitted at once (membership.service).
    const decided =
      p.change === 'approved' || (p.change === 'invited' && p.status === 'ACTIVE')
        ? true
        : p.change === 'request-declined'
          ? false
          : null;
    if (decided !== null) {
      return [
        {
          ...base,
          kind: NotificationKind.JOIN_REQUEST_DECIDED,
          recipients: await usersOf(l.em, [organisationId]),
          data: { groupName, approved: decided },
        },
      ];
    }
    if (p.change === 'invited') {
      return [
        {
          ...base,
          kind: NotificationKind.INVITATION,
          recipients: await usersOf(l.em, [organisationId]),
          data: { groupName },
        },
      ];
    }
    if (p.change === 'requested') {
      return [
        {
          ...base,
          kind: NotificationKind.JOIN_REQUEST,
          recipients: await coordinators(l.em, e.groupId),
          data: { groupName, organisationName: await l.organisationName(organisationId) },
        },
      ];
    }
    return [];
  },

  'guest.changed': async (e, p, l) =>
    p.change === 'invited' && e.groupId
      ? [
          {
            ...fromEvent(e),
            kind: NotificationKind.GUEST_INVITATION,
            recipients: [String(p.userId)],
            groupId: e.groupId,
            path: paths.group(e.groupId),
            data: { groupName: await l.groupName(e.groupId), at: String(p.endsAt) },
          },
        ]
      : [],

  'procurement.created': (e, p, l) =>
    aboutProcurement(
      e,
      l,
      String(p.procurementId),
      NotificationKind.MANDATE_REQUESTED,
      () => usersOf(l.em, p.participantOrganisationIds as string[]),
      { section: 'participants' },
    ),

  'participant.added': (e, p, l) =>
    aboutProcurement(
      e,
      l,
      String(p.procurementId),
      NotificationKind.MANDATE_REQUESTED,
      () => usersOf(l.em, [String(p.organisationId)]),
      { section: 'participants' },
    ),

  'mandate.signed': async (e, p, l) =>
    aboutProcurement(e, l, String(p.procurementId), NotificationKind.MANDATE_SIGNED, coordinatorsAndLead(l), {
      section: 'participants',
      data: { organisationName: await l.organisationName(String(p.organisationId)) },
    }),

  'mandate.withdrawn': async (e, p, l) =>
    aboutProcurement(e, l, String(p.procurementId), NotificationKind.MANDATE_WITHDRAWN, coordinatorsAndLead(l), {
      section: 'participants',
      data: { organisationName: await l.organisationName(String(p.organisationId)) },
    }),

  'procurement.phase_changed': (e, p, l) =>
    aboutProcurement(
      e,
      l,
      String(p.procurementId),
      NotificationKind.PHASE_CHANGED,
      (x) => groupReaders(l.em, x.groupId),
      {
        section: 'phase',
        data: { phase: String(p.to), fromPhase: String(p.from) },
      },
    ),

  'decision.opened': async (e, p, l) => {
    const [d] = (await l.em.query(`SELECT title FROM decision WHERE id = $1`, [p.decisionId])) as { title: string }[];
    return aboutProcurement(e, l, String(p.procurementId), NotificationKind.DECISION_OPENED, team(l), {
      section: `decision-${String(p.decisionId)}`,
      subjectId: String(p.decisionId),
      data: { title: d?.title, at: String(p.closesAt) },
    });
  },

  'decision.closed': async (e, p, l) => {
    const [d] = (await l.em.query(`SELECT title FROM decision WHERE id = $1`, [p.decisionId])) as { title: string }[];
    return aboutProcurement(e, l, String(p.procurementId), NotificationKind.DECISION_CLOSED, team(l), {
      section: `decision-${String(p.decisionId)}`,
      subjectId: String(p.decisionId),
      data: { title: d?.title, outcome: String(p.outcome), approved: p.approved === true },
    });
  },

  'document.created': async (e, p, l) => {
    await follow(l, String(p.documentId), e.actorUserId);
    return [];
  },

  'document.version_added': async (e, p, l) => {
    const documentId = String(p.documentId);
    await follow(l, documentId, e.actorUserId);
    const doc = await l.document(documentId);
    // The first version is the document's creation, not news to anyone following it.
    if (!doc || doc.deleted || Number(p.number) < 2) return [];
    const data: NotificationData = {
      title: doc.title,
      number: Number(p.number),
      groupName: await l.groupName(doc.groupId),
    };
    if (doc.parentType === 'PROCUREMENT') data.procurementTitle = (await l.procurement(doc.parentId))?.title;
    return [
      {
        ...fromEvent(e),
        kind: NotificationKind.DOCUMENT_VERSION,
        recipients: await stillReading(l.em, doc.groupId, await followers(l.em, documentId)),
        groupId: doc.groupId,
        procurementId: doc.parentType === 'PROCUREMENT' ? doc.parentId : null,
        documentId,
        path: paths.document(doc.groupId, documentId),
        data,
      },
    ];
  },

  'question.asked': async (e, p, l) =>
    aboutProcurement(
      e,
      l,
      String(p.procurementId),
      NotificationKind.QUESTION_RECEIVED,
      (x) => coordinators(l.em, x.groupId),
      {
        section: 'dialogue',
        data: {
          title: `Q${Number(p.number)}`,
          organisationName: e.actorOrganisationId ? await l.organisationName(e.actorOrganisationId) : undefined,
        },
      },
    ),

  'question.answered': async (e, p, l) =>
    toSuppliers(
      e,
      l,
      String(p.procurementId),
      NotificationKind.ANSWER_PUBLISHED,
      await registeredSuppliers(l.em, String(p.procurementId)),
      { title: `Q${Number(p.number)}`, number: Number(p.revision) },
    ),

  'answer.revised': (e, p, l) => SOURCES['question.answered'](e, p, l),

  'document.visibility_changed': async (e, p, l) => {
    if (p.visibility !== 'PUBLISHED' || e.scopeType !== 'procurement') return [];
    const doc = await l.document(String(p.documentId));
    if (!doc || doc.deleted) return [];
    return toSuppliers(
      e,
      l,
      e.scopeId,
      NotificationKind.DOCUMENT_PUBLISHED,
      await registeredSuppliers(l.em, e.scopeId),
      { title: doc.title, ...(p.publishedVersion ? { number: Number(p.publishedVersion) } : {}) },
    );
  },

  'slot.booked': async (e, p, l) =>
    meeting(
      e,
      l,
      NotificationKind.SLOT_BOOKED,
      String(p.procurementId),
      e.actorOrganisationId,
      await slotStart(l, String(p.slotId)),
    ),

  'slot.freed': async (e, p, l) =>
    meeting(
      e,
      l,
      NotificationKind.SLOT_CANCELLED,
      String(p.procurementId),
      await lastBooking(l, String(p.procurementId), String(p.slotId), e.id),
      await slotStart(l, String(p.slotId)),
    ),

  // A removed slot that was booked is a cancelled meeting for its supplier (its time is gone with the row).
  'slot.removed': async (e, p, l) =>
    meeting(
      e,
      l,
      NotificationKind.SLOT_CANCELLED,
      String(p.procurementId),
      await lastBooking(l, String(p.procurementId), String(p.slotId), e.id),
      null,
    ),

  'award.made': async (e, p, l) => {
    const [lot] = (await l.em.query(`SELECT number FROM procurement_lot WHERE id = $1`, [p.lotId])) as {
      number: number;
    }[];
    const names = [];
    for (const id of p.supplierIds as string[]) names.push(await l.organisationName(id));
    return aboutProcurement(e, l, String(p.procurementId), NotificationKind.AWARD_MADE, team(l), {
      section: 'award',
      subjectId: String(p.awardId),
      data: { number: lot?.number, at: String(p.standstillEndsAt), organisationName: names.filter(Boolean).join(', ') },
    });
  },
};

/** The event types the projector reads. */
export const SOURCE_TYPES = Object.keys(SOURCES);

/** The drafts one event makes (none for a type that tells no one). */
export function draftsFor(e: EventRecord, lookup: Lookup): Promise<Draft[]> {
  const source = SOURCES[e.type];
  return source ? source(e, e.payload as Record<string, any>, lookup) : Promise.resolve([]);
}
