import { Router, type Request, type Response } from 'express';
import type { Config } from '../../config.js';
import { attachment, httpContext, sendError, sendFailure, type TokenOf } from '../../common/http.js';
import { actorOf, type Context } from '../../context.js';
import { ErrorCode } from '../../errors.js';
import { textProblem } from '../../common/text-check.js';
import type { Services } from '../../services.js';
import { UploadError } from './blob.store.js';
import { VersionContent, type Document, type DocumentVersion } from './document.entity.js';

/** Header a browser cannot send cross-site without a CORS preflight: protects cookie-authenticated uploads. */
export const UPLOAD_HEADER = 'x-samverka-upload';

/**
 * File transfer beside GraphQL, with the same authentication (bearer token or session cookie):
 * - POST /uploads: the raw bytes of one file as the body (streamed to storage, never held whole in
 *   memory), the file name in `X-File-Name` (URI-encoded); answers `{ uploadId, ... }` for the
 *   `addFileVersion` mutation. Needs the `X-Samverka-Upload: 1` header (CSRF protection).
 * - GET /documents/:id/versions/:number/content: the version's bytes, for readers of the document.
 * - GET /dialogue/:procurementId/documents/:documentId/content: a published document's published
 *   version, for the procurement's registered suppliers.
 */
export function documentRoutes(services: Services, config: Config, tokenOf: TokenOf): Router {
  const router = Router();
  const context = httpContext(services, tokenOf);

  router.post('/uploads', async (req, res) => {
    try {
      if (req.headers[UPLOAD_HEADER] !== '1') {
        return sendError(res, 400, ErrorCode.BAD_USER_INPUT, `Send the header ${UPLOAD_HEADER}: 1 with uploads.`);
      }
      const ctx = await context(req, res);
      if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > config.maxUploadBytes) {
        res.setHeader('Connection', 'close');
        req.resume();
        return sendError(
          res,
          413,
          ErrorCode.BAD_USER_INPUT,
          `The file is larger than the limit of ${config.maxUploadBytes} bytes.`,
          {
            field: 'file',
            rule: 'maxSize',
          },
        );
      }
      let fileName = 'file';
      try {
        fileName =
          decodeURIComponent(String(req.headers['x-file-name'] ?? 'file'))
            .trim()
            .slice(0, 255) || 'file';
      } catch {
        return sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'X-File-Name must be URI-encoded.');
      }
      const nameProblem = textProblem(fileName, 'X-File-Name');
      if (nameProblem) {
        return sendError(res, 400, ErrorCode.BAD_USER_INPUT, `X-File-Name ${nameProblem.message}.`, {
          field: nameProblem.field,
          rule: nameProblem.rule,
        });
      }
      // destroyOnReturn false: a refused upload stops reading without tearing the request down, so
      // the error can still be answered (with Connection: close, below) instead of breaking the socket.
      const blob = await services.blobs.put(req.iterator({ destroyOnReturn: false }), {
        maxBytes: config.maxUploadBytes,
        fileName,
        claimedType: req.headers['content-type'] ?? null,
        userId: ctx.viewer.user.id,
      });
      res.status(201).json({
        uploadId: blob.id,
        size: blob.size,
        sha256: blob.sha256,
        mediaType: blob.mediaType,
        fileName: blob.fileName,
      });
    } catch (err) {
      if (err instanceof UploadError) {
        // The rest of the body is not worth reading: answer, then close the connection.
        res.setHeader('Connection', 'close');
        req.resume();
        return sendError(res, err.status, ErrorCode.BAD_USER_INPUT, err.message, {
          field: 'file',
          rule: err.extensions.rule,
        });
      }
      req.log.error({ err }, 'upload failed');
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'The upload failed.');
    }
  });

  /** Streams one version's bytes; `load` authorises the reader and picks the version. */
  const download =
    (load: (ctx: Context, req: Request) => Promise<{ document: Document; version: DocumentVersion }>) =>
    async (req: Request, res: Response) => {
      try {
        const ctx = await context(req, res);
        if (!ctx.viewer) return sendError(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be signed in.');
        const { document, version } = await load(ctx, req);
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Cache-Control', 'private, no-store');
        res.setHeader('Content-Length', String(version.size));
        if (version.content === VersionContent.TEXT) {
          res.setHeader('Content-Type', 'text/markdown; charset=utf-8');
          res.setHeader('Content-Disposition', attachment(`${document.title}.md`));
          res.end(version.text ?? '');
          return;
        }
        res.setHeader('Content-Type', version.mediaType);
        res.setHeader('Content-Disposition', attachment(version.fileName ?? document.title));
        const stream = services.blobs.open(version.blobId!);
        stream.on('error', (err) => {
          req.log.error({ err }, 'download failed');
          res.destroy(err);
        });
        stream.pipe(res);
      } catch (err) {
        sendFailure(req, res, err, 'download');
      }
    };

  router.get(
    '/documents/:id/versions/:number/content',
    download(async (ctx, req) => {
      const { document } = await services.documents.access(actorOf(ctx), String(req.params.id));
      return {
        document,
        version: await services.documents.version(actorOf(ctx), document.id, Number(req.params.number)),
      };
    }),
  );
  // The published version of a procurement document, for its registered suppliers (and buyers).
  router.get(
    '/dialogue/:procurementId/documents/:documentId/content',
    download((ctx, req) =>
      services.dialogue.publishedDocument(
        actorOf(ctx),
        String(req.params.procurementId),
        String(req.params.documentId),
      ),
    ),
  );
  return router;
}
