import type { FeatureModule } from '../../common/module.js';
import {
  GroupThreadsResolver,
  MessageReferencesResolver,
  MessageResolver,
  NeedThreadsResolver,
  ThreadReferencesResolver,
  ThreadResolver,
} from './discussion.resolver.js';
import { Message, MessageRevision, Reaction, ReadMarker } from './message.entity.js';
import { Thread } from './thread.entity.js';

export const discussionModule: FeatureModule = {
  name: 'discussions',
  entities: [Thread, Message, MessageRevision, Reaction, ReadMarker],
  resolvers: [
    ThreadResolver,
    ThreadReferencesResolver,
    MessageResolver,
    MessageReferencesResolver,
    GroupThreadsResolver,
    NeedThreadsResolver,
  ],
};
