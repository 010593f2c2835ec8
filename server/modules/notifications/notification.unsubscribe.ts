import { createHmac, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { PublicUrl } from '../../common/public-url.js';
import { escapeHtml } from '../../mail/mail.templates.js';
import { UUID } from '../../loaders.js';
import { Locale } from '../users/user.entity.js';
import { NotificationKind } from './notification.entity.js';
import { notificationWords } from './notification.say.js';

/** What an unsubscribe link stops: the e-mails of one kind, or the daily digest. */
export type UnsubscribeTopic = NotificationKind | 'DIGEST';

const isTopic = (v: string): v is UnsubscribeTopic =>
  v === 'DIGEST' || (Object.values(NotificationKind) as string[]).includes(v);

/**
 * One-click unsubscribe links (RFC 8058). A link names a user and a topic and carries an HMAC of
 * both under a key derived from the server's secret: it works without signing in, for that user and
 * topic only, and a link with anything changed is refused without saying why or for whom. Links do
 * not expire: an old mail's link must still work (it only ever turns mail off).
 */
export class UnsubscribeLinks {
  private readonly key: Buffer;

  constructor(
    secret: string,
    private readonly urls: PublicUrl,
  ) {
    this.key = createHmac('sha256', secret).update('samverka unsubscribe v1').digest();
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  token(userId: string, topic: UnsubscribeTopic): string {
    const payload = Buffer.from(`${userId}:${topic}`).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The user and topic of an untampered token, else null. */
  verify(token: string): { userId: string; topic: UnsubscribeTopic } | null {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length || token.length > 300) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [userId = '', topic = ''] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    return UUID.test(userId) && isTopic(topic) ? { userId, topic } : null;
  }

  url(userId: string, topic: UnsubscribeTopic): string {
    return this.urls.link('/unsubscribe', { token: this.token(userId, topic) });
  }

  /** The headers that let a mail client offer the one click (RFC 2369 and RFC 8058). */
  headers(userId: string, topic: UnsubscribeTopic): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.url(userId, topic)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
}

const page = (locale: Locale, title: string, body: string, status = 200) => ({
  status,
  html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><meta name="robots" content="noindex">
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1e2b3c}
button{font:inherit;padding:.6em 1.2em;background:#0062ba;color:#fff;border:0;border-radius:4px;cursor:pointer}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
});

/**
 * /unsubscribe?token=…: GET shows what the link stops and a button (mail scanners open links, so a
 * GET changes nothing); POST, from that button or from a mail client's one click, stops it. No
 * sign-in either way. A tampered or unknown token answers 400 with one sentence, the same for every
 * reason, in English (whose link it was is exactly what it does not know).
 */
export function unsubscribeRoutes(
  links: UnsubscribeLinks,
  notifications: {
    recipient(userId: string): Promise<{ locale: Locale } | null>;
    unsubscribe(userId: string, topic: UnsubscribeTopic): Promise<void>;
  },
): Router {
  const router = Router();
  const invalid = () =>
    page(
      Locale.en,
      notificationWords(Locale.en).unsubscribe.title,
      `<p>${escapeHtml(notificationWords(Locale.en).unsubscribe.invalid)}</p>`,
      400,
    );

  router.use('/unsubscribe', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });

  const resolve = async (token: unknown) => {
    const found = typeof token === 'string' ? links.verify(token) : null;
    const user = found ? await notifications.recipient(found.userId) : null;
    return found && user ? { ...found, user } : null;
  };

  router.get('/unsubscribe', async (req, res) => {
    const r = await resolve(req.query.token);
    const out = r
      ? (() => {
          const w = notificationWords(r.user.locale).unsubscribe;
          const what = r.topic === 'DIGEST' ? w.digest : notificationWords(r.user.locale).kind[r.topic];
          return page(
            r.user.locale,
            w.title,
            `<p>${escapeHtml(w.confirm(what))}</p><form method="post"><button type="submit">${escapeHtml(w.button)}</button></form>`,
          );
        })()
      : invalid();
    res.status(out.status).type('html').send(out.html);
  });

  router.post('/unsubscribe', async (req, res) => {
    const r = await resolve(req.query.token);
    if (!r) {
      const out = invalid();
      res.status(out.status).type('html').send(out.html);
      return;
    }
    await notifications.unsubscribe(r.userId, r.topic);
    const w = notificationWords(r.user.locale).unsubscribe;
    const what = r.topic === 'DIGEST' ? w.digest : notificationWords(r.user.locale).kind[r.topic];
    const out = page(r.user.locale, w.title, `<p>${escapeHtml(w.done(what))}</p>`);
    res.status(out.status).type('html').send(out.html);
  });
  return router;
}
