import type { ClassType } from 'type-graphql';

/**
 * What a feature module brings to the server: its TypeORM entities and its GraphQL resolvers.
 * Each module lists its own in `<feature>.module.ts`; server/entities.ts and server/schema.ts
 * list modules, so adding a class to a module never means editing a central list.
 */
export interface FeatureModule {
  name: string;
  entities: ClassType[];
  resolvers: ClassType[];
}
