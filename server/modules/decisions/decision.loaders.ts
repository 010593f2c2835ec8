import type { Loaders } from '../../loaders.js';
import { Participant } from '../procurements/procurement.entity.js';
import { childrenOf } from '../procurements/procurement.loaders.js';
import { Decision, DecisionVote } from './decision.entity.js';

/** Per-request batched reads of decisions and their votes, for resolvers. */
export function decisionLoaders(loaders: Loaders) {
  return {
    /** A procurement's decisions, newest first. */
    decisionsOf: childrenOf(loaders, 'procurementDecisions', Decision, 'procurementId', { createdAt: 'DESC' }),

    /** The votes that count, oldest first. */
    votesOf: (decisionId: string): Promise<DecisionVote[]> =>
      loaders.children<DecisionVote>(
        'decisionVotes',
        (v) => v.decisionId,
        // As in the tally: votes of authorities that withdrew do not count, so they are not shown.
        (ids) =>
          loaders.db
            .getRepository(DecisionVote)
            .createQueryBuilder('v')
            .innerJoin(Decision, 'd', 'd.id = v.decision_id')
            .innerJoin(
              Participant,
              'p',
              `p.procurement_id = d.procurement_id AND p.organisation_id = v.organisation_id AND p.mandate_status <> 'WITHDRAWN'`,
            )
            .where('v.decision_id IN (:...ids)', { ids })
            .orderBy('v.updated_at', 'ASC')
            .getMany(),
        decisionId,
      ),
  };
}
