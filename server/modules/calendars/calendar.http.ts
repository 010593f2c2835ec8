import { Router } from 'express';
import { attachment, httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { actorOf } from '../../context.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';

const CALENDAR = 'text/calendar; charset=utf-8';

/**
 * Calendar feeds beside GraphQL:
 * - GET /calendar/<token>.ics: a person's private feed, for calendar apps, which cannot sign in. The
 *   token is the only key, so every way of not having a feed (malformed, unknown, revoked, an owner
 *   no longer active) is the same bare 404: the answer tells a guesser nothing.
 * - GET /procurements/<id>/calendar.ics: a procurement's calendar for its buyers, with the same
 *   sign-in and answers as the other procurement downloads (401, 404 for whoever does not read it).
 */
export function calendarRoutes(services: Services, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);

  router.get('/calendar/:token.ics', async (req, res) => {
    try {
      const ics = await services.calendars.personalFeed(String(req.params.token));
      // The URL is a secret: no shared cache keeps it, no search engine lists it.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('X-Robots-Tag', 'noindex');
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (ics === null) {
        res.status(404).type('text/plain').send('Not found.');
        return;
      }
      res.setHeader('Content-Type', CALENDAR);
      res.send(ics);
    } catch (err) {
      sendFailure(req, res, err, 'calendar feed');
    }
  });

  router.get('/procurements/:id/calendar.ics', async (req, res) => {
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const { ics, fileName } = await services.calendars.procurementFeed(actorOf(ctx), String(req.params.id));
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('Content-Type', CALENDAR);
      res.setHeader('Content-Disposition', attachment(fileName));
      res.send(ics);
    } catch (err) {
      sendFailure(req, res, err, 'procurement calendar');
    }
  });
  return router;
}
