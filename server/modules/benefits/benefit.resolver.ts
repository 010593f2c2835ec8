import { Arg, Authorized, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { DecimalScalar } from '../../common/scalars.js';
import { actorOf, type Context } from '../../context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { MandateStatus, Procurement } from '../procurements/procurement.entity.js';
import { procurementLoaders } from '../procurements/procurement.loaders.js';
import { BenefitIndicator, BenefitMeasurement, MeasurementKind } from './benefit.entity.js';
import { AddIndicatorInput, RecordMeasurementInput } from './benefit.inputs.js';
import { benefitLoaders } from './benefit.loaders.js';
import { exactSum, Exact, plain } from '../../common/money.js';

@ObjectType({ description: "One authority's baseline, latest follow-up and the change between them." })
export class AuthorityBenefit {
  @Field(() => DecimalScalar, { nullable: true })
  baseline!: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  latest!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'latest − baseline, when both exist.' })
  change!: string | null;

  organisationId!: string;
}

@ObjectType({ description: 'Sums over the participating authorities.' })
export class BenefitTotal {
  @Field(() => DecimalScalar, { nullable: true })
  baseline!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Sum of each authority’s latest follow-up.' })
  latest!: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Sum of the changes of authorities with both figures.' })
  change!: string | null;
}

async function perAuthority(ctx: Context, indicator: BenefitIndicator): Promise<AuthorityBenefit[]> {
  const [measurements, participants] = await Promise.all([
    benefitLoaders(ctx.loaders).measurementsOf(indicator.id),
    procurementLoaders(ctx.loaders).participantsOf(indicator.procurementId),
  ]);
  return participants
    .filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN)
    .map((p) => {
      const mine = measurements.filter((m) => m.organisationId === p.organisationId);
      const baseline = mine.find((m) => m.kind === MeasurementKind.BASELINE)?.value ?? null;
      const latest = mine.filter((m) => m.kind === MeasurementKind.FOLLOW_UP).at(-1)?.value ?? null;
      return {
        organisationId: p.organisationId,
        baseline,
        latest,
        change: baseline !== null && latest !== null ? plain(new Exact(latest).minus(baseline)) : null,
      };
    });
}

const sum = (values: (string | null)[]): string | null => {
  const present = values.filter((v): v is string => v !== null);
  return present.length ? plain(exactSum(present)) : null;
};

@Resolver(() => BenefitIndicator)
export class BenefitIndicatorResolver {
  @Authorized()
  @Mutation(() => BenefitIndicator, { description: 'A coordinator defines a benefit to follow up.' })
  addBenefitIndicator(@Arg('input', () => AddIndicatorInput) input: AddIndicatorInput, @Ctx() ctx: Context) {
    return ctx.services.benefits.addIndicator(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => BenefitMeasurement, {
    description: "Records the viewer's organisation's baseline or a follow-up (follow-ups once the contract runs).",
  })
  recordBenefitMeasurement(
    @Arg('input', () => RecordMeasurementInput) input: RecordMeasurementInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.benefits.record(actorOf(ctx), input);
  }

  @FieldResolver(() => [BenefitMeasurement], { description: 'Every measurement, by date.' })
  measurements(@Root() i: BenefitIndicator, @Ctx() ctx: Context) {
    return benefitLoaders(ctx.loaders).measurementsOf(i.id);
  }

  @FieldResolver(() => [AuthorityBenefit], { description: 'Per participating authority.' })
  perAuthority(@Root() i: BenefitIndicator, @Ctx() ctx: Context) {
    return perAuthority(ctx, i);
  }

  @FieldResolver(() => BenefitTotal)
  async total(@Root() i: BenefitIndicator, @Ctx() ctx: Context): Promise<BenefitTotal> {
    const rows = await perAuthority(ctx, i);
    return {
      baseline: sum(rows.map((r) => r.baseline)),
      latest: sum(rows.map((r) => r.latest)),
      change: sum(rows.map((r) => r.change)),
    };
  }
}

export const AuthorityBenefitResolver = belongsTo(AuthorityBenefit, [
  { field: 'organisation', to: () => Organisation, key: (a) => a.organisationId },
]);

export const BenefitMeasurementResolver = belongsTo(BenefitMeasurement, [
  { field: 'organisation', to: () => Organisation, key: (m) => m.organisationId },
]);

@Resolver(() => Procurement)
export class ProcurementBenefitsResolver {
  @FieldResolver(() => [BenefitIndicator], {
    description: 'Benefit indicators, with figures per authority and in total.',
  })
  benefits(@Root() p: Procurement, @Ctx() ctx: Context) {
    return benefitLoaders(ctx.loaders).indicatorsOf(p.id);
  }
}
