import type { Loaders } from '../../loaders.js';
import { childrenOf } from '../procurements/procurement.loaders.js';
import { Award, CallOffRight, Contract, Tender } from './contract.entity.js';

/** Per-request batched reads of a procurement's tenders, awards, contracts and call-off rights. */
export function contractLoaders(loaders: Loaders) {
  const awardsOf = childrenOf(loaders, 'procurementAwards', Award, 'procurementId', { awardedAt: 'ASC', id: 'ASC' });
  const contractsOf = childrenOf(loaders, 'procurementContracts', Contract, 'procurementId', {
    signedOn: 'ASC',
    id: 'ASC',
  });
  return {
    /** In the order they arrived. */
    tendersOf: childrenOf(loaders, 'lotTenders', Tender, 'lotId', { receivedAt: 'ASC', id: 'ASC' }),
    awardsOf,
    async awardOfLot(procurementId: string, lotId: string): Promise<Award | null> {
      return (await awardsOf(procurementId)).find((a) => a.lotId === lotId) ?? null;
    },
    contractsOf,
    async contractsOfAward(procurementId: string, awardId: string): Promise<Contract[]> {
      return (await contractsOf(procurementId)).filter((c) => c.awardId === awardId);
    },
    callOffRightsOf: childrenOf(loaders, 'contractCallOffRights', CallOffRight, 'contractId', {
      organisationId: 'ASC',
    }),
  };
}
