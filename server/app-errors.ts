import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from './errors.js';

/**
 * Every GraphQLError is deliberate: ours (AppError, with a stable code) or graphql-js's own about
 * the request (parse, validation, variable coercion). Anything else that escaped a resolver is a
 * bug or an outage, and its message may carry internals (SQL, paths).
 */
export function isKnownError(error: unknown): boolean {
  let e = unwrapResolverError(error);
  // Apollo wraps failures outside resolvers (e.g. building the context) in a GraphQLError too.
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e instanceof GraphQLError;
}

/** Unknown errors are masked: the client gets a code and the request id, the log gets the rest. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (isKnownError(error)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code: extensions.code ?? ErrorCode.BAD_USER_INPUT } };
  }
  return {
    message: 'Internal server error. The X-Request-Id response header identifies this request in the logs.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
