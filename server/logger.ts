import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; request-scoped children carry `reqId` (see app.ts). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'samverka' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        'variables.input.password',
      ],
      censor: '[redacted]',
    },
  });
}
