import type { FeatureModule } from '../../common/module.js';
import { Document, DocumentVersion, FileBlob, FileChunk } from './document.entity.js';
import {
  DocumentReferencesResolver,
  DocumentResolver,
  DocumentVersionReferencesResolver,
  DocumentVersionResolver,
  GroupDocumentsResolver,
  NeedDocumentsResolver,
} from './document.resolver.js';

export const documentModule: FeatureModule = {
  name: 'documents',
  entities: [Document, DocumentVersion, FileBlob, FileChunk],
  resolvers: [
    DocumentResolver,
    DocumentReferencesResolver,
    DocumentVersionResolver,
    DocumentVersionReferencesResolver,
    GroupDocumentsResolver,
    NeedDocumentsResolver,
  ],
};
