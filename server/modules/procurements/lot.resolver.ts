import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { cpvLoaders } from '../cpv/cpv.loaders.js';
import { CpvCode } from '../cpv/cpv.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Lot, LotValue, Procurement } from './procurement.entity.js';
import { LotInput, SetLotValueInput, UpdateLotInput } from './procurement.inputs.js';
import { procurementLoaders } from './procurement.loaders.js';
import { ValueSum } from './procurement.types.js';
import { maxDurationMonths } from './procurement.value.js';

/** A procurement's lots and the participants' stated values per lot. */
@Resolver(() => Lot)
export class LotResolver {
  @Authorized()
  @Mutation(() => Lot)
  addProcurementLot(
    @Arg('procurementId', () => ID) procurementId: string,
    @Arg('input', () => LotInput) input: LotInput,
    @Ctx() ctx: Context,
  ): Promise<Lot> {
    return ctx.services.lots.add(actorOf(ctx), procurementId, input);
  }

  @Authorized()
  @Mutation(() => Lot)
  updateProcurementLot(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateLotInput) input: UpdateLotInput,
    @Ctx() ctx: Context,
  ): Promise<Lot> {
    return ctx.services.lots.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Procurement)
  removeProcurementLot(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Procurement> {
    return ctx.services.lots.remove(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => LotValue, {
    description: "States (or replaces) a participant's value for a lot (before COMPETITION).",
  })
  setLotValue(@Arg('input', () => SetLotValueInput) input: SetLotValueInput, @Ctx() ctx: Context): Promise<LotValue> {
    return ctx.services.lots.setValue(actorOf(ctx), input);
  }

  @FieldResolver(() => [CpvCode], { description: 'The CPV codes with their titles (null until the list is imported).' })
  cpv(@Root() lot: Lot, @Ctx() ctx: Context) {
    return cpvLoaders(ctx.loaders).entries(lot.cpvCodes);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'The contract period with every extension option used, in months; null while the lot has no duration.',
  })
  maxDurationMonths(@Root() lot: Lot): number | null {
    return maxDurationMonths(lot);
  }

  @FieldResolver(() => [ValueSum], {
    description:
      "The lot's estimated value per currency: the participants' stated values (withdrawn participants excluded), a year's times the maximum duration with every option when the basis is ANNUAL, as stated when TOTAL.",
  })
  async estimatedValue(@Root() lot: Lot, @Ctx() ctx: Context): Promise<ValueSum[]> {
    return (await this.estimateOf(lot, ctx))?.estimated ?? [];
  }

  @FieldResolver(() => [ValueSum], {
    description: "Sum of the participants' stated values for this lot per currency, as stated (a year's when ANNUAL).",
  })
  async statedValue(@Root() lot: Lot, @Ctx() ctx: Context): Promise<ValueSum[]> {
    return (await this.estimateOf(lot, ctx))?.stated ?? [];
  }

  private async estimateOf(lot: Lot, ctx: Context) {
    const estimate = await procurementLoaders(ctx.loaders).estimate(lot.procurementId, ctx.services.config.thresholds);
    return estimate.lots.find((l) => l.lot.id === lot.id);
  }

  @FieldResolver(() => [LotValue], { description: "Each participant's stated value for this lot." })
  async values(@Root() lot: Lot, @Ctx() ctx: Context): Promise<LotValue[]> {
    const values = await procurementLoaders(ctx.loaders).lotValuesOf(lot.procurementId);
    return values.filter((v) => v.lotId === lot.id);
  }
}

export const LotReferencesResolver = belongsTo(Lot, [
  { field: 'need', to: () => SharedNeed, key: (lot) => lot.needId, nullable: true },
]);

export const LotValueResolver = belongsTo(LotValue, [
  { field: 'organisation', to: () => Organisation, key: (v) => v.organisationId },
]);
