import { Router } from 'express';
import contentDisposition from 'content-disposition';
import { httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { actorOf } from '../../context.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';
import { EformsNoticeType } from './notice.eforms.js';
import { NoticeTailoring } from './notice.types.js';

const TYPES = new Set<string>(Object.values(EformsNoticeType));

/**
 * GET /procurements/:id/notices/<type>.xml (pin-only, pmc, cn-standard; `?tailoring=norway` for
 * DFØ's Norwegian tailoring): an eForms notice draft as an attachment, with the same session as
 * GraphQL. 401 signed out, 404 for whoever does not read the procurement (suppliers, other groups),
 * 403 for a member who is no buyer, 400 INVALID_STATE naming what is missing.
 */
export function noticeRoutes(services: Services, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);

  router.get('/procurements/:id/notices/:type.xml', async (req, res) => {
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const type = String(req.params.type);
      if (!TYPES.has(type)) {
        return sendError(res, 404, ErrorCode.NOT_FOUND, `No eForms notice type ${type}: pin-only, pmc or cn-standard.`);
      }
      const asked = String(req.query.tailoring ?? 'none').toUpperCase();
      if (!(asked in NoticeTailoring)) {
        return sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'tailoring: none or norway', { field: 'tailoring' });
      }
      const { xml, fileName } = await services.notices.draft(
        actorOf(ctx),
        ctx.loaders,
        String(req.params.id),
        type as EformsNoticeType,
        asked as NoticeTailoring,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', 'application/xml; charset=utf-8');
      res.setHeader('Content-Disposition', contentDisposition(fileName));
      res.end(xml);
    } catch (err) {
      sendFailure(req, res, err, 'notice draft');
    }
  });
  return router;
}
