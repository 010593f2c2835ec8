import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Largest document accepted, in lexical tokens (HTTP through Apollo's parseOptions, WebSocket in ws.ts). */
export const MAX_TOKENS = 4000;
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Upper bound on the fields one operation may resolve. A connection costs its page size (`first`,
 * literal or from variables, default included) times one item, so nested pages multiply: one page
 * of 100 needs with 100 interests each fits, three nested pages of 100 do not.
 */
export const MAX_COMPLEXITY = 100_000;

const pageEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + args.first * childComplexity : undefined;

const estimators = [pageEstimator, simpleEstimator({ defaultComplexity: 1 })];

/** The error to answer with when the operation is too expensive, else null. Shared by HTTP and WebSocket. */
export function complexityError(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
): GraphQLError | null {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators,
    });
  } catch (err) {
    // Unusable variables: graphql-js reports them itself when it coerces them.
    if (err instanceof GraphQLError) return null;
    throw err;
  }
  if (cost <= MAX_COMPLEXITY) return null;
  return new GraphQLError(
    `Query is too complex: it may resolve ${cost} fields, the limit is ${MAX_COMPLEXITY}. Each list costs its page size (first) times its items; ask for smaller pages or fewer nested lists.`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost: MAX_COMPLEXITY } },
  );
}
