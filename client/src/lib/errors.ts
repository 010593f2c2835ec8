import type { CombinedError } from 'urql';

/** The stable code the API puts in `extensions.code` of the first error. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.networkError) return 'NETWORK';
  return error.graphQLErrors[0]?.extensions?.code as string | undefined;
}

/** The first error's extensions (e.g. `field` of BAD_USER_INPUT, `currentVersion` of CONFLICT). */
export function errorExtensions(error: CombinedError | undefined): Record<string, unknown> {
  return (error?.graphQLErrors[0]?.extensions as Record<string, unknown> | undefined) ?? {};
}

/** The server's own message without urql's "[GraphQL] " prefix. */
export function errorMessage(error: CombinedError | undefined): string {
  if (!error) return '';
  return error.graphQLErrors[0]?.message ?? error.message.replace(/^\[\w+\]\s*/, '');
}

export interface FieldProblem {
  /** Without the `input.` prefix: `email`, `admins[0].email`, `token`. */
  field: string;
  rule: string;
  message: string;
}

const withoutInput = (field: string) => field.replace(/^input\./, '');

/**
 * Every failed rule of a BAD_USER_INPUT (`extensions.problems`, else the first `field`/`rule`), so
 * a form can put each message beside its own field.
 */
export function fieldProblems(error: CombinedError | undefined): FieldProblem[] {
  if (errorCode(error) !== 'BAD_USER_INPUT') return [];
  const ext = errorExtensions(error);
  const list = Array.isArray(ext.problems) ? (ext.problems as Partial<FieldProblem>[]) : [ext as Partial<FieldProblem>];
  return list
    .filter((p) => typeof p.field === 'string')
    .map((p) => ({ field: withoutInput(p.field!), rule: String(p.rule ?? ''), message: String(p.message ?? '') }));
}

/** Seconds until a RATE_LIMITED request may be tried again (at least one). */
export function retryAfterSeconds(error: CombinedError | undefined): number | undefined {
  if (errorCode(error) !== 'RATE_LIMITED') return undefined;
  return Math.max(1, Math.ceil(Number(errorExtensions(error).retryAfterSeconds ?? 60)));
}
