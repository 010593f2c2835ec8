import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { decisionPolicy, type DecisionAction } from '../../server/modules/decisions/decision.policy.js';
import { actorOfTables, F, outcomes, procurementSubject, walkTable, type Persona } from './procurement-subjects.js';

const COORDINATORS = outcomes(F(Missing.COORDINATOR), { coordinator: 'ok' });

const TABLE: Record<DecisionAction, Record<Persona, string>> = {
  open: COORDINATORS,
  /** One vote per participating authority that has not withdrawn, cast by a person acting for it. */
  vote: outcomes(F(Missing.PARTICIPANT), {
    observerParticipant: F(Missing.CONTRIBUTOR),
    participant: 'ok',
    signed: 'ok',
    lead: 'ok',
  }),
  close: COORDINATORS,
};

describe('decision policy', () => {
  // Closing early is allowed in an archived group: it records now what the closing time would.
  walkTable(decisionPolicy, TABLE, ['close']);

  it('refuses a vote with the message the API has always given', () => {
    expect(decisionPolicy.check(actorOfTables, 'vote', procurementSubject('member'), 'vote')).toMatchObject({
      ok: false,
      message: 'Only participating authorities vote.',
    });
  });
});
