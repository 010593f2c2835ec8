import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import type { Loaders } from '../../loaders.js';
import { Document, DocumentVersion } from './document.entity.js';
import type { DocumentsArgs } from './document.inputs.js';

/** What documents hang on: a group (its needs' and procurements' included), a need or a procurement. */
export type DocumentParentRef = { groupId: string } | { needId: string } | { procurementId: string };

/**
 * Per-request batched reads of documents, for resolvers: one page per parent and every document's
 * versions, each in one statement per tick. (Services take an Actor and no loaders.)
 */
export function documentLoaders(loaders: Loaders) {
  return {
    /** The parent's documents (not deleted), recently changed first, optionally by words of the title. */
    documents(parent: DocumentParentRef, args: DocumentsArgs): Promise<Connection<Document>> {
      const [column, id] =
        'groupId' in parent
          ? ['t.group_id', parent.groupId]
          : ['t.parent_id', 'needId' in parent ? parent.needId : parent.procurementId];
      return loaders
        .get(
          `documents:${column}:${JSON.stringify([args.first, args.after ?? null, args.search ?? null])}`,
          () =>
            new DataLoader<string, Connection<Document>>(async (ids) => {
              const pages = await loadPages({
                repo: loaders.db.getRepository(Document),
                first: args.first,
                after: args.after,
                parent: { column, ids, of: (d) => ('groupId' in parent ? d.groupId : d.parentId) },
                sort: { expr: 't.updated_at', direction: 'DESC' },
                where: (qb) => {
                  qb.andWhere('t.deleted_at IS NULL');
                  if (args.search?.trim()) qb.andWhere('t.title ILIKE :p', { p: containsPattern(args.search) });
                },
              });
              return ids.map((i) => pages.get(i)!);
            }),
        )
        .load(id);
    },

    /** Every version of a document, oldest first. */
    versions(documentId: string): Promise<DocumentVersion[]> {
      return loaders.children(
        'documentVersions',
        (v) => v.documentId,
        (ids) =>
          loaders.db.getRepository(DocumentVersion).find({ where: { documentId: In(ids) }, order: { number: 'ASC' } }),
        documentId,
      );
    },
  };
}
