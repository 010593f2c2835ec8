import { spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { GroupVisibility } from '../server/modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../server/modules/groups/membership.entity.js';
import { Country, OrganisationKind, type Organisation } from '../server/modules/organisations/organisation.entity.js';
import type { TestUser } from './support/factories.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';
import { day, head as eventHead } from './support/procurement.js';

// ---- operations ----

const PARTICIPANT = `id isLead organisation { id } statedValues { lotId amount currency }
  mandate { status decisionReference decisionDate signedAt withdrawnAt withdrawalReason signedBy { id } lots { id } document { id } }`;
const LOT = `id number title description cpvCodes need { id }
  estimatedValue { amount currency authorityCount } values { amount currency organisation { id } }`;
const PROC = `id title description phase procedureType procedureCode contractType cancellationReason
  group { id } leadAuthority { id } needs { id }
  lots { ${LOT} }
  participants { ${PARTICIPANT} }
  viewerParticipant { id organisation { id } }
  viewerIsCoordinator
  estimatedValue { amount currency authorityCount }
  nextPhase canAdvance checklist { key label done opens }
  timeline { phase status enteredAt }
  milestones { id kind title dueAt completedAt status }
  buyersThread { id kind } publicThread { id kind }`;
const CREATE_P = `mutation($input: CreateJointProcurementInput!) { createJointProcurement(input: $input) { ${PROC} } }`;
const GET_P = `query($id: ID!) { jointProcurement(id: $id) { ${PROC} } }`;
const THRESHOLDS = `query($id: ID!) {
  jointProcurement(id: $id) {
    id
    thresholdAssessment {
      country authorityLevel estimatedValue { amount currency } convertedCurrencies
      nationalThreshold { amount currency } euThreshold { amount currency }
      aboveNationalThreshold aboveEuThreshold requiredNotices { kind description } thresholdsValidFrom
    }
  }
}`;
const GROUP_PROCUREMENTS = `query($id: ID!) { buyerGroup(id: $id) { id procurements(first: 20) { totalCount nodes { id title } } } }`;
const UPDATE_P = `mutation($id: ID!, $input: UpdateJointProcurementInput!) {
  updateJointProcurement(id: $id, input: $input) { id title description leadAuthority { id } }
}`;
const ADD_PART = `mutation($input: ParticipantInput!) { addProcurementParticipant(input: $input) { ${PARTICIPANT} } }`;
const REMOVE_PART = `mutation($input: ParticipantInput!) {
  removeProcurementParticipant(input: $input) { id participants { organisation { id } } }
}`;
const ADD_LOT = `mutation($p: ID!, $input: LotInput!) { addProcurementLot(procurementId: $p, input: $input) { ${LOT} } }`;
const UPDATE_LOT = `mutation($id: ID!, $input: UpdateLotInput!) { updateProcurementLot(id: $id, input: $input) { ${LOT} } }`;
const REMOVE_LOT = `mutation($id: ID!) { removeProcurementLot(id: $id) { id lots { id number } } }`;
const SET_VALUE = `mutation($input: SetLotValueInput!) {
  setLotValue(input: $input) { lotId amount currency organisation { id } }
}`;
const SIGN = `mutation($input: SignMandateInput!) { signMandate(input: $input) { ${PARTICIPANT} } }`;
const WITHDRAW = `mutation($input: WithdrawMandateInput!) { withdrawMandate(input: $input) { ${PARTICIPANT} } }`;
const MILESTONE = `id kind title dueAt completedAt status`;
const SET_MILESTONE = `mutation($input: SetMilestoneInput!) { setProcurementMilestone(input: $input) { ${MILESTONE} } }`;
const COMPLETE_MILESTONE = `mutation($id: ID!, $completed: Boolean!) {
  completeProcurementMilestone(id: $id, completed: $completed) { ${MILESTONE} }
}`;
const REMOVE_MILESTONE = `mutation($id: ID!) { removeProcurementMilestone(id: $id) { id milestones { id } } }`;
const ADVANCE = `mutation($input: AdvancePhaseInput!) {
  advanceProcurementPhase(input: $input) {
    id phase nextPhase canAdvance checklist { key label done opens } timeline { phase status enteredAt }
  }
}`;
const CANCEL = `mutation($input: CancelProcurementInput!) {
  cancelJointProcurement(input: $input) {
    id phase cancellationReason nextPhase canAdvance checklist { key } timeline { phase status enteredAt }
  }
}`;
const PROCUREMENT_EVENTS = `subscription($procurementId: ID!, $after: ID) {
  procurementEvents(procurementId: $procurementId, after: $after) { id type groupId scopeType scopeId payload }
}`;
const CREATE_NEED = `mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id title cpvCodes } }`;
const SET_INTEREST = `mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`;
const DOC = `id title kind parentType visibility currentVersion publishedVersion publishedAt`;
const CREATE_DOC = `mutation($input: CreateDocumentInput!) { createDocument(input: $input) { ${DOC} } }`;
const UPDATE_DOC = `mutation($id: ID!, $input: UpdateDocumentInput!) { updateDocument(id: $id, input: $input) { ${DOC} } }`;
const ADD_TEXT = `mutation($input: AddTextVersionInput!) { addTextVersion(input: $input) { number } }`;
const DELETE_DOC = `mutation($id: ID!) { deleteDocument(id: $id) { id } }`;
const DOC_Q = `query($id: ID!) { document(id: $id) { ${DOC} } }`;
const PROC_DOCS = `query($id: ID!) { jointProcurement(id: $id) { id documents(first: 50) { totalCount nodes { id title kind } } } }`;
const NEED_DOCS = `query($id: ID!) { sharedNeed(id: $id) { id documents(first: 50) { totalCount nodes { id } } } }`;

// ---- types ----

interface ValueSum {
  amount: string;
  currency: string;
  authorityCount: number;
}
interface LotT {
  id: string;
  number: number;
  title: string;
  description: string;
  cpvCodes: string[];
  need: { id: string } | null;
  estimatedValue: ValueSum[];
  values: { amount: string; currency: string; organisation: { id: string } }[];
}
interface Mandate {
  status: 'REQUESTED' | 'SIGNED' | 'WITHDRAWN';
  decisionReference: string | null;
  decisionDate: string | null;
  signedAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  signedBy: { id: string } | null;
  lots: { id: string }[];
  document: { id: string } | null;
}
interface ParticipantT {
  id: string;
  isLead: boolean;
  organisation: { id: string };
  statedValues: { lotId: string; amount: string; currency: string }[];
  mandate: Mandate;
}
interface MilestoneT {
  id: string;
  kind: string;
  title: string;
  dueAt: string;
  completedAt: string | null;
  status: 'UPCOMING' | 'OVERDUE' | 'COMPLETED';
}
interface Proc {
  id: string;
  title: string;
  description: string;
  phase: string;
  procedureType: string;
  procedureCode: string;
  contractType: string;
  cancellationReason: string | null;
  group: { id: string };
  leadAuthority: { id: string };
  needs: { id: string }[];
  lots: LotT[];
  participants: ParticipantT[];
  viewerParticipant: { id: string; organisation: { id: string } } | null;
  viewerIsCoordinator: boolean;
  estimatedValue: ValueSum[];
  nextPhase: string | null;
  canAdvance: boolean;
  checklist: { key: string; label: string; done: boolean; opens: string }[];
  timeline: { phase: string; status: string; enteredAt: string | null }[];
  milestones: MilestoneT[];
  buyersThread: { id: string; kind: string };
  publicThread: { id: string; kind: string };
}

// ---- fixtures ----

let s: TestServer;
/** An authority in no group. Read-only: it only ever gets refused. */
let outsider: TestUser;
/** A supplier's user. Read-only. */
let supplier: TestUser;

const hex = () => randomBytes(3).toString('hex');

/** A calendar date `days` from today (UTC, as the server compares decision dates). */
/** An instant `days` from now. */
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The newest event id: subscribing `after` it cannot miss what the test does next. */
const head = () => eventHead(s);

const procurementRows = async (server: TestServer = s) =>
  Number((await server.db.query(`SELECT count(*)::int AS n FROM procurement`))[0].n);

/** A random valid Swedish organisation number (Luhn). */
function swedishOrgNumber(): string {
  const digits = [2, ...Array.from({ length: 8 }, () => randomInt(10))];
  const sum = digits.reduce((acc, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  return [...digits, (10 - (sum % 10)) % 10].join('');
}

interface World {
  server: TestServer;
  groupId: string;
  /** The coordinator organisation (lead by default). */
  coord: TestUser;
  /** Members with interests in the needs (unless `interests: false`). */
  a: TestUser;
  b: TestUser;
  /** A member with no interest. */
  c: TestUser;
  observer: TestUser;
  needs: { id: string; title: string; cpvCodes: string[] }[];
}

/**
 * A fresh group of its own for one test: a coordinator, members a, b, c and an observer; two shared
 * needs (the first with two CPV codes, the second with none); with `interests`, a states NOK
 * 100000.50 for need 1, b states EUR 2000 for need 1 and NOK 300 for need 2.
 */
async function world(
  o: {
    interests?: boolean;
    server?: TestServer;
    visibility?: GroupVisibility;
    coordOrg?: Partial<Organisation>;
    memberKind?: OrganisationKind;
  } = {},
): Promise<World> {
  const server = o.server ?? s;
  const f = server.factories;
  const coordOrg = await f.organisation(o.coordOrg ?? {});
  const [coord, a, b, c, observer] = await Promise.all([
    f.user({ organisation: coordOrg }),
    f.user(o.memberKind ? { organisation: await f.organisation({ kind: o.memberKind }) } : {}),
    f.user(),
    f.user(),
    f.user(),
  ]);
  const group = await f.group(coord.organisation, { visibility: o.visibility ?? GroupVisibility.LISTED }, [
    { organisation: a.organisation },
    { organisation: b.organisation },
    { organisation: c.organisation },
    { organisation: observer.organisation, role: MembershipRole.OBSERVER },
  ]);
  const needs = [];
  for (const [i, cpvCodes] of [['34121000-1', '48000000'], []].entries()) {
    const { createSharedNeed } = await coord.client.ok(CREATE_NEED, {
      input: { groupId: group.id, title: `Behov ${i + 1} ${hex()}`, problem: 'Elever trenger skyss.', cpvCodes },
    });
    needs.push(createSharedNeed);
  }
  if (o.interests !== false) {
    await a.client.ok(SET_INTEREST, { input: { needId: needs[0].id, annualValue: '100000.50', currency: 'NOK' } });
    await b.client.ok(SET_INTEREST, { input: { needId: needs[0].id, annualValue: '2000', currency: 'EUR' } });
    await b.client.ok(SET_INTEREST, { input: { needId: needs[1].id, annualValue: '300', currency: 'NOK' } });
  }
  return { server, groupId: group.id, coord, a, b, c, observer, needs };
}

const createInput = (w: World, overrides: Record<string, unknown> = {}) => ({
  groupId: w.groupId,
  needIds: w.needs.map((n) => n.id),
  title: `Felles anskaffelse ${hex()}`,
  description: 'Skoleskyss for alle kommunene.',
  procedureType: 'NEG_W_CALL',
  contractType: 'SERVICES',
  leadOrganisationId: w.coord.organisation.id,
  ...overrides,
});

async function create(w: World, overrides: Record<string, unknown> = {}): Promise<Proc> {
  return (await w.coord.client.ok(CREATE_P, { input: createInput(w, overrides) })).createJointProcurement as Proc;
}

async function read(u: TestUser, id: string): Promise<Proc> {
  return (await u.client.ok(GET_P, { id })).jointProcurement as Proc;
}

async function thresholds(u: TestUser, id: string) {
  return (await u.client.ok(THRESHOLDS, { id })).jointProcurement.thresholdAssessment;
}

const participant = (p: Proc, u: TestUser) => p.participants.find((x) => x.organisation.id === u.organisation.id);

const setValue = (by: TestUser, lotId: string, amount: string, currency = 'NOK', organisationId?: string) =>
  by.client.ok(SET_VALUE, { input: { lotId, amount, currency, ...(organisationId ? { organisationId } : {}) } });

const sign = (by: TestUser, procurementId: string, extra: Record<string, unknown> = {}) =>
  by.client.ok(SIGN, { input: { procurementId, decisionReference: 'Sak 2026/42', decisionDate: day(-3), ...extra } });

const advance = (by: TestUser, procurementId: string, from: string) =>
  by.client.ok(ADVANCE, { input: { procurementId, from } });

const setMilestone = (by: TestUser, procurementId: string, kind: string, dueAt: string, title?: string) =>
  by.client.ok(SET_MILESTONE, { input: { procurementId, kind, dueAt, ...(title ? { title } : {}) } });

async function createDoc(by: TestUser, input: Record<string, unknown>) {
  return (
    await by.client.ok(CREATE_DOC, {
      input: { title: `Dokument ${hex()}`, kind: 'OTHER', language: 'nb', ...input },
    })
  ).createDocument as { id: string; parentType: string; currentVersion: number; publishedVersion: number | null };
}

/** Sorted by currency, for comparing sums. */
const byCurrency = (sums: ValueSum[]) => [...sums].sort((x, y) => x.currency.localeCompare(y.currency));

beforeAll(async () => {
  s = await startTestServer();
  outsider = await s.factories.user();
  supplier = await s.factories.user({
    organisation: await s.factories.organisation({ kind: OrganisationKind.SUPPLIER, municipalityCode: null }),
  });
});
afterAll(() => s?.close());

// ---- createJointProcurement ----

describe('createJointProcurement: who may', () => {
  it('refuses anonymous callers before looking at the input, writing nothing', async () => {
    const w = await world();
    const before = await procurementRows();
    expect((await s.anon.fails(CREATE_P, { input: createInput(w) })).code).toBe('UNAUTHENTICATED');
    expect((await s.anon.fails(CREATE_P, { input: createInput(w, { title: ' ', needIds: [] }) })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await procurementRows()).toBe(before);
  });

  it('refuses members and observers that are not coordinators (FORBIDDEN)', async () => {
    const w = await world();
    const before = await procurementRows();
    expect((await w.a.client.fails(CREATE_P, { input: createInput(w) })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(CREATE_P, { input: createInput(w) })).code).toBe('FORBIDDEN');
    expect(await procurementRows()).toBe(before);
  });

  it('does not reveal a group to non-members that cannot see it, nor to suppliers (NOT_FOUND)', async () => {
    const unlisted = await world({ visibility: GroupVisibility.UNLISTED });
    const listed = await world();
    const before = await procurementRows();
    expect((await outsider.client.fails(CREATE_P, { input: createInput(unlisted) })).code).toBe('NOT_FOUND');
    expect((await supplier.client.fails(CREATE_P, { input: createInput(listed) })).code).toBe('NOT_FOUND');
    expect((await supplier.client.fails(CREATE_P, { input: createInput(unlisted) })).code).toBe('NOT_FOUND');
    // A listed group is visible to every authority, but brokering is the coordinators' job.
    expect((await outsider.client.fails(CREATE_P, { input: createInput(listed) })).code).toBe('FORBIDDEN');
    expect(await procurementRows()).toBe(before);
  });
});

describe('createJointProcurement: input', () => {
  it('names the field of each bad input, writing nothing', async () => {
    const w = await world();
    const other = await world();
    const invited = await s.factories.user();
    await s.factories.membership(
      { id: w.groupId } as never,
      invited.organisation,
      MembershipRole.MEMBER,
      MembershipStatus.INVITED,
    );
    const before = await procurementRows();
    const field = async (overrides: Record<string, unknown>) => {
      const err = await w.coord.client.fails(CREATE_P, { input: createInput(w, overrides) });
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    const [n1, n2] = w.needs.map((n) => n.id);
    expect(await field({ needIds: [n1, other.needs[0].id] })).toBe('input.needIds[1]');
    expect(await field({ needIds: ['not-a-uuid'] })).toBe('input.needIds[0]');
    expect(await field({ needIds: [randomUUID()] })).toBe('input.needIds[0]');
    expect(await field({ needIds: [] })).toBe('input.needIds');
    expect(await field({ leadOrganisationId: outsider.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ leadOrganisationId: invited.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ leadOrganisationId: other.coord.organisation.id })).toBe('input.leadOrganisationId');
    expect(await field({ participantOrganisationIds: [w.a.organisation.id, outsider.organisation.id] })).toBe(
      'input.participantOrganisationIds[1]',
    );
    expect(await field({ participantOrganisationIds: [invited.organisation.id] })).toBe(
      'input.participantOrganisationIds[0]',
    );
    expect(
      await field({
        lots: [
          { title: 'Del 1', needId: n1 },
          { title: 'Del 2', needId: other.needs[0].id },
        ],
      }),
    ).toBe('input.lots[1].needId');
    // A need of the group, but not one the procurement is brokered from.
    expect(await field({ needIds: [n1], lots: [{ title: 'Del 1', needId: n2 }] })).toBe('input.lots[0].needId');
    expect(await field({ lots: [{ title: 'Del 1', cpvCodes: ['34121000', '3412'] }] })).toBe(
      'input.lots[0].cpvCodes[1]',
    );
    expect(await field({ title: '   ' })).toBe('input.title');
    expect(await field({ lots: [] })).toBe('input.lots');
    expect(await procurementRows()).toBe(before);
  });

  it('names the index of the bad item in the list as sent, also after a repeated item', async () => {
    const w = await world();
    const field = async (overrides: Record<string, unknown>) =>
      (await w.coord.client.fails(CREATE_P, { input: createInput(w, overrides) })).extensions.field;
    const [n1] = w.needs.map((n) => n.id);
    const a = w.a.organisation.id;
    expect(await field({ needIds: [n1, n1, randomUUID()] })).toBe('input.needIds[2]');
    expect(await field({ participantOrganisationIds: [a, a, outsider.organisation.id] })).toBe(
      'input.participantOrganisationIds[2]',
    );
  });

  it('observers read but do not take part: not as lead, not as participants', async () => {
    // An observer's users cannot sign or withdraw a mandate: as a participant it would hold a request
    // open for ever, and as the lead it would run a procedure it may not act in.
    const w = await world();
    const before = await procurementRows();
    const lead = await w.coord.client.fails(CREATE_P, {
      input: createInput(w, { leadOrganisationId: w.observer.organisation.id }),
    });
    expect([lead.code, lead.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    const part = await w.coord.client.fails(CREATE_P, {
      input: createInput(w, { participantOrganisationIds: [w.a.organisation.id, w.observer.organisation.id] }),
    });
    expect([part.code, part.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.participantOrganisationIds[1]']);
    expect(await procurementRows()).toBe(before);
    const p = await create(w);
    const add = await w.coord.client.fails(ADD_PART, {
      input: { procurementId: p.id, organisationId: w.observer.organisation.id },
    });
    expect([add.code, add.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    expect(participant(await read(w.a, p.id), w.observer)).toBeUndefined();
  });

  it('names a blank lot title the way it names the other lot fields (input.lots[i].title)', async () => {
    const w = await world();
    const err = await w.coord.client.fails(CREATE_P, {
      input: createInput(w, { lots: [{ title: 'Del 1' }, { title: '  ' }] }),
    });
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.field).toBe('input.lots[1].title');
  });

  it('refuses a group that is archived (INVALID_STATE)', async () => {
    const w = await world();
    await s.db.query(`UPDATE buyer_group SET status = 'ARCHIVED' WHERE id = $1`, [w.groupId]);
    expect((await w.coord.client.fails(CREATE_P, { input: createInput(w) })).code).toBe('INVALID_STATE');
  });
});

describe('createJointProcurement: defaults', () => {
  it('takes the active members with interests (and the lead) as participants, one lot per need, values from the interests', async () => {
    const w = await world();
    // An organisation that stated an interest and then left the group does not participate.
    const left = await s.factories.user();
    await s.factories.membership({ id: w.groupId } as never, left.organisation);
    await left.client.ok(SET_INTEREST, { input: { needId: w.needs[0].id, annualValue: '999', currency: 'NOK' } });
    await s.db
      .getRepository(Membership)
      .update({ groupId: w.groupId, organisationId: left.organisation.id }, { status: MembershipStatus.LEFT });

    const p = await create(w, { title: '  Skoleskyss  ' });
    expect(p).toMatchObject({
      title: 'Skoleskyss',
      phase: 'ANCHORING',
      procedureType: 'NEG_W_CALL',
      procedureCode: 'neg-w-call',
      contractType: 'SERVICES',
      cancellationReason: null,
      group: { id: w.groupId },
      leadAuthority: { id: w.coord.organisation.id },
      viewerIsCoordinator: true,
    });
    expect(p.needs.map((n) => n.id).sort()).toEqual(w.needs.map((n) => n.id).sort());
    expect(p.participants.map((x) => x.organisation.id).sort()).toEqual(
      [w.coord.organisation.id, w.a.organisation.id, w.b.organisation.id].sort(),
    );
    expect(p.participants.filter((x) => x.isLead).map((x) => x.organisation.id)).toEqual([w.coord.organisation.id]);
    for (const x of p.participants) {
      expect(x.mandate).toEqual({
        status: 'REQUESTED',
        decisionReference: null,
        decisionDate: null,
        signedAt: null,
        withdrawnAt: null,
        withdrawalReason: null,
        signedBy: null,
        lots: [],
        document: null,
      });
    }
    // The coordinator's organisation takes part as the lead.
    expect(p.viewerParticipant?.organisation.id).toBe(w.coord.organisation.id);

    expect(p.lots).toHaveLength(2);
    const [lot1, lot2] = p.lots;
    expect(lot1).toMatchObject({
      number: 1,
      title: w.needs[0].title,
      cpvCodes: ['34121000', '48000000'],
      need: { id: w.needs[0].id },
    });
    expect(lot2).toMatchObject({ number: 2, title: w.needs[1].title, cpvCodes: [], need: { id: w.needs[1].id } });
    expect(byCurrency(lot1.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    expect(lot2.estimatedValue).toEqual([{ amount: '300', currency: 'NOK', authorityCount: 1 }]);
    expect(byCurrency(p.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100300.5', currency: 'NOK', authorityCount: 2 },
    ]);
    expect(participant(p, w.a)!.statedValues).toEqual([{ lotId: lot1.id, amount: '100000.5', currency: 'NOK' }]);
    expect(
      participant(p, w.b)!
        .statedValues.map((v) => [v.lotId, v.amount, v.currency])
        .sort(),
    ).toEqual(
      [
        [lot1.id, '2000', 'EUR'],
        [lot2.id, '300', 'NOK'],
      ].sort(),
    );
    expect(participant(p, w.coord)!.statedValues).toEqual([]);

    expect(p.buyersThread.kind).toBe('BUYERS');
    expect(p.publicThread.kind).toBe('PUBLIC_DIALOGUE');
    expect(p.buyersThread.id).not.toBe(p.publicThread.id);
    expect(p.milestones).toEqual([]);
  });

  it('takes explicit participants and lots; values default only for participants, only for lots tied to a need', async () => {
    const w = await world();
    const p = await create(w, {
      leadOrganisationId: w.a.organisation.id,
      participantOrganisationIds: [w.c.organisation.id],
      lots: [
        { title: ' Ruter ', description: ' Faste ruter ', cpvCodes: ['60130000-8'], needId: w.needs[0].id },
        { title: 'Tilrettelagt skyss' },
      ],
    });
    // The lead always participates, listed or not; b has interests but was not chosen.
    expect(p.participants.map((x) => x.organisation.id).sort()).toEqual(
      [w.a.organisation.id, w.c.organisation.id].sort(),
    );
    expect(participant(p, w.a)!.isLead).toBe(true);
    expect(p.viewerParticipant).toBeNull();
    expect(p.lots.map((l) => [l.number, l.title, l.description, l.cpvCodes, l.need?.id ?? null])).toEqual([
      [1, 'Ruter', 'Faste ruter', ['60130000'], w.needs[0].id],
      [2, 'Tilrettelagt skyss', '', [], null],
    ]);
    expect(p.lots[0].estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(p.lots[1].estimatedValue).toEqual([]);
    expect(p.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
  });

  it('an empty participant list leaves the lead alone', async () => {
    const w = await world();
    const p = await create(w, { participantOrganisationIds: [] });
    expect(p.participants.map((x) => x.organisation.id)).toEqual([w.coord.organisation.id]);
  });
});

describe('reading joint procurements', () => {
  it('lists them on the group and shows them to active members only', async () => {
    const w = await world();
    const p = await create(w);
    const p2 = await create(w);
    const { buyerGroup } = await w.observer.client.ok(GROUP_PROCUREMENTS, { id: w.groupId });
    expect(buyerGroup.procurements.totalCount).toBe(2);
    expect(buyerGroup.procurements.nodes.map((n: { id: string }) => n.id).sort()).toEqual([p.id, p2.id].sort());

    // Members that do not participate, and observers, read it.
    expect((await read(w.c, p.id)).viewerParticipant).toBeNull();
    expect((await read(w.observer, p.id)).id).toBe(p.id);
    const asA = await read(w.a, p.id);
    expect(asA.viewerIsCoordinator).toBe(false);
    expect(asA.viewerParticipant?.organisation.id).toBe(w.a.organisation.id);

    expect((await s.anon.fails(GET_P, { id: p.id })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    expect((await supplier.client.fails(GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    const other = await world();
    expect((await other.coord.client.fails(GET_P, { id: p.id })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(GET_P, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(GET_P, { id: 'nope' })).code).toBe('NOT_FOUND');

    // An organisation that leaves the group loses sight of the procurement.
    await s.db
      .getRepository(Membership)
      .update({ groupId: w.groupId, organisationId: w.c.organisation.id }, { status: MembershipStatus.LEFT });
    expect((await w.c.client.fails(GET_P, { id: p.id })).code).toBe('NOT_FOUND');
  });
});

// ---- values ----

describe('estimated value and setLotValue', () => {
  it('refuses anonymous callers, outsiders and unknown lots', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
    const lot = p.lots[0].id;
    expect((await s.anon.fails(SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await outsider.client.fails(SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code).toBe(
      'NOT_FOUND',
    );
    expect((await supplier.client.fails(SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })).code).toBe(
      'NOT_FOUND',
    );
    const unknown = await w.a.client.fails(SET_VALUE, { input: { lotId: randomUUID(), amount: '1', currency: 'NOK' } });
    expect([unknown.code, unknown.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.lotId']);
    expect((await read(w.a, p.id)).estimatedValue).toEqual([]);
  });

  it('lets a participant state its own value and a coordinator state another participant’s; members and non-participants are refused', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    const lot = p.lots[0].id;

    const own = await setValue(w.a, lot, '0.10');
    expect(own.setLotValue).toEqual({
      lotId: lot,
      amount: '0.1',
      currency: 'NOK',
      organisation: { id: w.a.organisation.id },
    });
    const forB = await setValue(w.coord, lot, '0.20', 'NOK', w.b.organisation.id);
    expect(forB.setLotValue.organisation.id).toBe(w.b.organisation.id);

    // A member may not state another authority's value.
    expect(
      (
        await w.a.client.fails(SET_VALUE, {
          input: { lotId: lot, amount: '5', currency: 'NOK', organisationId: w.b.organisation.id },
        })
      ).code,
    ).toBe('FORBIDDEN');
    // A member whose organisation does not participate has no value to state.
    expect((await w.c.client.fails(SET_VALUE, { input: { lotId: lot, amount: '5', currency: 'NOK' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await w.observer.client.fails(SET_VALUE, { input: { lotId: lot, amount: '5', currency: 'NOK' } })).code,
    ).toBe('FORBIDDEN');
    // A coordinator cannot state a value for an organisation that does not participate.
    const notParticipant = await w.coord.client.fails(SET_VALUE, {
      input: { lotId: lot, amount: '5', currency: 'NOK', organisationId: w.c.organisation.id },
    });
    expect([notParticipant.code, notParticipant.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);

    const got = await read(w.c, p.id);
    // Exact decimals: 0.10 + 0.20 is 0.3, not 0.30000000000000004 (trailing zeros are not sent).
    expect(got.lots[0].estimatedValue).toEqual([{ amount: '0.3', currency: 'NOK', authorityCount: 2 }]);
    expect(got.estimatedValue).toEqual([{ amount: '0.3', currency: 'NOK', authorityCount: 2 }]);

    // Stating again replaces the value (also its currency).
    await setValue(w.a, lot, '2500', 'EUR');
    const again = await read(w.c, p.id);
    expect(byCurrency(again.lots[0].estimatedValue)).toEqual([
      { amount: '2500', currency: 'EUR', authorityCount: 1 },
      { amount: '0.2', currency: 'NOK', authorityCount: 1 },
    ]);
    expect(participant(again, w.a)!.statedValues).toEqual([{ lotId: lot, amount: '2500', currency: 'EUR' }]);
  });

  it('sums per currency and per lot, exactly, at the largest amounts', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    const [lot1, lot2] = p.lots.map((l) => l.id);
    await setValue(w.a, lot1, '12345678901234.56');
    await setValue(w.b, lot1, '0.45');
    await setValue(w.coord, lot1, '99999999999999.99', 'SEK');
    await setValue(w.a, lot2, '10', 'SEK');
    await setValue(w.b, lot2, '0.01', 'NOK');
    const got = await read(w.a, p.id);
    expect(byCurrency(got.lots[0].estimatedValue)).toEqual([
      { amount: '12345678901235.01', currency: 'NOK', authorityCount: 2 },
      { amount: '99999999999999.99', currency: 'SEK', authorityCount: 1 },
    ]);
    expect(byCurrency(got.lots[1].estimatedValue)).toEqual([
      { amount: '0.01', currency: 'NOK', authorityCount: 1 },
      { amount: '10', currency: 'SEK', authorityCount: 1 },
    ]);
    expect(byCurrency(got.estimatedValue)).toEqual([
      { amount: '12345678901235.02', currency: 'NOK', authorityCount: 2 },
      { amount: '100000000000009.99', currency: 'SEK', authorityCount: 2 },
    ]);
  });

  it('refuses negative and too precise amounts naming input.amount, changing nothing', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
    const lot = p.lots[0].id;
    await setValue(w.a, lot, '100');
    for (const amount of ['-5', '-0.01', '1.234', '123456789012345', '0.001']) {
      const err = await w.a.client.fails(SET_VALUE, { input: { lotId: lot, amount, currency: 'NOK' } });
      expect([amount, err.code, err.extensions.field]).toEqual([amount, 'BAD_USER_INPUT', 'input.amount']);
    }
    expect((await w.a.client.fails(SET_VALUE, { input: { lotId: lot, amount: 'mye', currency: 'NOK' } })).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await read(w.a, p.id)).estimatedValue).toEqual([{ amount: '100', currency: 'NOK', authorityCount: 1 }]);
  });
});

// ---- thresholds ----

describe('thresholdAssessment', () => {
  /** A procurement of `w` with the lead and a, a stating `nok` NOK on lot 1. */
  async function valued(w: World, nok: string, overrides: Record<string, unknown> = {}) {
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id], ...overrides });
    await setValue(w.a, p.lots[0].id, nok);
    return p;
  }

  it('below the national threshold: no notice', async () => {
    const w = await world({ interests: false });
    const p = await valued(w, '1299999.99');
    expect(await thresholds(w.a, p.id)).toEqual({
      country: 'NO',
      authorityLevel: 'SUB_CENTRAL',
      estimatedValue: { amount: '1299999.99', currency: 'NOK' },
      convertedCurrencies: [],
      nationalThreshold: { amount: '1300000', currency: 'NOK' },
      euThreshold: { amount: '2484000', currency: 'NOK' },
      aboveNationalThreshold: false,
      aboveEuThreshold: false,
      requiredNotices: [],
      thresholdsValidFrom: '2026-01-01',
    });
  });

  it('from the national threshold: a national notice', async () => {
    const w = await world({ interests: false });
    const atLimit = await thresholds(w.a, (await valued(w, '1300000')).id);
    expect(atLimit).toMatchObject({ aboveNationalThreshold: true, aboveEuThreshold: false });
    expect(atLimit.requiredNotices).toEqual([{ kind: 'NATIONAL', description: 'Doffin' }]);
    const above = await thresholds(w.a, (await valued(w, '1500000')).id);
    expect(above.requiredNotices.map((n: { kind: string }) => n.kind)).toEqual(['NATIONAL']);
  });

  it('above the EU threshold: the EU notice', async () => {
    const w = await world({ interests: false });
    const p = await valued(w, '1000000');
    // A second participant's value counts too.
    await setValue(w.coord, p.lots[1].id, '1500000');
    const a = await thresholds(w.a, p.id);
    expect(a).toMatchObject({
      estimatedValue: { amount: '2500000', currency: 'NOK' },
      aboveNationalThreshold: true,
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU', description: 'Doffin + TED (eForms)' }],
    });
  });

  it('depends on the contract type: works have a far higher EU threshold', async () => {
    const w = await world({ interests: false });
    const a = await thresholds(w.a, (await valued(w, '3000000', { contractType: 'WORKS' })).id);
    expect(a).toMatchObject({
      euThreshold: { amount: '62146000', currency: 'NOK' },
      aboveEuThreshold: false,
      requiredNotices: [{ kind: 'NATIONAL' }],
    });
  });

  it('a state agency taking part makes the procurement CENTRAL, with the lower EU threshold', async () => {
    const w = await world({ interests: false, memberKind: OrganisationKind.STATE_AGENCY });
    const sub = await world({ interests: false });
    const central = await thresholds(w.a, (await valued(w, '2000000')).id);
    const subCentral = await thresholds(sub.a, (await valued(sub, '2000000')).id);
    expect(subCentral).toMatchObject({ authorityLevel: 'SUB_CENTRAL', aboveEuThreshold: false });
    expect(central).toMatchObject({
      authorityLevel: 'CENTRAL',
      euThreshold: { amount: '1610000', currency: 'NOK' },
      aboveEuThreshold: true,
      requiredNotices: [{ kind: 'EU' }],
    });
  });

  it('a state agency that withdrew no longer makes it CENTRAL', async () => {
    const w = await world({ interests: false, memberKind: OrganisationKind.STATE_AGENCY });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await setValue(w.coord, p.lots[0].id, '2000000');
    expect(await thresholds(w.coord, p.id)).toMatchObject({ authorityLevel: 'CENTRAL', aboveEuThreshold: true });
    await w.a.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Staten trekker seg' } });
    expect(await thresholds(w.coord, p.id)).toMatchObject({
      authorityLevel: 'SUB_CENTRAL',
      estimatedValue: { amount: '2000000', currency: 'NOK' },
      euThreshold: { amount: '2484000', currency: 'NOK' },
      aboveEuThreshold: false,
      requiredNotices: [{ kind: 'NATIONAL' }],
    });
  });

  it('converts other currencies at the configured rates and says which it converted', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    await setValue(w.a, p.lots[0].id, '100000', 'EUR'); // 1 150 000 NOK at 11.5
    await setValue(w.b, p.lots[0].id, '1100000', 'SEK'); // 100 000 EUR, 1 150 000 NOK
    await setValue(w.b, p.lots[1].id, '100000', 'NOK');
    expect(await thresholds(w.a, p.id)).toMatchObject({
      estimatedValue: { amount: '2400000', currency: 'NOK' },
      convertedCurrencies: ['EUR', 'SEK'],
      aboveNationalThreshold: true,
      aboveEuThreshold: false,
    });
  });

  it('uses the thresholds of the lead authority’s country', async () => {
    const w = await world({
      interests: false,
      coordOrg: { country: Country.SE, organisationNumber: swedishOrgNumber(), municipalityCode: null },
    });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await setValue(w.a, p.lots[0].id, '800000', 'SEK');
    expect(await thresholds(w.a, p.id)).toMatchObject({
      country: 'SE',
      estimatedValue: { amount: '800000', currency: 'SEK' },
      convertedCurrencies: [],
      nationalThreshold: { amount: '700000', currency: 'SEK' },
      requiredNotices: [{ kind: 'NATIONAL', description: 'annonsdatabas' }],
    });
  });

  it('leaves out withdrawn participants', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id, w.b.organisation.id] });
    await setValue(w.a, p.lots[0].id, '1000000');
    await setValue(w.b, p.lots[0].id, '1000000');
    expect((await thresholds(w.a, p.id)).requiredNotices).toEqual([
      { kind: 'NATIONAL', description: expect.any(String) },
    ]);
    await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Eget behov dekket' } });
    const after = await thresholds(w.a, p.id);
    expect(after).toMatchObject({
      estimatedValue: { amount: '1000000' },
      aboveNationalThreshold: false,
      requiredNotices: [],
    });
  });
});

// One test starts the server as a process (tsx compiles it first): give it time on a busy machine.
describe('THRESHOLDS_FILE', { timeout: 120_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'samverka-thresholds-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function thresholdsFile(name: string, edit: (t: any) => void): Promise<string> {
    const defaults = JSON.parse(
      await readFile(
        path.resolve(import.meta.dirname, '../server/modules/procurements/thresholds.default.json'),
        'utf8',
      ),
    );
    edit(defaults);
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(defaults));
    return file;
  }

  it('an operator’s file changes the assessment', async () => {
    const file = await thresholdsFile('custom.json', (t) => {
      t.validFrom = '2027-07-01';
      t.countries.NO.national = { supplies: 1000, services: 1000, works: 1000 };
      t.countries.NO.eu.subCentral = { supplies: 5000, services: 5000, works: 5000 };
      t.countries.NO.notices.national = 'Nasjonal kunngjøring';
    });
    const custom = await startTestServer({ THRESHOLDS_FILE: file });
    try {
      const w = await world({ interests: false, server: custom });
      const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
      await setValue(w.a, p.lots[0].id, '2000');
      expect(await thresholds(w.a, p.id)).toMatchObject({
        nationalThreshold: { amount: '1000', currency: 'NOK' },
        euThreshold: { amount: '5000', currency: 'NOK' },
        aboveNationalThreshold: true,
        requiredNotices: [{ kind: 'NATIONAL', description: 'Nasjonal kunngjøring' }],
        thresholdsValidFrom: '2027-07-01',
      });
      await setValue(w.coord, p.lots[1].id, '3000');
      expect((await thresholds(w.a, p.id)).requiredNotices.map((n: { kind: string }) => n.kind)).toEqual(['EU']);

      // The same values under the defaults need no notice.
      const d = await world({ interests: false });
      const q = await create(d, { participantOrganisationIds: [d.a.organisation.id] });
      await setValue(d.a, q.lots[0].id, '2000');
      expect((await thresholds(d.a, q.id)).requiredNotices).toEqual([]);
    } finally {
      await custom.close();
    }
  });

  it('a broken file stops the configuration naming THRESHOLDS_FILE', async () => {
    const notJson = path.join(dir, 'broken.json');
    await writeFile(notJson, '{ "countries": ');
    const negative = await thresholdsFile('negative.json', (t) => {
      t.countries.NO.national.supplies = -1;
      delete t.countries.FI;
    });
    const message = (file: string) => {
      try {
        loadConfig({ THRESHOLDS_FILE: file });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message(notJson)).toContain('THRESHOLDS_FILE');
    expect(message(path.join(dir, 'missing.json'))).toContain('THRESHOLDS_FILE');
    const bad = message(negative);
    expect(bad).toContain('THRESHOLDS_FILE');
    expect(bad).toContain('countries.NO.national.supplies');
    expect(bad).toContain('countries.FI');
  });

  it('the server refuses to start with a broken file, naming THRESHOLDS_FILE', async () => {
    const file = path.join(dir, 'broken-start.json');
    await writeFile(file, 'not json at all');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'samverka-thresholds-start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', THRESHOLDS_FILE: file },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        // A server that started anyway is a failure, not a hang.
        child.stdout!.on('data', () => {
          if (/running at/.test(out)) resolve(-1);
        });
      });
      expect(out).toContain('THRESHOLDS_FILE');
      expect(out).not.toMatch(/running at/);
      expect(code).toBe(1);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// ---- mandates ----

describe('mandates', () => {
  it('refuses anonymous callers, outsiders, non-participants and observers', async () => {
    const w = await world();
    const p = await create(w);
    const input = { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1) };
    expect((await s.anon.fails(SIGN, { input })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(SIGN, { input })).code).toBe('NOT_FOUND');
    expect((await supplier.client.fails(SIGN, { input })).code).toBe('NOT_FOUND');
    // c is a member of the group but its organisation does not participate.
    expect((await w.c.client.fails(SIGN, { input })).code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'Nei' } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await w.observer.client.fails(SIGN, { input })).code).toBe('FORBIDDEN');
    expect((await read(w.a, p.id)).participants.every((x) => x.mandate.status === 'REQUESTED')).toBe(true);
  });

  it('a coordinator whose organisation does not participate cannot sign for the participants', async () => {
    const w = await world();
    const p = await create(w, {
      leadOrganisationId: w.a.organisation.id,
      participantOrganisationIds: [w.b.organisation.id],
    });
    const err = await w.coord.client.fails(SIGN, {
      input: { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1) },
    });
    expect(err.code).toBe('FORBIDDEN');
    expect((await read(w.a, p.id)).participants.map((x) => x.mandate.status)).toEqual(['REQUESTED', 'REQUESTED']);
  });

  it('a participant signs its own mandate: decision, date, signer, all lots by default; only once', async () => {
    const w = await world();
    const p = await create(w);
    const { signMandate } = await sign(w.a, p.id, {
      decisionReference: '  Kommunestyresak 12/26 ',
      decisionDate: day(-7),
    });
    expect(signMandate.organisation.id).toBe(w.a.organisation.id);
    expect(signMandate.mandate).toMatchObject({
      status: 'SIGNED',
      decisionReference: 'Kommunestyresak 12/26',
      decisionDate: day(-7),
      signedBy: { id: w.a.user.id },
      withdrawnAt: null,
      document: null,
    });
    expect(signMandate.mandate.signedAt).toEqual(expect.any(String));
    expect(signMandate.mandate.lots.map((l: { id: string }) => l.id).sort()).toEqual(p.lots.map((l) => l.id).sort());

    // Only its own row changed.
    const got = await read(w.c, p.id);
    expect(participant(got, w.a)!.mandate.status).toBe('SIGNED');
    expect(participant(got, w.b)!.mandate.status).toBe('REQUESTED');
    expect(participant(got, w.coord)!.mandate.status).toBe('REQUESTED');

    const twice = await w.a.client.fails(SIGN, {
      input: { procurementId: p.id, decisionReference: 'Sak 2', decisionDate: day(-1) },
    });
    expect(twice.code).toBe('INVALID_STATE');
    expect(participant(await read(w.a, p.id), w.a)!.mandate.decisionReference).toBe('Kommunestyresak 12/26');
    // A decision made today is fine; the lots can be chosen.
    const { signMandate: b } = await sign(w.b, p.id, { decisionDate: day(0), lotIds: [p.lots[1].id] });
    expect(b.mandate.lots).toEqual([{ id: p.lots[1].id }]);
  });

  it('two users of one organisation signing at once: one signature, the other INVALID_STATE', async () => {
    const w = await world();
    const p = await create(w);
    const a2 = await s.factories.user({ organisation: w.a.organisation });
    const input = (ref: string) => ({ procurementId: p.id, decisionReference: ref, decisionDate: day(-1) });
    const results = await Promise.all([
      w.a.client.request(SIGN, { input: input('Sak A') }),
      a2.client.request(SIGN, { input: input('Sak B') }),
    ]);
    const outcomes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data!.signMandate.mandate.status).sort();
    expect(outcomes).toEqual(['INVALID_STATE', 'SIGNED']);
    const winner = results.find((r) => !r.errors)!.data!.signMandate.mandate;
    expect(participant(await read(w.c, p.id), w.a)!.mandate).toMatchObject({
      status: 'SIGNED',
      decisionReference: winner.decisionReference,
      signedBy: winner.signedBy,
    });
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM event WHERE scope_id = $1 AND type = 'mandate.signed'`,
      [p.id],
    );
    expect(n).toBe(1);
  });

  it('refuses a future decision date, lots of another procurement and documents that are not this procurement’s MANDATE', async () => {
    const w = await world();
    const p = await create(w);
    const other = await create(w);
    const field = async (extra: Record<string, unknown>) => {
      const err = await w.a.client.fails(SIGN, {
        input: { procurementId: p.id, decisionReference: 'Sak 1', decisionDate: day(-1), ...extra },
      });
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    expect(await field({ decisionDate: day(2) })).toBe('input.decisionDate');
    expect(await field({ lotIds: [p.lots[0].id, other.lots[0].id] })).toBe('input.lotIds[1]');
    expect(await field({ lotIds: ['x'] })).toBe('input.lotIds[0]');
    expect(await field({ lotIds: [p.lots[0].id, p.lots[0].id, other.lots[0].id] })).toBe('input.lotIds[2]');
    expect(await field({ lotIds: [] })).toBe('input.lotIds');
    expect(await field({ decisionReference: '  ' })).toBe('input.decisionReference');

    const notMandate = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'x' });
    const otherProcurement = await createDoc(w.a, {
      groupId: w.groupId,
      procurementId: other.id,
      kind: 'MANDATE',
      text: 'x',
    });
    const groupDoc = await createDoc(w.a, { groupId: w.groupId, kind: 'MANDATE', text: 'x' });
    const deleted = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'MANDATE', text: 'x' });
    await w.a.client.ok(DELETE_DOC, { id: deleted.id });
    for (const d of [notMandate, otherProcurement, groupDoc, deleted]) {
      expect(await field({ documentId: d.id })).toBe('input.documentId');
    }
    expect(await field({ documentId: randomUUID() })).toBe('input.documentId');
    expect(participant(await read(w.a, p.id), w.a)!.mandate.status).toBe('REQUESTED');

    const mandateDoc = await createDoc(w.a, {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'MANDATE',
      text: 'Fullmakt',
    });
    const { signMandate } = await sign(w.a, p.id, { documentId: mandateDoc.id });
    expect(signMandate.mandate.document).toEqual({ id: mandateDoc.id });
  });

  it('withdrawing before the opt-out deadline works and takes the organisation out of the estimated value', async () => {
    const w = await world();
    const p = await create(w);
    await setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', at(14));
    await sign(w.b, p.id);
    const { withdrawMandate } = await w.b.client.ok(WITHDRAW, {
      input: { procurementId: p.id, reason: '  Behovet er dekket  ' },
    });
    expect(withdrawMandate.mandate).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: 'Behovet er dekket' });
    expect(withdrawMandate.mandate.withdrawnAt).toEqual(expect.any(String));

    const got = await read(w.a, p.id);
    // Withdrawn participants stay listed, but their values no longer count.
    expect(participant(got, w.b)!.mandate.status).toBe('WITHDRAWN');
    expect(got.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(got.lots[0].estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    expect(got.lots[1].estimatedValue).toEqual([]);

    // Not twice, and a withdrawn participant no longer signs or states values.
    expect((await w.b.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'Igjen' } })).code).toBe(
      'INVALID_STATE',
    );
    expect(
      (await w.b.client.fails(SIGN, { input: { procurementId: p.id, decisionReference: 'x', decisionDate: day(-1) } }))
        .code,
    ).toBe('INVALID_STATE');
    expect(
      (await w.b.client.fails(SET_VALUE, { input: { lotId: p.lots[0].id, amount: '1', currency: 'NOK' } })).code,
    ).toBe('FORBIDDEN');
  });

  it('after the opt-out deadline nobody withdraws; the lead never does', async () => {
    const w = await world();
    const p = await create(w);
    await sign(w.a, p.id);
    expect((await w.coord.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'Vi er lead' } })).code).toBe(
      'INVALID_STATE',
    );
    await setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', at(-1));
    for (const u of [w.a, w.b]) {
      const err = await u.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'For sent' } });
      expect(err.code).toBe('INVALID_STATE');
    }
    const got = await read(w.a, p.id);
    expect(participant(got, w.a)!.mandate.status).toBe('SIGNED');
    expect(participant(got, w.b)!.mandate.status).toBe('REQUESTED');
    // Moving the deadline ahead opens the window again.
    await setMilestone(w.coord, p.id, 'OPT_OUT_DEADLINE', at(3));
    await w.a.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Likevel' } });
  });
});

// ---- milestones ----

describe('milestones', () => {
  it('are for coordinators only', async () => {
    const w = await world();
    const p = await create(w);
    const input = { procurementId: p.id, kind: 'TENDER_DEADLINE', dueAt: at(30) };
    expect((await s.anon.fails(SET_MILESTONE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(SET_MILESTONE, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(SET_MILESTONE, { input })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(SET_MILESTONE, { input })).code).toBe('FORBIDDEN');
    const { setProcurementMilestone: m } = await w.coord.client.ok(SET_MILESTONE, { input });
    expect((await w.a.client.fails(COMPLETE_MILESTONE, { id: m.id, completed: true })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(REMOVE_MILESTONE, { id: m.id })).code).toBe('FORBIDDEN');
    expect((await outsider.client.fails(REMOVE_MILESTONE, { id: m.id })).code).toBe('NOT_FOUND');
    expect((await w.coord.client.fails(REMOVE_MILESTONE, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await read(w.a, p.id)).milestones).toEqual([{ ...m, status: 'UPCOMING', completedAt: null }]);
  });

  it('one per kind (setting again replaces it), OTHER adds; upcoming, overdue, completed; removed', async () => {
    const w = await world();
    const p = await create(w);
    const question = (await setMilestone(w.coord, p.id, 'QUESTION_DEADLINE', at(10))).setProcurementMilestone;
    expect(question).toMatchObject({
      kind: 'QUESTION_DEADLINE',
      title: 'Question deadline',
      status: 'UPCOMING',
      completedAt: null,
    });
    const replaced = (await setMilestone(w.coord, p.id, 'QUESTION_DEADLINE', at(-2), 'Frist for spørsmål'))
      .setProcurementMilestone;
    expect(replaced).toMatchObject({ id: question.id, title: 'Frist for spørsmål', status: 'OVERDUE' });
    expect(new Date(replaced.dueAt).getTime()).toBeLessThan(new Date(question.dueAt).getTime());

    const o1 = (await setMilestone(w.coord, p.id, 'OTHER', at(5), 'Dialogkonferanse')).setProcurementMilestone;
    const o2 = (await setMilestone(w.coord, p.id, 'OTHER', at(20), 'Befaring')).setProcurementMilestone;
    expect(o1.id).not.toBe(o2.id);
    let got = await read(w.a, p.id);
    // By due date.
    expect(got.milestones.map((m) => [m.kind, m.title, m.status])).toEqual([
      ['QUESTION_DEADLINE', 'Frist for spørsmål', 'OVERDUE'],
      ['OTHER', 'Dialogkonferanse', 'UPCOMING'],
      ['OTHER', 'Befaring', 'UPCOMING'],
    ]);

    const done = (await w.coord.client.ok(COMPLETE_MILESTONE, { id: replaced.id, completed: true }))
      .completeProcurementMilestone;
    expect(done.status).toBe('COMPLETED');
    expect(done.completedAt).toEqual(expect.any(String));
    expect((await read(w.a, p.id)).milestones[0].status).toBe('COMPLETED');
    const undone = (await w.coord.client.ok(COMPLETE_MILESTONE, { id: replaced.id, completed: false }))
      .completeProcurementMilestone;
    expect(undone).toMatchObject({ status: 'OVERDUE', completedAt: null });
    // Completing an upcoming one completes it too.
    await w.coord.client.ok(COMPLETE_MILESTONE, { id: o1.id, completed: true });

    const removed = (await w.coord.client.ok(REMOVE_MILESTONE, { id: o2.id })).removeProcurementMilestone;
    expect(removed.milestones.map((m: { id: string }) => m.id).sort()).toEqual([question.id, o1.id].sort());
    got = await read(w.a, p.id);
    expect(got.milestones.map((m) => [m.id, m.status])).toEqual([
      [question.id, 'OVERDUE'],
      [o1.id, 'COMPLETED'],
    ]);
  });
});

// ---- phases ----

describe('phases', () => {
  it('only coordinators move a procurement; a stale `from` is a CONFLICT', async () => {
    const w = await world();
    const p = await create(w);
    const input = { procurementId: p.id, from: 'ANCHORING' };
    expect((await s.anon.fails(ADVANCE, { input })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(ADVANCE, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(ADVANCE, { input })).code).toBe('FORBIDDEN');
    expect((await w.observer.client.fails(ADVANCE, { input })).code).toBe('FORBIDDEN');
    const stale = await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } });
    expect(stale.code).toBe('CONFLICT');
    expect(stale.extensions).toMatchObject({ currentPhase: 'ANCHORING' });
    expect((await read(w.a, p.id)).phase).toBe('ANCHORING');
    const moved = await advance(w.coord, p.id, 'ANCHORING');
    expect(moved.advanceProcurementPhase.phase).toBe('NEED_ASSESSMENT');
    // A second move based on the old phase is the late one of two.
    const late = await w.coord.client.fails(ADVANCE, { input });
    expect([late.code, late.extensions.currentPhase]).toEqual(['CONFLICT', 'NEED_ASSESSMENT']);
  });

  it('two coordinators moving at once from the same phase: one moves, the other gets CONFLICT', async () => {
    const w = await world();
    const coord2 = await s.factories.user({ organisation: w.coord.organisation });
    const p = await create(w);
    const input = { procurementId: p.id, from: 'ANCHORING' };
    const results = await Promise.all([w.coord, coord2].map((u) => u.client.request(ADVANCE, { input })));
    const outcomes = results.map((r) => r.errors?.[0]?.extensions?.code ?? r.data!.advanceProcurementPhase.phase);
    expect(outcomes.sort()).toEqual(['CONFLICT', 'NEED_ASSESSMENT']);
    expect((await read(w.a, p.id)).phase).toBe('NEED_ASSESSMENT');
    const [{ n }] = await s.db.query(
      `SELECT count(*)::int AS n FROM event WHERE scope_id = $1 AND type = 'procurement.phase_changed'`,
      [p.id],
    );
    expect(n).toBe(1);
  });

  it('ANCHORING → NEED_ASSESSMENT needs two participants, the lead and a description, and names every missing item', async () => {
    const w = await world();
    const p = await create(w, { participantOrganisationIds: [], description: '' });
    expect(p.nextPhase).toBe('NEED_ASSESSMENT');
    expect(p.canAdvance).toBe(false);
    expect(p.checklist.map((i) => [i.key, i.done, i.opens])).toEqual([
      ['PARTICIPANTS', false, 'NEED_ASSESSMENT'],
      ['LEAD_AUTHORITY', true, 'NEED_ASSESSMENT'],
      ['DESCRIPTION', false, 'NEED_ASSESSMENT'],
    ]);

    const err = await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'ANCHORING' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(['PARTICIPANTS', 'DESCRIPTION']);
    for (const item of p.checklist.filter((i) => !i.done)) expect(err.message).toContain(item.label);
    expect(err.message).not.toContain(p.checklist.find((i) => i.key === 'LEAD_AUTHORITY')!.label);
    expect((await read(w.a, p.id)).phase).toBe('ANCHORING');

    await w.coord.client.ok(ADD_PART, { input: { procurementId: p.id, organisationId: w.a.organisation.id } });
    const half = await read(w.a, p.id);
    expect(half.checklist.filter((i) => !i.done).map((i) => i.key)).toEqual(['DESCRIPTION']);
    expect(half.canAdvance).toBe(false);
    const still = await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'ANCHORING' } });
    expect(still.extensions.missing).toEqual(['DESCRIPTION']);

    // A description of blanks is no description.
    await w.coord.client.ok(UPDATE_P, { id: p.id, input: { description: '   ' } });
    expect((await read(w.a, p.id)).canAdvance).toBe(false);
    await w.coord.client.ok(UPDATE_P, { id: p.id, input: { description: 'Felles skoleskyss.' } });
    const ready = await read(w.a, p.id);
    expect(ready.checklist.every((i) => i.done)).toBe(true);
    expect(ready.canAdvance).toBe(true);

    const { advanceProcurementPhase: moved } = await advance(w.coord, p.id, 'ANCHORING');
    expect(moved).toMatchObject({ phase: 'NEED_ASSESSMENT', nextPhase: 'MARKET_DIALOGUE' });
    expect(moved.checklist.map((i: { key: string }) => i.key)).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);
    expect(moved.checklist.every((i: { opens: string }) => i.opens === 'MARKET_DIALOGUE')).toBe(true);
  });

  it('NEED_ASSESSMENT → MARKET_DIALOGUE needs a need description with a version, CPV codes on every lot and a value for every lot', async () => {
    const w = await world({ interests: false });
    const p = await create(w, { participantOrganisationIds: [w.a.organisation.id] });
    await advance(w.coord, p.id, 'ANCHORING');
    const [lot1, lot2] = p.lots;
    // Lot 2 (need 2) has no CPV code; no lot has a value.
    const missing = async () =>
      (await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } })).extensions
        .missing;
    const before = await read(w.a, p.id);
    expect(before.checklist.map((i) => [i.key, i.done])).toEqual([
      ['NEED_DESCRIPTION', false],
      ['LOTS', false],
      ['ESTIMATED_VALUE', false],
    ]);
    expect(before.canAdvance).toBe(false);
    expect(await missing()).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);

    // An empty need description, one of another need, or a deleted one does not count.
    const empty = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'NEED_DESCRIPTION' });
    const { createSharedNeed: unrelated } = await w.coord.client.ok(CREATE_NEED, {
      input: { groupId: w.groupId, title: 'Annet behov', problem: 'Noe annet.' },
    });
    await createDoc(w.a, { groupId: w.groupId, needId: unrelated.id, kind: 'NEED_DESCRIPTION', text: 'Annet' });
    const gone = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'NEED_DESCRIPTION', text: 'x' });
    await w.a.client.ok(DELETE_DOC, { id: gone.id });
    // Nor does a document of another kind.
    await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'Notat' });
    expect(await missing()).toEqual(['NEED_DESCRIPTION', 'LOTS', 'ESTIMATED_VALUE']);
    await w.a.client.ok(ADD_TEXT, { input: { documentId: empty.id, baseVersion: 0, text: 'Behovet', changeNote: '' } });
    expect(await missing()).toEqual(['LOTS', 'ESTIMATED_VALUE']);

    await w.coord.client.ok(UPDATE_LOT, { id: lot2.id, input: { cpvCodes: ['60130000'] } });
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    // A value stated by a participant that then withdrew does not count.
    await w.coord.client.ok(ADD_PART, { input: { procurementId: p.id, organisationId: w.b.organisation.id } });
    await setValue(w.b, lot1.id, '700');
    await setValue(w.b, lot2.id, '700');
    await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    await setValue(w.a, lot1.id, '1000');
    // A value for one lot is not a value for every lot.
    expect(await missing()).toEqual(['ESTIMATED_VALUE']);
    await setValue(w.coord, lot2.id, '500');
    const ready = await read(w.a, p.id);
    expect(ready.checklist.every((i) => i.done)).toBe(true);
    expect(ready.canAdvance).toBe(true);

    const { advanceProcurementPhase: moved } = await advance(w.coord, p.id, 'NEED_ASSESSMENT');
    expect(moved).toMatchObject({ phase: 'MARKET_DIALOGUE', nextPhase: 'PREPARATION', canAdvance: false });
    expect(moved.timeline.map((t: { phase: string; status: string }) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'DONE'],
      ['NEED_ASSESSMENT', 'DONE'],
      ['MARKET_DIALOGUE', 'CURRENT'],
      ['PREPARATION', 'UPCOMING'],
      ['COMPETITION', 'UPCOMING'],
      ['CONTRACT_FOLLOW_UP', 'UPCOMING'],
      ['BENEFITS_REALISATION', 'UPCOMING'],
      ['CLOSED', 'UPCOMING'],
    ]);
    const entered = moved.timeline.map((t: { enteredAt: string | null }) => t.enteredAt);
    expect(entered.slice(0, 3).every((e: string | null) => e !== null)).toBe(true);
    expect(entered.slice(3).every((e: string | null) => e === null)).toBe(true);
    const times = entered.slice(0, 3).map((e: string) => new Date(e).getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));

    // The next gate belongs to the market dialogue: a published notice and a summary.
    const err = await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'MARKET_DIALOGUE' } });
    expect(err.code).toBe('INVALID_STATE');
    expect(err.extensions.missing).toEqual(expect.arrayContaining(['DIALOGUE_NOTICE', 'MARKET_DIALOGUE_SUMMARY']));
    expect((await read(w.a, p.id)).phase).toBe('MARKET_DIALOGUE');
  });

  it('a need description attached to one of the procurement’s needs counts', async () => {
    const w = await world();
    const p = await create(w);
    await advance(w.coord, p.id, 'ANCHORING');
    const before = (await read(w.a, p.id)).checklist.find((i) => i.key === 'NEED_DESCRIPTION')!;
    expect(before.done).toBe(false);
    await createDoc(w.b, { groupId: w.groupId, needId: w.needs[1].id, kind: 'NEED_DESCRIPTION', text: 'Behov 2' });
    expect((await read(w.a, p.id)).checklist.find((i) => i.key === 'NEED_DESCRIPTION')!.done).toBe(true);
  });

  it('timeline at the start: ANCHORING current since creation, the rest upcoming', async () => {
    const w = await world();
    const p = await create(w);
    expect(p.timeline.map((t) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'CURRENT'],
      ['NEED_ASSESSMENT', 'UPCOMING'],
      ['MARKET_DIALOGUE', 'UPCOMING'],
      ['PREPARATION', 'UPCOMING'],
      ['COMPETITION', 'UPCOMING'],
      ['CONTRACT_FOLLOW_UP', 'UPCOMING'],
      ['BENEFITS_REALISATION', 'UPCOMING'],
      ['CLOSED', 'UPCOMING'],
    ]);
    expect(p.timeline[0].enteredAt).toEqual(expect.any(String));
  });
});

describe('cancelJointProcurement', () => {
  it('only coordinators cancel, with a reason', async () => {
    const w = await world();
    const p = await create(w);
    const input = { procurementId: p.id, reason: 'Behovet falt bort' };
    expect((await s.anon.fails(CANCEL, { input })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(CANCEL, { input })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(CANCEL, { input })).code).toBe('FORBIDDEN');
    const blank = await w.coord.client.fails(CANCEL, { input: { procurementId: p.id, reason: '  ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.reason']);
    expect((await read(w.a, p.id)).phase).toBe('ANCHORING');
    // From the very first phase.
    const { cancelJointProcurement: c } = await w.coord.client.ok(CANCEL, { input });
    expect(c).toMatchObject({ phase: 'CANCELLED', cancellationReason: 'Behovet falt bort' });
  });

  it('from a later phase; afterwards nothing changes (INVALID_STATE) and the timeline shows CANCELLED', async () => {
    const w = await world();
    const p = await create(w);
    await setMilestone(w.coord, p.id, 'OTHER', at(5), 'Møte');
    const milestone = (await read(w.a, p.id)).milestones[0];
    await sign(w.b, p.id);
    await advance(w.coord, p.id, 'ANCHORING');

    const { cancelJointProcurement: c } = await w.coord.client.ok(CANCEL, {
      input: { procurementId: p.id, reason: '  Ingen tilbydere i markedet  ' },
    });
    expect(c).toMatchObject({
      phase: 'CANCELLED',
      cancellationReason: 'Ingen tilbydere i markedet',
      nextPhase: null,
      canAdvance: false,
      checklist: [],
    });
    expect(c.timeline.map((t: { phase: string; status: string }) => [t.phase, t.status])).toEqual([
      ['ANCHORING', 'DONE'],
      ['NEED_ASSESSMENT', 'DONE'],
      ['MARKET_DIALOGUE', 'SKIPPED'],
      ['PREPARATION', 'SKIPPED'],
      ['COMPETITION', 'SKIPPED'],
      ['CONTRACT_FOLLOW_UP', 'SKIPPED'],
      ['BENEFITS_REALISATION', 'SKIPPED'],
      ['CLOSED', 'SKIPPED'],
      ['CANCELLED', 'CURRENT'],
    ]);
    expect(c.timeline.at(-1).enteredAt).toEqual(expect.any(String));

    const lot = p.lots[0].id;
    const refusals: [string, { code?: string }][] = [
      ['advance', await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'CANCELLED' } })],
      [
        'advance from the old phase',
        await w.coord.client.fails(ADVANCE, { input: { procurementId: p.id, from: 'NEED_ASSESSMENT' } }),
      ],
      ['cancel', await w.coord.client.fails(CANCEL, { input: { procurementId: p.id, reason: 'Igjen' } })],
      ['update', await w.coord.client.fails(UPDATE_P, { id: p.id, input: { title: 'Nytt navn' } })],
      ['add lot', await w.coord.client.fails(ADD_LOT, { p: p.id, input: { title: 'Ny del' } })],
      ['update lot', await w.coord.client.fails(UPDATE_LOT, { id: lot, input: { title: 'Ny tittel' } })],
      ['remove lot', await w.coord.client.fails(REMOVE_LOT, { id: lot })],
      ['set value', await w.a.client.fails(SET_VALUE, { input: { lotId: lot, amount: '1', currency: 'NOK' } })],
      [
        'sign',
        await w.a.client.fails(SIGN, { input: { procurementId: p.id, decisionReference: 'x', decisionDate: day(-1) } }),
      ],
      ['withdraw', await w.b.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } })],
      [
        'set milestone',
        await w.coord.client.fails(SET_MILESTONE, { input: { procurementId: p.id, kind: 'OTHER', dueAt: at(1) } }),
      ],
      ['complete milestone', await w.coord.client.fails(COMPLETE_MILESTONE, { id: milestone.id, completed: true })],
      ['remove milestone', await w.coord.client.fails(REMOVE_MILESTONE, { id: milestone.id })],
      [
        'add participant',
        await w.coord.client.fails(ADD_PART, { input: { procurementId: p.id, organisationId: w.c.organisation.id } }),
      ],
      [
        'remove participant',
        await w.coord.client.fails(REMOVE_PART, {
          input: { procurementId: p.id, organisationId: w.a.organisation.id },
        }),
      ],
      [
        'attach document',
        await w.a.client.fails(CREATE_DOC, {
          input: { groupId: w.groupId, procurementId: p.id, title: 'Sent', kind: 'OTHER', language: 'nb' },
        }),
      ],
    ];
    expect(refusals.map(([what, r]) => [what, r.code])).toEqual(refusals.map(([what]) => [what, 'INVALID_STATE']));

    const got = await read(w.a, p.id);
    expect(got).toMatchObject({ phase: 'CANCELLED', title: p.title, cancellationReason: 'Ingen tilbydere i markedet' });
    expect(got.lots.map((l) => l.id)).toEqual(p.lots.map((l) => l.id));
    expect(participant(got, w.b)!.mandate.status).toBe('SIGNED');
    expect(participant(got, w.a)!.mandate.status).toBe('REQUESTED');
    expect(got.milestones).toEqual([milestone]);
  });
});

// ---- lots ----

describe('lots', () => {
  it('only coordinators add, change and remove lots', async () => {
    const w = await world();
    const p = await create(w);
    const lot = p.lots[0].id;
    expect((await s.anon.fails(ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('NOT_FOUND');
    expect((await outsider.client.fails(UPDATE_LOT, { id: lot, input: { title: 'Del' } })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(ADD_LOT, { p: p.id, input: { title: 'Del' } })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(UPDATE_LOT, { id: lot, input: { title: 'Del' } })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(REMOVE_LOT, { id: lot })).code).toBe('FORBIDDEN');
    expect((await w.coord.client.fails(REMOVE_LOT, { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await read(w.a, p.id)).lots).toEqual(p.lots);
  });

  it('adds numbered lots, edits them, names bad fields', async () => {
    const w = await world();
    const other = await world();
    const p = await create(w, { needIds: [w.needs[0].id] });
    expect(p.lots.map((l) => l.number)).toEqual([1]);
    const { addProcurementLot: added } = await w.coord.client.ok(ADD_LOT, {
      p: p.id,
      input: {
        title: ' Drift ',
        description: 'Drift og vedlikehold',
        cpvCodes: ['50000000-5', '50000000'],
        needId: w.needs[0].id,
      },
    });
    expect(added).toMatchObject({
      number: 2,
      title: 'Drift',
      description: 'Drift og vedlikehold',
      cpvCodes: ['50000000'],
      need: { id: w.needs[0].id },
    });
    // Tied to a need, the lot takes the participants' stated values from their interests, as at creation.
    expect(byCurrency(added.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    const { addProcurementLot: plain } = await w.coord.client.ok(ADD_LOT, { p: p.id, input: { title: 'Uten behov' } });
    expect(plain).toMatchObject({ number: 3, cpvCodes: [], need: null, estimatedValue: [] });
    const field = async (q: string, vars: Record<string, unknown>) => {
      const err = await w.coord.client.fails(q, vars);
      expect(err.code, JSON.stringify(err)).toBe('BAD_USER_INPUT');
      return err.extensions.field;
    };
    expect(await field(ADD_LOT, { p: p.id, input: { title: 'X', needId: other.needs[0].id } })).toBe('input.needId');
    // A need of the group that the procurement was not brokered from.
    expect(await field(ADD_LOT, { p: p.id, input: { title: 'X', needId: w.needs[1].id } })).toBe('input.needId');
    expect(await field(ADD_LOT, { p: p.id, input: { title: 'X', cpvCodes: ['50000000', 'abc'] } })).toBe(
      'input.cpvCodes[1]',
    );
    expect(await field(ADD_LOT, { p: p.id, input: { title: ' ' } })).toBe('input.title');
    expect(await field(UPDATE_LOT, { id: added.id, input: { cpvCodes: ['1'] } })).toBe('input.cpvCodes[0]');
    expect(await field(UPDATE_LOT, { id: added.id, input: { title: '' } })).toBe('input.title');

    const { updateProcurementLot: updated } = await w.coord.client.ok(UPDATE_LOT, {
      id: added.id,
      input: { title: 'Drift og service', cpvCodes: ['50000000', '72000000-5'] },
    });
    expect(updated).toMatchObject({
      id: added.id,
      number: 2,
      title: 'Drift og service',
      description: 'Drift og vedlikehold',
      cpvCodes: ['50000000', '72000000'],
    });
    expect((await read(w.a, p.id)).lots.map((l) => [l.number, l.title])).toEqual([
      [1, p.lots[0].title],
      [2, 'Drift og service'],
      [3, 'Uten behov'],
    ]);
  });

  it('removing a lot drops it from signed mandates and its values from the estimate; a new lot is numbered after the highest left', async () => {
    const w = await world();
    const p = await create(w);
    const [lot1, lot2] = p.lots.map((l) => l.id);
    await sign(w.b, p.id);
    await sign(w.a, p.id, { lotIds: [lot2] });
    const { removeProcurementLot } = await w.coord.client.ok(REMOVE_LOT, { id: lot2 });
    expect(removeProcurementLot.lots).toEqual([{ id: lot1, number: 1 }]);
    const got = await read(w.c, p.id);
    expect(participant(got, w.b)!.mandate.lots).toEqual([{ id: lot1 }]);
    expect(participant(got, w.a)!.mandate.lots).toEqual([]);
    expect(participant(got, w.b)!.statedValues.map((v) => v.lotId)).toEqual([lot1]);
    // b's NOK 300 was on lot 2.
    expect(byCurrency(got.estimatedValue)).toEqual([
      { amount: '2000', currency: 'EUR', authorityCount: 1 },
      { amount: '100000.5', currency: 'NOK', authorityCount: 1 },
    ]);
    expect((await w.coord.client.fails(UPDATE_LOT, { id: lot2, input: { title: 'Borte' } })).code).toBe('NOT_FOUND');
    const { addProcurementLot } = await w.coord.client.ok(ADD_LOT, { p: p.id, input: { title: 'Ny del' } });
    expect(addProcurementLot.number).toBe(2);
  });
});

// ---- editing ----

describe('updateJointProcurement', () => {
  it('only coordinators edit; the lead moves only to a participant that has not withdrawn', async () => {
    const w = await world();
    const p = await create(w);
    expect((await s.anon.fails(UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(UPDATE_P, { id: p.id, input: { title: 'X' } })).code).toBe('FORBIDDEN');
    const blank = await w.coord.client.fails(UPDATE_P, { id: p.id, input: { title: ' ' } });
    expect([blank.code, blank.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.title']);
    const notIn = await w.coord.client.fails(UPDATE_P, {
      id: p.id,
      input: { leadOrganisationId: w.c.organisation.id },
    });
    expect([notIn.code, notIn.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    const gone = await w.coord.client.fails(UPDATE_P, { id: p.id, input: { leadOrganisationId: w.b.organisation.id } });
    expect([gone.code, gone.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.leadOrganisationId']);
    expect((await read(w.a, p.id)).title).toBe(p.title);

    const { updateJointProcurement } = await w.coord.client.ok(UPDATE_P, {
      id: p.id,
      input: { title: ' Nytt navn ', leadOrganisationId: w.a.organisation.id },
    });
    expect(updateJointProcurement).toMatchObject({ title: 'Nytt navn', leadAuthority: { id: w.a.organisation.id } });
    const got = await read(w.c, p.id);
    expect(got.participants.filter((x) => x.isLead).map((x) => x.organisation.id)).toEqual([w.a.organisation.id]);
    // The new lead may no longer withdraw; the former lead now may.
    expect((await w.a.client.fails(WITHDRAW, { input: { procurementId: p.id, reason: 'Nei' } })).code).toBe(
      'INVALID_STATE',
    );
    const { withdrawMandate } = await w.coord.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Byttet' } });
    expect(withdrawMandate.mandate.status).toBe('WITHDRAWN');
  });
});

// ---- participants ----

describe('participants', () => {
  it('only coordinators add and remove participants', async () => {
    const w = await world();
    const p = await create(w);
    const add = { procurementId: p.id, organisationId: w.c.organisation.id };
    const remove = { procurementId: p.id, organisationId: w.b.organisation.id };
    expect((await s.anon.fails(ADD_PART, { input: add })).code).toBe('UNAUTHENTICATED');
    expect((await outsider.client.fails(ADD_PART, { input: add })).code).toBe('NOT_FOUND');
    expect((await w.a.client.fails(ADD_PART, { input: add })).code).toBe('FORBIDDEN');
    expect((await w.c.client.fails(ADD_PART, { input: add })).code).toBe('FORBIDDEN');
    expect((await w.a.client.fails(REMOVE_PART, { input: remove })).code).toBe('FORBIDDEN');
    expect((await read(w.a, p.id)).participants.map((x) => x.organisation.id).sort()).toEqual(
      p.participants.map((x) => x.organisation.id).sort(),
    );
  });

  it('adds members, refuses non-members and those already in, removes unsigned ones with their values', async () => {
    const w = await world();
    const p = await create(w);
    const { addProcurementParticipant: added } = await w.coord.client.ok(ADD_PART, {
      input: { procurementId: p.id, organisationId: w.c.organisation.id },
    });
    expect(added).toMatchObject({
      organisation: { id: w.c.organisation.id },
      isLead: false,
      mandate: { status: 'REQUESTED' },
    });

    const outsiderAdd = await w.coord.client.fails(ADD_PART, {
      input: { procurementId: p.id, organisationId: outsider.organisation.id },
    });
    expect([outsiderAdd.code, outsiderAdd.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
    expect(
      (await w.coord.client.fails(ADD_PART, { input: { procurementId: p.id, organisationId: w.a.organisation.id } }))
        .code,
    ).toBe('CONFLICT');

    const { removeProcurementParticipant } = await w.coord.client.ok(REMOVE_PART, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect(
      removeProcurementParticipant.participants.map((x: { organisation: { id: string } }) => x.organisation.id).sort(),
    ).toEqual([w.coord.organisation.id, w.a.organisation.id, w.c.organisation.id].sort());
    const got = await read(w.a, p.id);
    expect(got.estimatedValue).toEqual([{ amount: '100000.5', currency: 'NOK', authorityCount: 1 }]);
    const notIn = await w.coord.client.fails(REMOVE_PART, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect([notIn.code, notIn.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.organisationId']);
  });

  it('cannot remove the lead or a participant that signed', async () => {
    const w = await world();
    const p = await create(w);
    await sign(w.a, p.id);
    for (const org of [w.coord.organisation.id, w.a.organisation.id]) {
      const err = await w.coord.client.fails(REMOVE_PART, { input: { procurementId: p.id, organisationId: org } });
      expect(err.code).toBe('INVALID_STATE');
    }
    expect((await read(w.a, p.id)).participants).toHaveLength(3);
  });

  it('asking a withdrawn participant back requests its mandate again', async () => {
    const w = await world();
    const p = await create(w);
    await sign(w.b, p.id, { lotIds: [p.lots[0].id] });
    await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
    const { addProcurementParticipant: back } = await w.coord.client.ok(ADD_PART, {
      input: { procurementId: p.id, organisationId: w.b.organisation.id },
    });
    expect(back.mandate).toEqual({
      status: 'REQUESTED',
      decisionReference: null,
      decisionDate: null,
      signedAt: null,
      withdrawnAt: null,
      withdrawalReason: null,
      signedBy: null,
      lots: [],
      document: null,
    });
    const got = await read(w.a, p.id);
    expect(got.participants.filter((x) => x.organisation.id === w.b.organisation.id)).toHaveLength(1);
    // And it can sign afresh.
    const { signMandate } = await sign(w.b, p.id);
    expect(signMandate.mandate.status).toBe('SIGNED');
  });
});

// ---- live ----

describe('procurementEvents', () => {
  it('a member on another instance receives phase and mandate changes in order, and nothing of other procurements', async () => {
    const w = await world();
    const p = await create(w);
    const q = await create(w);
    const b = await s.startInstance();
    const onB = wsClient(b.wsUrl, w.c.token);
    try {
      const sub = collect(onB, PROCUREMENT_EVENTS, { procurementId: p.id, after: await head() });
      await advance(w.coord, p.id, 'ANCHORING');
      await sign(w.a, p.id);
      await advance(w.coord, q.id, 'ANCHORING');
      await w.b.client.ok(WITHDRAW, { input: { procurementId: p.id, reason: 'Ut' } });
      const wanted = ['procurement.phase_changed', 'mandate.signed', 'mandate.withdrawn'];
      const mine = (x: { items: any[] }) => x.items.filter((e) => wanted.includes(e.type));
      await sub.until((x) => mine(x).length >= 3);
      expect(sub.errors).toEqual([]);
      expect(mine(sub).map((e) => [e.type, e.payload])).toEqual([
        ['procurement.phase_changed', { procurementId: p.id, from: 'ANCHORING', to: 'NEED_ASSESSMENT' }],
        ['mandate.signed', expect.objectContaining({ procurementId: p.id, organisationId: w.a.organisation.id })],
        ['mandate.withdrawn', { procurementId: p.id, organisationId: w.b.organisation.id }],
      ]);
      expect(
        sub.items.every((e) => e.scopeType === 'procurement' && e.scopeId === p.id && e.groupId === w.groupId),
      ).toBe(true);
      const ids = sub.items.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((x, y) => x - y));
    } finally {
      await onB.dispose();
    }
  });

  it('replays what came after `after`', async () => {
    const w = await world();
    const p = await create(w);
    const from = await head();
    await sign(w.a, p.id);
    const c = wsClient(s.url.replace(/^http/, 'ws'), w.observer.token);
    try {
      const sub = collect(c, PROCUREMENT_EVENTS, { procurementId: p.id, after: from });
      await sub.until((x) => x.items.some((e) => e.type === 'mandate.signed'));
      expect(sub.items.map((e) => e.type)).toEqual(['mandate.signed']);
    } finally {
      await c.dispose();
    }
  });

  it('refuses members of another group, outsiders and suppliers (NOT_FOUND)', async () => {
    const w = await world();
    const p = await create(w);
    const other = await world();
    for (const u of [other.coord, outsider, supplier]) {
      const c = wsClient(s.url.replace(/^http/, 'ws'), u.token);
      try {
        const sub = collect(c, PROCUREMENT_EVENTS, { procurementId: p.id, after: await head() });
        await sub.until((x) => x.completed);
        expect(sub.items).toEqual([]);
        expect(sub.errors[0].extensions.code).toBe('NOT_FOUND');
      } finally {
        await c.dispose();
      }
    }
  });
});

// ---- documents ----

describe('documents of a procurement', () => {
  it('are attached with procurementId of the same group and listed on the procurement', async () => {
    const w = await world();
    const p = await create(w);
    const other = await world();
    const foreign = await create(other);
    const bad = await w.a.client.fails(CREATE_DOC, {
      input: { groupId: w.groupId, procurementId: foreign.id, title: 'X', kind: 'OTHER', language: 'nb' },
    });
    expect([bad.code, bad.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    const unknown = await w.a.client.fails(CREATE_DOC, {
      input: { groupId: w.groupId, procurementId: randomUUID(), title: 'X', kind: 'OTHER', language: 'nb' },
    });
    expect([unknown.code, unknown.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    const both = await w.a.client.fails(CREATE_DOC, {
      input: {
        groupId: w.groupId,
        procurementId: p.id,
        needId: w.needs[0].id,
        title: 'X',
        kind: 'OTHER',
        language: 'nb',
      },
    });
    expect([both.code, both.extensions.field]).toEqual(['BAD_USER_INPUT', 'input.procurementId']);
    expect(
      (
        await w.observer.client.fails(CREATE_DOC, {
          input: { groupId: w.groupId, procurementId: p.id, title: 'X', kind: 'OTHER', language: 'nb' },
        })
      ).code,
    ).toBe('FORBIDDEN');

    const d = await createDoc(w.a, {
      groupId: w.groupId,
      procurementId: p.id,
      kind: 'REQUIREMENT_SPECIFICATION',
      text: 'Krav',
    });
    expect(d).toMatchObject({ parentType: 'PROCUREMENT', currentVersion: 1, publishedVersion: null });
    const { jointProcurement } = await w.c.client.ok(PROC_DOCS, { id: p.id });
    expect(jointProcurement.documents.totalCount).toBe(1);
    expect(jointProcurement.documents.nodes).toEqual([
      { id: d.id, title: expect.any(String), kind: 'REQUIREMENT_SPECIFICATION' },
    ]);
    // Not on the other procurement, nor on a need.
    expect((await other.a.client.ok(PROC_DOCS, { id: foreign.id })).jointProcurement.documents.totalCount).toBe(0);
    expect((await w.a.client.ok(NEED_DOCS, { id: w.needs[0].id })).sharedNeed.documents.totalCount).toBe(0);
  });

  it('publishing an empty one is refused; publishing fixes the version suppliers read until published again', async () => {
    const w = await world();
    const p = await create(w);
    const d = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER' });
    const empty = await w.coord.client.fails(UPDATE_DOC, { id: d.id, input: { visibility: 'PUBLISHED' } });
    expect(empty.code).toBe('INVALID_STATE');
    expect((await w.a.client.ok(DOC_Q, { id: d.id })).document).toMatchObject({
      visibility: 'GROUP',
      publishedVersion: null,
      publishedAt: null,
    });

    await w.a.client.ok(ADD_TEXT, { input: { documentId: d.id, baseVersion: 0, text: 'Versjon 1', changeNote: '' } });
    // Members do not publish.
    expect((await w.a.client.fails(UPDATE_DOC, { id: d.id, input: { visibility: 'PUBLISHED' } })).code).toBe(
      'FORBIDDEN',
    );
    const { updateDocument: published } = await w.coord.client.ok(UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED' },
    });
    expect(published).toMatchObject({ visibility: 'PUBLISHED', currentVersion: 1, publishedVersion: 1 });
    expect(published.publishedAt).toEqual(expect.any(String));

    await w.a.client.ok(ADD_TEXT, { input: { documentId: d.id, baseVersion: 1, text: 'Versjon 2', changeNote: '' } });
    // A rename does not publish the newer version either.
    await w.coord.client.ok(UPDATE_DOC, { id: d.id, input: { title: 'Nytt navn' } });
    expect((await w.a.client.ok(DOC_Q, { id: d.id })).document).toMatchObject({
      currentVersion: 2,
      publishedVersion: 1,
    });

    const { updateDocument: again } = await w.coord.client.ok(UPDATE_DOC, {
      id: d.id,
      input: { visibility: 'PUBLISHED' },
    });
    expect(again).toMatchObject({ currentVersion: 2, publishedVersion: 2 });
    const { updateDocument: back } = await w.coord.client.ok(UPDATE_DOC, { id: d.id, input: { visibility: 'GROUP' } });
    expect(back).toMatchObject({ visibility: 'GROUP', publishedVersion: null, publishedAt: null });
  });

  it('document events of the procurement reach its subscribers', async () => {
    const w = await world();
    const p = await create(w);
    const c = wsClient(s.url.replace(/^http/, 'ws'), w.b.token);
    try {
      const sub = collect(c, PROCUREMENT_EVENTS, { procurementId: p.id, after: await head() });
      const d = await createDoc(w.a, { groupId: w.groupId, procurementId: p.id, kind: 'OTHER', text: 'Hei' });
      await sub.until((x) => x.items.filter((e) => e.payload.documentId === d.id).length >= 2);
      expect(sub.items.filter((e) => e.payload.documentId === d.id).map((e) => e.type)).toEqual([
        'document.created',
        'document.version_added',
      ]);
    } finally {
      await c.dispose();
    }
  });
});
