import { Router } from 'express';
import { attachment, httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';
import { actorOf } from '../../context.js';
import { parseExportFile } from './export.service.js';

/**
 * Procurement exports beside GraphQL, with the same authentication:
 * - GET /ocds/:id: the OCDS 1.1 release package (the procurement's group members).
 * - GET /procurements/:id/<kind>.<format>: a spreadsheet (export.service.ts), `history` (coordinators) or
 *   `values` (the group's members), as `csv` or `xlsx`, in the signed-in user's language and time zone.
 */
export function procurementRoutes(services: Services, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);

  router.get('/ocds/:id', async (req, res) => {
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const body = await services.ocds.releasePackage(
        actorOf(ctx),
        ctx.loaders,
        String(req.params.id),
        services.urls.origin,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    } catch (err) {
      sendFailure(req, res, err, 'OCDS export');
    }
  });

  router.get('/procurements/:id/:file', async (req, res, next) => {
    const file = parseExportFile(String(req.params.file));
    // Not an export's name: another route's, or nobody's.
    if (!file) return next();
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const { body, contentType, fileName } = await services.procurementExports.download(
        actorOf(ctx),
        String(req.params.id),
        file.kind,
        file.format,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Disposition', attachment(fileName));
      res.end(body);
    } catch (err) {
      sendFailure(req, res, err, `${file.kind} export`);
    }
  });
  return router;
}
