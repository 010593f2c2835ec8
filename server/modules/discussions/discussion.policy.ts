import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import { both, groupPolicy, isActiveMember, isCoordinator, type GroupSubject } from '../groups/group.policy.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { openProcurement } from '../procurements/procurement.policy.js';

/** A thread's group and the actor's organisation's membership in it (or a guest's stand-in row). */
export interface DiscussionSubject extends GroupSubject {
  /** The author of the message acted on (edit, delete). */
  authorUserId?: string;
  /** The procurement whose channel the thread is, if it is one: a closed procurement's channels are read-only. */
  procurement?: Procurement | null;
}

/** Nothing changes in the channels of a closed or cancelled procurement (they are part of its case file). */
const procurementOpen = (s: DiscussionSubject): Verdict => (s.procurement ? openProcurement(s.procurement) : allow);

const reader = ({ membership }: DiscussionSubject): Verdict =>
  isActiveMember(membership)
    ? allow
    : forbid("Only the group's active members read its discussions.", Missing.MEMBERSHIP);

/** Members, coordinators and guests write; observers only read; nobody writes in an archived group. */
const writer = (actor: Actor, s: DiscussionSubject, what: string): Verdict =>
  both(groupPolicy.check(actor, 'contribute', s, what), () => procurementOpen(s));

/** A change to an existing message, once the rule about who may make it passed: not in an archived group. */
const changeOf = (actor: Actor, s: DiscussionSubject, what: string, who: boolean, message: string): Verdict =>
  who ? both(groupPolicy.check(actor, 'change', s, what), () => procurementOpen(s)) : forbid(message, Missing.AUTHOR);

/**
 * Who may do what in a group's discussions: the one table. Whoever reads a thread's parent reads
 * the thread (the group's active members, observers included); members, coordinators and guests
 * write; a message is the author's to edit, and the author's or a coordinator's to delete.
 */
export const discussionPolicy = definePolicy({
  /** Read threads, their messages and the group's discussion fields. */
  read: (_actor: Actor, s: DiscussionSubject) => reader(s),
  /** Keep one's own read marker: every reader, in an archived group too (it changes nothing shared). */
  markRead: (_actor: Actor, s: DiscussionSubject) => reader(s),
  startThread: (actor: Actor, s: DiscussionSubject) => writer(actor, s, 'start threads'),
  post: (actor: Actor, s: DiscussionSubject) => writer(actor, s, 'post messages'),
  react: (actor: Actor, s: DiscussionSubject) => writer(actor, s, 'react to messages'),
  /** Say one is typing (a signal, never stored): as for writing, since it announces a message. */
  type: (actor: Actor, s: DiscussionSubject) => writer(actor, s, 'write in threads'),
  edit: (actor: Actor, s: DiscussionSubject) =>
    changeOf(actor, s, 'editing a message', s.authorUserId === actor.user.id, 'Only the author edits a message.'),
  /** The author withdraws their text; a coordinator moderates the group's discussions. */
  delete: (actor: Actor, s: DiscussionSubject) =>
    changeOf(
      actor,
      s,
      'deleting a message',
      s.authorUserId === actor.user.id || isCoordinator(s.membership),
      'Only the author or a coordinator deletes a message.',
    ),
});
export type DiscussionAction = keyof typeof discussionPolicy.rules;
