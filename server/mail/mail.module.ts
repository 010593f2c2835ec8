import type { FeatureModule } from '../common/module.js';
import { OutboxMail } from './mail.entity.js';

export const mailModule: FeatureModule = {
  name: 'mail',
  entities: [OutboxMail],
  resolvers: [],
};
