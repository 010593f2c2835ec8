import type { EntityManager } from 'typeorm';
import { enforce, Missing, refuseState } from '../../auth/policy.js';
import { RecordMark, type RecordSubject } from './record.entity.js';

/**
 * Marked records are locked: once any authority keeps a message or a document as a record, it can
 * be superseded (a new version, a new message) but never changed or deleted in place, or the copies
 * in the authorities' archives would no longer say the same. The one check the discussions and
 * documents services run, inside their transaction and under the subject's row lock (which marking
 * takes too, so a mark and a change never pass each other). It names no authority: which one keeps
 * the record is that authority's own business.
 */
export async function requireNotRecord(
  em: EntityManager,
  subject: RecordSubject,
  subjectId: string,
  what: string,
): Promise<void> {
  if (await em.getRepository(RecordMark).existsBy({ subject, subjectId })) {
    enforce(
      refuseState(`The ${what} is kept as a record; it can no longer be changed or deleted.`, Missing.NOT_A_RECORD),
    );
  }
}
