import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Map<string, unknown>;
  /** Parts other than the text and HTML bodies (an invitation's text/calendar part among them). */
  attachments: ReceivedPart[];
  /** The header lines as sent (mailparser folds some, such as List-*, into structures). */
  headerLines: readonly { key: string; line: string }[];
}

export interface ReceivedPart {
  contentType: string;
  /** The Content-Type's parameters (`method` of a text/calendar part). */
  params: Record<string, string>;
  filename?: string;
  content: string;
}

/** A header's value as sent (unfolded), or undefined. */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/**
 * A real SMTP server on a free port that keeps what it receives, for tests that follow the links
 * in mails. `stop()` and `start()` take it down and bring it back on the same port (to see the
 * outbox retry), and `refuseNext` makes it answer 451 (a temporary failure) for a while.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly events = new EventEmitter();
  private server?: SMTPServer;
  port = 0;
  /** Answer 451 to this many messages before accepting again. */
  refuseNext = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.refuseNext > 0) {
          this.refuseNext--;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ''),
            );
            this.received.push({
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headers: mail.headers,
              attachments: mail.attachments.map((a) => ({
                contentType: a.contentType,
                params:
                  (a.headers.get('content-type') as { params?: Record<string, string> } | undefined)?.params ?? {},
                filename: a.filename,
                content: a.content.toString('utf8'),
              })),
              headerLines: mail.headerLines,
            });
            this.events.emit('mail');
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails to an address (lower-case), oldest first. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits until a mail matching `match` has arrived (mails before `after` are ignored), and returns it. */
  async waitFor(match: (m: ReceivedMail) => boolean, timeoutMs = 20_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching mail within ${timeoutMs} ms; received: ${this.received.map((m) => `${m.to} "${m.subject}"`).join(', ') || 'none'}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.events.once('mail', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** The first link in a mail's text whose path is `path`, as a URL. */
export function linkIn(mail: ReceivedMail, path: string): URL {
  const links = mail.text.match(/https?:\/\/[^\s<>"']+/g) ?? [];
  const link = links.map((l) => new URL(l)).find((u) => u.pathname === path);
  if (!link) throw new Error(`no link to ${path} in "${mail.subject}": ${mail.text}`);
  return link;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const server = new TestSmtpServer();
  await server.start();
  return server;
}
