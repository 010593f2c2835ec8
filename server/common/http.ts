import contentDisposition from 'content-disposition';
import type { Request, Response } from 'express';
import { buildContext, type Context } from '../context.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Services } from '../services.js';

/** How a route finds the session token (bearer header or cookie), as GraphQL does. */
export type TokenOf = (req: Request) => string | undefined;

/** The same error shape as GraphQL's, for the plain HTTP routes beside it. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
) {
  res.status(status).json({ error: { code, message, ...extra } });
}

/** A request context for a plain HTTP route: the same authentication and loaders as a GraphQL request. */
export const httpContext =
  (services: Services, tokenOf: TokenOf) =>
  (req: Request, res: Response): Promise<Context> =>
    buildContext({
      services,
      token: tokenOf(req),
      log: req.log,
      requestId: String(req.id),
      ip: req.ip ?? 'unknown',
      http: { req, res },
    });

/** Answers a failed route: known errors with their code and an HTTP status, anything else masked. */
export function sendFailure(req: Request, res: Response, err: unknown, what: string) {
  if (err instanceof AppError) {
    const code = String(err.extensions.code);
    const status =
      code === ErrorCode.NOT_FOUND
        ? 404
        : code === ErrorCode.FORBIDDEN
          ? 403
          : code === ErrorCode.UNAUTHENTICATED
            ? 401
            : 400;
    // What a client acts on beside the code: the unmet requirements, or the input field.
    const { missing, field } = err.extensions as { missing?: unknown; field?: unknown };
    return sendError(res, status, code, err.message, {
      ...(missing !== undefined ? { missing } : {}),
      ...(field !== undefined ? { field } : {}),
    });
  }
  req.log.error({ err }, `${what} failed`);
  if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, `The ${what} failed.`);
}

/** Letters NFKD does not take apart into a base letter and a mark. */
const ASCII_LETTERS: Record<string, string> = {
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  ß: 'ss',
  đ: 'd',
  Đ: 'D',
  þ: 'th',
  Þ: 'Th',
};

/**
 * RFC 6266 Content-Disposition for a download: an ASCII `filename` (accents stripped, æ and ø
 * spelled out) and, for any other name, the exact UTF-8 name in `filename*` (RFC 8187), never raw
 * non-ASCII bytes in the header.
 */
export const attachment = (name: string): string =>
  contentDisposition(name, {
    type: 'attachment',
    fallback: name
      .replace(/[æÆøØßđĐþÞ]/g, (c) => ASCII_LETTERS[c])
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_'),
  });
