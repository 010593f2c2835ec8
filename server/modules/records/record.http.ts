import { Router, type Request, type Response } from 'express';
import { attachment, httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { defineSheet, dateTime, integer, renderSheet, text, type SheetFormat } from '../../common/spreadsheet.js';
import { actorOf, type Context } from '../../context.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';
import { legalBasis } from './record.bases.js';
import { CaseScope } from './record.entity.js';
import { journalNumber } from './record.service.js';
import { RECORD_WORDS } from './record.words.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Public records beside GraphQL, with the same authentication:
 * - GET /archive/procurements/:id.zip and /archive/groups/:id.zip (`?format=noark5|eark`): the
 *   caller's authority's archive package, a zip streamed with its Content-Length, so the download
 *   shows its progress. 401 signed out, 404 for whoever does not see the case or whose authority
 *   took no part in it, 403 for a guest or a supplier who sees it.
 * - GET /records/journal.csv|xlsx?from=YYYY-MM-DD&to=YYYY-MM-DD: the authority's journal for the period.
 */
export function recordRoutes(services: Services, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);
  const signedIn = async (req: Request, res: Response): Promise<Context | null> => {
    const ctx = await context(req, res);
    if (!ctx.viewer) sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
    return ctx.viewer ? ctx : null;
  };

  const archive = (scope: CaseScope) => async (req: Request, res: Response) => {
    try {
      const ctx = await signedIn(req, res);
      if (!ctx) return;
      const format = typeof req.query.format === 'string' ? req.query.format : null;
      const built = await services.archives.build(actorOf(ctx), scope, String(req.params.id), format);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Length', String(built.length));
      res.setHeader('Content-Disposition', attachment(built.fileName));
      const zip = await services.archives.stream(built);
      let sent = 0;
      zip.on('data', (chunk: Buffer) => (sent += chunk.length));
      zip.on('error', (err) => {
        // The length was announced: a package that cannot be completed is cut off, never finished wrong.
        req.log.error({ err }, 'archive package failed while streaming');
        res.destroy(err);
      });
      zip.on('end', () => {
        if (sent !== built.length) req.log.error({ sent, announced: built.length }, 'archive length differs');
      });
      // A download given up on stops reading the database too.
      res.on('close', () => {
        if (!res.writableFinished) zip.destroy();
      });
      zip.pipe(res);
    } catch (err) {
      sendFailure(req, res, err, 'archive package');
    }
  };
  router.get('/archive/procurements/:id.zip', archive(CaseScope.PROCUREMENT));
  router.get('/archive/groups/:id.zip', archive(CaseScope.GROUP));

  router.get('/records/journal.:format', async (req, res, next) => {
    const format = String(req.params.format);
    if (format !== 'csv' && format !== 'xlsx') return next();
    try {
      const ctx = await signedIn(req, res);
      if (!ctx) return;
      const [from, to] = [req.query.from, req.query.to].map((v) => (typeof v === 'string' ? v : ''));
      for (const [field, value] of [
        ['from', from],
        ['to', to],
      ]) {
        if (!DATE.test(value)) {
          return sendError(res, 400, ErrorCode.BAD_USER_INPUT, `${field}: a date YYYY-MM-DD`, { field });
        }
      }
      const actor = actorOf(ctx);
      const { nodes } = await services.records.journal(actor, from, to, null);
      const w = RECORD_WORDS[actor.user.locale].journal;
      const words = RECORD_WORDS[actor.user.locale];
      const sheet = defineSheet(
        `${w.title} ${from} – ${to}`,
        {
          number: text(w.number),
          date: dateTime(w.date),
          direction: text(w.direction),
          title: text(w.recordTitle),
          counterparts: text(w.counterparts),
          classification: text(w.classification),
          basis: text(w.legalBasis),
          version: integer(w.version),
        },
        nodes.map((m) => ({
          number: journalNumber(m),
          date: m.createdAt,
          direction: words.direction[m.direction],
          title: m.title,
          counterparts: m.counterparts,
          classification: words.classification[m.classification],
          basis: legalBasis(actor.organisation.country, m.legalBasis)?.reference ?? null,
          version: m.documentVersion,
        })),
      );
      const file = await renderSheet(sheet, format as SheetFormat, actor.user);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', attachment(`${w.title} ${from} - ${to}.${file.extension}`));
      res.end(file.body);
    } catch (err) {
      sendFailure(req, res, err, 'journal export');
    }
  });
  return router;
}
