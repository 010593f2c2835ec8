import { defineEvents, toGroup, toPublic } from '../../events/define.js';

export const documentEvents = defineEvents({
  'document.created': toGroup('A document was added.', { documentId: 'id', title: 'string' }),
  'document.version_added': toGroup('A version of a document was saved.', {
    documentId: 'id',
    number: 'int',
    content: 'string',
  }),
  'document.renamed': toGroup('A document was renamed.', { documentId: 'id', title: 'string' }),
  'document.updated': toGroup("A document's kind changed.", { documentId: 'id', kind: 'string' }),
  'document.visibility_changed': toPublic(
    'A procurement document was published (a fixed version) or unpublished.',
    { documentId: 'id', visibility: 'string', publishedVersion: 'int?' },
    ['documentId', 'visibility', 'publishedVersion'],
  ),
  'document.deleted': toGroup('A document was deleted.', { documentId: 'id' }),
});
