import type { FeatureModule } from '../../common/module.js';
import { PrivacyResolver } from './privacy.resolver.js';

export const privacyModule: FeatureModule = {
  name: 'privacy',
  entities: [],
  resolvers: [PrivacyResolver],
};
