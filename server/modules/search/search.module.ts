import type { FeatureModule } from '../../common/module.js';
import { SearchHitReferencesResolver, SearchResolver } from './search.resolver.js';

export const searchModule: FeatureModule = {
  name: 'search',
  entities: [],
  resolvers: [SearchResolver, SearchHitReferencesResolver],
};
