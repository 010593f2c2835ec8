import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { NotBlank } from '../../common/validation.js';

@InputType()
export class PublishDialogueNoticeInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => String, { description: 'Markdown: what the buyers want to learn from the market, and how.' })
  @NotBlank()
  @MaxLength(50000)
  notice!: string;

  @Field(() => Date, { description: 'Suppliers ask questions until then (the QUESTION_DEADLINE milestone).' })
  questionDeadline!: Date;

  @Field(() => Int, { defaultValue: 1, description: 'Dialogue meetings one supplier organisation may book.' })
  @Min(1)
  @Max(10)
  maxBookingsPerSupplier!: number;
}

@InputType()
export class AskQuestionInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(5000)
  text!: string;
}

@InputType({ description: 'An answer is published to every registered supplier at once; there is no private answer.' })
export class AnswerQuestionInput {
  @Field(() => ID)
  questionId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(20000)
  answer!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The question as it will be published; default the asker’s text. Rephrase to remove anything identifying.',
  })
  @IsOptional()
  @NotBlank()
  @MaxLength(5000)
  publishedQuestion?: string | null;
}

@InputType()
export class OpenSlotsInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => Date, { description: 'Start of the first slot; the others follow back to back.' })
  startsAt!: Date;

  @Field(() => Int, { description: 'Every slot of a procurement lasts the same, 10 to 480 minutes.' })
  @Min(10)
  @Max(480)
  durationMinutes!: number;

  @Field(() => Int)
  @Min(1)
  @Max(50)
  count!: number;

  @Field(() => String, { defaultValue: '', description: 'A room or a video link.' })
  @MaxLength(300)
  location!: string;
}
