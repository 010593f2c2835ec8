import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Loaders } from '../../loaders.js';
import { UUID } from '../../loaders.js';
import { RecordCase, RecordMark, type RecordSubject } from './record.entity.js';

/** Per-request batched reads of marks: whether any authority keeps a subject, and the viewer's own mark. */
export function recordLoaders(loaders: Loaders) {
  return {
    /** Whether any authority keeps the message, document or decision as a record (it is then locked). */
    locked: (subject: RecordSubject, subjectId: string): Promise<boolean> =>
      loaders
        .get(
          `recordLocked:${subject}`,
          () =>
            new DataLoader<string, boolean>(async (ids) => {
              const valid = ids.filter((id) => UUID.test(id));
              const rows = valid.length
                ? ((await loaders.db.query(
                    `SELECT DISTINCT subject_id FROM record_mark WHERE subject = $1 AND subject_id = ANY($2::uuid[])`,
                    [subject, valid],
                  )) as { subject_id: string }[])
                : [];
              const kept = new Set(rows.map((r) => r.subject_id));
              return ids.map((id) => kept.has(id));
            }),
        )
        .load(subjectId),
    /** The organisation's own mark of a subject, or null. */
    mark: (organisationId: string, subject: RecordSubject, subjectId: string): Promise<RecordMark | null> =>
      loaders
        .get(
          `recordMark:${organisationId}:${subject}`,
          () =>
            new DataLoader<string, RecordMark | null>(async (ids) => {
              const valid = ids.filter((id) => UUID.test(id));
              const rows = valid.length
                ? await loaders.db.getRepository(RecordMark).findBy({ organisationId, subject, subjectId: In(valid) })
                : [];
              return ids.map((id) => rows.find((r) => r.subjectId === id) ?? null);
            }),
        )
        .load(subjectId),
    caseOf: (caseId: string) => loaders.byId(RecordCase, 'RecordCase').load(caseId),
  };
}
