import { Field, ObjectType } from 'type-graphql';
import { CalendarFeed } from './calendar.entity.js';

@ObjectType({ description: 'A new private calendar feed, with its secret URL: shown this once.' })
export class NewCalendarFeed {
  @Field(() => String, {
    description:
      'Subscribe to it in a calendar app (it needs no sign-in: keep it to yourself). Only its hash is stored, so it cannot be shown again; create a new one if it is lost.',
  })
  url!: string;

  @Field(() => CalendarFeed)
  feed!: CalendarFeed;
}
