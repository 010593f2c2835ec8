import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { Loaders } from '../../loaders.js';
import { DocumentFollow, NotificationMute } from './notification.entity.js';

/** Whether the actor follows each document asked for in one tick, in one statement. */
export const followsLoader = (loaders: Loaders, actor: Actor): DataLoader<string, boolean> =>
  loaders.get(
    `documentFollows:${actor.user.id}`,
    () =>
      new DataLoader<string, boolean>(async (documentIds) => {
        const rows = await loaders.db
          .getRepository(DocumentFollow)
          .findBy({ userId: actor.user.id, documentId: In([...documentIds]) });
        const following = new Set(rows.filter((r) => r.following).map((r) => r.documentId));
        return documentIds.map((id) => following.has(id));
      }),
  );

/**
 * Whether the actor muted each group or procurement asked for in one tick (muteNotifications), in
 * one statement. Only the row of that scope: a procurement of a muted group is not muted itself.
 */
export const mutedLoader = (loaders: Loaders, actor: Actor): DataLoader<string, boolean> =>
  loaders.get(
    `notificationMutes:${actor.user.id}`,
    () =>
      new DataLoader<string, boolean>(async (scopeIds) => {
        const rows = await loaders.db
          .getRepository(NotificationMute)
          .findBy({ userId: actor.user.id, scopeId: In([...scopeIds]) });
        const muted = new Set(rows.map((r) => r.scopeId));
        return scopeIds.map((id) => muted.has(id));
      }),
  );
