import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { IndicatorDirection, MeasurementKind } from './benefit.entity.js';

@InputType()
export class AddIndicatorInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 200 })
  name!: string;

  @InputField(() => String, { maxLength: 5000, defaultValue: '' })
  description!: string;

  @InputField(() => String, { notBlank: true, maxLength: 40, description: 'e.g. "hours per week", "kg CO2e".' })
  unit!: string;

  @Field(() => IndicatorDirection)
  direction!: IndicatorDirection;
}

@InputType()
export class RecordMeasurementInput {
  @Field(() => ID)
  indicatorId!: string;

  @Field(() => MeasurementKind, { description: 'BASELINE replaces the authority’s baseline; FOLLOW_UP adds one.' })
  kind!: MeasurementKind;

  @Field(() => DecimalScalar)
  value!: string;

  @Field(() => LocalDateScalar)
  measuredOn!: string;

  @InputField(() => String, { maxLength: 2000, defaultValue: '' })
  note!: string;

  @Field(() => ID, { nullable: true, description: "A coordinator may record another participant's figures." })
  @IsOptional()
  organisationId?: string | null;
}
