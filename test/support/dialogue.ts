import { expect } from 'vitest';
import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import { print } from 'graphql';
import type { TestUser } from './factories.js';
import type { InputOf } from './graphql.js';
import { day, hex, inDays, key, origin } from './helpers.js';
import {
  ADD_TEXT,
  ADMIN,
  ADVANCE,
  ANSWER,
  ASK,
  CAST_VOTE,
  CLOSE_DECISION,
  CREATE_DOC,
  INSIDER,
  MD,
  OPEN_DECISION,
  OPEN_SLOTS,
  POST,
  PUBLISH_NOTICE,
  REGISTER,
  SET_MILESTONE,
  SIGN,
  UPDATE_DOC,
} from './operations.js';
import { s } from './server.js';
import {
  noticeInput,
  procurement,
  world as buildWorld,
  type NoticeInput,
  type Procurement,
  type World as BaseWorld,
} from './world.js';

/**
 * What the market dialogue test files (dialogue, dialogue-questions, dialogue-meetings) share: a
 * world with suppliers, and the helpers that read the dialogue as buyers and as suppliers see it.
 */

// ---- what suppliers read ----

/** Each field of INSIDER with its selection, by name. */
export const INSIDER_FIELDS: Record<string, string> = Object.fromEntries(
  (INSIDER.definitions[0] as FragmentDefinitionNode).selectionSet.selections.map((f) => [
    (f as FieldNode).name.value,
    print(f),
  ]),
);

// ---- the world ----

export interface World extends BaseWorld<'member'> {
  /** An authority outside the group. */
  outsider: TestUser;
  /** Two suppliers that will register, and one that never does. */
  a: TestUser;
  b: TestUser;
  c: TestUser;
  /** The procurement, brokered from the group's one need; the coordinator's and the member's authorities take part. */
  p: Procurement;
}

/** A fresh group with a joint procurement of its own (no shared fixtures between tests). */
export async function world(): Promise<World> {
  const f = s.factories;
  const [w, outsider, a, b, c] = await Promise.all([
    buildWorld(s, {
      members: { member: {} },
      needs: [{ title: 'Skoleskyss', problem: 'Elever trenger skyss.', cpvCodes: ['60130000'] }],
      interests: { coord: ['1000'], member: ['2000'] },
    }),
    f.user(),
    f.supplier(),
    f.supplier(),
    f.supplier(),
  ]);
  const p = await procurement(w, { title: `Felles skoleskyss ${hex()}`, description: 'Skoleskyss for kommunene.' });
  return { ...w, outsider, a, b, c, p };
}

export const publishInput = (w: World, extra: Partial<NoticeInput> = {}) => noticeInput(w.p.id, extra);

export const publish = async (w: World, extra: Partial<NoticeInput> = {}) =>
  (await w.coord.client.ok(PUBLISH_NOTICE, { input: publishInput(w, extra) })).publishDialogueNotice;

export const register = (u: TestUser, w: World) => u.client.ok(REGISTER, { id: w.p.id });

/** A world with a published dialogue that suppliers A and B registered for. */
export async function withDialogue(extra: Partial<NoticeInput> = {}): Promise<World> {
  const w = await world();
  await publish(w, extra);
  await register(w.a, w);
  await register(w.b, w);
  return w;
}

export const ask = async (u: TestUser, w: World, text: string) =>
  (await u.client.ok(ASK, { input: { procurementId: w.p.id, text } })).askDialogueQuestion;

export const answer = async (w: World, questionId: string, text: string, publishedQuestion?: string) =>
  (await w.coord.client.ok(ANSWER, { input: { questionId, answer: text, publishedQuestion } })).answerDialogueQuestion;

/** The dialogue as the buyers see it. */
export const admin = async (u: TestUser, w: World) =>
  (await u.client.ok(ADMIN, { id: w.p.id })).jointProcurement.dialogue;

/** The dialogue as a registered supplier sees it. */
export const md = async (u: TestUser, w: World) => (await u.client.ok(MD, { id: w.p.id })).marketDialogue;

/** One field that only registered suppliers may read. */
export const insider = (field: string) =>
  `query($id: ID!) { marketDialogue(procurementId: $id) { id ${INSIDER_FIELDS[field]} } }`;

export const post = (u: TestUser, threadId: string, body: string, mentionUserIds: string[] = []) =>
  u.client.ok(POST, { input: { threadId, body, idempotencyKey: key(), mentionUserIds } });

export async function createDoc(by: TestUser, w: World, input: Omit<Partial<InputOf<typeof CREATE_DOC>>, 'groupId'>) {
  return (
    await by.client.ok(CREATE_DOC, {
      input: { groupId: w.groupId, title: `Dokument ${hex()}`, kind: 'OTHER', language: 'nb', ...input },
    })
  ).createDocument;
}

export const publishDoc = async (w: World, id: string) =>
  (await w.coord.client.ok(UPDATE_DOC, { id, input: { visibility: 'PUBLISHED' } })).updateDocument;

export const addText = (by: TestUser, documentId: string, baseVersion: number, text: string) =>
  by.client.ok(ADD_TEXT, { input: { documentId, baseVersion, text } });

export const advance = (w: World, from: InputOf<typeof ADVANCE>['from']) =>
  w.coord.client.ok(ADVANCE, { input: { procurementId: w.p.id, from } });

export const openSlots = async (
  w: World,
  startsAt: string,
  count: number,
  durationMinutes = 30,
  location = 'Rådhuset',
) =>
  (
    await w.coord.client.ok(OPEN_SLOTS, {
      input: { procurementId: w.p.id, startsAt, durationMinutes, count, location },
    })
  ).openDialogueSlots;

/**
 * Through the API, from ANCHORING (with a published notice) to COMPETITION: every gate's artefacts
 * are made as a coordinator would make them, including the approved decision opening the competition.
 */
export async function toCompetition(w: World) {
  await advance(w, 'ANCHORING');
  await createDoc(w.coord, w, { procurementId: w.p.id, kind: 'NEED_DESCRIPTION', text: 'Behovet.' });
  await advance(w, 'NEED_ASSESSMENT');
  await createDoc(w.coord, w, { procurementId: w.p.id, kind: 'MARKET_DIALOGUE_SUMMARY', text: 'Oppsummering.' });
  await advance(w, 'MARKET_DIALOGUE');
  await createDoc(w.coord, w, { procurementId: w.p.id, kind: 'REQUIREMENT_SPECIFICATION', text: 'Krav.' });
  await w.member.client.ok(SIGN, {
    input: { procurementId: w.p.id, decisionReference: 'Sak 1/26', decisionDate: day(-1) },
  });
  const { openDecision } = await w.coord.client.ok(OPEN_DECISION, {
    input: {
      procurementId: w.p.id,
      title: 'Godkjenn kravspesifikasjonen',
      quorum: 1,
      closesAt: inDays(2),
      gate: 'COMPETITION',
    },
  });
  await w.member.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  expect((await w.coord.client.ok(CLOSE_DECISION, { id: openDecision.id })).closeDecision.approved).toBe(true);
  await w.coord.client.ok(SET_MILESTONE, {
    input: { procurementId: w.p.id, kind: 'TENDER_DEADLINE', dueAt: inDays(40) },
  });
  expect((await advance(w, 'PREPARATION')).advanceProcurementPhase.phase).toBe('COMPETITION');
}

/** A published document's content as a supplier downloads it. */
export const downloadPublished = (procurementId: string, documentId: string, headers: Record<string, string> = {}) =>
  fetch(`${origin(s)}/dialogue/${procurementId}/documents/${documentId}/content`, { headers });
