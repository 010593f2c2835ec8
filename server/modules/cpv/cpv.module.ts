import type { FeatureModule } from '../../common/module.js';
import { CpvCode } from './cpv.entity.js';
import {
  CpvCodeResolver,
  GroupCpvResolver,
  LotCpvResolver,
  NeedCpvResolver,
  PublicLotCpvResolver,
} from './cpv.resolver.js';

export const cpvModule: FeatureModule = {
  name: 'cpv',
  entities: [CpvCode],
  resolvers: [CpvCodeResolver, GroupCpvResolver, NeedCpvResolver, LotCpvResolver, PublicLotCpvResolver],
};
