import { randomBytes } from 'node:crypto';
import type { Organisation } from '../../server/modules/organisations/organisation.entity.js';
import { OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './factories.js';
import type { TestServer } from './server.js';

/**
 * Joint procurement setup shared by the procurement test files: a buyer group, suppliers, and
 * `driveTo`, which walks a procurement through the phase gates with the API only.
 */

export const hex = () => randomBytes(3).toString('hex');
/** A calendar date `days` from today (UTC, as the server compares dates). */
export const day = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** An instant `days` from now, as an ISO string. */
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export const PHASES = [
  'ANCHORING',
  'NEED_ASSESSMENT',
  'MARKET_DIALOGUE',
  'PREPARATION',
  'COMPETITION',
  'CONTRACT_FOLLOW_UP',
  'BENEFITS_REALISATION',
  'CLOSED',
] as const;
export type Phase = (typeof PHASES)[number];

export const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id title cpvCodes } }`;
export const SET_INTEREST = `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`;
export const CREATE_PROCUREMENT = `mutation($input: CreateJointProcurementInput!) {
  createJointProcurement(input: $input) { id phase lots { id number cpvCodes } participants { organisation { id } } }
}`;
export const PHASE_Q = `query($id: ID!) { jointProcurement(id: $id) { id phase checklist { key done } } }`;
export const ADVANCE = `mutation($input: AdvancePhaseInput!) { advanceProcurementPhase(input: $input) { id phase } }`;
export const CREATE_DOC = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id title kind } }`;
export const UPDATE_DOC = `mutation($id: ID!, $input: UpdateDocumentInput!) {
  updateDocument(id: $id, input: $input) { id visibility }
}`;
export const PUBLISH_NOTICE = `mutation($input: PublishDialogueNoticeInput!) { publishDialogueNotice(input: $input) { id } }`;
export const SIGN = `mutation($input: SignMandateInput!) { signMandate(input: $input) { id mandate { status } } }`;
export const WITHDRAW = `mutation($input: WithdrawMandateInput!) { withdrawMandate(input: $input) { id mandate { status } } }`;
export const SET_MILESTONE = `mutation($input: SetMilestoneInput!) { setProcurementMilestone(input: $input) { id kind dueAt } }`;
export const DECISION = `id title options quorum closesAt gate status outcome winningOption winningOptionLabel approved closedAt
  counts { option votes } votes { option organisation { id } votedBy { id } } viewerVote`;
export const OPEN_DECISION = `mutation($input: OpenDecisionInput!) { openDecision(input: $input) { ${DECISION} } }`;
export const CAST_VOTE = `mutation($input: CastVoteInput!) { castVote(input: $input) { ${DECISION} } }`;
export const CLOSE_DECISION = `mutation($id: ID!) { closeDecision(id: $id) { ${DECISION} } }`;
export const ADD_INDICATOR = `mutation($input: AddIndicatorInput!) { addBenefitIndicator(input: $input) { id name } }`;
export const RECORD = `mutation($input: RecordMeasurementInput!) {
  recordBenefitMeasurement(input: $input) { id kind value measuredOn note organisation { id } }
}`;
export const REGISTER = `mutation($id: ID!) { registerForDialogue(procurementId: $id) { id registered } }`;
export const ASK = `mutation($input: AskQuestionInput!) { askDialogueQuestion(input: $input) { id number status } }`;
export const ANSWER = `mutation($input: AnswerQuestionInput!) {
  answerDialogueQuestion(input: $input) { id number status answer publishedQuestion }
}`;
export const PROCUREMENT_EVENTS = `subscription($procurementId: ID!, $after: ID) {
  procurementEvents(procurementId: $procurementId, after: $after) { id type scopeId payload actor { id } }
}`;
export const DIALOGUE_EVENTS = `subscription($procurementId: ID!, $after: ID) {
  dialogueEvents(procurementId: $procurementId, after: $after) { id type groupId scopeType scopeId payload }
}`;

/** Two shared needs (the first with two CPV codes) and what each member states for them, in NOK. */
export const NEEDS = [
  {
    title: 'Skoleskyss',
    problem: 'Elever i spredtbygde strøk trenger trygg skyss.',
    cpvCodes: ['60130000', '34121000'],
  },
  { title: 'Sanntid for foreldre', problem: 'Foreldre vet ikke når skyssen kommer.', cpvCodes: ['48000000'] },
] as const;
export const STATED = { a: ['1000.50', '500'], b: ['2000', '700.25'] } as const;

export interface Buyers {
  s: TestServer;
  groupId: string;
  /** A user of the coordinating authority (the lead authority of the procurements made here). */
  coord: TestUser;
  /** Users of two member authorities, each with interests in both needs. */
  a: TestUser;
  b: TestUser;
  needs: { id: string; title: string; cpvCodes: string[] }[];
}

/**
 * A fresh buyer group: the coordinator, members a and b, two shared needs and the members'
 * interests in them (STATED). Organisations and memberships are factory rows; the rest is the API.
 */
export async function buyers(
  s: TestServer,
  o: { coordOrg?: Partial<Organisation>; coordName?: string } = {},
): Promise<Buyers> {
  const f = s.factories;
  const [coord, a, b] = await Promise.all([
    f.user({ organisation: await f.organisation(o.coordOrg ?? {}), displayName: o.coordName }),
    f.user(),
    f.user(),
  ]);
  const group = await f.group(coord.organisation, {}, [
    { organisation: a.organisation },
    { organisation: b.organisation },
  ]);
  const needs = [];
  for (const n of NEEDS) {
    const { createSharedNeed } = await coord.client.ok(CREATE_NEED, {
      input: { groupId: group.id, title: `${n.title} ${hex()}`, problem: n.problem, cpvCodes: n.cpvCodes },
    });
    needs.push(createSharedNeed);
  }
  for (const [who, user] of [
    ['a', a],
    ['b', b],
  ] as const) {
    for (const [i, need] of needs.entries()) {
      await user.client.ok(SET_INTEREST, { input: { needId: need.id, annualValue: STATED[who][i], currency: 'NOK' } });
    }
  }
  return { s, groupId: group.id, coord, a, b, needs };
}

/** A user of a new supplier organisation. */
export async function supplier(s: TestServer, name = `Leverandør ${hex()} AS`): Promise<TestUser> {
  const organisation = await s.factories.organisation({
    kind: OrganisationKind.SUPPLIER,
    municipalityCode: null,
    name,
    emailDomains: [`${hex()}.example.no`],
  });
  return s.factories.user({ organisation });
}

export interface Created {
  id: string;
  phase: string;
  lots: { id: string; number: number; cpvCodes: string[] }[];
  participants: { organisation: { id: string } }[];
}

/** The coordinator brokers a procurement from both needs (lead: the coordinator's authority). */
export async function createProcurement(b: Buyers, overrides: Record<string, unknown> = {}): Promise<Created> {
  const { createJointProcurement } = await b.coord.client.ok(CREATE_PROCUREMENT, {
    input: {
      groupId: b.groupId,
      needIds: b.needs.map((n) => n.id),
      title: `Felles skyss ${hex()}`,
      description: 'Skoleskyss og sanntidsinformasjon for kommunene i gruppen.',
      procedureType: 'NEG_W_CALL',
      contractType: 'SERVICES',
      leadOrganisationId: b.coord.organisation.id,
      ...overrides,
    },
  });
  return createJointProcurement;
}

/** A procurement document with one text version; PUBLISHED to suppliers when asked. */
export async function addDocument(
  b: Buyers,
  procurementId: string,
  kind: string,
  o: { publish?: boolean; title?: string; text?: string; by?: TestUser } = {},
): Promise<{ id: string; title: string }> {
  const by = o.by ?? b.coord;
  const { createDocument } = await by.client.ok(CREATE_DOC, {
    input: {
      groupId: b.groupId,
      procurementId,
      kind,
      language: 'nb',
      title: o.title ?? `${kind} ${hex()}`,
      text: o.text ?? `# ${kind}\n\nInnhold.`,
    },
  });
  if (o.publish) await b.coord.client.ok(UPDATE_DOC, { id: createDocument.id, input: { visibility: 'PUBLISHED' } });
  return createDocument;
}

export const publishNotice = (b: Buyers, procurementId: string, questionDeadline = inDays(14)) =>
  b.coord.client.ok(PUBLISH_NOTICE, {
    input: { procurementId, notice: 'Vi vil høre fra markedet om skoleskyss.', questionDeadline },
  });

export const signMandate = (by: TestUser, procurementId: string) =>
  by.client.ok(SIGN, { input: { procurementId, decisionReference: `KS-${hex()}`, decisionDate: day(0) } });

/** A decision approving `gate`: coordinator and member a vote for option 0, then it is closed now. */
export async function approveGate(b: Buyers, procurementId: string, gate: Phase | null, title = 'Godkjenne') {
  const { openDecision } = await b.coord.client.ok(OPEN_DECISION, {
    input: { procurementId, title, quorum: 2, closesAt: inDays(1), gate },
  });
  await b.coord.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  await b.a.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  const { closeDecision } = await b.coord.client.ok(CLOSE_DECISION, { id: openDecision.id });
  if (!closeDecision.approved) throw new Error(`decision not approved: ${JSON.stringify(closeDecision)}`);
  return closeDecision;
}

const BENEFITS = `query($id: ID!) { jointProcurement(id: $id) { id benefits { id measurements { kind } } } }`;

/** Records `kind` for member a on every indicator that lacks one (adding an indicator if there is none). */
async function measureAll(b: Buyers, procurementId: string, kind: 'BASELINE' | 'FOLLOW_UP', value: string) {
  let { jointProcurement } = await b.coord.client.ok(BENEFITS, { id: procurementId });
  if (!jointProcurement.benefits.length) {
    await b.coord.client.ok(ADD_INDICATOR, {
      input: { procurementId, name: 'Reisetid', unit: 'minutter', direction: 'LOWER_IS_BETTER' },
    });
    ({ jointProcurement } = await b.coord.client.ok(BENEFITS, { id: procurementId }));
  }
  for (const i of jointProcurement.benefits as { id: string; measurements: { kind: string }[] }[]) {
    if (i.measurements.some((m) => m.kind === kind)) continue;
    await b.a.client.ok(RECORD, { input: { indicatorId: i.id, kind, value, measuredOn: day(0) } });
  }
}

/** What `driveTo` does for each checklist item that is missing. */
const SUPPLY: Record<string, (b: Buyers, id: string) => Promise<unknown>> = {
  NEED_DESCRIPTION: (b, id) => addDocument(b, id, 'NEED_DESCRIPTION'),
  DIALOGUE_NOTICE: (b, id) => publishNotice(b, id),
  MARKET_DIALOGUE_SUMMARY: (b, id) => addDocument(b, id, 'MARKET_DIALOGUE_SUMMARY'),
  REQUIREMENT_SPECIFICATION: (b, id) => addDocument(b, id, 'REQUIREMENT_SPECIFICATION'),
  SIGNED_MANDATE: (b, id) => signMandate(b.a, id),
  SPECIFICATION_APPROVED: (b, id) => approveGate(b, id, 'COMPETITION', 'Godkjenne kravspesifikasjonen'),
  TENDER_DEADLINE: (b, id) =>
    b.coord.client.ok(SET_MILESTONE, { input: { procurementId: id, kind: 'TENDER_DEADLINE', dueAt: inDays(30) } }),
  AWARD_DECISION: (b, id) => approveGate(b, id, 'CONTRACT_FOLLOW_UP', 'Tildeling'),
  CONTRACT: (b, id) => addDocument(b, id, 'CONTRACT'),
  BENEFIT_BASELINES: (b, id) => measureAll(b, id, 'BASELINE', '40'),
  BENEFIT_FOLLOW_UP: (b, id) => measureAll(b, id, 'FOLLOW_UP', '30'),
};

/** One move forward, after supplying whatever the checklist misses; returns the new phase. */
export async function advance(b: Buyers, procurementId: string): Promise<string> {
  const { jointProcurement: p } = await b.coord.client.ok(PHASE_Q, { id: procurementId });
  for (const item of p.checklist as { key: string; done: boolean }[]) {
    if (item.done) continue;
    const supply = SUPPLY[item.key];
    if (!supply) throw new Error(`driveTo cannot supply ${item.key} (the setup should have it)`);
    await supply(b, procurementId);
  }
  const { advanceProcurementPhase } = await b.coord.client.ok(ADVANCE, { input: { procurementId, from: p.phase } });
  return advanceProcurementPhase.phase;
}

/** Walks the procurement forward through the gates to `target`, through the API only. */
export async function driveTo(b: Buyers, procurementId: string, target: Phase): Promise<void> {
  let { phase } = (await b.coord.client.ok(PHASE_Q, { id: procurementId })).jointProcurement;
  if (!PHASES.includes(phase)) throw new Error(`cannot drive a procurement in ${phase}`);
  while (PHASES.indexOf(phase) < PHASES.indexOf(target)) phase = await advance(b, procurementId);
  if (phase !== target) throw new Error(`driveTo ${target}: the procurement is already in ${phase}`);
}

/** The newest event id: subscribing `after` it cannot miss what the test does next. */
export const head = async (s: TestServer) =>
  String((await s.db.query(`SELECT coalesce(max(id), 0) AS id FROM event`))[0].id);
