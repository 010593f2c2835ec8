import type { Loaders } from '../../loaders.js';
import { childrenOf } from '../procurements/procurement.loaders.js';
import { BenefitIndicator, BenefitMeasurement } from './benefit.entity.js';

/** Per-request batched reads of benefit indicators and their measurements, for resolvers. */
export function benefitLoaders(loaders: Loaders) {
  return {
    indicatorsOf: childrenOf(loaders, 'benefitIndicators', BenefitIndicator, 'procurementId', { createdAt: 'ASC' }),
    /** By date measured. */
    measurementsOf: childrenOf(loaders, 'benefitMeasurements', BenefitMeasurement, 'indicatorId', {
      measuredOn: 'ASC',
      createdAt: 'ASC',
    }),
  };
}
