import type { FeatureModule } from '../../common/module.js';
import { User } from './user.entity.js';
import { UserReferencesResolver, UserResolver } from './user.resolver.js';

export const userModule: FeatureModule = {
  name: 'users',
  entities: [User],
  resolvers: [UserResolver, UserReferencesResolver],
};
