import { ArrayMaxSize, ArrayMinSize, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { NotBlank } from '../../common/validation.js';
import { Currency } from '../needs/interest.entity.js';
import { ContractType, MilestoneKind, ProcedureType, ProcurementPhase } from './procurement.entity.js';

@InputType()
export class LotInput {
  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000)
  description!: string;

  @Field(() => [String], { defaultValue: [], description: 'CPV codes; the first is the main classification.' })
  @ArrayMaxSize(50)
  cpvCodes!: string[];

  @Field(() => ID, {
    nullable: true,
    description: "A need of the procurement this lot covers: participants' values default from their interests in it.",
  })
  needId?: string | null;
}

@InputType()
export class CreateJointProcurementInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => [ID], { description: 'The shared needs of the group the procurement is brokered from.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  needIds!: string[];

  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  title!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(20000)
  description!: string;

  @Field(() => ProcedureType)
  procedureType!: ProcedureType;

  @Field(() => ContractType)
  contractType!: ContractType;

  @Field(() => ID, { description: 'The member organisation that runs the procedure on behalf of the others.' })
  leadOrganisationId!: string;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Participating member organisations. Default: every active member with an interest in the needs. The lead authority always participates.',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  participantOrganisationIds?: string[] | null;

  @Field(() => [LotInput], { nullable: true, description: 'Default: one lot per need.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested()
  lots?: LotInput[] | null;
}

@InputType()
export class UpdateJointProcurementInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
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
  @Field(() => String, { nullable: true })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  description?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  cpvCodes?: string[] | null;
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

  @Field(() => String, {
    description: "Reference of the authority's decision to give the mandate (e.g. a case number).",
  })
  @NotBlank()
  @MaxLength(200)
  decisionReference!: string;

  @Field(() => LocalDateScalar)
  decisionDate!: string;

  @Field(() => [ID], { nullable: true, description: 'Lots the mandate covers; default all lots.' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  lotIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'A MANDATE document of this procurement (the signed fullmakt).' })
  documentId?: string | null;
}

@InputType()
export class WithdrawMandateInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(2000)
  reason!: string;
}

@InputType()
export class SetMilestoneInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => MilestoneKind, { description: 'Setting a kind other than OTHER replaces that kind’s milestone.' })
  kind!: MilestoneKind;

  @Field(() => String, { nullable: true, description: 'Default: the kind in words.' })
  @IsOptional()
  @NotBlank()
  @MaxLength(200)
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

  @Field(() => String)
  @NotBlank()
  @MaxLength(2000)
  reason!: string;
}

@InputType()
export class ParticipantInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => ID)
  organisationId!: string;
}
