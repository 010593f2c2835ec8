import { ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, ForeignKey, IdColumn, TimestampColumn } from '../../common/columns.js';
import { User } from '../users/user.entity.js';

/**
 * A person's private calendar feed: `GET /calendar/<token>.ics` with no sign-in, for calendar apps
 * that cannot sign in. Only the token's SHA-256 is stored (like the mail tokens in auth/): a copy
 * of the database hands out no working feed, and the URL is shown once, when the feed is created.
 * One live feed per person; creating a new one replaces it, and revoking deletes the row.
 */
@ObjectType({
  description:
    "The viewer's private calendar feed. Its URL is shown once, by createCalendarFeed: only a hash of its secret is kept.",
})
@Entity({ name: 'calendar_feed' })
export class CalendarFeed {
  @IdColumn({ field: false })
  id!: string;

  @Index('uq_calendar_feed_user', { unique: true })
  @ForeignKey(() => User, { fk: 'fk_calendar_feed_user', onDelete: 'CASCADE' })
  userId!: string;
  user?: User;

  @Index('uq_calendar_feed_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash!: string;

  @CreatedAt()
  createdAt!: Date;

  /** When a calendar app last fetched it (at most hourly precision), so the owner can tell it is in use. */
  @TimestampColumn('last_fetched_at', {
    nullable: true,
    field: { description: 'When a calendar app last fetched the feed (to the hour); null if never.' },
  })
  lastFetchedAt!: Date | null;
}
