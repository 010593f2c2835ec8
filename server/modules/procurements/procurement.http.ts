import { Router } from 'express';
import { httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';
import { actorOf } from '../../context.js';

/**
 * Procurement exports beside GraphQL, with the same authentication:
 * - GET /ocds/:id: the OCDS 1.1 release package (the procurement's group members).
 * - GET /procurements/:id/history.csv: the full history from the event log (coordinators).
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

  router.get('/procurements/:id/history.csv', async (req, res) => {
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const csv = await services.procurementHistory.csv(actorOf(ctx), String(req.params.id));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="procurement-${String(req.params.id)}-history.csv"`);
      res.end(csv);
    } catch (err) {
      sendFailure(req, res, err, 'history export');
    }
  });
  return router;
}
