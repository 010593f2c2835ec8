import { awardEveryLot, contractEveryAward } from './contracts.js';
import type { TestUser } from './factories.js';
import { day, hex, inDays } from './helpers.js';
import {
  ADD_INDICATOR,
  ADVANCE,
  CAST_VOTE,
  CLOSE_DECISION,
  CREATE_DOC,
  OPEN_DECISION,
  PHASE_Q,
  RECORD,
  SET_MILESTONE,
  SIGN,
  UPDATE_DOC,
} from './operations.js';
import { gql, type VariablesOf } from './graphql.js';
import { dialogue, procurement, world, type Buyers, type World } from './world.js';
import type { TestServer } from './server.js';

/**
 * Moving a joint procurement along through the API: documents, mandates, decisions, measurements,
 * and `driveTo`, which walks a procurement through the phase gates supplying what each one misses.
 */

// The browser tests (test/e2e/procurement.test.ts) take these from here.
export {
  ASK,
  CREATE_DOC,
  CREATE_NEED,
  CREATE_PROCUREMENT,
  OPEN_DECISION,
  REGISTER,
  SET_INTEREST,
} from './operations.js';
export { hex, inDays } from './helpers.js';
/** A user of a new supplier organisation. */
export const supplier = (s: TestServer, name?: string) => s.factories.supplier({ name });

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

export type DocumentKind = VariablesOf<typeof CREATE_DOC>['input']['kind'];

/** A procurement document with one text version; PUBLISHED to suppliers when asked. */
export async function addDocument(
  w: Buyers,
  procurementId: string,
  kind: DocumentKind,
  o: { publish?: boolean; title?: string; text?: string; by?: TestUser } = {},
) {
  const by = o.by ?? w.coord;
  const { createDocument } = await by.client.ok(CREATE_DOC, {
    input: {
      groupId: w.groupId,
      procurementId,
      kind,
      language: 'nb',
      title: o.title ?? `${kind} ${hex()}`,
      text: o.text ?? `# ${kind}\n\nInnhold.`,
    },
  });
  if (o.publish) await w.coord.client.ok(UPDATE_DOC, { id: createDocument.id, input: { visibility: 'PUBLISHED' } });
  return createDocument;
}

/** `by`'s organisation signs its mandate for the procurement, decided today. */
export const signMandate = (by: TestUser, procurementId: string) =>
  by.client.ok(SIGN, { input: { procurementId, decisionReference: `KS-${hex()}`, decisionDate: day(0) } });

/** A decision approving `gate`: coordinator and member a vote for option 0, then it is closed now. */
export async function approveGate(w: World<'a'>, procurementId: string, gate: Phase | null, title = 'Godkjenne') {
  const { openDecision } = await w.coord.client.ok(OPEN_DECISION, {
    input: { procurementId, title, quorum: 2, closesAt: inDays(1), gate },
  });
  await w.coord.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  await w.a.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });
  const { closeDecision } = await w.coord.client.ok(CLOSE_DECISION, { id: openDecision.id });
  if (!closeDecision.approved) throw new Error(`decision not approved: ${JSON.stringify(closeDecision)}`);
  return closeDecision;
}

const BENEFITS = gql(`query($id: ID!) { jointProcurement(id: $id) { id benefits { id measurements { kind } } } }`);

/** Records `kind` for member a on every indicator that lacks one (adding an indicator if there is none). */
async function measureAll(w: World<'a'>, procurementId: string, kind: 'BASELINE' | 'FOLLOW_UP', value: string) {
  let { jointProcurement } = await w.coord.client.ok(BENEFITS, { id: procurementId });
  if (!jointProcurement?.benefits.length) {
    await w.coord.client.ok(ADD_INDICATOR, {
      input: { procurementId, name: 'Reisetid', unit: 'minutter', direction: 'LOWER_IS_BETTER' },
    });
    ({ jointProcurement } = await w.coord.client.ok(BENEFITS, { id: procurementId }));
  }
  for (const i of jointProcurement?.benefits ?? []) {
    if (i.measurements.some((m) => m.kind === kind)) continue;
    await w.a.client.ok(RECORD, { input: { indicatorId: i.id, kind, value, measuredOn: day(0) } });
  }
}

/** What `driveTo` does for each checklist item that is missing. */
const SUPPLY: Record<string, (w: World<'a'>, id: string) => Promise<unknown>> = {
  NEED_DESCRIPTION: (w, id) => addDocument(w, id, 'NEED_DESCRIPTION'),
  DIALOGUE_NOTICE: (w, id) => dialogue(w, id),
  MARKET_DIALOGUE_SUMMARY: (w, id) => addDocument(w, id, 'MARKET_DIALOGUE_SUMMARY'),
  REQUIREMENT_SPECIFICATION: (w, id) => addDocument(w, id, 'REQUIREMENT_SPECIFICATION'),
  SIGNED_MANDATE: (w, id) => signMandate(w.a, id),
  SPECIFICATION_APPROVED: (w, id) => approveGate(w, id, 'COMPETITION', 'Godkjenne kravspesifikasjonen'),
  TENDER_DEADLINE: (w, id) =>
    w.coord.client.ok(SET_MILESTONE, { input: { procurementId: id, kind: 'TENDER_DEADLINE', dueAt: inDays(30) } }),
  AWARD_DECISION: (w, id) => awardEveryLot(w, id),
  // The server must have no standstill period (contracts.ts `noStandstill`): no test waits 10 days.
  CONTRACT: (w, id) => contractEveryAward(w, id),
  BENEFIT_BASELINES: (w, id) => measureAll(w, id, 'BASELINE', '40'),
  BENEFIT_FOLLOW_UP: (w, id) => measureAll(w, id, 'FOLLOW_UP', '30'),
};

const phaseOf = async (w: World<'a'>, procurementId: string) => {
  const { jointProcurement } = await w.coord.client.ok(PHASE_Q, { id: procurementId });
  if (!jointProcurement) throw new Error(`procurement ${procurementId} not found`);
  return jointProcurement;
};

/** One move forward, after supplying whatever the checklist misses; returns the new phase. */
export async function advance(w: World<'a'>, procurementId: string): Promise<string> {
  let p = await phaseOf(w, procurementId);
  // Supplying one item can undo another (awarding another lot wants its contract too): read again.
  for (let pass = 0; pass < 3 && p.checklist.some((i) => !i.done); pass++) {
    for (const item of p.checklist) {
      if (item.done) continue;
      const supply = SUPPLY[item.key];
      if (!supply) throw new Error(`driveTo cannot supply ${item.key} (the setup should have it)`);
      await supply(w, procurementId);
    }
    p = await phaseOf(w, procurementId);
  }
  const { advanceProcurementPhase } = await w.coord.client.ok(ADVANCE, { input: { procurementId, from: p.phase } });
  return advanceProcurementPhase.phase;
}

/** Walks the procurement forward through the gates to `target`, through the API only. */
export async function driveTo(w: World<'a'>, procurementId: string, target: Phase): Promise<void> {
  let phase: string = (await phaseOf(w, procurementId)).phase;
  if (!PHASES.includes(phase as Phase)) throw new Error(`cannot drive a procurement in ${phase}`);
  while (PHASES.indexOf(phase as Phase) < PHASES.indexOf(target)) phase = await advance(w, procurementId);
  if (phase !== target) throw new Error(`driveTo ${target}: the procurement is already in ${phase}`);
}

/**
 * A world with a procurement: its participants are the coordinator's authority (lead), a and b (who
 * stated interests); c is a member that does not take part, and `outsider` an authority outside the group.
 */
export async function withProcurement(s: TestServer) {
  const [w, outsider] = await Promise.all([world(s, { members: { a: {}, b: {}, c: {} } }), s.factories.user()]);
  const p = await procurement(w);
  return { ...w, outsider, procurementId: p.id };
}
export type WithProcurement = Awaited<ReturnType<typeof withProcurement>>;
