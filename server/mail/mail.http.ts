import { Router, type Request } from 'express';
import type { DataSource } from 'typeorm';
import { OutboxMail } from './mail.entity.js';
import { escapeHtml } from './mail.templates.js';

/** Plain text with its http(s) links made clickable (the rest escaped). */
const linkify = (text: string) =>
  escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd}
pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem}</style></head><body>${body}</body></html>`;

const isLoopback = (req: Request) => {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
};

/**
 * /dev/outbox: the mail the embedded default wrote to files instead of sending, for trying
 * registration and resets without a mail server. Development only (never mounted in production),
 * and only for requests from this machine, since the links in it sign people in.
 */
export function devOutboxRoutes(db: DataSource): Router {
  const router = Router();
  router.use('/dev/outbox', (req, res, next) => {
    if (!isLoopback(req)) {
      res.status(403).type('text/plain').send('The development outbox is only shown to this machine.');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/dev/outbox', async (_req, res) => {
    const rows = await db.getRepository(OutboxMail).find({ order: { id: 'DESC' }, take: 200 });
    const body = rows.length
      ? `<table><thead><tr><th>Queued</th><th>To</th><th>Subject</th><th>State</th></tr></thead><tbody>${rows
          .map(
            (r) =>
              `<tr><td>${r.createdAt.toISOString()}</td><td>${escapeHtml(r.to)}</td>` +
              `<td><a href="/dev/outbox/${r.id}">${escapeHtml(r.subject)}</a></td>` +
              `<td>${r.sentAt ? 'written' : r.failedAt ? 'failed' : 'queued'}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '<p>No mail yet.</p>';
    res.type('html').send(page('Outbox', `<h1>Development outbox</h1><p>Newest first.</p>${body}`));
  });

  router.get('/dev/outbox/:id', async (req, res) => {
    const id = String(req.params.id);
    const row = /^\d{1,18}$/.test(id) ? await db.getRepository(OutboxMail).findOneBy({ id }) : null;
    if (!row) {
      res.status(404).type('text/plain').send('No such mail.');
      return;
    }
    res
      .type('html')
      .send(
        page(
          row.subject,
          `<p><a href="/dev/outbox">All mail</a></p><h1>${escapeHtml(row.subject)}</h1>` +
            `<p>To: ${escapeHtml(row.to)}<br>Queued: ${row.createdAt.toISOString()}` +
            `${row.fileName ? `<br>File: ${escapeHtml(row.fileName)}` : ''}</p><pre>${linkify(row.text)}</pre>`,
        ),
      );
  });
  return router;
}
