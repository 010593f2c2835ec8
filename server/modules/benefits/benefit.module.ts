import type { FeatureModule } from '../../common/module.js';
import { BenefitIndicator, BenefitMeasurement } from './benefit.entity.js';
import {
  AuthorityBenefitResolver,
  BenefitIndicatorResolver,
  BenefitMeasurementResolver,
  ProcurementBenefitsResolver,
} from './benefit.resolver.js';

export const benefitModule: FeatureModule = {
  name: 'benefits',
  entities: [BenefitIndicator, BenefitMeasurement],
  resolvers: [
    BenefitIndicatorResolver,
    AuthorityBenefitResolver,
    BenefitMeasurementResolver,
    ProcurementBenefitsResolver,
  ],
};
