import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, TimestampColumn } from '../common/columns.js';

/**
 * The durable outbox (DESIGN 3.5): a row is written in the transaction that causes the mail, so a
 * mail exists exactly when its cause committed. Any instance's sender claims due rows (SKIP LOCKED,
 * with a lease), sends them and marks them sent; a failed attempt is retried with back-off.
 */
@Entity({ name: 'mail_outbox' })
@Index('ix_mail_outbox_due', ['nextAttemptAt'], { where: 'sent_at IS NULL AND failed_at IS NULL' })
export class OutboxMail {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The RFC 5322 Message-ID, fixed when queued: a retry after an unconfirmed send repeats it, so receivers can drop the copy. */
  @Column({ name: 'message_id', type: 'varchar', length: 250 })
  messageId!: string;

  /** What caused it (template name), for operators and tests. */
  @Column({ type: 'varchar', length: 60 })
  kind!: string;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  to!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  html!: string;

  /** Extra headers (List-Unsubscribe and the like). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers!: Record<string, string>;

  /** An invitation's iCalendar part (method and text), fixed when queued like the rest of the message. */
  @Column({ name: 'ical_event', type: 'jsonb', nullable: true })
  icalEvent!: { method: 'REQUEST' | 'CANCEL'; content: string } | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  nextAttemptAt!: Date;

  /** Held by a sender until then; a sender that died releases its rows when the lease runs out. */
  @TimestampColumn('locked_until', { nullable: true, field: false })
  lockedUntil!: Date | null;

  @TimestampColumn('sent_at', { nullable: true, field: false })
  sentAt!: Date | null;

  /** Set when the server refused the message for good (a 5xx answer); never retried. */
  @TimestampColumn('failed_at', { nullable: true, field: false })
  failedAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** The .eml file it was written to (file transport). */
  @Column({ name: 'file_name', type: 'varchar', length: 200, nullable: true })
  fileName!: string | null;

  @CreatedAt({ field: false })
  createdAt!: Date;
}
