import { canContribute, isActiveMember } from '../groups/group.policy.js';
import type { Membership } from '../groups/membership.entity.js';

/**
 * Whoever can read a thread's parent can read the thread: for group and need threads that is
 * the group's active members (observers included). Writing (posting, reacting, typing) is for
 * members and coordinators: observers only read.
 */
export const canReadThread = (m: Membership | null): boolean => isActiveMember(m);

export const canWriteInThread = (m: Membership | null): boolean => canContribute(m);
