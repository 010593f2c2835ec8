import { defineEvents, toGroup, toUser, toPublic } from '../../events/define.js';

/**
 * Threads and messages. Messages of a procurement's public dialogue channel are public events:
 * suppliers then get the listed fields, never who wrote a message or whom it mentions.
 */
export const discussionEvents = defineEvents({
  'thread.created': toGroup('A thread was started.', {
    threadId: 'id',
    parentType: 'string',
    parentId: 'id',
    title: 'string',
  }),
  'message.posted': toPublic(
    'A message was posted.',
    { threadId: 'id', messageId: 'id', seq: 'int', replyToId: 'id?', mentionUserIds: 'ids' },
    ['threadId', 'messageId', 'seq', 'replyToId'],
  ),
  'message.edited': toPublic(
    'A message was edited.',
    { threadId: 'id', messageId: 'id', seq: 'int', mentionUserIds: 'ids' },
    ['threadId', 'messageId', 'seq'],
  ),
  'message.deleted': toPublic('A message was deleted.', { threadId: 'id', messageId: 'id', seq: 'int' }, [
    'threadId',
    'messageId',
    'seq',
  ]),
  'reaction.changed': toPublic(
    'Someone added or removed a reaction.',
    { threadId: 'id', messageId: 'id', seq: 'int', emoji: 'string', reacted: 'boolean' },
    ['threadId', 'messageId', 'seq', 'emoji', 'reacted'],
  ),
  'read.updated': toUser("The user's read marker in a thread moved (keeps every open tab's counts right).", {
    threadId: 'id',
    groupId: 'id',
    lastReadSeq: 'int',
  }),
});
