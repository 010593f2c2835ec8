import { Router } from 'express';
import { actorOf } from '../../context.js';
import { attachment, httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { ErrorCode } from '../../errors.js';
import type { Services } from '../../services.js';

/**
 * GET /me/data.zip: everything about the signed-in person (data.json plus the document versions
 * they wrote), streamed as a zip so a large one starts at once.
 */
export function privacyRoutes(services: Services, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);
  router.get('/me/data.zip', async (req, res) => {
    try {
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const data = await services.privacy.exportData(actorOf(ctx));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', attachment(`samverka-data-${new Date().toISOString().slice(0, 10)}.zip`));
      // Loaded on the first export: a rare request, and archiver is a large package.
      const { ZipArchive } = await import('archiver');
      const zip = new ZipArchive({ zlib: { level: 6 } });
      zip.on('error', (err: Error) => {
        req.log.error({ err }, 'personal data export failed');
        res.destroy(err);
      });
      zip.pipe(res);
      zip.append(JSON.stringify(data.json, null, 2), { name: 'data.json' });
      for (const file of data.files) {
        zip.append(file.text ?? file.open(), { name: file.path });
      }
      await zip.finalize();
    } catch (err) {
      sendFailure(req, res, err, 'personal data export');
    }
  });
  return router;
}
