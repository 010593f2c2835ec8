import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { Currency } from '../needs/interest.entity.js';
import { Lot, MandateStatus, ProcurementPhase, ValueBasis } from './procurement.entity.js';

@ObjectType({ description: 'An amount of money in one currency.' })
export class MoneyAmount {
  @Field(() => DecimalScalar)
  amount!: string;

  @Field(() => Currency)
  currency!: Currency;
}

@ObjectType({ description: 'The sum of the stated values in one currency, and how many authorities stated one.' })
export class ValueSum extends MoneyAmount {
  @Field(() => Int)
  authorityCount!: number;
}

@ObjectType({ description: "A participant's mandate (fullmakt) to the lead authority." })
export class Mandate {
  @Field(() => MandateStatus)
  status!: MandateStatus;

  @Field(() => String, { nullable: true })
  decisionReference!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  decisionDate!: string | null;

  @Field(() => Date, { nullable: true })
  signedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => String, { nullable: true })
  withdrawalReason!: string | null;

  /** Resolved by MandateResolver. */
  signedByUserId!: string | null;
  lotIds!: string[];
  documentId!: string | null;
  procurementId!: string;
  organisationId!: string;
}

export enum AuthorityLevel {
  CENTRAL = 'CENTRAL',
  SUB_CENTRAL = 'SUB_CENTRAL',
}
registerEnumType(AuthorityLevel, {
  name: 'AuthorityLevel',
  description: 'CENTRAL: a state agency takes part (the lower EU threshold applies). SUB_CENTRAL: otherwise.',
});

export enum NoticeKind {
  NATIONAL = 'NATIONAL',
  EU = 'EU',
}
registerEnumType(NoticeKind, { name: 'NoticeKind' });

@ObjectType()
export class RequiredNotice {
  @Field(() => NoticeKind)
  kind!: NoticeKind;

  @Field(() => String, { description: 'Where it is published, from the thresholds file.' })
  description!: string;
}

@ObjectType({ description: 'An exchange rate of the thresholds file, as a conversion used it.' })
export class ExchangeRate {
  @Field(() => Currency)
  currency!: Currency;

  @Field(() => DecimalScalar, { description: 'Units of the currency per euro, as the file states it.' })
  perEur!: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "The date of the file's rates (its ratesDate, else validFrom); null when the file dates neither.",
  })
  date!: string | null;
}

@ObjectType({
  description:
    "One lot's estimated value and how it is computed: the participants' stated values, a year's (ANNUAL) times the maximum duration with every option, or the whole period's (TOTAL) as stated.",
})
export class LotValueEstimate {
  @Field(() => Lot)
  lot!: Lot;

  @Field(() => Int, { description: 'The participating authorities (not withdrawn) that stated a value for the lot.' })
  authorityCount!: number;

  @Field(() => ValueBasis)
  basis!: ValueBasis;

  @Field(() => MoneyAmount, {
    description: "The stated values summed, in the lead's currency: a year's when the basis is ANNUAL.",
  })
  statedValue!: MoneyAmount;

  @Field(() => [ValueSum], { description: 'The stated values summed per currency, as stated (unconverted).' })
  statedValues!: ValueSum[];

  @Field(() => MoneyAmount, {
    nullable: true,
    description: "What each authority stated, in the lead's currency, when they all stated the same; else null.",
  })
  amountPerAuthority!: MoneyAmount | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The months the ANNUAL values count for: the duration with every option; null for TOTAL.',
  })
  months!: number | null;

  @Field(() => MoneyAmount, { description: "The lot's estimated value in the lead's currency." })
  estimatedValue!: MoneyAmount;

  @Field(() => String, {
    description: 'The computation in English, e.g. "3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK".',
  })
  explanation!: string;
}

@ObjectType({
  description:
    "The estimated value compared with the thresholds of the lead authority's country (THRESHOLDS_FILE or the documented defaults).",
})
export class ThresholdAssessment {
  @Field(() => String, { description: "The lead authority's country." })
  country!: string;

  @Field(() => AuthorityLevel)
  authorityLevel!: AuthorityLevel;

  @Field(() => MoneyAmount, {
    description:
      "The total estimated value over each lot's maximum duration with every option, in the country's currency (other currencies converted exactly at the file's rates).",
  })
  estimatedValue!: MoneyAmount;

  @Field(() => [Currency], { description: 'Currencies converted at the rates of the thresholds file.' })
  convertedCurrencies!: Currency[];

  @Field(() => MoneyAmount)
  nationalThreshold!: MoneyAmount;

  @Field(() => MoneyAmount)
  euThreshold!: MoneyAmount;

  @Field(() => Boolean)
  aboveNationalThreshold!: boolean;

  @Field(() => Boolean)
  aboveEuThreshold!: boolean;

  @Field(() => [RequiredNotice], { description: 'Empty when the value is below the national threshold.' })
  requiredNotices!: RequiredNotice[];

  @Field(() => String, { nullable: true, description: 'Date the configured thresholds apply from.' })
  thresholdsValidFrom!: string | null;

  @Field(() => [LotValueEstimate], { description: 'How each lot’s estimated value is computed.' })
  lots!: LotValueEstimate[];

  @Field(() => [ExchangeRate], {
    description: "The rates conversions used (the lead's currency first, then each converted one); empty when none.",
  })
  rates!: ExchangeRate[];

  @Field(() => String, {
    description:
      'The computation and where it stands, in English (for the API and exports; clients compose their own words from the fields): "3 authorities × 3,000,000 NOK a year × 6 years = 54,000,000 NOK, above the EU threshold for supplies (2,484,000 NOK)."; with several lots a line per lot and the total.',
  })
  explanation!: string;
}

@ObjectType({ description: 'One artefact a phase needs before the procurement may move on.' })
export class ChecklistItem {
  @Field(() => String, { description: 'Stable code, e.g. REQUIREMENT_SPECIFICATION, SIGNED_MANDATE.' })
  key!: string;

  @Field(() => String)
  label!: string;

  @Field(() => Boolean)
  done!: boolean;

  @Field(() => Boolean, {
    description:
      'Not done, but on its way: a vote that settles it is open (an approving decision or an award decision). Still blocks the move.',
  })
  pending!: boolean;

  @Field(() => ProcurementPhase, { description: 'The phase the item opens.' })
  opens!: ProcurementPhase;
}

export enum PhaseStepStatus {
  DONE = 'DONE',
  CURRENT = 'CURRENT',
  UPCOMING = 'UPCOMING',
  SKIPPED = 'SKIPPED',
}
registerEnumType(PhaseStepStatus, { name: 'PhaseStepStatus', description: 'SKIPPED: never reached (cancelled).' });

@ObjectType({ description: 'One phase on the timeline.' })
export class PhaseStep {
  @Field(() => ProcurementPhase)
  phase!: ProcurementPhase;

  @Field(() => PhaseStepStatus)
  status!: PhaseStepStatus;

  @Field(() => Date, { nullable: true })
  enteredAt!: Date | null;
}

export enum MilestoneStatus {
  UPCOMING = 'UPCOMING',
  OVERDUE = 'OVERDUE',
  COMPLETED = 'COMPLETED',
}
registerEnumType(MilestoneStatus, {
  name: 'MilestoneStatus',
  description: 'UPCOMING: due in the future. OVERDUE: due date passed, not completed. COMPLETED.',
});

@ObjectType({ description: 'One entry of a procurement’s history, from the event log.' })
export class HistoryEntry {
  @Field(() => ID, { description: 'The event id.' })
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => String, { description: 'e.g. procurement.phase_changed, mandate.signed.' })
  type!: string;

  @Field(() => String, { description: 'What happened, in English words (also the CSV export).' })
  summary!: string;

  @Field(() => GraphQLJSONObject, {
    description: "The event's data, for clients that say what happened in the user's language (by `type`).",
  })
  payload!: Record<string, unknown>;

  @Field(() => String, {
    nullable: true,
    description: 'The organisation the event is about (the payload names its id), e.g. whose mandate was signed.',
  })
  subjectOrganisationName!: string | null;

  @Field(() => String, { nullable: true })
  actorName!: string | null;

  @Field(() => String, { nullable: true })
  actorOrganisationName!: string | null;

  @Field(() => ID, { nullable: true })
  actorUserId!: string | null;
}
