import type { FeatureModule } from '../../common/module.js';
import { GroupThreadsResolver, MessageResolver, NeedThreadsResolver, ThreadResolver } from './discussion.resolver.js';
import { Message, MessageRevision, Reaction, ReadMarker } from './message.entity.js';
import { Thread } from './thread.entity.js';

export const discussionModule: FeatureModule = {
  name: 'discussions',
  entities: [Thread, Message, MessageRevision, Reaction, ReadMarker],
  resolvers: [ThreadResolver, MessageResolver, GroupThreadsResolver, NeedThreadsResolver],
};
