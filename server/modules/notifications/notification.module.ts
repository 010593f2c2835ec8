import type { FeatureModule } from '../../common/module.js';
import {
  DocumentFollow,
  EventConsumer,
  Notification,
  NotificationDigest,
  NotificationMute,
  NotificationPreference,
} from './notification.entity.js';
import {
  DialogueMuteResolver,
  DocumentFollowResolver,
  GroupMuteResolver,
  NotificationReferencesResolver,
  NotificationResolver,
  ProcurementMuteResolver,
  ViewerEventsResolver,
} from './notification.resolver.js';

export const notificationModule: FeatureModule = {
  name: 'notifications',
  entities: [Notification, NotificationPreference, NotificationMute, NotificationDigest, DocumentFollow, EventConsumer],
  resolvers: [
    NotificationResolver,
    NotificationReferencesResolver,
    ViewerEventsResolver,
    DocumentFollowResolver,
    GroupMuteResolver,
    ProcurementMuteResolver,
    DialogueMuteResolver,
  ],
};
