import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import {
  contractPolicy,
  requireCompetition,
  requireContractPhase,
  type ContractAction,
} from '../../server/modules/contracts/contract.policy.js';
import { ProcurementPhase } from '../../server/modules/procurements/procurement.entity.js';
import { F, outcomes, procurementSubject, walkTable, type Persona } from './procurement-subjects.js';

const COORDINATORS = outcomes(F(Missing.COORDINATOR), { coordinator: 'ok' });

const TABLE: Record<ContractAction, Record<Persona, string>> = {
  /** The procurement's readers: the group's members and guests; never outsiders (nor suppliers). */
  read: outcomes('ok', { outsider: F(Missing.MEMBERSHIP), invited: F(Missing.MEMBERSHIP) }),
  manage: COORDINATORS,
  /** An authority that takes part, by a person acting for it: no observer, no guest, no withdrawn one. */
  administerCallOff: outcomes(F(Missing.PARTICIPANT), {
    observerParticipant: F(Missing.CONTRIBUTOR),
    participant: 'ok',
    signed: 'ok',
    lead: 'ok',
  }),
};

describe('contract policy', () => {
  walkTable(contractPolicy, TABLE, ['read']);

  it('takes tenders and awards only in COMPETITION, contracts also in CONTRACT_FOLLOW_UP', () => {
    const at = (phase: ProcurementPhase) => ({ ...procurementSubject('coordinator').procurement, phase });
    const refusal = (fn: () => void) => {
      try {
        fn();
        return 'ok';
      } catch (err) {
        return (err as { extensions: { missing: string[] } }).extensions.missing[0];
      }
    };
    expect(refusal(() => requireCompetition(at(ProcurementPhase.COMPETITION), 'Tenders are recorded'))).toBe('ok');
    expect(refusal(() => requireCompetition(at(ProcurementPhase.PREPARATION), 'Tenders are recorded'))).toBe(
      Missing.COMPETITION,
    );
    expect(refusal(() => requireContractPhase(at(ProcurementPhase.CONTRACT_FOLLOW_UP), 'Contracts'))).toBe('ok');
    expect(refusal(() => requireContractPhase(at(ProcurementPhase.BENEFITS_REALISATION), 'Contracts'))).toBe(
      Missing.CONTRACT_PHASE,
    );
    expect(refusal(() => requireContractPhase(at(ProcurementPhase.CLOSED), 'Contracts'))).toBe(
      Missing.OPEN_PROCUREMENT,
    );
  });
});
