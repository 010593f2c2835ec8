import { Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';

@InputType()
export class PublishDialogueNoticeInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 50000,
    description: 'Markdown: what the buyers want to learn from the market, and how.',
  })
  notice!: string;

  @Field(() => Date, { description: 'Suppliers ask questions until then (the QUESTION_DEADLINE milestone).' })
  questionDeadline!: Date;

  @InputField(() => Int, {
    min: 1,
    max: 10,
    defaultValue: 1,
    description: 'Dialogue meetings one supplier organisation may book.',
  })
  maxBookingsPerSupplier!: number;
}

@InputType()
export class AskQuestionInput {
  @Field(() => ID)
  procurementId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 5000 })
  text!: string;
}

@InputType({ description: 'An answer is published to every registered supplier at once; there is no private answer.' })
export class AnswerQuestionInput {
  @Field(() => ID)
  questionId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 20000 })
  answer!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 5000,
    nullable: true,
    description:
      'The question as it will be published; default the asker’s text. Rephrase to remove anything identifying.',
  })
  publishedQuestion?: string | null;
}

@InputType()
export class OpenSlotsInput {
  @Field(() => ID)
  procurementId!: string;

  @Field(() => Date, { description: 'Start of the first slot; the others follow back to back.' })
  startsAt!: Date;

  @InputField(() => Int, {
    min: 10,
    max: 480,
    description: 'Every slot of a procurement lasts the same, 10 to 480 minutes.',
  })
  durationMinutes!: number;

  @InputField(() => Int, { min: 1, max: 50 })
  count!: number;

  @InputField(() => String, { maxLength: 300, defaultValue: '', description: 'A room or a video link.' })
  location!: string;
}
