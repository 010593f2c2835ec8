import type { FeatureModule } from '../../common/module.js';
import { CpvCode } from './cpv.entity.js';
import { CpvCodeResolver, GroupCpvResolver, NeedCpvResolver } from './cpv.resolver.js';

export const cpvModule: FeatureModule = {
  name: 'cpv',
  entities: [CpvCode],
  resolvers: [CpvCodeResolver, GroupCpvResolver, NeedCpvResolver],
};
