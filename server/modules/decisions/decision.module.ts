import type { FeatureModule } from '../../common/module.js';
import { Decision, DecisionVote } from './decision.entity.js';
import {
  DecisionReferencesResolver,
  DecisionResolver,
  ProcurementDecisionsResolver,
  VoteResolver,
} from './decision.resolver.js';

export const decisionModule: FeatureModule = {
  name: 'decisions',
  entities: [Decision, DecisionVote],
  resolvers: [DecisionResolver, DecisionReferencesResolver, VoteResolver, ProcurementDecisionsResolver],
};
