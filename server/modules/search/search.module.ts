import type { FeatureModule } from '../../common/module.js';
import { SearchWord } from './search-word.entity.js';
import { SearchHitReferencesResolver, SearchResolver } from './search.resolver.js';

export const searchModule: FeatureModule = {
  name: 'search',
  entities: [SearchWord],
  resolvers: [SearchResolver, SearchHitReferencesResolver],
};
