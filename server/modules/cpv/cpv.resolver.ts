import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType } from '../../common/pagination.js';
import type { Context } from '../../context.js';
import { PublicLot } from '../dialogue/dialogue.types.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Lot } from '../procurements/procurement.entity.js';
import { CpvCode, type CpvEntry } from './cpv.entity.js';
import { CpvCodesArgs } from './cpv.inputs.js';
import { cpvLoaders } from './cpv.loaders.js';

export const CpvCodeConnection = ConnectionType('CpvCode', CpvCode);

const CPV_FIELD = {
  description: 'The CPV codes with their English titles (a title is null while the code is not in the CPV list).',
};

@Resolver(() => CpvCode)
export class CpvCodeResolver {
  @Authorized()
  @Query(() => CpvCode, {
    nullable: true,
    description: 'A CPV code (8 digits, with or without -N) with its title; null when it is not in the CPV list.',
  })
  cpvCode(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<CpvEntry | null> {
    return cpvLoaders(ctx.loaders).get(code);
  }

  @Authorized()
  @Query(() => CpvCodeConnection, {
    description: 'The CPV list in code order, searched by code prefix or title words.',
  })
  cpvCodes(@Args(() => CpvCodesArgs) args: CpvCodesArgs, @Ctx() ctx: Context) {
    return ctx.services.cpv.search(args);
  }
}

@Resolver(() => BuyerGroup)
export class GroupCpvResolver {
  @FieldResolver(() => [CpvCode], CPV_FIELD)
  cpv(@Root() group: BuyerGroup, @Ctx() ctx: Context): Promise<CpvEntry[]> {
    return cpvLoaders(ctx.loaders).entries(group.cpvCodes);
  }
}

@Resolver(() => SharedNeed)
export class NeedCpvResolver {
  @FieldResolver(() => [CpvCode], CPV_FIELD)
  cpv(@Root() need: SharedNeed, @Ctx() ctx: Context): Promise<CpvEntry[]> {
    return cpvLoaders(ctx.loaders).entries(need.cpvCodes);
  }
}

@Resolver(() => Lot)
export class LotCpvResolver {
  @FieldResolver(() => [CpvCode], CPV_FIELD)
  cpv(@Root() lot: Lot, @Ctx() ctx: Context): Promise<CpvEntry[]> {
    return cpvLoaders(ctx.loaders).entries(lot.cpvCodes);
  }
}

/** A published lot's codes with their titles: the CPV list is public reference data. */
@Resolver(() => PublicLot)
export class PublicLotCpvResolver {
  @FieldResolver(() => [CpvCode], CPV_FIELD)
  cpv(@Root() lot: PublicLot, @Ctx() ctx: Context): Promise<CpvEntry[]> {
    return cpvLoaders(ctx.loaders).entries(lot.cpvCodes);
  }
}
