import { IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '../../common/scalars.js';
import { NotBlank } from '../../common/validation.js';
import { IndicatorDirection, MeasurementKind } from './benefit.entity.js';

@InputType()
export class AddIndicatorInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { defaultValue: '' })
  @MaxLength(5000)
  description!: string;

  @Field(() => String, { description: 'e.g. "hours per week", "kg CO2e".' })
  @NotBlank()
  @MaxLength(40)
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

  @Field(() => String, { defaultValue: '' })
  @MaxLength(2000)
  note!: string;

  @Field(() => ID, { nullable: true, description: "A coordinator may record another participant's figures." })
  @IsOptional()
  organisationId?: string | null;
}
