import type { FeatureModule } from '../common/module.js';
import { UserIdentity } from './identity.entity.js';
import { Session } from './session.entity.js';
import { AuthThrottle } from './throttle.entity.js';
import { UserToken } from './token.entity.js';

export const authModule: FeatureModule = {
  name: 'auth',
  entities: [Session, AuthThrottle, UserToken, UserIdentity],
  resolvers: [],
};
