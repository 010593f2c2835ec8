import { ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Currency } from '../needs/interest.entity.js';
import {
  ContractType,
  MAX_CONTRACT_MONTHS,
  MilestoneKind,
  ProcedureType,
  ProcurementPhase,
  ValueBasis,
} from './procurement.entity.js';

@InputType()
export class LotInput {
  @InputField(() => String, { notBlank: true, maxLength: 200 })
  title!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '' })
  description!: string;

  @InputField(() => [String], {
    maxItems: 50,
    defaultValue: [],
    description: 'CPV codes; the first is the main classification.',
  })
  cpvCodes!: string[];

  @Field(() => ID, {
    nullable: true,
    description: "A need of the procurement this lot covers: participants' values default from their interests in it.",
  })
  needId?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'When the contract is to start (planned).' })
  contractStart?: string | null;

  @InputField(() => Int, {
    nullable: true,
    min: 1,
    max: MAX_CONTRACT_MONTHS,
    description: 'The contract period without options, in months (1 to 600).',
  })
  durationMonths?: number | null;

  @InputField(() => Int, {
    min: 0,
    max: MAX_CONTRACT_MONTHS,
    defaultValue: 0,
    description: 'Extension options; more than 0 needs durationMonths and optionMonths.',
  })
  optionCount!: number;

  @InputField(() => Int, {
    nullable: true,
    min: 1,
    max: MAX_CONTRACT_MONTHS,
    description: 'The months each option adds; the duration with every option is at most 600 months (50 years).',
  })
  optionMonths?: number | null;

  @Field(() => ValueBasis, {
    defaultValue: ValueBasis.TOTAL,
    description: "What the participants' stated values are; ANNUAL needs durationMonths.",
  })
  valueBasis!: ValueBasis;

  @Field(() => Boolean, { defaultValue: false, description: 'Whether the lot concludes a framework agreement.' })
  frameworkAgreement!: boolean;
}

@InputType()
export class CreateJointProcurementInput {
  @Field(() => ID)
  groupId!: string;

  @InputField(() => [ID], {
    minItems: 1,
    maxItems: 20,
    description: 'The shared needs of the group the procurement is brokered from.',
  })
  needIds!: string[];

  @InputField(() => String, { notBlank: true, maxLength: 200 })
  title!: string;

  @InputField(() => String, { maxLength: 20000, defaultValue: '' })
  description!: string;

  @Field(() => ProcedureType)
  procedureType!: ProcedureType;

  @Field(() => ContractType)
  contractType!: ContractType;

  @Field(() => ID, { description: 'The member organisation that runs the procedure on behalf of the others.' })
  leadOrganisationId!: string;

  @InputField(() => [ID], {
    maxItems: 200,
    nullable: true,
    description:
      'Participating member organisations. Default: every active member with an interest in the needs. The lead authority always participates.',
  })
  participantOrganisationIds?: string[] | null;

  @InputField(() => [LotInput], {
    minItems: 1,
    maxItems: 50,
    nullable: true,
    description: 'Default: one lot per need.',
  })
  @ValidateNested()
  lots?: LotInput[] | null;
}

@InputType()
export class UpdateJointProcurementInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  title?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  description?: string | null;

  @Field(() => ProcedureType, { nullable: true })
  procedureType?: ProcedureType | null;

  @Field(() => ContractType, { nullable: true })
  contractType?: ContractType | null;

  @Field(() => ID, { nullable: true })
  leadOrganisationId?: string | null;
}

@InputType()
export class UpdateLotInput {
  @InputField(() => String, { notBlank: true, maxLength: 200, nullable: true })
  title?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  description?: string | null;

  @InputField(() => [String], { maxItems: 50, nullable: true })
  cpvCodes?: string[] | null;

  // The period: left out, a field stays as it is; null clears it (contractStart, durationMonths,
  // optionMonths; optionCount null is 0). The rules between the fields apply to the lot as it would be.

  @Field(() => LocalDateScalar, { nullable: true, description: 'Absent: unchanged; null: cleared.' })
  contractStart?: string | null;

  @InputField(() => Int, {
    nullable: true,
    min: 1,
    max: MAX_CONTRACT_MONTHS,
    description:
      'Months without options (1 to 600). Absent: unchanged; null: cleared (not while there are options or ANNUAL values).',
  })
  durationMonths?: number | null;

  @InputField(() => Int, {
    nullable: true,
    min: 0,
    max: MAX_CONTRACT_MONTHS,
    description: 'Extension options. Absent: unchanged; 0 or null: none.',
  })
  optionCount?: number | null;

  @InputField(() => Int, {
    nullable: true,
    min: 1,
    max: MAX_CONTRACT_MONTHS,
    description: 'Months each option adds. Absent: unchanged; null: cleared (not while there are options).',
  })
  optionMonths?: number | null;

  @Field(() => ValueBasis, { nullable: true, description: 'Absent or null: unchanged. ANNUAL needs a duration.' })
  valueBasis?: ValueBasis | null;

  @Field(() => Boolean, { nullable: true, description: 'Absent or null: unchanged.' })
  frameworkAgreement?: boolean | null;
}

@InputType()
export class SetLotValueInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => DecimalScalar, { description: "The authority's share of the lot's estimated value, excluding VAT." })
  amount!: string;

  @Field(() => Currency)
  currency!: Currency;

  @Field(() => ID, {
    nullable: true,
    description: "A coordinator may state another participant's value; default the viewer's own organisation.",
  })
  organisationId?: string | null;
}

@InputType()
export class SignMandateInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 200,
    description: "Reference of the authority's decision to give the mandate (e.g. a case number).",
  })
  decisionReference!: string;

  @Field(() => LocalDateScalar)
  decisionDate!: string;

  @InputField(() => [ID], {
    minItems: 1,
    maxItems: 50,
    nullable: true,
    description: 'Lots the mandate covers; default all lots.',
  })
  lotIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'A MANDATE document of this procurement (the signed fullmakt).' })
  documentId?: string | null;
}

@InputType()
export class WithdrawMandateInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 2000 })
  reason!: string;
}

@InputType()
export class SetMilestoneInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => MilestoneKind, { description: 'Setting a kind other than OTHER replaces that kind’s milestone.' })
  kind!: MilestoneKind;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 200,
    nullable: true,
    description: 'Default: the kind in words.',
  })
  title?: string | null;

  @Field(() => Date)
  dueAt!: Date;
}

@InputType()
export class AdvancePhaseInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => ProcurementPhase, {
    description: 'The phase the procurement is in now; a different current phase is a CONFLICT (someone moved first).',
  })
  from!: ProcurementPhase;
}

@InputType()
export class CancelProcurementInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 2000 })
  reason!: string;
}

@InputType()
export class ParticipantInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => ID)
  organisationId!: string;
}
