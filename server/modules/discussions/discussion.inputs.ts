import { ArrayMaxSize, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/pagination.js';
import { NotBlank } from '../../common/validation.js';

@InputType()
export class CreateThreadInput {
  @Field(() => ID)
  groupId!: string;

  @Field(() => ID, { nullable: true, description: 'Attach the thread to this shared need of the group.' })
  needId?: string | null;

  @Field(() => String)
  @NotBlank()
  @MaxLength(200)
  title!: string;
}

@InputType()
export class PostMessageInput {
  @Field(() => ID)
  threadId!: string;

  @Field(() => String, { description: 'Markdown source, up to 10,000 characters.' })
  @NotBlank()
  @MaxLength(10_000)
  body!: string;

  @Field(() => ID, { nullable: true, description: 'A message of the same thread this one answers.' })
  replyToId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Users mentioned; each must be able to read the thread.' })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each of mentionUserIds must be a user id' })
  mentionUserIds!: string[];

  @Field(() => String, {
    description:
      'Chosen by the client, unique per message it posts: a retry with the same key returns the same message.',
  })
  @NotBlank()
  @MaxLength(100)
  idempotencyKey!: string;
}

@InputType()
export class EditMessageInput {
  @Field(() => ID)
  messageId!: string;

  @Field(() => String)
  @NotBlank()
  @MaxLength(10_000)
  body!: string;

  @Field(() => [ID], { nullable: true, description: 'Replaces the mentions when given.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each of mentionUserIds must be a user id' })
  mentionUserIds?: string[] | null;
}

@InputType()
export class SetReactionInput {
  @Field(() => ID)
  messageId!: string;

  @Field(() => String, { description: 'One emoji.' })
  @MaxLength(32)
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
  @Field(() => Int, { nullable: true, description: 'Messages after `after` (oldest first), 1 to 100.' })
  @IsOptional()
  @Min(1)
  @Max(100)
  first?: number | null;

  @Field(() => Int, { nullable: true, description: 'A sequence number: messages after it.' })
  @IsOptional()
  @Min(0)
  after?: number | null;

  @Field(() => Int, { nullable: true, description: 'Messages before `before` (the newest of them), 1 to 100.' })
  @IsOptional()
  @Min(1)
  @Max(100)
  last?: number | null;

  @Field(() => Int, { nullable: true, description: 'A sequence number: messages before it.' })
  @IsOptional()
  @Min(1)
  before?: number | null;
}

@ArgsType()
export class ThreadsArgs extends PageArgs {}
