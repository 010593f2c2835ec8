import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logger.js';
import type { PublicUrl } from '../common/public-url.js';
import { Locale } from '../modules/users/user.entity.js';
import { OutboxMail } from './mail.entity.js';
import { renderLayout, renderMail, type MailContent, type MailTemplate, type RenderedMail } from './mail.templates.js';

export interface QueuedMail {
  to: string;
  locale: Locale;
  template: MailTemplate;
  values: Record<string, string>;
  /** The link of the mail's one button. */
  action?: string;
  /** Adds "if you did not ask for this, ignore it" (mails someone else could have caused). */
  ignoreNote?: boolean;
  headers?: Record<string, string>;
  /** An iCalendar invitation (RFC 6047): sent as a `text/calendar; method=…` part beside the text and HTML. */
  calendar?: CalendarPart;
}

/** An iCalendar object of an invitation (`METHOD:REQUEST`) or its cancellation (`METHOD:CANCEL`). */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL';
  content: string;
}

/** Rows claimed per round, and how long a claim lasts before another sender may take the row. */
const BATCH = 20;
const LEASE_SECONDS = 120;
const MAX_BACKOFF_MS = 3600_000;

/**
 * The mail outbox. `enqueue` writes in the caller's transaction; the sender loop (every instance
 * runs one) claims due rows with SKIP LOCKED and a lease, so two instances never send one row at
 * the same time, and a sender that dies mid-send releases its rows when the lease ends. A send is
 * confirmed by the SMTP server's 250 before the row is marked sent; a crash between the two sends
 * the row again with the same Message-ID (at least once, never silently lost).
 */
export class MailOutbox {
  private readonly transport: Transporter;
  private readonly fileDir: string | undefined;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly urls: PublicUrl,
    private readonly log: Logger,
    private readonly options: {
      mailUrl: string | undefined;
      from: string | undefined;
      dataDir: string;
      pollMs: number;
      retryBaseMs: number;
    },
  ) {
    if (options.mailUrl) {
      this.transport = nodemailer.createTransport(options.mailUrl, {
        // Short timeouts: a hung server delays this round, not the whole queue forever.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as never);
    } else {
      // No SMTP server configured (the embedded default): build the same MIME message into a file.
      this.transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.fileDir = path.resolve(options.dataDir, 'outbox');
    }
  }

  /** Where unsent-by-SMTP mail goes, or undefined when an SMTP server is configured. */
  get directory(): string | undefined {
    return this.fileDir;
  }

  get from(): string {
    return this.options.from ?? `Samverka <no-reply@${this.urls.hostname}>`;
  }

  /** Queues a mail in the caller's transaction; call `wake()` after the commit. */
  async enqueue(em: EntityManager, mail: QueuedMail): Promise<void> {
    const rendered = renderMail(mail.locale, mail.template, mail.values, mail.action, {
      ignoreNote: mail.ignoreNote,
    });
    await this.insert(em, mail.template, mail.to, rendered, mail.headers, mail.calendar);
  }

  /**
   * Queues a mail whose words the caller chose (a notice, a digest) in the caller's transaction, in
   * the same layout as every other; `kind` names its cause for operators and tests.
   */
  async enqueueContent(
    em: EntityManager,
    mail: { to: string; locale: Locale; kind: string; content: MailContent; headers?: Record<string, string> },
  ): Promise<void> {
    await this.insert(em, mail.kind, mail.to, renderLayout(mail.locale, mail.content), mail.headers);
  }

  private async insert(
    em: EntityManager,
    kind: string,
    to: string,
    rendered: RenderedMail,
    headers: Record<string, string> = {},
    calendar?: CalendarPart,
  ): Promise<void> {
    await em.getRepository(OutboxMail).insert({
      messageId: `<${randomUUID()}@${this.urls.hostname}>`,
      kind,
      to,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers,
      icalEvent: calendar ?? null,
    });
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Sends what is due now (one round at a time; a wake during a round runs another). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log.error({ err }, 'mail outbox round failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Waits for the current round (tests). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const rows = await this.claim();
      if (!rows.length || this.stopped) return;
      for (const row of rows) await this.deliver(row);
      if (rows.length < BATCH) return;
    }
  }

  private async claim(): Promise<OutboxMail[]> {
    const rows = (await this.db.query(
      `UPDATE mail_outbox SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
        WHERE id IN (SELECT id FROM mail_outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                        AND (locked_until IS NULL OR locked_until < now())
                      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, message_id, kind, to_address, subject, text, html, headers, ical_event, attempts`,
      [BATCH, LEASE_SECONDS],
    )) as [Record<string, any>[], number];
    return rows[0].map((r) => ({
      id: String(r.id),
      messageId: r.message_id,
      kind: r.kind,
      to: r.to_address,
      subject: r.subject,
      text: r.text,
      html: r.html,
      headers: r.headers ?? {},
      icalEvent: r.ical_event ?? null,
      attempts: r.attempts,
    })) as OutboxMail[];
  }

  private async deliver(row: OutboxMail): Promise<void> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        html: row.html,
        messageId: row.messageId,
        headers: row.headers,
        // nodemailer's alternative part: Content-Type text/calendar; method=REQUEST (or CANCEL).
        ...(row.icalEvent
          ? { icalEvent: { method: row.icalEvent.method, content: row.icalEvent.content, filename: 'invite.ics' } }
          : {}),
      });
      let fileName: string | null = null;
      if (this.fileDir) {
        fileName = `${row.id.padStart(8, '0')}.eml`;
        await mkdir(this.fileDir, { recursive: true });
        await writeFile(path.join(this.fileDir, fileName), (info as unknown as { message: Buffer }).message);
      }
      await this.db.query(
        `UPDATE mail_outbox SET sent_at = now(), locked_until = NULL, last_error = NULL, file_name = $2 WHERE id = $1`,
        [row.id, fileName],
      );
      this.log.info({ mailId: row.id, kind: row.kind }, 'mail sent');
    } catch (err) {
      const e = err as { responseCode?: number; message?: string };
      // 5xx is the server's final word on this message (no such mailbox, refused); anything else
      // (connection refused, timeout, 4xx) is worth another try later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      const delay = Math.min(MAX_BACKOFF_MS, this.options.retryBaseMs * 2 ** Math.min(row.attempts - 1, 20));
      await this.db.query(
        `UPDATE mail_outbox SET locked_until = NULL, last_error = $2,
                next_attempt_at = now() + make_interval(secs => $3), failed_at = CASE WHEN $4 THEN now() END
          WHERE id = $1`,
        [row.id, String(e.message ?? err).slice(0, 2000), delay / 1000, permanent],
      );
      this.log.warn({ mailId: row.id, kind: row.kind, attempt: row.attempts, permanent, err }, 'mail not sent');
    }
  }
}
