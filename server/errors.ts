import { GraphQLError } from 'graphql';

/** Stable error codes of the API (DESIGN 3.1). Clients branch on these, never on messages. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** A subscription cannot resume from the given point: refetch, then subscribe without `after`. */
  RESYNC_REQUIRED: 'RESYNC_REQUIRED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One failed rule on one input field. `field` is the path in the operation's input, e.g. `input.name`. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You must be signed in.') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ForbiddenError extends AppError {
  /** `missing` names the unmet rule in the policies' vocabulary (e.g. `role COORDINATOR`), when one is known. */
  constructor(message = 'You are not allowed to do this.', missing: string[] = []) {
    super(ErrorCode.FORBIDDEN, message, missing.length ? { missing } : {});
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id?: string) {
    super(ErrorCode.NOT_FOUND, id ? `${entity} ${id} was not found.` : `${entity} was not found.`, {
      entity,
    });
  }
}

export class UserInputError extends AppError {
  constructor(problems: FieldProblem[]) {
    const first = problems[0];
    super(
      ErrorCode.BAD_USER_INPUT,
      problems.length === 1
        ? `${first.field}: ${first.message}`
        : `Invalid input: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      { field: first.field, rule: first.rule, problems },
    );
  }

  static field(field: string, rule: string, message: string): UserInputError {
    return new UserInputError([{ field, rule, message }]);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

/** A state machine refused a move. `missing` lists every unmet requirement, not just the first. */
export class InvalidStateError extends AppError {
  constructor(message: string, missing: string[] = []) {
    super(ErrorCode.INVALID_STATE, message, { missing });
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { retryAfterSeconds });
  }
}

/** True when `err` is PostgreSQL's unique violation of the named constraint or index. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
  const d = e?.driverError ?? e;
  return d?.code === '23505' && d?.constraint === constraint;
}
