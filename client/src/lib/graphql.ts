import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.d.ts';

/**
 * Typed GraphQL documents, checked against schema/schema.graphql (through graphql-env.d.ts, which
 * `npm run client:types` generates from it). Custom scalars arrive as JSON strings and objects.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTimeISO: string;
    Decimal: string;
    LocalDate: string;
    JSONObject: Record<string, unknown>;
  };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';

// Selections several documents share, written into them with `${…}` (gql.tada reads the constants).

/** A paged connection's cursor for the next page. */
export const PAGE_INFO = `pageInfo { endCursor hasNextPage }`;
/** An exact amount of money (a Decimal string) and its currency. */
export const MONEY = `amount currency`;
