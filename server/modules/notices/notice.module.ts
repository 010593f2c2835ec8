import type { FeatureModule } from '../../common/module.js';
import { ProcurementNoticesResolver } from './notice.resolver.js';
import './notice.types.js';

/** eForms notice drafts of joint procurements (no tables of its own: it reads the procurement's). */
export const noticeModule: FeatureModule = {
  name: 'notices',
  entities: [],
  resolvers: [ProcurementNoticesResolver],
};
