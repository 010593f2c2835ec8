import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { LocalDateScalar } from '../../common/scalars.js';
import { actorOf, type Context } from '../../context.js';
import { Decision } from '../decisions/decision.entity.js';
import { Document } from '../documents/document.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Lot, Procurement } from '../procurements/procurement.entity.js';
import { Award, CallOffRight, Contract, Tender } from './contract.entity.js';
import {
  AssessTenderInput,
  RecordAwardNotificationInput,
  RecordContractInput,
  RecordTenderInput,
  UpdateCallOffRightInput,
} from './contract.inputs.js';
import { contractLoaders } from './contract.loaders.js';
import { periodEnd } from '../../common/dates.js';

/** Tenders, awards, contracts and call-off rights; what they hang on (lots, procurements, decisions). */
@Resolver(() => Tender)
export class TenderResolver {
  @Authorized()
  @Mutation(() => Tender, { description: 'Records a tender received for a lot (coordinators, in COMPETITION).' })
  recordTender(@Arg('input', () => RecordTenderInput) input: RecordTenderInput, @Ctx() ctx: Context) {
    return ctx.services.tenders.record(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Tender, { description: 'Admits a tender to the evaluation or rejects it with a reason.' })
  assessTender(@Arg('input', () => AssessTenderInput) input: AssessTenderInput, @Ctx() ctx: Context) {
    return ctx.services.tenders.assess(actorOf(ctx), input);
  }
}

@Resolver(() => Award)
export class AwardResolver {
  @Authorized()
  @Mutation(() => Award, {
    description: 'Records when the tenderers were told of the award; the standstill period runs from then.',
  })
  recordAwardNotification(
    @Arg('input', () => RecordAwardNotificationInput) input: RecordAwardNotificationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.contracts.recordNotification(actorOf(ctx), input);
  }

  @FieldResolver(() => [Organisation], { description: 'The winning supplier, or several for a framework agreement.' })
  async suppliers(@Root() award: Award, @Ctx() ctx: Context): Promise<Organisation[]> {
    const rows = await ctx.loaders.byId(Organisation, 'Organisation').loadMany(award.supplierIds);
    return rows.filter((o): o is Organisation => o instanceof Organisation);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the standstill period has ended (a contract may be signed).' })
  standstillOver(@Root() award: Award): boolean {
    return award.standstillEndsAt.getTime() <= Date.now();
  }

  @FieldResolver(() => [Contract])
  contracts(@Root() award: Award, @Ctx() ctx: Context): Promise<Contract[]> {
    return contractLoaders(ctx.loaders).contractsOfAward(award.procurementId, award.id);
  }
}

@Resolver(() => Contract)
export class ContractResolver {
  @Authorized()
  @Mutation(() => Contract, {
    description:
      'Records a contract signed with an awarded supplier once the standstill period has ended; every participating authority whose mandate covers the lot gets its call-off right.',
  })
  recordContract(@Arg('input', () => RecordContractInput) input: RecordContractInput, @Ctx() ctx: Context) {
    return ctx.services.contracts.record(actorOf(ctx), input);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'The last day of the contract without options.' })
  endsOn(@Root() c: Contract): string {
    return periodEnd(c.startDate, c.durationMonths);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'The last day with every extension option used.' })
  endsOnWithOptions(@Root() c: Contract): string {
    return periodEnd(c.startDate, c.durationMonths + c.optionCount * (c.optionMonths ?? 0));
  }

  @FieldResolver(() => Int)
  maxDurationMonths(@Root() c: Contract): number {
    return c.durationMonths + c.optionCount * (c.optionMonths ?? 0);
  }

  @FieldResolver(() => [CallOffRight], { description: "Each participating authority's right under the contract." })
  callOffRights(@Root() c: Contract, @Ctx() ctx: Context): Promise<CallOffRight[]> {
    return contractLoaders(ctx.loaders).callOffRightsOf(c.id);
  }
}

@Resolver(() => CallOffRight)
export class CallOffRightResolver {
  @Authorized()
  @Mutation(() => CallOffRight, {
    description: 'An authority keeps its own agreement or call-offs under a contract up to date (also once closed).',
  })
  updateCallOffRight(@Arg('input', () => UpdateCallOffRightInput) input: UpdateCallOffRightInput, @Ctx() ctx: Context) {
    return ctx.services.contracts.updateCallOffRight(actorOf(ctx), input);
  }

  @Authorized()
  @Query(() => [CallOffRight], {
    description: "The viewer's organisation's rights under the contracts of its groups' joint procurements.",
  })
  myCallOffRights(@Ctx() ctx: Context): Promise<CallOffRight[]> {
    return ctx.services.contracts.mine(actorOf(ctx));
  }

  @FieldResolver(() => Contract)
  async contract(@Root() r: CallOffRight, @Ctx() ctx: Context): Promise<Contract> {
    return (await ctx.loaders.byId(Contract, 'Contract').load(r.contractId))!;
  }
}

@ObjectType({ description: 'What an award decision awards: a lot, to its winning suppliers.' })
export class AwardProposal {
  @Field(() => Lot)
  lot!: Lot;

  @Field(() => [Organisation])
  suppliers!: Organisation[];
}

/** Tenders and awards on the lot and the procurement; the award an award decision proposes. */
@Resolver(() => Lot)
export class LotAwardResolver {
  @FieldResolver(() => [Tender], { description: 'The tenders received for the lot (buyers only), as they arrived.' })
  tenders(@Root() lot: Lot, @Ctx() ctx: Context): Promise<Tender[]> {
    return contractLoaders(ctx.loaders).tendersOf(lot.id);
  }

  @FieldResolver(() => Award, { nullable: true })
  award(@Root() lot: Lot, @Ctx() ctx: Context): Promise<Award | null> {
    return contractLoaders(ctx.loaders).awardOfLot(lot.procurementId, lot.id);
  }
}

@Resolver(() => Procurement)
export class ProcurementContractsResolver {
  @FieldResolver(() => [Award])
  awards(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Award[]> {
    return contractLoaders(ctx.loaders).awardsOf(p.id);
  }

  @FieldResolver(() => [Contract])
  contracts(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Contract[]> {
    return contractLoaders(ctx.loaders).contractsOf(p.id);
  }
}

@Resolver(() => Decision)
export class DecisionAwardResolver {
  @FieldResolver(() => AwardProposal, { nullable: true, description: 'For an award decision: what it awards.' })
  async award(@Root() d: Decision, @Ctx() ctx: Context): Promise<AwardProposal | null> {
    if (!d.awardLotId) return null;
    const [lot, suppliers] = await Promise.all([
      ctx.loaders.byId(Lot, 'Lot').load(d.awardLotId),
      ctx.loaders.byId(Organisation, 'Organisation').loadMany(d.awardSupplierIds),
    ]);
    return { lot: lot!, suppliers: suppliers.filter((o): o is Organisation => o instanceof Organisation) };
  }
}

export const TenderReferencesResolver = belongsTo(Tender, [
  { field: 'lot', to: () => Lot, key: (t) => t.lotId },
  { field: 'supplier', to: () => Organisation, key: (t) => t.supplierId },
]);

export const AwardReferencesResolver = belongsTo(Award, [
  { field: 'lot', to: () => Lot, key: (a) => a.lotId },
  { field: 'decision', to: () => Decision, key: (a) => a.decisionId },
]);

export const ContractReferencesResolver = belongsTo(Contract, [
  { field: 'lot', to: () => Lot, key: (c) => c.lotId },
  { field: 'award', to: () => Award, key: (c) => c.awardId },
  { field: 'supplier', to: () => Organisation, key: (c) => c.supplierId },
  { field: 'document', to: () => Document, key: (c) => c.documentId },
  { field: 'procurement', to: () => Procurement, key: (c) => c.procurementId },
]);

export const CallOffRightReferencesResolver = belongsTo(CallOffRight, [
  { field: 'organisation', to: () => Organisation, key: (r) => r.organisationId },
]);
