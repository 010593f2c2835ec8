import type { EntityManager } from 'typeorm';
import { normaliseCpvCodes } from '../../common/cpv.js';
import { UserInputError } from '../../errors.js';
import { UUID } from '../../loaders.js';
import type { CpvService } from '../cpv/cpv.service.js';
import { Membership, MembershipStatus } from '../groups/membership.entity.js';
import { MandateStatus, Participant, type Lot } from './procurement.entity.js';
import { canTakePart } from './procurement.policy.js';

/**
 * Row checks and writes the procurement's services share (creating it, its lots and participants,
 * decisions and benefits): which authorities may take part, which take part, a lot's first values.
 */

/** The organisations of the group that may take part (the policy's `canTakePart`). */
export async function takingPart(em: EntityManager, groupId: string): Promise<Set<string>> {
  const rows = await em.getRepository(Membership).findBy({ groupId, status: MembershipStatus.ACTIVE });
  return new Set(rows.filter(canTakePart).map((m) => m.organisationId));
}

export const cannotTakePart = (field: string) =>
  UserInputError.field(
    field,
    'activeMember',
    'is not an active member (or coordinator) of this group; observers do not take part',
  );

/** The authority's participant row unless it withdrew; null for anything else (an input naming it is refused). */
export async function activeParticipant(
  em: EntityManager,
  procurementId: string,
  organisationId: string,
): Promise<Participant | null> {
  const row = UUID.test(organisationId)
    ? await em.getRepository(Participant).findOneBy({ procurementId, organisationId })
    : null;
  return row && row.mandateStatus !== MandateStatus.WITHDRAWN ? row : null;
}

export const notAParticipant = (field: string) =>
  UserInputError.field(field, 'participant', 'is not a participant of this procurement');

/** CPV codes as stored (8 digits), each one in the list; `field` names the input an error is about. */
export async function knownCpvCodes(
  cpv: CpvService,
  em: EntityManager,
  raw: string[],
  field: string,
): Promise<string[]> {
  const codes = normaliseCpvCodes(raw, field);
  await cpv.assertKnown(em, codes, field);
  return codes;
}

/** A new lot of a need: each participant's share starts as its stated annual value for the need. */
export async function seedLotValues(em: EntityManager, lot: Lot): Promise<void> {
  if (!lot.needId) return;
  await em.query(
    `INSERT INTO procurement_lot_value (lot_id, organisation_id, procurement_id, amount, currency, updated_by_user_id)
     SELECT $1, i.organisation_id, $2, i.annual_value, i.currency, i.updated_by_user_id
     FROM need_interest i
     JOIN procurement_participant pp ON pp.procurement_id = $2 AND pp.organisation_id = i.organisation_id
     WHERE i.need_id = $3 AND i.annual_value IS NOT NULL AND i.currency IS NOT NULL
       AND pp.mandate_status <> 'WITHDRAWN'`,
    [lot.id, lot.procurementId, lot.needId],
  );
}
