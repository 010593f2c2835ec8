import type { FeatureModule } from '../../common/module.js';
import { ProcurementExportResolver } from './export.resolver.js';
import { LotReferencesResolver, LotResolver, LotValueResolver } from './lot.resolver.js';
import { MilestoneReferencesResolver, MilestoneResolver } from './milestone.resolver.js';
import {
  MandateReferencesResolver,
  MandateResolver,
  ParticipantReferencesResolver,
  ParticipantResolver,
} from './participant.resolver.js';
import { Lot, LotValue, Milestone, Participant, Procurement, ProcurementNeed } from './procurement.entity.js';
import {
  GroupProcurementsResolver,
  HistoryEntryEventResolver,
  ProcurementReferencesResolver,
  ProcurementResolver,
} from './procurement.resolver.js';

export const procurementModule: FeatureModule = {
  name: 'procurements',
  entities: [Procurement, ProcurementNeed, Lot, Participant, LotValue, Milestone],
  resolvers: [
    ProcurementResolver,
    ProcurementReferencesResolver,
    LotResolver,
    LotReferencesResolver,
    LotValueResolver,
    ParticipantResolver,
    ParticipantReferencesResolver,
    MandateResolver,
    MandateReferencesResolver,
    MilestoneResolver,
    MilestoneReferencesResolver,
    GroupProcurementsResolver,
    HistoryEntryEventResolver,
    ProcurementExportResolver,
  ],
};
