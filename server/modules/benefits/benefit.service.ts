import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { isFutureDate } from '../../common/dates.js';
import { clean } from '../../common/validation.js';
import { InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import { phaseAtLeast, ProcurementPhase } from '../procurements/procurement.entity.js';
import { procurementEvent } from '../procurements/procurement.service.js';
import { activeParticipant, notAParticipant } from '../procurements/procurement.rows.js';
import type { ProcurementAccess, ProcurementService } from '../procurements/procurement.service.js';
import { BenefitIndicator, BenefitMeasurement, MeasurementKind } from './benefit.entity.js';
import type { AddIndicatorInput, RecordMeasurementInput } from './benefit.inputs.js';
import { benefitPolicy } from './benefit.policy.js';

/** Benefit realisation: indicators with a baseline per participating authority and follow-ups after the contract. */
export class BenefitService {
  constructor(
    private readonly db: DataSource,
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
      {
        authorize: (access) => benefitPolicy.authorize(actor, 'defineIndicator', access, 'define benefit indicators'),
      },
    );
  }

  /** A participant records its own measurement (a coordinator may record any participant's). */
  async record(actor: Actor, input: RecordMeasurementInput): Promise<BenefitMeasurement> {
    const indicator = UUID.test(input.indicatorId)
      ? await this.db.getRepository(BenefitIndicator).findOneBy({ id: input.indicatorId })
      : null;
    if (!indicator) throw new NotFoundError('BenefitIndicator', input.indicatorId);
    const organisationId = input.organisationId ?? actor.organisation.id;
    const authorize = (access: ProcurementAccess) =>
      benefitPolicy.authorize(actor, 'record', { ...access, authorityId: organisationId }, 'record measurements');
    return this.procurements.change(
      actor,
      indicator.procurementId,
      async (em, record, { procurement }) => {
        // The policy let the authority itself through only as a participant; another must be one too.
        if (
          organisationId !== actor.organisation.id &&
          !(await activeParticipant(em, procurement.id, organisationId))
        ) {
          throw notAParticipant('input.organisationId');
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
      },
      { authorize },
    );
  }
}
