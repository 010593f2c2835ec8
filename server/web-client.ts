import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { fromRoot } from './project-root.js';

/** Where `npm start` (client/build.ts) puts the built web client. */
export const WEB_CLIENT_DIR = fromRoot('client', 'dist');

/** Paths that belong to the API and the file endpoints: never answered with the app's HTML. */
const RESERVED =
  /^\/(graphql|healthz|readyz|metrics|uploads|documents|dialogue|procurements|ocds|auth|dev|archive|records)(\/|$)/;

/**
 * The web client at `/`: its hashed assets cached for good, and index.html (never cached, so a
 * new build is picked up at once) for every other GET that asks for HTML, so client-side routes
 * such as /groups/<id> survive a reload. Mounted after the API routes; reserved prefixes fall
 * through to them or to 404 even when they would accept HTML.
 */
export function webClientRoutes(dir = WEB_CLIENT_DIR): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false }));
  // A missing asset (an old tab asking for a replaced build's file) is a plain 404, not the app.
  router.use('/assets', (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  });
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED.test(req.path) || !req.accepts('html')) {
      return next();
    }
    // Checked per request: a server started before the first build serves the app once it exists.
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The web client is not built yet: run `npm run build` (or `npm start`).');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "img-src 'self' data:",
        // Designsystemet's components set inline style attributes (e.g. popover positions).
        "style-src 'self' 'unsafe-inline'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ].join('; '),
    );
    // Relative to `root`: send refuses a path with a dot-directory in it (a checkout may live in one).
    res.sendFile('index.html', { root: dir }, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}
