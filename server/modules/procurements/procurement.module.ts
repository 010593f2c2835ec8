import type { FeatureModule } from '../../common/module.js';
import { Lot, LotValue, Milestone, Participant, Procurement, ProcurementNeed } from './procurement.entity.js';
import {
  GroupProcurementsResolver,
  LotResolver,
  LotValueResolver,
  MandateResolver,
  MilestoneResolver,
  ParticipantResolver,
  ProcurementResolver,
} from './procurement.resolver.js';

export const procurementModule: FeatureModule = {
  name: 'procurements',
  entities: [Procurement, ProcurementNeed, Lot, Participant, LotValue, Milestone],
  resolvers: [
    ProcurementResolver,
    LotResolver,
    LotValueResolver,
    ParticipantResolver,
    MandateResolver,
    MilestoneResolver,
    GroupProcurementsResolver,
  ],
};
