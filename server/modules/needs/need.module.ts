import type { FeatureModule } from '../../common/module.js';
import { NeedInterest } from './interest.entity.js';
import { SharedNeed } from './need.entity.js';
import {
  GroupNeedsResolver,
  NeedInterestResolver,
  SharedNeedReferencesResolver,
  SharedNeedResolver,
} from './need.resolver.js';

export const needModule: FeatureModule = {
  name: 'needs',
  entities: [SharedNeed, NeedInterest],
  resolvers: [SharedNeedResolver, SharedNeedReferencesResolver, NeedInterestResolver, GroupNeedsResolver],
};
