import { defineEvents } from '../../events/define.js';

export const documentEvents = defineEvents({
  'document.created': {
    audience: 'group',
    description: 'A document was added.',
    payload: { documentId: 'id', title: 'string' },
  },
  'document.version_added': {
    audience: 'group',
    description: 'A version of a document was saved.',
    payload: { documentId: 'id', number: 'int', content: 'string' },
  },
  'document.renamed': {
    audience: 'group',
    description: 'A document was renamed.',
    payload: { documentId: 'id', title: 'string' },
  },
  'document.updated': {
    audience: 'group',
    description: "A document's kind changed.",
    payload: { documentId: 'id', kind: 'string' },
  },
  'document.visibility_changed': {
    audience: 'public',
    description: 'A procurement document was published (a fixed version) or unpublished.',
    payload: { documentId: 'id', visibility: 'string', publishedVersion: 'int?' },
    supplier: ['documentId', 'visibility', 'publishedVersion'],
  },
  'document.deleted': { audience: 'group', description: 'A document was deleted.', payload: { documentId: 'id' } },
});
