import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initGraphQLTada, type TadaDocumentNode } from 'gql.tada';
import {
  buildSchema,
  NoUnusedFragmentsRule,
  print,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { introspection } from '../../client/src/graphql-env.js';

/**
 * Typed GraphQL documents for the tests, as the client writes its own: the types come from
 * schema/schema.graphql through the client's introspection (client/src/graphql-env.d.ts, generated
 * by `npm run client:types`, which `npm run check:types` runs first), so `client.ok(op, vars)` infers
 * the variables and the result. Fragments are not masked: a test reads what it selects.
 */
const tada = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: {
    DateTimeISO: string;
    Decimal: string;
    LocalDate: string;
    JSONObject: Record<string, any>;
  };
}>();

let schema: GraphQLSchema | undefined;
/** The committed SDL, read once. */
const sdl = () =>
  (schema ??= buildSchema(readFileSync(path.resolve(import.meta.dirname, '../../schema/schema.graphql'), 'utf8')));

/** The rules of a document; a fragment alone is not yet used. */
const rules = specifiedRules.filter((r) => r !== NoUnusedFragmentsRule);

/**
 * gql.tada's `graphql()`, which also validates each document against the schema as it is made: the
 * types cannot tell a misspelt field from one the schema has (both type-check), this can.
 *
 * Named `gql` rather than `graphql`: prettier rewrites the text of a `graphql(...)` call one field
 * per line, while the tests keep an operation on a line or a few, as they always have.
 */
export const gql: typeof tada = Object.assign(
  ((...args: Parameters<typeof tada>) => {
    const doc = (tada as (...a: unknown[]) => DocumentNode)(...args);
    const errors = validate(sdl(), doc, rules);
    if (errors.length) {
      throw new Error(`Invalid test operation: ${errors.map((e) => e.message).join('; ')}\n${print(doc)}`);
    }
    return doc;
  }) as typeof tada,
  tada,
);

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';

/** A typed document, or a query string (for operations written to be refused, or built at run time). */
export type Operation = TadaDocumentNode<any, any> | string;

/** The variables argument: optional when the operation has no required variables. */
export type VariablesArg<V> = Partial<V> extends V ? [variables?: V] : [variables: V];

/** The text sent over the wire. */
export const queryText = (op: string | DocumentNode): string => (typeof op === 'string' ? op : print(op));

/** The `input` variable of an operation that takes one. */
export type InputOf<D> = D extends TadaDocumentNode<any, infer V> ? (V extends { input: infer I } ? I : never) : never;
