import type { Actor } from '../../auth/actor.js';
import { allow, definePolicy, forbid, Missing, type Verdict } from '../../auth/policy.js';
import {
  both,
  canContribute,
  groupPolicy,
  isActiveMember,
  isCoordinator,
  type GroupSubject,
} from '../groups/group.policy.js';
import type { Procurement } from '../procurements/procurement.entity.js';
import { openProcurement } from '../procurements/procurement.policy.js';
import type { Document } from './document.entity.js';

/** A document's group and the actor's organisation's membership in it (or a guest's stand-in row). */
export interface DocumentSubject extends GroupSubject {
  /** The document acted on (absent when creating one). */
  document?: Pick<Document, 'createdByOrganisationId'>;
  /** The procurement the document belongs to, if it does: a closed procurement's documents are read-only. */
  procurement?: Procurement | null;
}

/** Nothing changes in the documents of a closed or cancelled procurement (they are part of its case file). */
const procurementOpen = (s: DocumentSubject): Verdict => (s.procurement ? openProcurement(s.procurement) : allow);

/** A change, once who may make it was checked: the group's rule, then the procurement's state. */
const changing = (first: Verdict, s: DocumentSubject): Verdict => both(first, () => procurementOpen(s));

const reader = ({ membership }: DocumentSubject): Verdict =>
  isActiveMember(membership)
    ? allow
    : forbid("Only the group's active members read its documents.", Missing.MEMBERSHIP);

/**
 * A document belongs to the organisation that created it: its writers and the group's coordinators
 * rename, re-kind, withdraw or delete it (not in an archived group).
 */
const ownerOrCoordinator = (actor: Actor, s: DocumentSubject, what: string, message: string): Verdict => {
  const { membership } = s;
  const owner = canContribute(membership) && s.document?.createdByOrganisationId === actor.organisation.id;
  if (!(owner || isCoordinator(membership))) {
    const missing = !isActiveMember(membership)
      ? Missing.MEMBERSHIP
      : !canContribute(membership)
        ? Missing.CONTRIBUTOR
        : Missing.AUTHOR;
    return forbid(message, missing);
  }
  return changing(groupPolicy.check(actor, 'change', s, what), s);
};

/** Who may do what with a group's documents: the one table. */
export const documentPolicy = definePolicy({
  /** Read documents, their versions and diffs, and download them: the group's active members. */
  read: (_actor: Actor, s: DocumentSubject) => reader(s),
  /** Add a document to the group, a need or a procurement: members, coordinators and guests. */
  create: (actor: Actor, s: DocumentSubject) => changing(groupPolicy.check(actor, 'contribute', s, 'add documents'), s),
  /** Save a new version (text or file). */
  addVersion: (actor: Actor, s: DocumentSubject) =>
    changing(groupPolicy.check(actor, 'contribute', s, 'change documents'), s),
  /** Tell the others one is editing: announced by whoever may save a version, but never stored. */
  signalEditing: (actor: Actor, s: DocumentSubject) => {
    const read = reader(s);
    if (!read.ok) return read;
    return canContribute(s.membership)
      ? procurementOpen(s)
      : forbid('Observers do not edit documents.', Missing.CONTRIBUTOR);
  },
  /** Rename, re-kind, or take back to the group (unpublish). */
  change: (actor: Actor, s: DocumentSubject) =>
    ownerOrCoordinator(
      actor,
      s,
      'changing a document',
      "Only a coordinator or the document's own organisation may change it.",
    ),
  delete: (actor: Actor, s: DocumentSubject) =>
    ownerOrCoordinator(
      actor,
      s,
      'deleting a document',
      "Only a coordinator or the document's own organisation may delete it.",
    ),
  /** Publish (or publish again) to a procurement's registered suppliers: the coordinators' decision. */
  publish: (actor: Actor, s: DocumentSubject) =>
    changing(groupPolicy.check(actor, 'coordinate', s, 'publish documents to suppliers'), s),
});
export type DocumentAction = keyof typeof documentPolicy.rules;
