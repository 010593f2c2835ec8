import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { ProcurementPhase } from '../../server/modules/procurements/procurement.entity.js';
import {
  canTakePart,
  openProcurement,
  procurementPolicy,
  requireBeforeCompetition,
  requireOpen,
  type ProcurementAction,
} from '../../server/modules/procurements/procurement.policy.js';
import { outcome } from './actors.js';
import {
  actorOfTables,
  F,
  outcomes,
  PERSONA_NAMES,
  procurementSubject,
  S,
  walkTable,
  type Persona,
} from './procurement-subjects.js';

const COORDINATORS = outcomes(F(Missing.COORDINATOR), { coordinator: 'ok' });

/** The participant rules: the organisation takes part (withdrawn or not), then acts for it (no observer, no guest). */
const MANDATES = outcomes(F(Missing.PARTICIPANT), {
  observerParticipant: F(Missing.CONTRIBUTOR),
  participant: 'ok',
  signed: 'ok',
  withdrawn: 'ok',
  lead: 'ok',
});
const PARTICIPATING = { ...MANDATES, withdrawn: F(Missing.PARTICIPANT) };

const TABLE: Record<string, Record<Persona, string>> = {
  read: outcomes('ok', { outsider: F(Missing.MEMBERSHIP), invited: F(Missing.MEMBERSHIP) }),
  readAsCoordinator: COORDINATORS,
  change: outcomes('ok'),
  coordinate: COORDINATORS,
  'removeParticipant:another': COORDINATORS,
  'removeParticipant:lead': { ...COORDINATORS, coordinator: S(Missing.OTHER_LEAD) },
  signMandate: MANDATES,
  withdrawMandate: { ...MANDATES, lead: S(Missing.OTHER_LEAD) },
  actAsParticipant: PARTICIPATING,
  actFor: PARTICIPATING,
  'actFor:another': COORDINATORS,
};
const READS: ProcurementAction[] = ['read', 'readAsCoordinator'];

describe('procurement policy', () => {
  walkTable(procurementPolicy, TABLE, READS);

  it('words a refusal with what was asked, and throws it as the API error with the missing key', () => {
    const withdrawn = procurementSubject('withdrawn');
    expect(procurementPolicy.check(actorOfTables, 'actAsParticipant', withdrawn, 'vote')).toMatchObject({
      message: 'Only participating authorities vote.',
    });
    expect(() =>
      procurementPolicy.authorize(actorOfTables, 'coordinate', procurementSubject('member'), 'change lots'),
    ).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN', missing: [Missing.COORDINATOR] } }));
    expect(() =>
      procurementPolicy.authorize(actorOfTables, 'withdrawMandate', procurementSubject('lead'), 'withdraw mandates'),
    ).toThrow(expect.objectContaining({ extensions: { code: 'INVALID_STATE', missing: [Missing.OTHER_LEAD] } }));
  });
});

describe('who may take part', () => {
  it('active members and coordinators; not observers, nor organisations not (yet) active', () => {
    const taking = PERSONA_NAMES.filter((p) => {
      const { membership } = procurementSubject(p);
      return membership !== null && !membership.guest && canTakePart(membership);
    });
    expect(taking).toEqual(['member', 'participant', 'signed', 'withdrawn', 'lead', 'coordinator']);
  });
});

describe('procurement state guards', () => {
  const phases = Object.values(ProcurementPhase);
  const at = (phase: ProcurementPhase) => procurementSubject('coordinator', { phase }).procurement;

  it('an open procurement: every phase but CLOSED and CANCELLED', () => {
    for (const phase of phases) {
      const finished = phase === ProcurementPhase.CLOSED || phase === ProcurementPhase.CANCELLED;
      expect([phase, outcome(openProcurement(at(phase)))]).toEqual([
        phase,
        finished ? S(Missing.OPEN_PROCUREMENT) : 'ok',
      ]);
    }
    expect(() => requireOpen(at(ProcurementPhase.CANCELLED))).toThrow(
      expect.objectContaining({ extensions: { code: 'INVALID_STATE', missing: [Missing.OPEN_PROCUREMENT] } }),
    );
  });

  it('before the competition: lots, participants, values and mandates are fixed from COMPETITION on', () => {
    const missingOf = (phase: ProcurementPhase) => {
      try {
        requireBeforeCompetition(at(phase), 'Lots');
        return 'ok';
      } catch (err) {
        return (err as { extensions: { missing: string[] } }).extensions.missing[0];
      }
    };
    expect(phases.map((phase) => [phase, missingOf(phase)])).toEqual([
      [ProcurementPhase.ANCHORING, 'ok'],
      [ProcurementPhase.NEED_ASSESSMENT, 'ok'],
      [ProcurementPhase.MARKET_DIALOGUE, 'ok'],
      [ProcurementPhase.PREPARATION, 'ok'],
      [ProcurementPhase.COMPETITION, Missing.BEFORE_COMPETITION],
      [ProcurementPhase.CONTRACT_FOLLOW_UP, Missing.BEFORE_COMPETITION],
      [ProcurementPhase.BENEFITS_REALISATION, Missing.BEFORE_COMPETITION],
      [ProcurementPhase.CLOSED, Missing.OPEN_PROCUREMENT],
      [ProcurementPhase.CANCELLED, Missing.OPEN_PROCUREMENT],
    ]);
  });
});
