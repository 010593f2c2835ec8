import type { Loaders } from '../../loaders.js';
import DataLoader from 'dataloader';
import { isFutureDate } from '../../common/dates.js';
import { In, type DataSource } from 'typeorm';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import { ForbiddenError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { EventWriter } from '../../events/event-log.js';
import { UUID } from '../../loaders.js';
import { requireActsForOrganisation, requireCoordinator } from '../groups/group.policy.js';
import { MandateStatus, Participant, phaseAtLeast, ProcurementPhase } from '../procurements/procurement.entity.js';
import { procurementEvent, type ProcurementService } from '../procurements/procurement.service.js';
import { BenefitIndicator, BenefitMeasurement, MeasurementKind } from './benefit.entity.js';
import type { AddIndicatorInput, RecordMeasurementInput } from './benefit.inputs.js';

/** Benefit realisation: indicators with a baseline per participating authority and follow-ups after the contract. */
export class BenefitService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly procurements: ProcurementService,
  ) {}

  addIndicator(actor: Actor, input: AddIndicatorInput): Promise<BenefitIndicator> {
    return this.procurements.change(
      actor,
      input.procurementId,
      async (em, record, { procurement }, viewer) => {
        const indicator = await em.getRepository(BenefitIndicator).save(
          em.getRepository(BenefitIndicator).create({
            procurementId: procurement.id,
            name: clean(input.name),
            description: input.description.trim(),
            unit: clean(input.unit),
            direction: input.direction,
            createdByUserId: viewer.user.id,
          }),
        );
        await record(procurementEvent(procurement, viewer, 'benefit.indicator_added', { indicatorId: indicator.id }));
        return indicator;
      },
      { coordinatorsOnly: 'define benefit indicators' },
    );
  }

  /** A participant records its own measurement (a coordinator may record any participant's). */
  async record(actor: Actor, input: RecordMeasurementInput): Promise<BenefitMeasurement> {
    const indicator = UUID.test(input.indicatorId)
      ? await this.db.getRepository(BenefitIndicator).findOneBy({ id: input.indicatorId })
      : null;
    if (!indicator) throw new NotFoundError('BenefitIndicator', input.indicatorId);
    return this.procurements.change(actor, indicator.procurementId, async (em, record, { procurement, membership }) => {
      const organisationId = input.organisationId ?? actor.organisation.id;
      if (organisationId !== actor.organisation.id)
        requireCoordinator(membership, "record another authority's figures");
      else requireActsForOrganisation(membership, 'record measurements');
      const participant = UUID.test(organisationId)
        ? await em.getRepository(Participant).findOneBy({ procurementId: procurement.id, organisationId })
        : null;
      if (!participant || participant.mandateStatus === MandateStatus.WITHDRAWN) {
        throw organisationId === actor.organisation.id
          ? new ForbiddenError('Your organisation does not participate in this procurement.')
          : UserInputError.field('input.organisationId', 'participant', 'is not a participant of this procurement');
      }
      if (isFutureDate(input.measuredOn)) {
        throw UserInputError.field('input.measuredOn', 'notFuture', 'must not be in the future');
      }
      if (
        input.kind === MeasurementKind.FOLLOW_UP &&
        !phaseAtLeast(procurement.phase, ProcurementPhase.CONTRACT_FOLLOW_UP)
      ) {
        throw new InvalidStateError('Follow-up measurements are recorded once the contract is in place.', [
          'phase CONTRACT_FOLLOW_UP or later',
        ]);
      }
      if (!/^-?\d{1,13}(\.\d{1,3})?$/.test(input.value)) {
        throw UserInputError.field('input.value', 'precision', 'must have at most 13 digits and 3 decimals');
      }
      const repo = em.getRepository(BenefitMeasurement);
      const fields = {
        value: input.value,
        measuredOn: input.measuredOn,
        note: input.note.trim(),
        recordedByUserId: actor.user.id,
      };
      // One baseline per authority: recording it again corrects it.
      const existing =
        input.kind === MeasurementKind.BASELINE
          ? await repo.findOneBy({ indicatorId: indicator.id, organisationId, kind: MeasurementKind.BASELINE })
          : null;
      const saved = await repo.save(
        existing
          ? repo.merge(existing, fields)
          : repo.create({ ...fields, indicatorId: indicator.id, organisationId, kind: input.kind }),
      );
      await record(
        procurementEvent(procurement, actor, 'benefit.measured', {
          indicatorId: indicator.id,
          organisationId,
          kind: input.kind,
        }),
      );
      return saved;
    });
  }

  indicatorsOf(loaders: Loaders, procurementId: string): Promise<BenefitIndicator[]> {
    return loaders
      .get(
        'benefitIndicators',
        () =>
          new DataLoader<string, BenefitIndicator[]>(async (ids) => {
            const rows = await this.db
              .getRepository(BenefitIndicator)
              .find({ where: { procurementId: In([...ids]) }, order: { createdAt: 'ASC' } });
            return ids.map((id) => rows.filter((r) => r.procurementId === id));
          }),
      )
      .load(procurementId);
  }

  measurementsOf(loaders: Loaders, indicatorId: string): Promise<BenefitMeasurement[]> {
    return loaders
      .get(
        'benefitMeasurements',
        () =>
          new DataLoader<string, BenefitMeasurement[]>(async (ids) => {
            const rows = await this.db
              .getRepository(BenefitMeasurement)
              .find({ where: { indicatorId: In([...ids]) }, order: { measuredOn: 'ASC', createdAt: 'ASC' } });
            return ids.map((id) => rows.filter((r) => r.indicatorId === id));
          }),
      )
      .load(indicatorId);
  }
}
