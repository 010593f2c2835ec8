import type { FeatureModule } from '../common/module.js';
import { EventRecord } from './event.entity.js';
import { EventResolver } from './event.resolver.js';

export const eventsModule: FeatureModule = {
  name: 'events',
  entities: [EventRecord],
  resolvers: [EventResolver],
};
