import { IsUUID, Matches } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { InputField } from '../../common/input-fields.js';
import { PageArgs } from '../../common/pagination.js';

@InputType()
export class CreateThreadInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID, { nullable: true, description: 'Attach the thread to this shared need of the group.' })
  needId?: string | null;

  @InputField(() => String, { notBlank: true, maxLength: 200 })
  title!: string;
}

@InputType()
export class PostMessageInput {
  @Field(() => ID)
  threadId!: string;

  @InputField(() => String, {
    notBlank: true,
    maxLength: 10_000,
    description: 'Markdown source, up to 10,000 characters.',
  })
  body!: string;

  @Field(() => ID, { nullable: true, description: 'A message of the same thread this one answers.' })
  replyToId?: string | null;

  @InputField(() => [ID], {
    maxItems: 50,
    defaultValue: [],
    description: 'Users mentioned; each must be able to read the thread.',
  })
  @IsUUID('all', { each: true, message: 'each of mentionUserIds must be a user id' })
  mentionUserIds!: string[];

  @InputField(() => String, {
    notBlank: true,
    maxLength: 100,
    description:
      'Chosen by the client, unique per message it posts: a retry with the same key returns the same message.',
  })
  idempotencyKey!: string;
}

@InputType()
export class EditMessageInput {
  @Field(() => ID)
  messageId!: string;

  @InputField(() => String, { notBlank: true, maxLength: 10_000 })
  body!: string;

  @InputField(() => [ID], { maxItems: 50, nullable: true, description: 'Replaces the mentions when given.' })
  @IsUUID('all', { each: true, message: 'each of mentionUserIds must be a user id' })
  mentionUserIds?: string[] | null;
}

@InputType()
export class SetReactionInput {
  @Field(() => ID)
  messageId!: string;

  @InputField(() => String, { maxLength: 32, description: 'One emoji.' })
  // One emoji: a pictograph (with optional presentation selector and skin tone), possibly joined by
  // ZWJ into one glyph, or a flag (two regional indicators). Never only invisible joiners.
  @Matches(
    /^(?:\p{Regional_Indicator}{2}|\p{Extended_Pictographic}\ufe0f?\p{Emoji_Modifier}?(?:\u200d\p{Extended_Pictographic}\ufe0f?\p{Emoji_Modifier}?)*)$/u,
    { message: 'emoji must be one emoji' },
  )
  emoji!: string;

  @Field(() => Boolean, { description: 'true adds the reaction, false takes it away.' })
  reacted!: boolean;
}

@ArgsType()
export class MessagesArgs {
  @InputField(() => Int, {
    min: 1,
    max: 100,
    nullable: true,
    description: 'Messages after `after` (oldest first), 1 to 100.',
  })
  first?: number | null;

  @InputField(() => Int, { min: 0, nullable: true, description: 'A sequence number: messages after it.' })
  after?: number | null;

  @InputField(() => Int, {
    min: 1,
    max: 100,
    nullable: true,
    description: 'Messages before `before` (the newest of them), 1 to 100.',
  })
  last?: number | null;

  @InputField(() => Int, { min: 1, nullable: true, description: 'A sequence number: messages before it.' })
  before?: number | null;
}

@ArgsType()
export class ThreadsArgs extends PageArgs {}
