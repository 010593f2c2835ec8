import type { FeatureModule } from '../../common/module.js';
import { RecordCase, RecordCounter, RecordMark } from './record.entity.js';
import {
  CaseFileResolver,
  CaseRecordResolver,
  DecisionMarkResolver,
  DocumentMarkResolver,
  GroupCaseFileResolver,
  MessageMarkResolver,
  ProcurementCaseFileResolver,
  RecordMarkReferencesResolver,
  RecordResolver,
} from './record.resolver.js';

/**
 * Public records: case files per procurement and group, marks for the authorities' journals (and
 * the locks they put on messages and documents), the running journal, and the archive packages
 * (Noark 5, E-ARK/FGS). See the README's "Public records".
 */
export const recordModule: FeatureModule = {
  name: 'records',
  entities: [RecordCase, RecordMark, RecordCounter],
  resolvers: [
    RecordResolver,
    RecordMarkReferencesResolver,
    ProcurementCaseFileResolver,
    GroupCaseFileResolver,
    CaseFileResolver,
    CaseRecordResolver,
    MessageMarkResolver,
    DocumentMarkResolver,
    DecisionMarkResolver,
  ],
};
