import type { FeatureModule } from '../../common/module.js';
import { EventConsumer, Notification, NotificationPreference } from './notification.entity.js';
import { NotificationReferencesResolver, NotificationResolver, ViewerEventsResolver } from './notification.resolver.js';

export const notificationModule: FeatureModule = {
  name: 'notifications',
  entities: [Notification, NotificationPreference, EventConsumer],
  resolvers: [NotificationResolver, NotificationReferencesResolver, ViewerEventsResolver],
};
