import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type ClassType, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth/auth-checker.js';
import { validateInput } from './common/validate-input.js';
import { modules } from './modules.js';

export const resolvers = modules.flatMap((m) => m.resolvers) as unknown as NonEmptyArray<ClassType>;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process; type-graphql metadata is global anyway). */
// type-graphql insists on a PubSub once any subscription exists, although every subscription here
// brings its own `subscribe` (a stream from the event log); topic-based ones are not used.
const noTopicPubSub = {
  publish(): void {
    throw new Error('Topic subscriptions are not used: publish through the event log.');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Topic subscriptions are not used: subscribe to the event log.');
  },
};

export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker, validateFn: validateInput, pubSub: noTopicPubSub });
  return built;
}

/** The SDL committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
