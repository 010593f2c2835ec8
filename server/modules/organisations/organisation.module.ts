import type { FeatureModule } from '../../common/module.js';
import { Organisation } from './organisation.entity.js';
import {
  OrganisationActivityEventResolver,
  OrganisationActivityResolver,
  OrganisationResolver,
} from './organisation.resolver.js';

export const organisationModule: FeatureModule = {
  name: 'organisations',
  entities: [Organisation],
  resolvers: [OrganisationResolver, OrganisationActivityResolver, OrganisationActivityEventResolver],
};
