import type { FeatureModule } from '../../common/module.js';
import { BuyerGroup } from './group.entity.js';
import {
  BuyerGroupReferencesResolver,
  BuyerGroupResolver,
  MembershipReferencesResolver,
  MembershipResolver,
} from './group.resolver.js';
import { GroupGuest } from './guest.entity.js';
import {
  GroupGuestReferencesResolver,
  GroupGuestResolver,
  GroupGuestsResolver,
  MessageGuestResolver,
} from './guest.resolver.js';
import { Membership } from './membership.entity.js';

export const groupModule: FeatureModule = {
  name: 'groups',
  entities: [BuyerGroup, Membership, GroupGuest],
  resolvers: [
    BuyerGroupResolver,
    BuyerGroupReferencesResolver,
    MembershipResolver,
    MembershipReferencesResolver,
    GroupGuestResolver,
    GroupGuestReferencesResolver,
    GroupGuestsResolver,
    MessageGuestResolver,
  ],
};
