import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker.js';
import { validateInput } from './common/validate-input.js';
import { BuyerGroupResolver, MembershipResolver } from './modules/groups/group.resolver.js';
import { GroupNeedsResolver, NeedInterestResolver, SharedNeedResolver } from './modules/needs/need.resolver.js';
import { OrganisationResolver } from './modules/organisations/organisation.resolver.js';
import { UserResolver } from './modules/users/user.resolver.js';

export const resolvers = [
  OrganisationResolver,
  UserResolver,
  BuyerGroupResolver,
  MembershipResolver,
  SharedNeedResolver,
  NeedInterestResolver,
  GroupNeedsResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process; type-graphql metadata is global anyway). */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker, validateFn: validateInput });
  return built;
}

/** The SDL committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
