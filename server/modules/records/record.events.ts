import { defineEvents, toUser } from '../../events/define.js';

/**
 * What an authority does to its own journal. Written to the marking person's own stream (scope
 * `user`), never to the group's: which records an authority keeps, and how it classifies them, is
 * that authority's own business. The archive packages' change log (endringslogg) reads these.
 */
export const recordEvents = defineEvents({
  'record.marked': toUser('A message, document or decision was marked as a record of the authority.', {
    recordMarkId: 'id',
    organisationId: 'id',
    subject: 'string',
    subjectId: 'id',
    documentVersion: 'int?',
    classification: 'string',
    legalBasis: 'string?',
    journalNumber: 'string',
  }),
  'record.changed': toUser("A record's access classification, or the document version it holds, changed.", {
    recordMarkId: 'id',
    organisationId: 'id',
    subject: 'string',
    subjectId: 'id',
    documentVersion: 'int?',
    classification: 'string',
    legalBasis: 'string?',
    journalNumber: 'string',
    previousDocumentVersion: 'int?',
    previousClassification: 'string',
    previousLegalBasis: 'string?',
  }),
});
