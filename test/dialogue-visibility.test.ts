import { randomUUID } from 'node:crypto';
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import type { Client } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { MembershipRole } from '../server/modules/groups/membership.entity.js';
import { OrganisationKind } from '../server/modules/organisations/organisation.entity.js';
import {
  admittedTender,
  ASSESS_TENDER,
  award,
  contractDocument,
  noStandstill,
  RECORD_CONTRACT,
  RECORD_TENDER,
  stage,
  UPDATE_CALL_OFF,
} from './support/contracts.js';
import { norwegianOrgNumber, type TestUser } from './support/factories.js';
import { driveTo } from './support/procurement.js';
import { day, head, hex as hexOf, inDays, wsUrl } from './support/helpers.js';
import {
  blankArgs,
  COST_BUDGET,
  leaks,
  type Marker,
  type MarkerKind,
  operations,
  prune,
  render,
  split,
  TOKEN_BUDGET,
  Walker,
} from './support/schema-walk.js';
import { kindsOf, outboxDrained, settled } from './support/notifications.js';
import { s, useServer } from './support/server.js';
import { collect, type Collected, wsClient } from './support/ws.js';

/*
 * "A supplier sees only the notice, the published documents, the published questions and answers,
 * its own questions and bookings, and the public channel" (issue 5). Proven by walking every field:
 * a rich scenario gives each buyer secret (and each other supplier's identity) a unique marker; then,
 * as supplier A, every root field of Query and Subscription and A's dialogue mutations are asked for
 * every field reachable from them (built from the schema's introspection, so a field added tomorrow
 * is walked too), and no answer may contain a marker.
 */

// ---- fixtures ----

/** Markers are longer than the usual suffixes: none may turn up by chance. */
const hex = () => hexOf(4);

interface Scenario {
  markers: Marker[];
  a: TestUser;
  /** The group's coordinator and supplier B, who carry on while A is subscribed. */
  coord: TestUser;
  b: TestUser;
  ids: {
    procurement: string;
    /** A procurement of the same group with tenders, an award and a contract. */
    contracted: string;
    group: string;
    needs: string[];
    decision: string;
    documents: { group: string; need: string; procurementGroup: string; published: string };
    threads: { buyers: string; public: string; general: string };
    organisations: { b: string; coordinator: string; member: string; observer: string };
    questions: { bPending: string; bAnswered: string };
    slots: { a: string; b: string; free: string };
  };
  /** Public texts A must see (so the walk is known to reach them). */
  visible: string[];
}

/**
 * Everything a buyer group and a second supplier do around one joint procurement, with a marker in
 * every secret. A is registered, has asked, and has booked.
 */
async function scenario(): Promise<Scenario> {
  const f = s.factories;
  const mk = (label: string) => `zq${label}${hex()}`;
  const markers: Marker[] = [];
  const secret = (name: string, value: string, kind: MarkerKind = 'secret') => {
    markers.push({ name, value, kind });
    return value;
  };

  const coordOrg = await f.organisation({ name: `Lederkommune ${hex()}` });
  const memberOrg = await f.organisation({ name: `Deltakerkommune ${hex()}` });
  const observerOrg = await f.organisation({
    name: secret('observer organisation name', mk('observerorg'), 'organisation'),
  });
  const coord = await f.user({ organisation: coordOrg, displayName: 'Kari Koordinator' });
  const member = await f.user({ organisation: memberOrg, displayName: secret('member user name', mk('memberuser')) });
  const bOrg = await f.organisation({
    kind: OrganisationKind.SUPPLIER,
    name: secret('supplier B organisation name', mk('supplierb'), 'organisation'),
  });
  secret('supplier B organisation number', bOrg.organisationNumber, 'organisation');
  secret('supplier B organisation id', bOrg.id, 'organisation');
  const b = await f.user({ organisation: bOrg, displayName: secret('supplier B user name', mk('buser')) });
  secret('supplier B user email', b.user.email);
  secret('supplier B user id', b.user.id);
  const a = await f.supplier({ name: `Leverandør A ${hex()}` });
  secret('coordinator email', coord.user.email);
  secret('coordinator user id', coord.user.id);
  secret('member email', member.user.email);
  secret('member user id', member.user.id);
  secret('coordinator organisation id', coordOrg.id, 'organisation');
  secret('member organisation id', memberOrg.id, 'organisation');
  secret('observer organisation id', observerOrg.id, 'organisation');

  const { createBuyerGroup: group } = await coord.client.ok(
    `mutation($input: CreateBuyerGroupInput!) { createBuyerGroup(input: $input) { id generalThread { id } } }`,
    {
      input: {
        name: secret('group name', mk('groupname')),
        description: secret('group description', mk('groupdesc')),
        focusArea: 'TRANSPORT',
        visibility: 'LISTED',
      },
    },
  );
  secret('group id', group.id);
  secret('general thread id', group.generalThread.id);
  await f.membership({ id: group.id } as never, memberOrg);
  await f.membership({ id: group.id } as never, observerOrg, MembershipRole.OBSERVER);

  const needInput = (title: string, label: string) => ({
    groupId: group.id,
    title,
    problem: secret(`${label} problem`, mk(`${label}problem`)),
    intendedEffects: secret(`${label} effects`, mk(`${label}effects`)),
    successCriteria: secret(`${label} criteria`, mk(`${label}criteria`)),
    cpvCodes: ['60130000'],
  });
  const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`;
  // The first need's title becomes the lot title, which the notice publishes.
  const need1 = (await coord.client.ok(CREATE_NEED, { input: needInput(`Skoleskyss ${hex()}`, 'need1') }))
    .createSharedNeed.id as string;
  const need2 = (
    await coord.client.ok(CREATE_NEED, {
      input: needInput(secret('unpublished need title', mk('need2title')), 'need2'),
    })
  ).createSharedNeed.id as string;
  secret('need ids', need1);
  secret('need ids', need2);
  const SET_INTEREST = `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`;
  await coord.client.ok(SET_INTEREST, {
    input: {
      needId: need1,
      annualValue: secret('coordinator stated value', '7777123.45'),
      currency: 'NOK',
      quantity: '31',
      unit: secret('interest unit', mk('unit')),
      comment: secret('coordinator interest comment', mk('interestcomment')),
    },
  });
  await member.client.ok(SET_INTEREST, {
    input: {
      needId: need1,
      annualValue: secret('member stated value', '5555987.65'),
      currency: 'NOK',
      comment: secret('member interest comment', mk('memberinterest')),
    },
  });
  await member.client.ok(SET_INTEREST, {
    input: {
      needId: need2,
      annualValue: '6543.21',
      currency: 'SEK',
      comment: secret('need 2 interest', mk('need2interest')),
    },
  });

  const { createJointProcurement: p } = await coord.client.ok(
    `mutation($input: CreateJointProcurementInput!) {
      createJointProcurement(input: $input) { id title lots { id } buyersThread { id } publicThread { id } }
    }`,
    {
      input: {
        groupId: group.id,
        needIds: [need1],
        title: `Felles skoleskyss ${hex()}`,
        description: secret('procurement description', mk('procdesc')),
        procedureType: 'NEG_W_CALL',
        contractType: 'SERVICES',
        leadOrganisationId: coordOrg.id,
      },
    },
  );
  secret('buyers thread id', p.buyersThread.id);
  await coord.client.ok(`mutation($input: SetLotValueInput!) { setLotValue(input: $input) { amount } }`, {
    input: {
      lotId: p.lots[0].id,
      amount: secret('member lot value', '4444321.09'),
      currency: 'NOK',
      organisationId: memberOrg.id,
    },
  });
  // 7777123.45 + 4444321.09: the estimated value.
  secret('estimated value', '12221444.54');
  await member.client.ok(`mutation($input: SignMandateInput!) { signMandate(input: $input) { id } }`, {
    input: {
      procurementId: p.id,
      decisionReference: secret('mandate decision reference', mk('mandateref')),
      decisionDate: day(-2),
    },
  });
  await coord.client.ok(`mutation($input: SetMilestoneInput!) { setProcurementMilestone(input: $input) { id } }`, {
    input: {
      procurementId: p.id,
      kind: 'OTHER',
      dueAt: inDays(20),
      title: secret('internal milestone', mk('milestone')),
    },
  });
  const { openDecision } = await coord.client.ok(
    `mutation($input: OpenDecisionInput!) { openDecision(input: $input) { id } }`,
    {
      input: {
        procurementId: p.id,
        title: secret('decision title', mk('decisiontitle')),
        description: secret('decision description', mk('decisiondesc')),
        quorum: 1,
        closesAt: inDays(5),
      },
    },
  );
  secret('decision id', openDecision.id);
  await member.client.ok(`mutation($input: CastVoteInput!) { castVote(input: $input) { id } }`, {
    input: { decisionId: openDecision.id, option: 1 },
  });

  const POST = `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`;
  const post = async (u: TestUser, threadId: string, body: string, mentionUserIds: string[] = []) =>
    (await u.client.ok(POST, { input: { threadId, body, idempotencyKey: randomUUID(), mentionUserIds } })).postMessage
      .id as string;
  await post(coord, p.buyersThread.id, secret('buyers channel message', mk('buyersmsg')), [member.user.id]);
  await post(member, p.buyersThread.id, secret('buyers channel reply', mk('buyersreply')));
  await post(member, group.generalThread.id, secret('group thread message', mk('generalmsg')));

  const CREATE_DOC = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }`;
  const doc = async (input: Record<string, unknown>) =>
    (await coord.client.ok(CREATE_DOC, { input: { groupId: group.id, kind: 'OTHER', language: 'nb', ...input } }))
      .createDocument.id as string;
  const groupDoc = await doc({
    title: secret('group document title', mk('groupdoctitle')),
    text: secret('group document text', mk('groupdoc')),
  });
  const needDoc = await doc({
    needId: need1,
    title: secret('need document title', mk('needdoctitle')),
    text: secret('need document text', mk('needdoc')),
  });
  const procGroupDoc = await doc({
    procurementId: p.id,
    title: secret('unpublished procurement document title', mk('procdoctitle')),
    text: secret('unpublished procurement document text', mk('procdoc')),
  });
  secret('unpublished document ids', groupDoc);
  secret('unpublished document ids', needDoc);
  secret('unpublished document ids', procGroupDoc);
  const published = await doc({
    procurementId: p.id,
    title: 'Behovsbeskrivelse',
    text: 'Offentlig tekst om skyss',
    kind: 'NEED_DESCRIPTION',
  });
  await coord.client.ok(`mutation($id: ID!) { updateDocument(id: $id, input: { visibility: PUBLISHED }) { id } }`, {
    id: published,
  });
  await coord.client.ok(`mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`, {
    input: {
      documentId: published,
      baseVersion: 1,
      text: secret('later unpublished version text', mk('draftv2')),
      changeNote: secret('later version change note', mk('changenote')),
    },
  });

  await coord.client.ok(
    `mutation($input: PublishDialogueNoticeInput!) { publishDialogueNotice(input: $input) { id } }`,
    {
      input: {
        procurementId: p.id,
        notice: 'Vi inviterer til markedsdialog.',
        questionDeadline: inDays(10),
        maxBookingsPerSupplier: 2,
      },
    },
  );
  const REGISTER = `mutation($id: ID!) { registerForDialogue(procurementId: $id) { id } }`;
  await a.client.ok(REGISTER, { id: p.id });
  await b.client.ok(REGISTER, { id: p.id });
  const ASK = `mutation($input: AskQuestionInput!) { askDialogueQuestion(input: $input) { id } }`;
  const ask = async (u: TestUser, text: string) =>
    (await u.client.ok(ASK, { input: { procurementId: p.id, text } })).askDialogueQuestion.id as string;
  const aQuestion = await ask(a, 'Spørsmål fra A om rutene');
  const bPending = await ask(b, secret('supplier B pending question', mk('bpending')));
  secret('supplier B pending question id', bPending);
  const bAnswered = await ask(b, secret('supplier B original question', mk('boriginal')));
  const ANSWER = `mutation($input: AnswerQuestionInput!) { answerDialogueQuestion(input: $input) { id } }`;
  await coord.client.ok(ANSWER, {
    input: {
      questionId: bAnswered,
      answer: 'Svar til alle leverandører',
      publishedQuestion: 'Hvordan er rutene lagt opp?',
    },
  });
  await coord.client.ok(ANSWER, { input: { questionId: aQuestion, answer: 'Rutene er som i dag' } });

  const { openDialogueSlots: slots } = await coord.client.ok(
    `mutation($input: OpenSlotsInput!) { openDialogueSlots(input: $input) { id } }`,
    { input: { procurementId: p.id, startsAt: inDays(7), durationMinutes: 45, count: 3, location: 'Teams' } },
  );
  const BOOK = `mutation($id: ID!) { bookDialogueSlot(slotId: $id) { id } }`;
  await a.client.ok(BOOK, { id: slots[0].id });
  await b.client.ok(BOOK, { id: slots[1].id });

  const welcome = await post(coord, p.publicThread.id, 'Velkommen til dialogen', [member.user.id]);
  await member.client.ok(`mutation($input: SetReactionInput!) { setReaction(input: $input) { id } }`, {
    input: { messageId: welcome, emoji: '👍', reacted: true },
  });

  // A second procurement of the group taken to its contract: who tendered, at what price, why a
  // tender was rejected, the award and the contract are the buyers' alone (issue 12).
  const buyers = { s, groupId: group.id, coord, a: member, needs: [] };
  const { createJointProcurement: contracted } = await coord.client.ok(
    `mutation($input: CreateJointProcurementInput!) { createJointProcurement(input: $input) { id } }`,
    {
      input: {
        groupId: group.id,
        needIds: [need1],
        title: `Skoleskyss, kontrakt ${hex()}`,
        description: 'Skoleskyss for kommunene, felles kontrakt.',
        procedureType: 'OPEN',
        contractType: 'SERVICES',
        leadOrganisationId: coordOrg.id,
      },
    },
  );
  // A takes part in its market dialogue too, so A's walk reaches as much of it as A may see.
  await driveTo(buyers, contracted.id, 'PREPARATION');
  await a.client.ok(`mutation($id: ID!) { registerForDialogue(procurementId: $id) { id } }`, { id: contracted.id });
  await driveTo(buyers, contracted.id, 'COMPETITION');
  const [lot] = (await stage(coord, contracted.id)).lots;
  const bTender = await admittedTender(buyers, lot.id, bOrg.id, secret('supplier B tender price', '8888456.78'));
  secret('tender id', bTender.id);
  const { recordTender: late } = await coord.client.ok(RECORD_TENDER, {
    input: {
      lotId: lot.id,
      supplier: {
        name: secret('unregistered tenderer name', mk('tenderer'), 'organisation'),
        country: 'NO',
        organisationNumber: secret('unregistered tenderer number', norwegianOrgNumber(), 'organisation'),
      },
      receivedAt: inDays(-1),
      amount: secret('rejected tender price', '6666111.22'),
      currency: 'NOK',
    },
  });
  await coord.client.ok(ASSESS_TENDER, {
    input: { tenderId: late.id, status: 'REJECTED', reason: secret('rejection reason', mk('rejection')) },
  });
  const awarded = await award(buyers, contracted.id, lot.id, [bOrg.id]);
  secret('award decision id', awarded.id);
  const contractDoc = await contractDocument(buyers, contracted.id);
  const { recordContract } = await coord.client.ok(RECORD_CONTRACT, {
    input: {
      awardId: (await stage(coord, contracted.id)).lots[0].award!.id,
      supplierId: bOrg.id,
      reference: secret('contract reference', mk('contractref')),
      amount: secret('contract value', '9999345.67'),
      currency: 'NOK',
      startDate: day(30),
      durationMonths: 48,
      signedOn: day(0),
      documentId: contractDoc.id,
    },
  });
  secret('contract id', recordContract.id);
  await member.client.ok(UPDATE_CALL_OFF, {
    input: { contractId: recordContract.id, status: 'ACTIVE', note: secret('call-off note', mk('calloffnote')) },
  });

  return {
    markers,
    a,
    coord,
    b,
    ids: {
      procurement: p.id,
      contracted: contracted.id,
      group: group.id,
      needs: [need1, need2],
      decision: openDecision.id,
      documents: { group: groupDoc, need: needDoc, procurementGroup: procGroupDoc, published },
      threads: { buyers: p.buyersThread.id, public: p.publicThread.id, general: group.generalThread.id },
      organisations: { b: bOrg.id, coordinator: coordOrg.id, member: memberOrg.id, observer: observerOrg.id },
      questions: { bPending, bAnswered },
      slots: { a: slots[0].id, b: slots[1].id, free: slots[2].id },
    },
    visible: [
      'Vi inviterer til markedsdialog.',
      'Offentlig tekst om skyss',
      'Hvordan er rutene lagt opp?',
      'Svar til alle leverandører',
      'Spørsmål fra A om rutene',
      'Velkommen til dialogen',
      slots[0].id,
      slots[1].id,
    ],
  };
}

// ---- what A may call ----

interface Variant {
  args?: Record<string, unknown>;
  /** Marker kinds that are public at this root (the organisation directory is a public registry). */
  allow?: MarkerKind[];
}

/** Every Query root field, with the arguments A tries: known ids of everything in the scenario. */
function queryRoots(x: Scenario): Record<string, Variant[]> {
  const ids = x.ids;
  const texts = x.markers.filter((m) => m.kind === 'secret' && m.value.startsWith('zq')).map((m) => m.value);
  const directory: MarkerKind[] = ['organisation'];
  return {
    buyerGroup: [{ args: { id: ids.group } }],
    buyerGroups: [
      { args: { first: 20 } },
      { args: { first: 20, scope: 'LISTED' } },
      { args: { first: 20, scope: 'MINE' } },
      { args: { first: 20, search: 'zq' } },
    ],
    cpvCode: [{ args: { code: '60130000' } }],
    cpvCodes: [{ args: { first: 5, search: '6013' } }],
    decision: [{ args: { id: ids.decision } }],
    document: Object.values(ids.documents).map((id) => ({ args: { id } })),
    documentDiff: [{ args: { documentId: ids.documents.published, from: 1, to: 2 } }],
    // Merging is for the group's writers: refused for A, whatever text it sends.
    documentMerge: [{ args: { documentId: ids.documents.published, baseVersion: 1, text: 'Ny tekst' } }],
    jointProcurement: [{ args: { id: ids.procurement } }, { args: { id: ids.contracted } }],
    // Reference data (the legal bases for exempting records, per country): nothing of anyone's.
    legalBases: [{}, { args: { country: 'NO' } }, { args: { country: 'SE' } }],
    // The scenario's own dialogue last: the walk checks that its responses show what A may see.
    marketDialogue: [{ args: { procurementId: ids.contracted } }, { args: { procurementId: ids.procurement } }],
    myCallOffRights: [{}],
    marketDialogues: [{ args: { first: 100 } }, { args: { first: 100, search: 'zq' } }],
    notificationPreferences: [{}],
    // A's own notices of the dialogue (answers, documents published): walked with every field they lead to.
    notifications: [{ args: { first: 100 } }],
    notificationSettings: [{}],
    // Refused for A (not an admin) in every organisation, its own included.
    organisationActivity: Object.values(ids.organisations).map((id) => ({ args: { id } })),
    organisation: Object.values(ids.organisations).map((id) => ({ args: { id }, allow: directory })),
    organisations: [
      { args: { first: 100 }, allow: directory },
      { args: { first: 100, search: 'zq' }, allow: directory },
    ],
    // The viewer's organisation's own tasks; the widest window takes in the scenario's milestones.
    procurementTasks: [{ args: { days: 366 } }],
    // Refused: a supplier keeps no journal here (only authorities do).
    recordJournal: [{ args: { from: '2000-01-01', to: '2100-12-31', first: 20 } }],
    search: [
      // Small pages: a hit reaches groups, needs, documents and threads, so the walk is wide.
      ...texts.map((text) => ({ args: { text, first: 5, allVersions: true } })),
      { args: { text: '7777123.45', first: 5, allVersions: true } },
      { args: { text: 'Skoleskyss', first: 5, allVersions: true } },
    ],
    sharedNeed: ids.needs.map((id) => ({ args: { id } })),
    thread: Object.values(ids.threads).map((id) => ({ args: { id } })),
    // Reference data (the IANA zone names): nothing of anyone's.
    timeZones: [{}],
    unreadNotificationCount: [{}],
    users: [
      { args: { first: 100 } },
      ...[ids.organisations.b, ids.organisations.coordinator].map((organisationId) => ({
        args: { first: 100, organisationId },
      })),
    ],
    signInProviders: [{}],
    viewer: [{}],
    // A's own private feed (its URL is not shown again; the feed itself is checked below).
    viewerCalendarFeed: [{}],
    viewerIdentities: [{}],
    viewerSessions: [{}],
  };
}

/** Query root fields deliberately not walked, with why. A new root field must be added above or here. */
const SKIPPED_QUERY_ROOTS: Record<string, string> = {};

/** Every Subscription root field: `open` ones A may follow, `refused` ones must end with an error. */
function subscriptionRoots(
  x: Scenario,
  after: string,
): Record<string, { args: Record<string, unknown>; open: boolean }[]> {
  const ids = x.ids;
  return {
    dialogueEvents: [{ args: { procurementId: ids.procurement, after }, open: true }],
    documentPresence: [{ args: { documentId: ids.documents.published }, open: false }],
    groupEvents: [{ args: { groupId: ids.group, after }, open: false }],
    notificationAdded: [{ args: { after }, open: true }],
    procurementEvents: [{ args: { procurementId: ids.procurement, after }, open: false }],
    threadEvents: Object.values(ids.threads).map((threadId) => ({ args: { threadId, after }, open: false })),
    typing: Object.values(ids.threads).map((threadId) => ({ args: { threadId }, open: false })),
    viewerEvents: [{ args: { after }, open: true }],
  };
}

// ---- the test ----

/** Adds a marker to the scenario after the fact. */
const secret = (sc: Scenario, name: string, prefix: string) => {
  const value = `${prefix}${hex()}`;
  sc.markers.push({ name, value, kind: 'secret' });
  return value;
};

let schema: GraphQLSchema;
let x: Scenario;
let walker: Walker;

useServer(noStandstill(), async (s) => {
  const { data } = await s.anon.request<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(data!);
  walker = new Walker(schema);
});

/**
 * Runs everything under one root variant as A, again without each refused nested field until
 * nothing more is refused; returns the leaks found in every answer. A mutation's `prepare` runs
 * before each execution (a split or pruned walk runs it more than once) and gives its arguments.
 */
async function walkQuery(
  kind: 'query' | 'mutation',
  field: string,
  v: Variant,
  prepare?: () => Promise<Record<string, unknown>>,
): Promise<{ leaks: string[]; responses: unknown[] }> {
  const markers = x.markers.filter((m) => !(v.allow ?? []).includes(m.kind));
  const found: string[] = [];
  const responses: unknown[] = [];
  const sel = walker.root(kind, field, v.args ?? {});
  for (let round = 0; round < 30; round++) {
    const refused: (readonly (string | number)[])[] = [];
    for (const piece of split(sel, TOKEN_BUDGET, COST_BUDGET)) {
      const args = prepare ? await prepare() : (v.args ?? {});
      const op = `${kind} { ${render({ ...piece, text: walker.root(kind, field, args).text })} }`;
      const res = await x.a.client.request(op);
      expect(res.status, `${field} ${JSON.stringify(args)}: ${JSON.stringify(res.errors)}`).toBeLessThan(500);
      // The walk must run: no operation refused before execution (too deep, too complex, unknown field).
      const invalid = (res.errors ?? []).filter((e) =>
        ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'INTERNAL_SERVER_ERROR'].includes(
          String(e.extensions?.code),
        ),
      );
      expect(invalid, `${kind} ${field}: ${op.slice(0, 300)}`).toEqual([]);
      const where = `${kind} ${field}(${JSON.stringify(args)})`;
      leaks(res.data, markers, `${where} data`, found);
      leaks(blankArgs(res.errors, args), markers, `${where} errors`, found);
      responses.push({ data: res.data, errors: res.errors });
      for (const e of res.errors ?? []) if (e.path) refused.push(e.path);
    }
    if (!refused.map((path) => prune(sel, path)).some(Boolean)) break;
  }
  return { leaks: found, responses };
}

/**
 * Replays a subscription from `args.after` (everything has happened by now, so `expected` results
 * arrive), again without each refused nested field; returns the leaks found.
 */
async function walkReplay(field: string, args: Record<string, unknown>, expected: number): Promise<string[]> {
  const found: string[] = [];
  const sel = walker.root('subscription', field, args);
  for (let round = 0; round < 30; round++) {
    const client = wsClient(wsUrl(s), x.a.token);
    const refused: (readonly (string | number)[])[] = [];
    try {
      for (const op of operations('subscription', sel)) {
        const sub = collect(client, op);
        await sub.until(() => sub.results.length >= expected || sub.completed);
        expect(sub.fatal, `${field}: ${JSON.stringify(sub.fatal)}`).toEqual([]);
        const results = sub.results.map((r) => ({ data: r.data, errors: blankArgs(r.errors, args) }));
        leaks(results, x.markers, `subscription ${field} (replayed, round ${round + 1}) results`, found);
        for (const r of sub.results)
          for (const e of (r.errors ?? []) as { path?: string[] }[]) if (e.path) refused.push(e.path);
      }
    } finally {
      await client.dispose();
    }
    if (!refused.map((path) => prune(sel, path)).some(Boolean)) break;
  }
  return found;
}

describe('what a supplier can reach', () => {
  it(
    'walks every field of every root as supplier A (queries, subscriptions, A’s mutations): no buyer secret and no other supplier appears',
    { timeout: 300_000 },
    async () => {
      const start = await head(s);
      x = await scenario();
      const allLeaks: string[] = [];

      // ---- subscriptions, open while the rest of the dialogue happens ----
      const subRoots = subscriptionRoots(x, start);
      expect(Object.keys(subRoots).sort(), 'a new Subscription root field needs a decision here').toEqual(
        Object.keys(schema.getSubscriptionType()!.getFields()).sort(),
      );
      const url = wsUrl(s);
      const clients: Client[] = [];
      const subs: { field: string; args: Record<string, unknown>; open: boolean; sub: Collected }[] = [];
      // One connection per few operations: the walk may split a root into many.
      const clientFor = () => {
        const c = wsClient(url, x.a.token);
        clients.push(c);
        return c;
      };
      try {
        for (const [field, variants] of Object.entries(subRoots)) {
          for (const v of variants) {
            const client = clientFor();
            for (const op of operations('subscription', walker.root('subscription', field, v.args))) {
              subs.push({ field, args: v.args, open: v.open, sub: collect(client, op) });
            }
          }
        }
        // A plain follower of the dialogue, to know when everything has arrived.
        const plain = collect(
          clientFor(),
          `subscription { dialogueEvents(procurementId: "${x.ids.procurement}", after: "${start}") { id type payload } }`,
        );

        // More happens live: B moves its meeting, an answer is revised, a document is published.
        await x.b.client.ok(`mutation($id: ID!) { cancelDialogueBooking(slotId: $id) { id } }`, { id: x.ids.slots.b });
        await x.b.client.ok(`mutation($id: ID!) { bookDialogueSlot(slotId: $id) { id } }`, { id: x.ids.slots.b });
        const coordinator = x.coord;
        await coordinator.client.ok(
          `mutation($input: AnswerQuestionInput!) { editDialogueAnswer(input: $input) { id } }`,
          {
            input: { questionId: x.ids.questions.bAnswered, answer: 'Revidert svar til alle' },
          },
        );
        const { createDocument: extra } = await coordinator.client.ok(
          `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }`,
          {
            input: {
              groupId: x.ids.group,
              procurementId: x.ids.procurement,
              title: 'Tillegg',
              kind: 'OTHER',
              language: 'nb',
              text: 'Tillegg til kunngjøringen',
            },
          },
        );
        await coordinator.client.ok(
          `mutation($id: ID!) { updateDocument(id: $id, input: { visibility: PUBLISHED }) { id } }`,
          {
            id: extra.id,
          },
        );
        // Saved after publishing: stays with the buyers.
        await coordinator.client.ok(
          `mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`,
          {
            input: {
              documentId: extra.id,
              baseVersion: 1,
              text: secret(x, 'later version of a live-published document', 'zqlivedraft'),
            },
          },
        );
        const { postMessage: last } = await coordinator.client.ok(
          `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
          { input: { threadId: x.ids.threads.public, body: 'Siste melding', idempotencyKey: randomUUID() } },
        );
        x.visible.push('Tillegg til kunngjøringen');
        await plain.until(() => plain.results.some((r: any) => r.data?.dialogueEvents?.payload?.messageId === last.id));
        const expected = plain.results.length;
        expect(
          plain.results.map((r: any) => r.data.dialogueEvents.type),
          'the walk saw the dialogue’s public events',
        ).toEqual(
          expect.arrayContaining([
            'question.answered',
            'answer.revised',
            'document.visibility_changed',
            'slot.booked',
            'message.posted',
          ]),
        );

        for (const { field, args, open, sub } of subs) {
          if (open && field === 'dialogueEvents') {
            await sub.until(() => sub.results.length >= expected || sub.completed);
            expect(sub.fatal, `dialogueEvents: ${JSON.stringify(sub.fatal)}`).toEqual([]);
            expect(sub.results).toHaveLength(expected);
          } else if (!open) {
            await sub.until(() => sub.completed).catch(() => undefined);
            expect(sub.completed, `${field} ${JSON.stringify(args)} must be refused`).toBe(true);
            expect(
              sub.results.filter((r) => r.data),
              `${field} ${JSON.stringify(args)} delivered data`,
            ).toEqual([]);
          }
          const where = `subscription ${field}(${JSON.stringify(args)})`;
          const results = sub.results.map((r) => ({ data: r.data, errors: blankArgs(r.errors, args) }));
          leaks(results, x.markers, `${where} results`, allLeaks);
          leaks(blankArgs(sub.fatal, args), x.markers, `${where} errors`, allLeaks);
        }
        // Replayed again, without each refused nested field (which nulls its parent and hides its siblings).
        allLeaks.push(
          ...(await walkReplay('dialogueEvents', { procurementId: x.ids.procurement, after: start }, expected)),
        );
      } finally {
        for (const c of clients) await c.dispose();
      }

      // ---- A's notices and e-mails ----
      // Everything A was told is in A's inbox before the walk reads it, and in A's mailbox.
      await settled(s);
      await outboxDrained(s);
      expect(await kindsOf(x.a), 'the walk reaches A’s notices').toEqual(
        expect.arrayContaining(['ANSWER_PUBLISHED', 'DOCUMENT_PUBLISHED']),
      );
      const mails = s.mail.to(x.a.user.email);
      expect(mails.length, 'A was e-mailed its notices').toBeGreaterThan(0);
      leaks(
        mails.map((m) => ({ subject: m.subject, text: m.text, html: m.html })),
        x.markers,
        'e-mail to A',
        allLeaks,
      );

      // ---- queries ----
      const roots = queryRoots(x);
      expect(
        [...Object.keys(roots), ...Object.keys(SKIPPED_QUERY_ROOTS)].sort(),
        'a new Query root field needs a decision here',
      ).toEqual(Object.keys(schema.getQueryType()!.getFields()).sort());
      let dialogueSeen: unknown[] = [];
      for (const [field, variants] of Object.entries(roots)) {
        for (const v of variants) {
          const { leaks: found, responses } = await walkQuery('query', field, v);
          allLeaks.push(...found);
          if (field === 'marketDialogue') dialogueSeen = responses;
        }
      }
      // The walk reaches what A may see (so a missing marker means hidden, not unasked).
      const seen = JSON.stringify(dialogueSeen);
      for (const text of x.visible) expect(seen, `marketDialogue walk shows ${text}`).toContain(text);

      // ---- A's own dialogue mutations ----
      const ids = x.ids;
      const BOOK = `mutation($id: ID!) { bookDialogueSlot(slotId: $id) { id } }`;
      const CANCEL = `mutation($id: ID!) { cancelDialogueBooking(slotId: $id) { id } }`;
      const askOwn = async () =>
        (
          await x.a.client.ok(`mutation($input: AskQuestionInput!) { askDialogueQuestion(input: $input) { id } }`, {
            input: { procurementId: ids.procurement, text: 'Et spørsmål A trekker' },
          })
        ).askDialogueQuestion.id as string;
      /** Each with what must hold before each run, giving the arguments. */
      const mutations: [string, () => Promise<Record<string, unknown>>][] = [
        ['registerForDialogue', async () => ({ procurementId: ids.procurement })],
        [
          'askDialogueQuestion',
          async () => ({ input: { procurementId: ids.procurement, text: 'Et nytt spørsmål fra A' } }),
        ],
        [
          'bookDialogueSlot',
          async () => {
            await x.a.client.ok(CANCEL, { id: ids.slots.free }).catch(() => undefined);
            return { slotId: ids.slots.free };
          },
        ],
        [
          'cancelDialogueBooking',
          async () => {
            await x.a.client.ok(BOOK, { id: ids.slots.free });
            return { slotId: ids.slots.free };
          },
        ],
        ['withdrawDialogueQuestion', async () => ({ questionId: await askOwn() })],
        // Refused: another supplier's booking and question.
        ['bookDialogueSlot', async () => ({ slotId: ids.slots.b })],
        ['cancelDialogueBooking', async () => ({ slotId: ids.slots.b })],
        ['withdrawDialogueQuestion', async () => ({ questionId: ids.questions.bPending })],
      ];
      for (const [field, prepare] of mutations) {
        const { leaks: found } = await walkQuery('mutation', field, {}, prepare);
        allLeaks.push(...found);
      }

      // ---- A's calendar feed and the mails A received (issue 13) ----
      // Folded iCalendar lines are unfolded first, so a marker split across two lines is still found.
      const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, '');
      const { createCalendarFeed } = await x.a.client.ok(`mutation { createCalendarFeed { url } }`);
      const feed = unfold(await (await fetch(createCalendarFeed.url)).text());
      expect(feed, 'A’s feed has A’s own meeting').toContain(`meeting-${ids.slots.a}-`);
      leaks(feed, x.markers, 'A’s calendar feed', allLeaks);
      await s.mail.waitFor((m) => m.to.includes(x.a.user.email) && m.attachments.some((p) => p.params.method));
      const mailsWithParts = s.mail.to(x.a.user.email).map((m) => ({
        subject: m.subject,
        text: m.text,
        html: m.html,
        parts: m.attachments.map((p) => unfold(p.content)),
      }));
      leaks(mailsWithParts, x.markers, 'mails to A, with their calendar parts', allLeaks);

      expect(walker.skipped.size === 0 ? [] : [...walker.skipped], 'nested fields the walk could not ask').toEqual([]);
      expect(allLeaks, `markers leaked to supplier A:\n${allLeaks.join('\n')}`).toEqual([]);
    },
  );
});
