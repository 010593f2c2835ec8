import DataLoader from 'dataloader';
import { In, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { loadPages, type Connection, type PageArgs } from '../../common/pagination.js';
import type { Loaders } from '../../loaders.js';
import { Thread, ThreadParent, type ThreadKind } from '../discussions/thread.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import {
  isFinished,
  Lot,
  LotValue,
  MandateStatus,
  Milestone,
  Participant,
  PHASE_ORDER,
  Procurement,
  ProcurementNeed,
  ProcurementPhase,
  ValueBasis,
} from './procurement.entity.js';
import { checklist, loadGateFactsMany, nextPhase, type GateFacts } from './procurement.gates.js';
import type { ProcurementSubject } from './procurement.policy.js';
import type { Thresholds } from './procurement.thresholds.js';
import {
  AuthorityLevel,
  NoticeKind,
  PhaseStepStatus,
  type ChecklistItem,
  type PhaseStep,
  type ThresholdAssessment,
} from './procurement.types.js';
import {
  estimatedValues,
  leadCurrency,
  lotComputation,
  thresholdPosition,
  type ValueEstimate,
} from './procurement.value.js';

/**
 * The rows of `entity` whose `key` column names a parent, by parent: every parent asked for in one
 * tick is read in one statement (Loaders.children). Also for decisions' and benefits' rows.
 */
export function childrenOf<T extends ObjectLiteral>(
  loaders: Loaders,
  name: string,
  entity: EntityTarget<T>,
  key: keyof T & string,
  order: FindOptionsOrder<T>,
): (parentId: string) => Promise<T[]> {
  const repo = () => loaders.db.getRepository(entity);
  return (parentId) =>
    loaders.children<T>(
      name,
      (row) => row[key] as string,
      (ids) => repo().find({ where: { [key]: In(ids) } as FindOptionsWhere<T>, order }),
      parentId,
    );
}

/** The time each phase was entered, for every procurement of the request in one statement. */
function phaseEntries(loaders: Loaders) {
  return loaders.get(
    'procurementPhaseEntries',
    () =>
      new DataLoader<string, { phase: string; at: Date }[]>(async (ids) => {
        const all = (await loaders.db.query(
          `SELECT scope_id, payload->>'to' AS phase, max(created_at) AS at FROM event
           WHERE scope_type = 'procurement' AND scope_id = ANY($1::uuid[]) AND type = 'procurement.phase_changed'
           GROUP BY 1, 2`,
          [[...ids]],
        )) as { scope_id: string; phase: string; at: Date }[];
        return ids.map((id) => all.filter((r) => r.scope_id === id));
      }),
  );
}

/**
 * Per-request batched reads of joint procurements, for resolvers (and the OCDS export): a list of
 * procurements with their lots, participants, values and checklists reads each kind of row once.
 * The caller has checked that the viewer may read the procurement.
 */
export function procurementLoaders(loaders: Loaders) {
  const { db } = loaders;
  const participantsOf = childrenOf(loaders, 'procurementParticipants', Participant, 'procurementId', {
    createdAt: 'ASC',
  });
  const lotValuesOf = childrenOf(loaders, 'procurementLotValues', LotValue, 'procurementId', {
    organisationId: 'ASC',
  });
  const lotsOf = childrenOf(loaders, 'procurementLots', Lot, 'procurementId', { number: 'ASC' });

  /**
   * The estimated value of a procurement per lot and in total (procurement.value.ts), in its lead
   * authority's currency; `thresholds`: the configured file (its rates convert the currencies).
   */
  function estimate(procurementId: string, thresholds: Thresholds): Promise<ValueEstimate> {
    return loaders
      .get(
        'procurementEstimates',
        () =>
          new DataLoader<string, ValueEstimate>((ids) =>
            Promise.all(
              ids.map(async (id) => {
                const procurement = await loaders.byId(Procurement, 'Procurement').load(id);
                const [lead, lots, values, participants] = await Promise.all([
                  loaders.organisation.load(procurement!.leadOrganisationId),
                  lotsOf(id),
                  lotValuesOf(id),
                  participantsOf(id),
                ]);
                return estimatedValues(
                  { lots, values, participants },
                  thresholds,
                  leadCurrency(thresholds, lead!.country),
                );
              }),
            ),
          ),
      )
      .load(procurementId);
  }

  return {
    participantsOf,
    lotValuesOf,
    estimate,
    lotsOf,
    milestonesOf: childrenOf(loaders, 'procurementMilestones', Milestone, 'procurementId', { dueAt: 'ASC', id: 'ASC' }),

    /** A group's procurements, newest first (the caller checked the viewer reads the group as a member). */
    listForGroup(groupId: string, args: PageArgs): Promise<Connection<Procurement>> {
      return loaders
        .get(
          `procurements:${JSON.stringify([args.first, args.after ?? null])}`,
          () =>
            new DataLoader<string, Connection<Procurement>>(async (ids) => {
              const pages = await loadPages({
                repo: db.getRepository(Procurement),
                first: args.first,
                after: args.after,
                parent: { column: 't.group_id', ids, of: (p) => p.groupId },
                sort: { expr: 't.created_at', direction: 'DESC' },
              });
              return ids.map((id) => pages.get(id)!);
            }),
        )
        .load(groupId);
    },

    async needsOf(procurementId: string): Promise<SharedNeed[]> {
      const links = await loaders.children<ProcurementNeed>(
        'procurementNeeds',
        (r) => r.procurementId,
        (ids) => db.getRepository(ProcurementNeed).findBy({ procurementId: In(ids) }),
        procurementId,
      );
      const needs = await loaders.byId(SharedNeed, 'SharedNeed').loadMany(links.map((l) => l.needId));
      return needs.filter((n): n is SharedNeed => n instanceof SharedNeed);
    },

    /** The buyers' or the public dialogue channel, opened with the procurement. */
    async threadOf(procurementId: string, kind: ThreadKind): Promise<Thread> {
      const threads = await loaders
        .get(
          'procurementThreads',
          () =>
            new DataLoader<string, Thread[]>(async (ids) => {
              const rows = await db
                .getRepository(Thread)
                .findBy({ parentType: ThreadParent.PROCUREMENT, parentId: In([...ids]) });
              return ids.map((id) => rows.filter((t) => t.parentId === id));
            }),
        )
        .load(procurementId);
      return threads.find((t) => t.kind === kind)!;
    },

    /** Where the estimated value stands against the lead authority's country's thresholds (`thresholds`: the configured file). */
    async thresholdAssessment(procurement: Procurement, thresholds: Thresholds): Promise<ThresholdAssessment> {
      const [lead, participants, est] = await Promise.all([
        loaders.organisation.load(procurement.leadOrganisationId),
        participantsOf(procurement.id),
        estimate(procurement.id, thresholds),
      ]);
      const orgs = await loaders.organisation.loadMany(
        participants.filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN).map((p) => p.organisationId),
      );
      const central = orgs.some((o) => o instanceof Organisation && o.kind === OrganisationKind.STATE_AGENCY);
      const at = thresholdPosition({
        estimate: est,
        country: lead!.country,
        central,
        contractType: procurement.contractType,
        thresholds,
      });
      const { currency } = est;
      const amount = (a: string) => ({ amount: a, currency });
      return {
        country: lead!.country,
        authorityLevel: central ? AuthorityLevel.CENTRAL : AuthorityLevel.SUB_CENTRAL,
        estimatedValue: amount(est.total),
        convertedCurrencies: est.converted,
        nationalThreshold: amount(at.national),
        euThreshold: amount(at.eu),
        aboveNationalThreshold: at.aboveNational,
        aboveEuThreshold: at.aboveEu,
        requiredNotices: at.notices.map((n) => ({ kind: NoticeKind[n.kind], description: n.description })),
        thresholdsValidFrom: thresholds.validFrom ?? null,
        lots: est.lots.map((l) => ({
          lot: l.lot,
          authorityCount: l.authorityCount,
          basis: l.lot.valueBasis,
          statedValue: amount(l.statedTotal),
          statedValues: l.stated,
          amountPerAuthority: l.perAuthority == null ? null : amount(l.perAuthority),
          months: l.lot.valueBasis === ValueBasis.ANNUAL ? l.maxDurationMonths : null,
          estimatedValue: amount(l.value),
          explanation: lotComputation(l, currency),
        })),
        rates: est.rates,
        explanation: at.explanation,
      };
    },

    /** What entering the next phase needs, and whether each item is there. */
    async checklist(procurement: Procurement): Promise<ChecklistItem[]> {
      const to = isFinished(procurement.phase) ? null : nextPhase(procurement.phase);
      if (!to) return [];
      // Batched: a list of procurements reads all their facts in one statement.
      const facts = await loaders
        .get(
          'procurementGateFacts',
          () =>
            new DataLoader<Procurement, GateFacts, string>((ps) => loadGateFactsMany(db.manager, ps), {
              cacheKeyFn: (p) => `${p.id}:${p.updatedAt.getTime()}`,
            }),
        )
        .load(procurement);
      return checklist(to, facts);
    },

    async timeline(procurement: Procurement): Promise<PhaseStep[]> {
      const rows = await phaseEntries(loaders).load(procurement.id);
      const entered = new Map(rows.map((r) => [r.phase, r.at]));
      entered.set(ProcurementPhase.ANCHORING, procurement.createdAt);
      const current = procurement.phase;
      const reached = current === ProcurementPhase.CANCELLED ? null : PHASE_ORDER.indexOf(current);
      const steps: PhaseStep[] = PHASE_ORDER.map((phase, i) => {
        const at = entered.get(phase) ?? null;
        let status: PhaseStepStatus;
        if (reached === null) status = at ? PhaseStepStatus.DONE : PhaseStepStatus.SKIPPED;
        else
          status =
            i < reached ? PhaseStepStatus.DONE : i === reached ? PhaseStepStatus.CURRENT : PhaseStepStatus.UPCOMING;
        return { phase, status, enteredAt: at };
      });
      if (current === ProcurementPhase.CANCELLED) {
        steps.push({
          phase: ProcurementPhase.CANCELLED,
          status: PhaseStepStatus.CURRENT,
          enteredAt: entered.get(ProcurementPhase.CANCELLED) ?? procurement.phaseChangedAt,
        });
      }
      return steps;
    },

    /** Where the actor stands in a procurement, for the policy's viewer flags. */
    async subject(actor: Actor, procurement: Procurement): Promise<ProcurementSubject> {
      const [group, membership, participants] = await Promise.all([
        loaders.byId(BuyerGroup, 'BuyerGroup').load(procurement.groupId),
        actor.scope.membership(procurement.groupId),
        participantsOf(procurement.id),
      ]);
      const participant = participants.find((x) => x.organisationId === actor.organisation.id) ?? null;
      return { procurement, group: group!, membership, participant };
    },
  };
}
