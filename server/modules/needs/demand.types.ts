import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../common/scalars.js';
import { Currency } from './interest.entity.js';

@ObjectType({ description: 'Sum of the stated quantities in one unit.' })
export class DemandByUnit {
  @Field(() => String)
  unit!: string;

  @Field(() => DecimalScalar)
  total!: string;

  @Field(() => Int, { description: 'Authorities that stated a quantity in this unit.' })
  authorities!: number;
}

@ObjectType({ description: 'Sum of the stated annual values in one currency (never converted).' })
export class DemandByCurrency {
  @Field(() => Currency)
  currency!: Currency;

  @Field(() => DecimalScalar)
  total!: string;

  @Field(() => Int)
  authorities!: number;
}

@ObjectType({ description: 'The joint demand behind a need.' })
export class AggregatedDemand {
  @Field(() => Int, { description: 'Authorities that have stated an interest.' })
  authorityCount!: number;

  @Field(() => [DemandByUnit])
  byUnit!: DemandByUnit[];

  @Field(() => [DemandByCurrency])
  byCurrency!: DemandByCurrency[];
}
