import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { benefitPolicy } from '../../server/modules/benefits/benefit.policy.js';
import { outcome } from './actors.js';
import { actorOfTables, F, outcomes, procurementSubject, walkTable, type Persona } from './procurement-subjects.js';

const COORDINATORS = outcomes(F(Missing.COORDINATOR), { coordinator: 'ok' });

const TABLE: Record<string, Record<Persona, string>> = {
  defineIndicator: COORDINATORS,
  /** An authority's own figures: it takes part (not withdrawn) and the person acts for it. */
  record: outcomes(F(Missing.PARTICIPANT), {
    observerParticipant: F(Missing.CONTRIBUTOR),
    participant: 'ok',
    signed: 'ok',
    lead: 'ok',
  }),
  /** Another authority's figures: the coordinators' (whether it takes part is the service's input check). */
  'record:another': COORDINATORS,
};

describe('benefit policy', () => {
  walkTable(benefitPolicy, TABLE);

  it('names the other authority in the refusal', () => {
    const verdict = benefitPolicy.check(
      actorOfTables,
      'record',
      procurementSubject('participant', { concerning: 'another' }),
      'record measurements',
    );
    expect(outcome(verdict)).toBe(F(Missing.COORDINATOR));
    expect(verdict).toMatchObject({
      message: "Only the group's coordinators record measurements for another authority.",
    });
  });
});
