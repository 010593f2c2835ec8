import { ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Currency } from '../needs/interest.entity.js';
import { Country } from '../organisations/organisation.entity.js';
import { CallOffStatus, TenderStatus } from './contract.entity.js';

@InputType({
  description:
    'A supplier that is not on Samverka yet: found by its organisation number, or recorded as a SUPPLIER organisation.',
})
export class NewSupplierInput {
  @InputField(() => String, { notBlank: true, maxLength: 200 })
  name!: string;

  @Field(() => Country)
  country!: Country;

  @InputField(() => String, { notBlank: true, maxLength: 20, description: 'Checked like every organisation number.' })
  organisationNumber!: string;
}

@InputType()
export class RecordTenderInput {
  @Field(() => ID)
  lotId!: string;

  @Field(() => ID, { nullable: true, description: 'A SUPPLIER organisation on Samverka; or give `supplier`.' })
  supplierId?: string | null;

  @Field(() => NewSupplierInput, { nullable: true })
  @ValidateNested()
  supplier?: NewSupplierInput | null;

  @Field(() => Date, { description: 'When the tender arrived (not in the future).' })
  receivedAt!: Date;

  @Field(() => DecimalScalar, { nullable: true, description: 'The tendered price for the lot, excluding VAT.' })
  amount?: string | null;

  @Field(() => Currency, { nullable: true, description: 'Required with `amount`.' })
  currency?: Currency | null;
}

@InputType()
export class AssessTenderInput {
  @Field(() => ID)
  tenderId!: string;

  @Field(() => TenderStatus, { description: 'ADMITTED or REJECTED (RECEIVED takes an assessment back).' })
  status!: TenderStatus;

  @InputField(() => String, { maxLength: 2000, nullable: true, description: 'Required when REJECTED.' })
  reason?: string | null;
}

@InputType()
export class RecordAwardNotificationInput {
  @Field(() => ID)
  awardId!: string;

  @Field(() => Date, {
    description: 'When the tenderers were told of the award (not before the award, not in the future).',
  })
  notifiedAt!: Date;
}

@InputType()
export class RecordContractInput {
  @Field(() => ID)
  awardId!: string;

  @Field(() => ID, { description: 'One of the awarded suppliers.' })
  supplierId!: string;

  @InputField(() => String, { maxLength: 100, nullable: true })
  reference?: string | null;

  @Field(() => DecimalScalar, { description: 'The contract value over the whole period with options, excluding VAT.' })
  amount!: string;

  @Field(() => Currency)
  currency!: Currency;

  @Field(() => LocalDateScalar, { nullable: true, description: "Default: the lot's contract start." })
  startDate?: string | null;

  @Field(() => Int, { nullable: true, description: "1 to 600 months. Default: the lot's duration." })
  durationMonths?: number | null;

  @Field(() => Int, { nullable: true, description: "Default: the lot's extension options." })
  optionCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'The months each option adds; required with options.' })
  optionMonths?: number | null;

  @Field(() => LocalDateScalar, { description: 'When both parties had signed: not before the standstill ended.' })
  signedOn!: string;

  @Field(() => ID, { description: 'The signed contract: a CONTRACT document of this procurement.' })
  documentId!: string;
}

@InputType()
export class UpdateCallOffRightInput {
  @Field(() => ID)
  contractId!: string;

  @Field(() => ID, { nullable: true, description: "Default: the viewer's own organisation." })
  organisationId?: string | null;

  @Field(() => CallOffStatus, { nullable: true })
  status?: CallOffStatus | null;

  @InputField(() => String, { maxLength: 100, nullable: true })
  reference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  startsOn?: string | null;

  @InputField(() => String, { maxLength: 20000, nullable: true })
  note?: string | null;
}
