import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Loaders } from '../../loaders.js';
import { Document, DocumentParent, DocumentVersion, DocumentVisibility } from '../documents/document.entity.js';
import { childrenOf } from '../procurements/procurement.loaders.js';
import { DialogueAnswerRevision, DialogueQuestion, DialogueRegistration, DialogueSlot } from './dialogue.entity.js';
import { isPublishedIn } from './dialogue.rules.js';
import type { PublishedVersion } from './dialogue.types.js';

/**
 * Per-request batched reads of market dialogues, for resolvers and the OCDS export: the rows of
 * every procurement (or question) asked for in one tick are read in one statement. The caller has
 * checked what the viewer may read. (Services take an Actor and no loaders.)
 */
export function dialogueLoaders(loaders: Loaders) {
  const answerRevisionsOf = childrenOf(loaders, 'dialogueAnswerRevisions', DialogueAnswerRevision, 'questionId', {
    revision: 'ASC',
  });
  const published = loaders.get(
    'dialoguePublishedDocuments',
    () =>
      new DataLoader<string, PublishedVersion[]>(async (procurementIds) => {
        const docs = (
          await loaders.db.getRepository(Document).find({
            where: {
              parentType: DocumentParent.PROCUREMENT,
              parentId: In([...procurementIds]),
              visibility: DocumentVisibility.PUBLISHED,
            },
            order: { publishedAt: 'ASC' },
          })
        ).filter((d) => isPublishedIn(d, d.parentId));
        // The published version of each, not the latest: suppliers read what was published.
        const versions = docs.length
          ? await loaders.db
              .getRepository(DocumentVersion)
              .createQueryBuilder('v')
              .where(
                '(v.document_id, v.number) IN (SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:numbers AS int[])))',
                {
                  ids: docs.map((d) => d.id),
                  numbers: docs.map((d) => d.publishedVersion),
                },
              )
              .getMany()
          : [];
        return procurementIds.map((pid) =>
          docs.flatMap((document) => {
            const version = versions.find(
              (v) => v.documentId === document.id && v.number === document.publishedVersion,
            );
            return document.parentId === pid && version ? [{ document, version }] : [];
          }),
        );
      }),
  );
  return {
    /** The procurement's published documents in their published version, in the order published. */
    publishedDocuments: (procurementId: string): Promise<PublishedVersion[]> => published.load(procurementId),

    /** Every question of a procurement, in the order asked (Q1, Q2 ...). */
    questions: childrenOf(loaders, 'dialogueQuestions', DialogueQuestion, 'procurementId', { number: 'ASC' }),
    slots: childrenOf(loaders, 'dialogueSlots', DialogueSlot, 'procurementId', { startsAt: 'ASC' }),
    /** Who registered, in the order they did. */
    registrations: childrenOf(loaders, 'dialogueRegistrations', DialogueRegistration, 'procurementId', {
      createdAt: 'ASC',
    }),

    /** Answer revisions of these questions, oldest first. */
    async revisions(questionIds: string[]): Promise<DialogueAnswerRevision[]> {
      return (await Promise.all(questionIds.map(answerRevisionsOf))).flat();
    },
  };
}
