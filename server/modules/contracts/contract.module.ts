import type { FeatureModule } from '../../common/module.js';
import { Award, CallOffRight, Contract, Tender } from './contract.entity.js';
import {
  AwardReferencesResolver,
  AwardResolver,
  CallOffRightReferencesResolver,
  CallOffRightResolver,
  ContractReferencesResolver,
  ContractResolver,
  DecisionAwardResolver,
  LotAwardResolver,
  ProcurementContractsResolver,
  TenderReferencesResolver,
  TenderResolver,
} from './contract.resolver.js';

export const contractModule: FeatureModule = {
  name: 'contracts',
  entities: [Tender, Award, Contract, CallOffRight],
  resolvers: [
    TenderResolver,
    TenderReferencesResolver,
    AwardResolver,
    AwardReferencesResolver,
    ContractResolver,
    ContractReferencesResolver,
    CallOffRightResolver,
    CallOffRightReferencesResolver,
    LotAwardResolver,
    ProcurementContractsResolver,
    DecisionAwardResolver,
  ],
};
