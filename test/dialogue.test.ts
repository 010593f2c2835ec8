import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { day, head as eventHead } from './support/procurement.js';

/*
 * Market dialogue with equal treatment of suppliers (issue 5, DESIGN 2): the notice, registration,
 * questions answered to all at once, published documents, meeting slots, live updates, and the
 * dialogue closing when the competition starts. test/dialogue-visibility.test.ts walks every field
 * a supplier can reach; this file checks the rules one by one.
 */

// ---- operations ----

const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id title } }`;
const SET_INTEREST = `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`;
const CREATE_P = `mutation($input: CreateJointProcurementInput!) {
  createJointProcurement(input: $input) { id title buyersThread { id } publicThread { id } lots { id } }
}`;
const PUBLISH = `mutation($input: PublishDialogueNoticeInput!) {
  publishDialogueNotice(input: $input) {
    id
    dialogue { published publishedAt notice open questionDeadline maxBookingsPerSupplier }
    milestones { kind dueAt }
  }
}`;
const ADMIN = `query($id: ID!) {
  jointProcurement(id: $id) {
    id
    dialogue {
      published publishedAt notice open questionDeadline maxBookingsPerSupplier
      registrations { registeredAt organisation { id } user { id } }
      questions {
        id number text status publishedQuestion answer revision askedAt answeredAt
        revisions { revision question answer publishedAt }
        askedBy { id } askedByOrganisation { id }
      }
      slots { id startsAt endsAt location bookedAt bookedBy { id } bookedByOrganisation { id } }
    }
  }
}`;
const NOTICE_FIELDS = `id title notice publishedAt open phase questionDeadline maxBookingsPerSupplier registered
  leadAuthority { name kind country organisationNumber }
  contractingAuthorities { name kind country organisationNumber }
  lots { number title description cpvCodes }`;
const MD_NOTICE = `query($id: ID!) { marketDialogue(procurementId: $id) { ${NOTICE_FIELDS} } }`;
const INSIDER_FIELDS: Record<string, string> = {
  documents: `documents { id title kind language version publishedAt mediaType fileName size text downloadUrl }`,
  questions: `questions {
    id number question answer revision answeredAt updatedAt askedByMyOrganisation
    revisions { revision question answer publishedAt }
  }`,
  myQuestions: `myQuestions { id number text status askedAt publishedQuestion answer }`,
  slots: `slots { id startsAt endsAt location available bookedByMyOrganisation }`,
  publicMessages: `publicMessages { id seq body authorName authorOrganisationName createdAt editedAt }`,
};
const MD = `query($id: ID!) {
  marketDialogue(procurementId: $id) { ${NOTICE_FIELDS} ${Object.values(INSIDER_FIELDS).join(' ')} }
}`;
const MD_LIST = `query($search: String) { marketDialogues(search: $search, first: 100) { id title notice } }`;
const REGISTER = `mutation($id: ID!) { registerForDialogue(procurementId: $id) { id registered } }`;
const ASK = `mutation($input: AskQuestionInput!) {
  askDialogueQuestion(input: $input) { id number text status askedAt publishedQuestion answer }
}`;
const ANSWER = `mutation($input: AnswerQuestionInput!) {
  answerDialogueQuestion(input: $input) {
    id number text status publishedQuestion answer revision revisions { revision question answer }
  }
}`;
const EDIT_ANSWER = `mutation($input: AnswerQuestionInput!) {
  editDialogueAnswer(input: $input) {
    id status publishedQuestion answer revision revisions { revision question answer }
  }
}`;
const WITHDRAW_Q = `mutation($id: ID!) { withdrawDialogueQuestion(questionId: $id) { id status } }`;
const OPEN_SLOTS = `mutation($input: OpenSlotsInput!) {
  openDialogueSlots(input: $input) { id startsAt endsAt location bookedAt bookedBy { id } bookedByOrganisation { id } }
}`;
const REMOVE_SLOT = `mutation($id: ID!) { removeDialogueSlot(slotId: $id) { id } }`;
const BOOK = `mutation($id: ID!) { bookDialogueSlot(slotId: $id) { id available bookedByMyOrganisation } }`;
const CANCEL_BOOKING = `mutation($id: ID!) { cancelDialogueBooking(slotId: $id) { id available bookedByMyOrganisation } }`;
const DIALOGUE_EVENTS = `subscription($procurementId: ID!, $after: ID) {
  dialogueEvents(procurementId: $procurementId, after: $after) { id type scopeType scopeId groupId payload createdAt }
}`;
const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id seq } }`;
const CREATE_DOC = `mutation($input: CreateDocumentInput!) {
  createDocument(input: $input) { id currentVersion visibility publishedVersion }
}`;
const UPDATE_DOC = `mutation($id: ID!, $input: UpdateDocumentInput!) {
  updateDocument(id: $id, input: $input) { id visibility currentVersion publishedVersion publishedAt }
}`;
const ADD_TEXT = `mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`;
const SET_MILESTONE = `mutation($input: SetMilestoneInput!) { setProcurementMilestone(input: $input) { id kind dueAt } }`;
const ADVANCE = `mutation($input: AdvancePhaseInput!) { advanceProcurementPhase(input: $input) { id phase } }`;
const CANCEL_P = `mutation($input: CancelProcurementInput!) { cancelJointProcurement(input: $input) { id phase } }`;
const SIGN = `mutation($input: SignMandateInput!) { signMandate(input: $input) { id } }`;
const ADD_LOT = `mutation($p: ID!, $input: LotInput!) { addProcurementLot(procurementId: $p, input: $input) { id } }`;
const SET_VALUE = `mutation($input: SetLotValueInput!) { setLotValue(input: $input) { amount } }`;
const OPEN_DECISION = `mutation($input: OpenDecisionInput!) { openDecision(input: $input) { id } }`;
const VOTE = `mutation($input: CastVoteInput!) { castVote(input: $input) { id } }`;
const CLOSE_DECISION = `mutation($id: ID!) { closeDecision(id: $id) { id approved } }`;

// ---- fixtures ----

let s: TestServer;

const hex = () => randomBytes(3).toString('hex');
/** An instant `days` from now. */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** A calendar date `days` from today. */
/** A whole hour `days` ahead, as a slot start. */
const slotStart = (days: number) => {
  const t = new Date(Date.now() + days * 86_400_000);
  t.setUTCMinutes(0, 0, 0);
  return t.toISOString();
};
/** `minutes` after the instant `iso`. */
const plus = (iso: string, minutes: number) => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/** The newest event id: subscribing `after` it cannot miss what the test does next. */
const head = () => eventHead(s);

const count = async (sql: string, params: unknown[] = []) =>
  Number((await s.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

interface World {
  groupId: string;
  coord: TestUser;
  /** An active member authority of the group (a participant: it stated an interest). */
  member: TestUser;
  /** An authority outside the group. */
  outsider: TestUser;
  /** Two suppliers that will register, and one that never does. */
  a: TestUser;
  b: TestUser;
  c: TestUser;
  p: { id: string; title: string; buyersThread: { id: string }; publicThread: { id: string }; lots: { id: string }[] };
}

const supplier = async () =>
  s.factories.user({ organisation: await s.factories.organisation({ kind: OrganisationKind.SUPPLIER }) });

/** A fresh group with a joint procurement of its own (no shared fixtures between tests). */
async function world(): Promise<World> {
  const f = s.factories;
  const coord = await f.user();
  const [member, outsider, a, b, c] = await Promise.all([f.user(), f.user(), supplier(), supplier(), supplier()]);
  const group = await f.group(coord.organisation, {}, [{ organisation: member.organisation }]);
  const { createSharedNeed: need } = await coord.client.ok(CREATE_NEED, {
    input: {
      groupId: group.id,
      title: `Skoleskyss ${hex()}`,
      problem: 'Elever trenger skyss.',
      cpvCodes: ['60130000'],
    },
  });
  await coord.client.ok(SET_INTEREST, { input: { needId: need.id, annualValue: '1000', currency: 'NOK' } });
  await member.client.ok(SET_INTEREST, { input: { needId: need.id, annualValue: '2000', currency: 'NOK' } });
  const { createJointProcurement: p } = await coord.client.ok(CREATE_P, {
    input: {
      groupId: group.id,
      needIds: [need.id],
      title: `Felles skoleskyss ${hex()}`,
      description: 'Skoleskyss for kommunene.',
      procedureType: 'NEG_W_CALL',
      contractType: 'SERVICES',
      leadOrganisationId: coord.organisation.id,
    },
  });
  return { groupId: group.id, coord, member, outsider, a, b, c, p };
}

const publishInput = (w: World, extra: Record<string, unknown> = {}) => ({
  procurementId: w.p.id,
  notice: 'Vi vil høre fra markedet om skoleskyss.',
  questionDeadline: at(14),
  ...extra,
});

const publish = async (w: World, extra: Record<string, unknown> = {}) =>
  (await w.coord.client.ok(PUBLISH, { input: publishInput(w, extra) })).publishDialogueNotice;

const register = (u: TestUser, w: World) => u.client.ok(REGISTER, { id: w.p.id });

/** A world with a published dialogue that suppliers A and B registered for. */
async function dialogue(extra: Record<string, unknown> = {}): Promise<World> {
  const w = await world();
  await publish(w, extra);
  await register(w.a, w);
  await register(w.b, w);
  return w;
}

const ask = async (u: TestUser, w: World, text: string) =>
  (await u.client.ok(ASK, { input: { procurementId: w.p.id, text } })).askDialogueQuestion;

const answer = async (w: World, questionId: string, text: string, publishedQuestion?: string) =>
  (await w.coord.client.ok(ANSWER, { input: { questionId, answer: text, publishedQuestion } })).answerDialogueQuestion;

const admin = async (u: TestUser, w: World) => (await u.client.ok(ADMIN, { id: w.p.id })).jointProcurement.dialogue;

const md = async (u: TestUser, w: World) => (await u.client.ok(MD, { id: w.p.id })).marketDialogue;

const insider = (field: string) =>
  `query($id: ID!) { marketDialogue(procurementId: $id) { id ${INSIDER_FIELDS[field]} } }`;

const post = (u: TestUser, threadId: string, body: string, mentionUserIds: string[] = []) =>
  u.client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID(), mentionUserIds } });

async function createDoc(by: TestUser, w: World, input: Record<string, unknown>) {
  return (
    await by.client.ok(CREATE_DOC, {
      input: { groupId: w.groupId, title: `Dokument ${hex()}`, kind: 'OTHER', language: 'nb', ...input },
    })
  ).createDocument as { id: string; currentVersion: number };
}

const publishDoc = async (w: World, id: string) =>
  (await w.coord.client.ok(UPDATE_DOC, { id, input: { visibility: 'PUBLISHED' } })).updateDocument;

const addText = (by: TestUser, documentId: string, baseVersion: number, text: string) =>
  by.client.ok(ADD_TEXT, { input: { documentId, baseVersion, text } });

const advance = (w: World, from: string) => w.coord.client.ok(ADVANCE, { input: { procurementId: w.p.id, from } });

const openSlots = async (w: World, startsAt: string, count: number, durationMinutes = 30, location = 'Rådhuset') =>
  (
    await w.coord.client.ok(OPEN_SLOTS, {
      input: { procurementId: w.p.id, startsAt, durationMinutes, count, location },
    })
  ).openDialogueSlots as { id: string; startsAt: string; endsAt: string; location: string }[];

/**
 * Through the API, from ANCHORING (with a published notice) to COMPETITION: every gate's artefacts
 * are made as a coordinator would make them, including the approved decision opening the competition.
 */
async function toCompetition(w: World) {
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
      closesAt: at(2),
      gate: 'COMPETITION',
    },
  });
  await w.member.client.ok(VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  expect((await w.coord.client.ok(CLOSE_DECISION, { id: openDecision.id })).closeDecision.approved).toBe(true);
  await w.coord.client.ok(SET_MILESTONE, { input: { procurementId: w.p.id, kind: 'TENDER_DEADLINE', dueAt: at(40) } });
  expect((await advance(w, 'PREPARATION')).advanceProcurementPhase.phase).toBe('COMPETITION');
}

const origin = () => new URL(s.url).origin;
const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });
const downloadPublished = (procurementId: string, documentId: string, headers: Record<string, string> = {}) =>
  fetch(`${origin()}/dialogue/${procurementId}/documents/${documentId}/content`, { headers });

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.close());

// ---- the notice ----

describe('publishDialogueNotice', () => {
  it('refuses anonymous callers, members that are not coordinators, outsiders and suppliers, publishing nothing', async () => {
    const w = await world();
    const input = publishInput(w);
    expect((await s.anon.fails(PUBLISH, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(PUBLISH, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(PUBLISH, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(PUBLISH, { input })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(PUBLISH, { input: { ...input, procurementId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    const d = await admin(w.coord, w);
    expect(d).toMatchObject({ published: false, publishedAt: null, notice: null, questionDeadline: null });
  });

  it('refuses a question deadline that has passed (input.questionDeadline) and a blank notice', async () => {
    const w = await world();
    const past = await w.coord.client.fails(PUBLISH, { input: publishInput(w, { questionDeadline: at(-1) }) });
    expect([past.code, past.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.questionDeadline']);
    const blank = await w.coord.client.fails(PUBLISH, { input: publishInput(w, { notice: '   ' }) });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.notice']);
    expect((await admin(w.coord, w)).published).toBe(false);
  });

  it('publishes the notice with the QUESTION_DEADLINE milestone; republishing updates both', async () => {
    const w = await world();
    const deadline = at(10);
    const first = await publish(w, {
      notice: '  Første kunngjøring  ',
      questionDeadline: deadline,
      maxBookingsPerSupplier: 2,
    });
    expect(first.dialogue).toMatchObject({
      published: true,
      notice: 'Første kunngjøring',
      open: true,
      questionDeadline: deadline,
      maxBookingsPerSupplier: 2,
    });
    expect(first.milestones.filter((m: { kind: string }) => m.kind === 'QUESTION_DEADLINE')).toEqual([
      { kind: 'QUESTION_DEADLINE', dueAt: deadline },
    ]);

    const later = at(20);
    const again = await publish(w, { notice: 'Oppdatert kunngjøring', questionDeadline: later });
    expect(again.dialogue).toMatchObject({
      notice: 'Oppdatert kunngjøring',
      questionDeadline: later,
      maxBookingsPerSupplier: 1,
      // First publication stays the publication time.
      publishedAt: first.dialogue.publishedAt,
    });
    expect(again.milestones.filter((m: { kind: string }) => m.kind === 'QUESTION_DEADLINE')).toEqual([
      { kind: 'QUESTION_DEADLINE', dueAt: later },
    ]);
    const seen = (await w.a.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue;
    expect(seen).toMatchObject({ notice: 'Oppdatert kunngjøring', questionDeadline: later, registered: false });
  });

  it('an unpublished dialogue is NOT_FOUND for suppliers and missing from marketDialogues; search finds published ones by title', async () => {
    const hidden = await world();
    const shown = await world();
    await publish(shown);
    expect((await hidden.a.client.fails(MD_NOTICE, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.outsider.client.fails(MD_NOTICE, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.a.client.fails(REGISTER, { id: hidden.p.id })).code).toBe('NOT_FOUND');
    expect((await hidden.a.client.fails(MD_NOTICE, { id: 'not-a-uuid' })).code).toBe('NOT_FOUND');
    expect((await s.anon.fails(MD_LIST)).code).toBe('UNAUTHENTICATED');

    const all = (await hidden.a.client.ok(MD_LIST)).marketDialogues.map((d: { id: string }) => d.id);
    expect(all).toContain(shown.p.id);
    expect(all).not.toContain(hidden.p.id);
    const byTitle = (await hidden.a.client.ok(MD_LIST, { search: shown.p.title.slice(-6) })).marketDialogues;
    expect(byTitle.map((d: { id: string }) => d.id)).toEqual([shown.p.id]);
    expect((await hidden.a.client.ok(MD_LIST, { search: hidden.p.title })).marketDialogues).toEqual([]);
    // The buyers see their own unpublished dialogue, suppliers still do not.
    expect((await hidden.member.client.ok(MD_NOTICE, { id: hidden.p.id })).marketDialogue.id).toBe(hidden.p.id);
  });
});

// ---- registration ----

describe('registerForDialogue', () => {
  it('refuses anonymous callers and authorities (FORBIDDEN): only suppliers register', async () => {
    const w = await world();
    await publish(w);
    expect((await s.anon.fails(REGISTER, { id: w.p.id })).code).toBe('UNAUTHENTICATED');
    for (const u of [w.outsider, w.member, w.coord]) {
      expect((await u.client.fails(REGISTER, { id: w.p.id })).code).toBe('FORBIDDEN');
    }
    expect(await count('dialogue_registration WHERE procurement_id = $1', [w.p.id])).toBe(0);
  });

  it('an unregistered supplier sees the notice only; registering (idempotent) opens the rest', async () => {
    const w = await world();
    await publish(w, { notice: 'Kunngjøringen', questionDeadline: at(9) });
    const notice = (await w.c.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue;
    expect(notice).toMatchObject({
      id: w.p.id,
      title: w.p.title,
      notice: 'Kunngjøringen',
      registered: false,
      open: true,
      phase: 'ANCHORING',
      leadAuthority: { name: w.coord.organisation.name, kind: 'MUNICIPALITY', country: 'NO' },
      lots: [{ number: 1, cpvCodes: ['60130000'] }],
    });
    expect(notice.questionDeadline).toEqual(expect.any(String));
    expect(notice.contractingAuthorities.map((o: { name: string }) => o.name).sort()).toEqual(
      [w.coord.organisation.name, w.member.organisation.name].sort(),
    );
    for (const field of Object.keys(INSIDER_FIELDS)) {
      expect((await w.c.client.fails(insider(field), { id: w.p.id })).code, field).toBe('FORBIDDEN');
    }

    const { registerForDialogue } = await register(w.a, w);
    expect(registerForDialogue).toEqual({ id: w.p.id, registered: true });
    expect((await register(w.a, w)).registerForDialogue.registered).toBe(true);
    expect(await count('dialogue_registration WHERE procurement_id = $1', [w.p.id])).toBe(1);
    const seen = await md(w.a, w);
    expect(seen).toMatchObject({ registered: true, documents: [], questions: [], myQuestions: [], slots: [] });
    // Registration is per organisation: A's colleague is registered with it.
    const colleague = await s.factories.user({ organisation: w.a.organisation });
    expect((await colleague.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue.registered).toBe(true);
    // The buyers see who registered.
    const d = await admin(w.member, w);
    expect(d.registrations).toEqual([
      { registeredAt: expect.any(String), organisation: { id: w.a.organisation.id }, user: { id: w.a.user.id } },
    ]);
    // C is still outside.
    expect((await w.c.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue.registered).toBe(false);
  });

  it('is refused once the procurement is cancelled (INVALID_STATE)', async () => {
    const w = await world();
    await publish(w);
    await register(w.a, w);
    await w.coord.client.ok(CANCEL_P, { input: { procurementId: w.p.id, reason: 'Behovet falt bort' } });
    expect((await w.b.client.fails(REGISTER, { id: w.p.id })).code).toBe('INVALID_STATE');
    expect((await w.a.client.fails(ASK, { input: { procurementId: w.p.id, text: 'Spørsmål?' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await w.a.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue).toMatchObject({
      open: false,
      phase: 'CANCELLED',
    });
  });
});

// ---- questions ----

describe('questions', () => {
  it('only registered suppliers ask', async () => {
    const w = await dialogue();
    const input = { procurementId: w.p.id, text: 'Kan vi levere elbusser?' };
    expect((await s.anon.fails(ASK, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.c.client.fails(ASK, { input })).code).toBe('FORBIDDEN');
    expect((await w.member.client.fails(ASK, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(ASK, { input })).code).toBe('FORBIDDEN');
    const blank = await w.a.client.fails(ASK, { input: { ...input, text: '  ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.text']);
    expect(await count('dialogue_question WHERE procurement_id = $1', [w.p.id])).toBe(0);
  });

  it('refuses questions after the question deadline (INVALID_STATE)', async () => {
    const w = await dialogue();
    await ask(w.a, w, 'Før fristen');
    // A coordinator may move the deadline, into the past too (the service allows it).
    await w.coord.client.ok(SET_MILESTONE, {
      input: { procurementId: w.p.id, kind: 'QUESTION_DEADLINE', dueAt: at(-1) },
    });
    const late = await w.a.client.fails(ASK, { input: { procurementId: w.p.id, text: 'Etter fristen' } });
    expect(late.code).toBe('INVALID_STATE');
    expect(late.extensions.missing).toEqual(['before the question deadline']);
    expect(await count('dialogue_question WHERE procurement_id = $1', [w.p.id])).toBe(1);
  });

  it('a pending question is seen by the buyers and the asker only', async () => {
    const w = await dialogue();
    const q = await ask(w.a, w, '  Hvor mange elever?  ');
    expect(q).toMatchObject({
      number: 1,
      text: 'Hvor mange elever?',
      status: 'PENDING',
      publishedQuestion: null,
      answer: null,
    });

    for (const buyer of [w.coord, w.member]) {
      expect((await admin(buyer, w)).questions).toEqual([
        expect.objectContaining({
          id: q.id,
          text: 'Hvor mange elever?',
          status: 'PENDING',
          revision: 0,
          revisions: [],
          askedBy: { id: w.a.user.id },
          askedByOrganisation: { id: w.a.organisation.id },
        }),
      ]);
    }
    const mine = await md(w.a, w);
    expect(mine.myQuestions).toEqual([
      expect.objectContaining({ id: q.id, status: 'PENDING', text: 'Hvor mange elever?' }),
    ]);
    // Not published yet: not in anyone's `questions`, the asker's included.
    expect(mine.questions).toEqual([]);
    const other = await md(w.b, w);
    expect(other.questions).toEqual([]);
    expect(other.myQuestions).toEqual([]);
  });

  it('only coordinators answer; the answer is published to every registered supplier, rephrased, the asker not named', async () => {
    const w = await dialogue();
    const q = await ask(w.a, w, 'Vi i Firma A lurer på antall elever?');
    const input = { questionId: q.id, answer: 'Rundt 400.', publishedQuestion: 'Hvor mange elever gjelder det?' };
    expect((await s.anon.fails(ANSWER, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(ANSWER, { input })).code).toBe('FORBIDDEN');
    expect((await w.outsider.client.fails(ANSWER, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(ANSWER, { input })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(ANSWER, { input: { ...input, questionId: randomUUID() } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await md(w.b, w)).questions).toEqual([]);

    const answered = await answer(w, q.id, '  Rundt 400.  ', 'Hvor mange elever gjelder det?');
    expect(answered).toMatchObject({
      status: 'ANSWERED',
      text: 'Vi i Firma A lurer på antall elever?',
      publishedQuestion: 'Hvor mange elever gjelder det?',
      answer: 'Rundt 400.',
      revision: 1,
      revisions: [{ revision: 1, question: 'Hvor mange elever gjelder det?', answer: 'Rundt 400.' }],
    });

    const [forA, forB] = [await md(w.a, w), await md(w.b, w)];
    const published = {
      id: q.id,
      number: 1,
      question: 'Hvor mange elever gjelder det?',
      answer: 'Rundt 400.',
      revision: 1,
      revisions: [
        expect.objectContaining({ revision: 1, question: 'Hvor mange elever gjelder det?', answer: 'Rundt 400.' }),
      ],
    };
    expect(forA.questions).toEqual([expect.objectContaining({ ...published, askedByMyOrganisation: true })]);
    expect(forB.questions).toEqual([expect.objectContaining({ ...published, askedByMyOrganisation: false })]);
    // The asker's own text is not what is published.
    expect(JSON.stringify(forB)).not.toContain('Firma A');
    expect(forA.myQuestions).toEqual([
      expect.objectContaining({
        id: q.id,
        status: 'ANSWERED',
        text: 'Vi i Firma A lurer på antall elever?',
        publishedQuestion: 'Hvor mange elever gjelder det?',
        answer: 'Rundt 400.',
      }),
    ]);
    // Registering later still shows every published answer.
    await register(w.c, w);
    expect((await md(w.c, w)).questions).toEqual([
      expect.objectContaining({ ...published, askedByMyOrganisation: false }),
    ]);

    // Without a rephrasing, the asker's text is published.
    const plain = await ask(w.b, w, 'Hvilke ruter?');
    expect((await answer(w, plain.id, 'Alle.')).publishedQuestion).toBe('Hvilke ruter?');
  });

  it('no mutation can answer one supplier: none takes a question and an organisation, supplier or user', async () => {
    const { data } = await s.anon.request(`{
      __schema {
        mutationType { fields { name args { name type { ...T } } } }
        types { name kind inputFields { name type { ...T } } }
      }
    }
    fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`);
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    const schema = (data as any).__schema;
    const inputs = new Map<string, { name: string; type: TypeRef }[]>(
      schema.types.filter((t: any) => t.kind === 'INPUT_OBJECT').map((t: any) => [t.name, t.inputFields]),
    );
    const named = (t: TypeRef): string => (t.ofType ? named(t.ofType) : t.name!);
    /** Every argument name of a mutation, input object fields included (recursively). */
    const names = (args: { name: string; type: TypeRef }[], seen = new Set<string>()): string[] =>
      args.flatMap((a) => {
        const type = named(a.type);
        const nested = inputs.has(type) && !seen.has(type) ? names(inputs.get(type)!, new Set([...seen, type])) : [];
        return [a.name, ...nested];
      });
    const mutations = schema.mutationType.fields as { name: string; args: { name: string; type: TypeRef }[] }[];
    expect(mutations.map((m) => m.name)).toEqual(
      expect.arrayContaining(['answerDialogueQuestion', 'editDialogueAnswer']),
    );
    // An argument naming a question (`questionId`, `question`), and one naming a party
    // (`organisationId`, `supplierIds`, `recipient` ...); not e.g. `maxBookingsPerSupplier`.
    const question = /^question$|questionIds?$/i;
    const party =
      /^(organi[sz]ation|supplier|user|recipient|asker|to)s?$|(organi[sz]ation|supplier|user|recipient|asker)Ids?$/i;
    const answering = mutations.filter((m) => names(m.args).some((n) => question.test(n)));
    expect(answering.map((m) => m.name)).toEqual(
      expect.arrayContaining(['answerDialogueQuestion', 'editDialogueAnswer', 'withdrawDialogueQuestion']),
    );
    const targeted = answering.filter((m) => names(m.args).some((n) => party.test(n)));
    expect(targeted.map((m) => m.name)).toEqual([]);
    // The check itself bites: an input naming both would be found.
    expect(
      names([{ name: 'input', type: { kind: 'INPUT_OBJECT', name: 'AnswerQuestionInput', ofType: null } }]),
    ).toEqual(expect.arrayContaining(['questionId']));
    expect(['questionId', 'organisationId'].every((n) => question.test(n) || party.test(n))).toBe(true);
  });

  it('editing publishes a new revision to all with the history; refused for unanswered questions and second answers', async () => {
    const w = await dialogue();
    const q = await ask(w.a, w, 'Spørsmål?');
    const edit = { questionId: q.id, answer: 'Nytt svar' };
    const early = await w.coord.client.fails(EDIT_ANSWER, { input: edit });
    expect([early.code, early.extensions.missing]).toEqual(['INVALID_STATE', ['question status ANSWERED']]);

    await answer(w, q.id, 'Første svar', 'Omskrevet spørsmål');
    const twice = await w.coord.client.fails(ANSWER, { input: { questionId: q.id, answer: 'Igjen' } });
    expect(twice.code).toBe('INVALID_STATE');
    expect((await w.member.client.fails(EDIT_ANSWER, { input: edit })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(EDIT_ANSWER, { input: edit })).code).toBe('NOT_FOUND');

    const { editDialogueAnswer: edited } = await w.coord.client.ok(EDIT_ANSWER, { input: edit });
    // The rephrasing stays unless a new one is given.
    expect(edited).toMatchObject({
      status: 'ANSWERED',
      publishedQuestion: 'Omskrevet spørsmål',
      answer: 'Nytt svar',
      revision: 2,
    });
    const history = [
      expect.objectContaining({ revision: 1, question: 'Omskrevet spørsmål', answer: 'Første svar' }),
      expect.objectContaining({ revision: 2, question: 'Omskrevet spørsmål', answer: 'Nytt svar' }),
    ];
    for (const u of [w.a, w.b]) {
      const [pq] = (await md(u, w)).questions;
      expect(pq).toMatchObject({ answer: 'Nytt svar', revision: 2 });
      expect(pq.revisions).toEqual(history);
      expect(pq.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    }
    expect((await admin(w.coord, w)).questions[0].revisions).toEqual(history);
  });

  it('the asking organisation withdraws its own pending question; nobody else can', async () => {
    const w = await dialogue();
    const q = await ask(w.a, w, 'Trekkes?');
    expect((await s.anon.fails(WITHDRAW_Q, { id: q.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.b.client.fails(WITHDRAW_Q, { id: q.id })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(WITHDRAW_Q, { id: q.id })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(WITHDRAW_Q, { id: randomUUID() })).code).toBe('NOT_FOUND');
    // A colleague in the asker's organisation may.
    const colleague = await s.factories.user({ organisation: w.a.organisation });
    expect((await colleague.client.ok(WITHDRAW_Q, { id: q.id })).withdrawDialogueQuestion).toEqual({
      id: q.id,
      status: 'WITHDRAWN',
    });
    expect((await w.a.client.fails(WITHDRAW_Q, { id: q.id })).code).toBe('INVALID_STATE');
    expect((await w.coord.client.fails(ANSWER, { input: { questionId: q.id, answer: 'For sent' } })).code).toBe(
      'INVALID_STATE',
    );
    expect((await md(w.a, w)).myQuestions).toEqual([expect.objectContaining({ id: q.id, status: 'WITHDRAWN' })]);
    expect((await md(w.b, w)).questions).toEqual([]);

    const answered = await ask(w.a, w, 'Besvart?');
    await answer(w, answered.id, 'Ja.');
    expect((await w.a.client.fails(WITHDRAW_Q, { id: answered.id })).code).toBe('INVALID_STATE');
  });
});

// ---- live ----

describe('dialogueEvents', () => {
  it("carries only the fields declared for suppliers: a field of a public event's payload that is not declared for them does not reach them", async () => {
    const w = await dialogue();
    await register(w.a, w);
    const after = await head();
    const client = wsClient(s.url.replace(/^http/, 'ws'), w.a.token);
    const sub = collect(client, DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    // A public event whose payload holds more than suppliers may know: the reason is for the buyers.
    const secret = `budget ${w.coord.user.id}`;
    await s.app.services.events.transaction(async (_em, record) => {
      await record({
        scopeType: 'procurement',
        scopeId: w.p.id,
        groupId: w.groupId,
        type: 'procurement.phase_changed',
        actor: { userId: w.coord.user.id, organisationId: w.coord.organisation.id },
        payload: { procurementId: w.p.id, from: 'MARKET_DIALOGUE', to: 'MARKET_DIALOGUE', reason: secret },
        public: true,
      });
    });
    await sub.until((x) => x.items.some((e) => e.type === 'procurement.phase_changed'));
    const seen = sub.items.find((e) => e.type === 'procurement.phase_changed');
    expect(seen.payload).toEqual({ procurementId: w.p.id, from: 'MARKET_DIALOGUE', to: 'MARKET_DIALOGUE' });
    expect(JSON.stringify(seen)).not.toContain(w.coord.user.id);
    await client.dispose();

    // A field no declaration names is not written at all (the types refuse it; so does the log).
    const undeclared = s.app.services.events.transaction(async (_em, record) => {
      await record({
        scopeType: 'procurement',
        scopeId: w.p.id,
        groupId: w.groupId,
        type: 'slot.booked',
        payload: { procurementId: w.p.id, slotId: 'slot-x', signedBy: w.coord.user.id } as never,
        public: true,
      });
    });
    await expect(undeclared).rejects.toThrow('signedBy is not declared');
  });

  it('refuses anonymous callers, unregistered suppliers and outsiders (FORBIDDEN), and unpublished dialogues (NOT_FOUND)', async () => {
    const w = await world();
    const wsUrl = s.url.replace(/^http/, 'ws');
    const unpublished = wsClient(wsUrl, w.a.token);
    const hidden = collect(unpublished, DIALOGUE_EVENTS, { procurementId: w.p.id });
    await hidden.until((x) => x.completed);
    expect(hidden.errors[0].extensions.code).toBe('NOT_FOUND');
    await unpublished.dispose();

    await publish(w);
    for (const u of [w.c, w.outsider]) {
      const client = wsClient(wsUrl, u.token);
      const sub = collect(client, DIALOGUE_EVENTS, { procurementId: w.p.id, after: await head() });
      await sub.until((x) => x.completed);
      expect(sub.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(sub.items).toEqual([]);
      await client.dispose();
    }
  });

  it('registered suppliers on different instances receive the same public events at once, and nothing of the buyers', async () => {
    const w = await dialogue({ maxBookingsPerSupplier: 2 });
    const pending = await ask(w.a, w, 'Første spørsmål');
    const other = await s.startInstance();
    const after = await head();
    const clientA = wsClient(s.url.replace(/^http/, 'ws'), w.a.token);
    const clientB = wsClient(other.wsUrl, w.b.token);
    const subA = collect(clientA, DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    const subB = collect(clientB, DIALOGUE_EVENTS, { procurementId: w.p.id, after });
    try {
      // Interleaved: what suppliers must get, and what they must not.
      await answer(w, pending.id, 'Svar til alle');
      await ask(w.b, w, 'Et spørsmål fra B'); // question.asked: buyers only
      await register(w.c, w); // dialogue.registered: buyers only
      await w.member.client.ok(SIGN, {
        input: { procurementId: w.p.id, decisionReference: 'Sak 9/26', decisionDate: day(-1) },
      });
      const { addProcurementLot: lot } = await w.coord.client.ok(ADD_LOT, {
        p: w.p.id,
        input: { title: 'Del 2', cpvCodes: ['60130000'] },
      });
      await w.coord.client.ok(SET_VALUE, { input: { lotId: lot.id, amount: '123.45', currency: 'NOK' } });
      await w.coord.client.ok(SET_MILESTONE, {
        input: { procurementId: w.p.id, kind: 'OTHER', dueAt: at(3), title: 'Internt' },
      });
      await post(w.coord, w.p.buyersThread.id, 'Bare for innkjøperne');
      await post(w.coord, w.p.publicThread.id, 'Velkommen til dialogen', [w.member.user.id]);
      await w.coord.client.ok(EDIT_ANSWER, { input: { questionId: pending.id, answer: 'Rettet svar' } });
      const doc = await createDoc(w.coord, w, { procurementId: w.p.id, text: 'Utkast' });
      await addText(w.coord, doc.id, 1, 'Versjon 2');
      await publishDoc(w, doc.id);
      const [slot] = await openSlots(w, slotStart(7), 2);
      await w.a.client.ok(BOOK, { id: slot.id });
      await w.a.client.ok(CANCEL_BOOKING, { id: slot.id });
      await advance(w, 'ANCHORING');

      const expected = [
        'question.answered',
        'message.posted',
        'answer.revised',
        'document.visibility_changed',
        'slots.opened',
        'slot.booked',
        'slot.freed',
        'procurement.phase_changed',
      ];
      const done = (x: { items: { type: string }[] }) => x.items.some((e) => e.type === 'procurement.phase_changed');
      await Promise.all([subA.until(done), subB.until(done)]);
      expect(subA.errors).toEqual([]);
      expect(subB.errors).toEqual([]);
      expect(subA.items.map((e) => e.type)).toEqual(expected);
      // The same events, with the same ids, whichever instance delivers them.
      expect(subB.items).toEqual(subA.items);

      const byType = (t: string) => subA.items.find((e) => e.type === t)!;
      expect(byType('question.answered').payload).toMatchObject({ questionId: pending.id, revision: 1 });
      expect(byType('answer.revised').payload).toMatchObject({ questionId: pending.id, revision: 2 });
      expect(byType('message.posted')).toMatchObject({ scopeType: 'thread', scopeId: w.p.publicThread.id });
      expect(byType('document.visibility_changed').payload).toMatchObject({
        documentId: doc.id,
        visibility: 'PUBLISHED',
        publishedVersion: 2,
      });
      expect(byType('procurement.phase_changed').payload).toMatchObject({ from: 'ANCHORING', to: 'NEED_ASSESSMENT' });

      // No group, and nobody's identity in the payloads.
      const ids = [w.coord, w.member, w.outsider, w.a, w.b, w.c].flatMap((u) => [u.user.id, u.organisation.id]);
      for (const e of subA.items) {
        expect(e.groupId, e.type).toBeNull();
        const keys: string[] = [];
        const values: string[] = [];
        const walk = (v: unknown) => {
          if (Array.isArray(v)) v.forEach(walk);
          else if (v && typeof v === 'object') {
            for (const [k, x] of Object.entries(v)) {
              keys.push(k);
              walk(x);
            }
          } else values.push(String(v));
        };
        walk(e.payload);
        expect(
          keys.filter((k) => /organi[sz]ation|user|actor|author|mention|asker|booked|group/i.test(k)),
          `${e.type} payload keys`,
        ).toEqual([]);
        expect(
          values.filter((v) => ids.includes(v)),
          `${e.type} payload values`,
        ).toEqual([]);
      }
    } finally {
      await clientA.dispose();
      await clientB.dispose();
      await other.stop();
    }
  });

  it('replays public events after `after` to a supplier that registered late', async () => {
    const w = await dialogue();
    const after = await head();
    const q = await ask(w.a, w, 'Spørsmål');
    await answer(w, q.id, 'Svar');
    await register(w.c, w);
    const client = wsClient(s.url.replace(/^http/, 'ws'), w.c.token);
    try {
      const sub = collect(client, DIALOGUE_EVENTS, { procurementId: w.p.id, after });
      await sub.until((x) => x.items.length >= 1);
      await post(w.coord, w.p.publicThread.id, 'Etterpå');
      await sub.until((x) => x.items.length >= 2);
      expect(sub.items.map((e) => e.type)).toEqual(['question.answered', 'message.posted']);
    } finally {
      await client.dispose();
    }
  });
});

// ---- documents ----

describe('published documents', () => {
  it('suppliers read the published version only, until it is published again; GROUP documents never appear', async () => {
    const w = await dialogue();
    const doc = await createDoc(w.coord, w, { procurementId: w.p.id, title: 'Behovsbeskrivelse', text: 'Versjon én' });
    const draft = await createDoc(w.coord, w, { procurementId: w.p.id, title: 'Internt notat', text: 'Hemmelig' });
    await createDoc(w.coord, w, { title: 'Gruppens dokument', text: 'Gruppe' });
    expect((await md(w.a, w)).documents).toEqual([]);

    // Members other than coordinators do not publish.
    expect((await w.member.client.fails(UPDATE_DOC, { id: doc.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(await publishDoc(w, doc.id)).toMatchObject({ visibility: 'PUBLISHED', publishedVersion: 1 });
    const [published] = (await md(w.a, w)).documents;
    expect(published).toMatchObject({
      id: doc.id,
      title: 'Behovsbeskrivelse',
      kind: 'OTHER',
      language: 'nb',
      version: 1,
      text: 'Versjon én',
      downloadUrl: `/dialogue/${w.p.id}/documents/${doc.id}/content`,
    });
    expect((await md(w.b, w)).documents.map((d: { id: string }) => d.id)).toEqual([doc.id]);

    // A newer version stays with the buyers until published again.
    await addText(w.coord, doc.id, 1, 'Versjon to');
    expect((await md(w.a, w)).documents).toEqual([expect.objectContaining({ version: 1, text: 'Versjon én' })]);
    const got = await downloadPublished(w.p.id, doc.id, bearer(w.a));
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('Versjon én');
    expect(await publishDoc(w, doc.id)).toMatchObject({ publishedVersion: 2 });
    expect((await md(w.a, w)).documents).toEqual([expect.objectContaining({ version: 2, text: 'Versjon to' })]);
    expect(await (await downloadPublished(w.p.id, doc.id, bearer(w.b))).text()).toBe('Versjon to');

    // Back to GROUP: gone for suppliers.
    await w.coord.client.ok(UPDATE_DOC, { id: doc.id, input: { visibility: 'GROUP' } });
    expect((await md(w.a, w)).documents).toEqual([]);
    expect((await downloadPublished(w.p.id, doc.id, bearer(w.a))).status).toBe(404);
    expect((await downloadPublished(w.p.id, draft.id, bearer(w.a))).status).toBe(404);
  });

  it('the download route: 401 anonymous, 403 unregistered supplier, 404 unpublished or foreign document', async () => {
    const w = await dialogue();
    const doc = await createDoc(w.coord, w, { procurementId: w.p.id, text: 'Offentlig' });
    const unpublished = await createDoc(w.coord, w, { procurementId: w.p.id, text: 'Ikke publisert' });
    await publishDoc(w, doc.id);
    const elsewhere = await dialogue();
    const foreign = await createDoc(elsewhere.coord, elsewhere, { procurementId: elsewhere.p.id, text: 'Annen' });
    await publishDoc(elsewhere, foreign.id);

    expect((await downloadPublished(w.p.id, doc.id)).status).toBe(401);
    expect((await downloadPublished(w.p.id, doc.id, bearer(w.c))).status).toBe(403);
    expect((await downloadPublished(w.p.id, doc.id, bearer(w.outsider))).status).toBe(403);
    expect((await downloadPublished(w.p.id, unpublished.id, bearer(w.a))).status).toBe(404);
    // A published document of another procurement is not this dialogue's.
    expect((await downloadPublished(w.p.id, foreign.id, bearer(w.a))).status).toBe(404);
    expect((await downloadPublished(w.p.id, randomUUID(), bearer(w.a))).status).toBe(404);
    expect((await downloadPublished(randomUUID(), doc.id, bearer(w.a))).status).toBe(404);
    const ok = await downloadPublished(w.p.id, doc.id, bearer(w.a));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(await ok.text()).toBe('Offentlig');
    // The buyers may fetch what suppliers get.
    expect(await (await downloadPublished(w.p.id, doc.id, bearer(w.member))).text()).toBe('Offentlig');
  });
});

// ---- meetings ----

describe('dialogue meeting slots', () => {
  it('only coordinators open slots; they are back to back and of one length for the whole procurement', async () => {
    const w = await dialogue();
    const t0 = slotStart(5);
    const input = { procurementId: w.p.id, startsAt: t0, durationMinutes: 30, count: 3, location: 'Rom 1' };
    expect((await s.anon.fails(OPEN_SLOTS, { input })).code).toBe('UNAUTHENTICATED');
    expect((await w.member.client.fails(OPEN_SLOTS, { input })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(OPEN_SLOTS, { input })).code).toBe('NOT_FOUND');
    const past = await w.coord.client.fails(OPEN_SLOTS, { input: { ...input, startsAt: at(-1) } });
    expect([past.code, past.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.startsAt']);

    const slots = await openSlots(w, t0, 3);
    expect(slots.map((x) => [x.startsAt, x.endsAt, x.location])).toEqual([
      [t0, plus(t0, 30), 'Rådhuset'],
      [plus(t0, 30), plus(t0, 60), 'Rådhuset'],
      [plus(t0, 60), plus(t0, 90), 'Rådhuset'],
    ]);

    const longer = await w.coord.client.fails(OPEN_SLOTS, {
      input: { ...input, startsAt: plus(t0, 24 * 60), durationMinutes: 45, count: 1 },
    });
    expect([longer.code, longer.extensions.field, longer.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.durationMinutes',
      'equalLength',
    ]);
    const overlapping = await w.coord.client.fails(OPEN_SLOTS, {
      input: { ...input, startsAt: plus(t0, 45), count: 1 },
    });
    expect([overlapping.code, overlapping.extensions.field, overlapping.extensions.rule]).toEqual([
      'BAD_USER_INPUT',
      'input.startsAt',
      'noOverlap',
    ]);
    // Later, same length: fine.
    await openSlots(w, plus(t0, 120), 1);
    expect((await admin(w.coord, w)).slots).toHaveLength(4);
  });

  it('suppliers see availability but never who booked; one booking per slot, at most the configured number per supplier', async () => {
    const w = await dialogue();
    const [s1, s2, s3] = await openSlots(w, slotStart(5), 3);
    expect((await s.anon.fails(BOOK, { id: s1.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.c.client.fails(BOOK, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await w.member.client.fails(BOOK, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(BOOK, { id: randomUUID() })).code).toBe('NOT_FOUND');

    expect((await w.a.client.ok(BOOK, { id: s1.id })).bookDialogueSlot).toEqual({
      id: s1.id,
      available: false,
      bookedByMyOrganisation: true,
    });
    // Booking one's own slot again changes nothing.
    expect((await w.a.client.ok(BOOK, { id: s1.id })).bookDialogueSlot.bookedByMyOrganisation).toBe(true);
    expect((await w.b.client.fails(BOOK, { id: s1.id })).code).toBe('CONFLICT');
    const limit = await w.a.client.fails(BOOK, { id: s2.id });
    expect(limit.code).toBe('INVALID_STATE');

    const view = (slots: any[]) => slots.map((x) => [x.id, x.available, x.bookedByMyOrganisation]);
    expect(view((await md(w.a, w)).slots)).toEqual([
      [s1.id, false, true],
      [s2.id, true, false],
      [s3.id, true, false],
    ]);
    expect(view((await md(w.b, w)).slots)).toEqual([
      [s1.id, false, false],
      [s2.id, true, false],
      [s3.id, true, false],
    ]);
    // The supplier-facing slot type has no field that could name a booker.
    const { __type } = await w.a.client.ok(`{ __type(name: "DialogueSlotView") { fields { name } } }`);
    expect(__type.fields.map((f: { name: string }) => f.name).sort()).toEqual(
      ['available', 'bookedByMyOrganisation', 'endsAt', 'id', 'location', 'startsAt'].sort(),
    );
    // The buyers see who booked.
    const buyers = (await admin(w.member, w)).slots;
    expect(buyers[0]).toMatchObject({
      id: s1.id,
      bookedBy: { id: w.a.user.id },
      bookedByOrganisation: { id: w.a.organisation.id },
    });
    expect(buyers[1]).toMatchObject({ bookedBy: null, bookedByOrganisation: null, bookedAt: null });
  });

  it('cancelling frees the slot: the booker or a coordinator, not another supplier or a member', async () => {
    const w = await dialogue();
    const [s1, s2] = await openSlots(w, slotStart(5), 2);
    await w.a.client.ok(BOOK, { id: s1.id });
    expect((await s.anon.fails(CANCEL_BOOKING, { id: s1.id })).code).toBe('UNAUTHENTICATED');
    expect((await w.b.client.fails(CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    expect((await w.outsider.client.fails(CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    expect((await w.member.client.fails(CANCEL_BOOKING, { id: s1.id })).code).toBe('FORBIDDEN');
    expect((await md(w.a, w)).slots[0]).toMatchObject({ id: s1.id, available: false, bookedByMyOrganisation: true });

    expect((await w.a.client.ok(CANCEL_BOOKING, { id: s1.id })).cancelDialogueBooking).toEqual({
      id: s1.id,
      available: true,
      bookedByMyOrganisation: false,
    });
    // Freed: B can book it, and A may book again (its limit counts current bookings).
    await w.b.client.ok(BOOK, { id: s1.id });
    await w.a.client.ok(BOOK, { id: s2.id });
    expect((await w.a.client.fails(CANCEL_BOOKING, { id: s1.id })).code).toBe('NOT_FOUND');
    // A coordinator cancels any booking.
    await w.coord.client.ok(CANCEL_BOOKING, { id: s1.id });
    const buyers = (await admin(w.coord, w)).slots;
    expect(buyers.map((x: any) => x.bookedByOrganisation?.id ?? null)).toEqual([null, w.a.organisation.id]);
    expect((await md(w.b, w)).slots[0]).toMatchObject({ available: true, bookedByMyOrganisation: false });

    // Removing a slot is for coordinators.
    expect((await w.a.client.fails(REMOVE_SLOT, { id: s2.id })).code).toBe('NOT_FOUND');
    expect((await w.member.client.fails(REMOVE_SLOT, { id: s2.id })).code).toBe('FORBIDDEN');
    await w.coord.client.ok(REMOVE_SLOT, { id: s2.id });
    expect((await md(w.a, w)).slots.map((x: { id: string }) => x.id)).toEqual([s1.id]);
  });

  it('two suppliers booking the same slot at once: exactly one wins', async () => {
    const w = await dialogue();
    const [slot] = await openSlots(w, slotStart(5), 1);
    const results = await Promise.all([w.a, w.b].map((u) => u.client.request(BOOK, { id: slot.id })));
    const won = results.filter((r) => !r.errors?.length);
    const lost = results.filter((r) => r.errors?.length);
    expect(won).toHaveLength(1);
    expect(lost.map((r) => r.errors![0].extensions?.code)).toEqual(['CONFLICT']);
    const winner = results[0] === won[0] ? w.a : w.b;
    const [buyerView] = (await admin(w.coord, w)).slots;
    expect(buyerView.bookedByOrganisation).toEqual({ id: winner.organisation.id });
    expect(
      await count('dialogue_slot WHERE procurement_id = $1 AND booked_by_organisation_id IS NOT NULL', [w.p.id]),
    ).toBe(1);
  });
});

// ---- closing ----

describe('when the competition starts', () => {
  it('the dialogue closes: no new questions, bookings, registrations, slots or notice changes (INVALID_STATE)', async () => {
    const w = await dialogue();
    const [s1, s2] = await openSlots(w, slotStart(5), 2);
    await w.a.client.ok(BOOK, { id: s1.id });
    const q = await ask(w.a, w, 'Før konkurransen');
    await toCompetition(w);

    const closed = async (res: Promise<{ code?: string }>) => expect((await res).code).toBe('INVALID_STATE');
    await closed(w.b.client.fails(ASK, { input: { procurementId: w.p.id, text: 'For sent' } }));
    await closed(w.b.client.fails(BOOK, { id: s2.id }));
    await closed(w.c.client.fails(REGISTER, { id: w.p.id }));
    await closed(w.coord.client.fails(PUBLISH, { input: publishInput(w) }));
    await closed(
      w.coord.client.fails(OPEN_SLOTS, {
        input: { procurementId: w.p.id, startsAt: slotStart(9), durationMinutes: 30, count: 1 },
      }),
    );
    expect((await w.a.client.ok(MD_NOTICE, { id: w.p.id })).marketDialogue).toMatchObject({
      open: false,
      phase: 'COMPETITION',
    });
    // What was published stays readable, and a pending question may still be answered to all.
    await answer(w, q.id, 'Svar etter åpning');
    expect((await md(w.b, w)).questions.map((x: { id: string }) => x.id)).toEqual([q.id]);
    // Registered suppliers stay registered (registering again is a no-op).
    expect((await register(w.a, w)).registerForDialogue.registered).toBe(true);
  });
});
