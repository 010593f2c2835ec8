import { describe, expect, it } from 'vitest';
import { Missing } from '../../server/auth/policy.js';
import { Notification } from '../../server/modules/notifications/notification.entity.js';
import { notificationPolicy, type NotificationAction } from '../../server/modules/notifications/notification.policy.js';
import { actor, outcome } from './actors.js';

const recipient = actor();
const notification = Object.assign(new Notification(), { id: 'n', userId: recipient.user.id });

const ACTORS = {
  recipient,
  colleague: actor(undefined, { id: 'user-colleague' }),
  platformAdmin: actor(undefined, { id: 'user-admin', isAdmin: true }),
};
type Who = keyof typeof ACTORS;

const F = `forbidden: ${Missing.RECIPIENT}`;
const RECIPIENT_ONLY: Record<Who, string> = { recipient: 'ok', colleague: F, platformAdmin: F };
const TABLE: Record<NotificationAction, Record<Who, string>> = { read: RECIPIENT_ONLY, markRead: RECIPIENT_ONLY };

describe('notification policy', () => {
  it('covers every action of the policy', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(notificationPolicy.rules).sort());
  });

  for (const [action, byWho] of Object.entries(TABLE) as [NotificationAction, Record<Who, string>][]) {
    it(`${action}: only the recipient, whoever else asks`, () => {
      for (const [who, expected] of Object.entries(byWho) as [Who, string][]) {
        expect([who, outcome(notificationPolicy.check(ACTORS[who], action, notification))]).toEqual([who, expected]);
      }
    });
  }
});
