import { defineEvents } from '../../events/define.js';

/**
 * Threads and messages. Messages of a procurement's public dialogue channel are public events:
 * suppliers then get the listed fields, never who wrote a message or whom it mentions.
 */
export const discussionEvents = defineEvents({
  'thread.created': {
    audience: 'group',
    description: 'A thread was started.',
    payload: { threadId: 'id', parentType: 'string', parentId: 'id', title: 'string' },
  },
  'message.posted': {
    audience: 'public',
    description: 'A message was posted.',
    payload: { threadId: 'id', messageId: 'id', seq: 'int', replyToId: 'id?', mentionUserIds: 'ids' },
    supplier: ['threadId', 'messageId', 'seq', 'replyToId'],
  },
  'message.edited': {
    audience: 'public',
    description: 'A message was edited.',
    payload: { threadId: 'id', messageId: 'id', seq: 'int', mentionUserIds: 'ids' },
    supplier: ['threadId', 'messageId', 'seq'],
  },
  'message.deleted': {
    audience: 'public',
    description: 'A message was deleted.',
    payload: { threadId: 'id', messageId: 'id', seq: 'int' },
    supplier: ['threadId', 'messageId', 'seq'],
  },
  'reaction.changed': {
    audience: 'public',
    description: 'Someone added or removed a reaction.',
    payload: { threadId: 'id', messageId: 'id', seq: 'int', emoji: 'string', reacted: 'boolean' },
    supplier: ['threadId', 'messageId', 'seq', 'emoji', 'reacted'],
  },
  'read.updated': {
    audience: 'user',
    description: "The user's read marker in a thread moved (keeps every open tab's counts right).",
    payload: { threadId: 'id', groupId: 'id', lastReadSeq: 'int' },
  },
});
