import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Event', {
  description:
    'One change, from the event log. `id` increases; pass the last one you saw as `after` to resume a subscription without gaps.',
})
export class LiveEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'e.g. message.posted, membership.changed, need.updated, interest.set.' })
  type!: string;

  @Field(() => String, { description: 'group, need, thread or user.' })
  scopeType!: string;

  @Field(() => ID)
  scopeId!: string;

  @Field(() => ID, { nullable: true })
  groupId!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Small, type-specific facts (ids, new status, sequence numbers).' })
  payload!: Record<string, unknown>;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'Someone started or stopped typing in a thread. Never stored.' })
export class TypingEvent {
  @Field(() => ID)
  threadId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Boolean)
  typing!: boolean;
}
