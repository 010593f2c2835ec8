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
