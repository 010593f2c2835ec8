import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker.js';
import { validateInput } from './common/validate-input.js';
import { EventResolver } from './events/event.resolver.js';
import {
  GroupThreadsResolver,
  MessageResolver,
  NeedThreadsResolver,
  ThreadResolver,
} from './modules/discussions/discussion.resolver.js';
import {
  DocumentResolver,
  DocumentVersionResolver,
  GroupDocumentsResolver,
  NeedDocumentsResolver,
} from './modules/documents/document.resolver.js';
import { BuyerGroupResolver, MembershipResolver } from './modules/groups/group.resolver.js';
import { GroupGuestResolver, GroupGuestsResolver, MessageGuestResolver } from './modules/groups/guest.resolver.js';
import { CpvCodeResolver, GroupCpvResolver, NeedCpvResolver } from './modules/cpv/cpv.resolver.js';
import { NotificationResolver, ViewerEventsResolver } from './modules/notifications/notification.resolver.js';
import { SearchResolver } from './modules/search/search.resolver.js';
import { GroupNeedsResolver, NeedInterestResolver, SharedNeedResolver } from './modules/needs/need.resolver.js';
import { OrganisationActivityResolver, OrganisationResolver } from './modules/organisations/organisation.resolver.js';
import {
  AuthorityBenefitResolver,
  BenefitIndicatorResolver,
  BenefitMeasurementResolver,
  ProcurementBenefitsResolver,
} from './modules/benefits/benefit.resolver.js';
import { DecisionResolver, ProcurementDecisionsResolver, VoteResolver } from './modules/decisions/decision.resolver.js';
import {
  BuyerQuestionResolver,
  BuyerSlotResolver,
  DialogueAdminResolver,
  DialogueRegistrationResolver,
  MarketDialogueResolver,
  ProcurementDialogueResolver,
  PublicLotResolver,
} from './modules/dialogue/dialogue.resolver.js';
import {
  GroupProcurementsResolver,
  LotResolver,
  LotValueResolver,
  MandateResolver,
  MilestoneResolver,
  ParticipantResolver,
  ProcurementResolver,
} from './modules/procurements/procurement.resolver.js';
import { UserResolver } from './modules/users/user.resolver.js';

export const resolvers = [
  OrganisationResolver,
  OrganisationActivityResolver,
  UserResolver,
  BuyerGroupResolver,
  MembershipResolver,
  GroupGuestResolver,
  GroupGuestsResolver,
  MessageGuestResolver,
  SharedNeedResolver,
  NeedInterestResolver,
  GroupNeedsResolver,
  ThreadResolver,
  MessageResolver,
  GroupThreadsResolver,
  NeedThreadsResolver,
  EventResolver,
  NotificationResolver,
  ViewerEventsResolver,
  DocumentResolver,
  DocumentVersionResolver,
  GroupDocumentsResolver,
  NeedDocumentsResolver,
  SearchResolver,
  CpvCodeResolver,
  GroupCpvResolver,
  NeedCpvResolver,
  ProcurementResolver,
  LotResolver,
  LotValueResolver,
  ParticipantResolver,
  MandateResolver,
  MilestoneResolver,
  GroupProcurementsResolver,
  MarketDialogueResolver,
  DialogueAdminResolver,
  BuyerQuestionResolver,
  BuyerSlotResolver,
  DialogueRegistrationResolver,
  ProcurementDialogueResolver,
  PublicLotResolver,
  DecisionResolver,
  VoteResolver,
  ProcurementDecisionsResolver,
  BenefitIndicatorResolver,
  AuthorityBenefitResolver,
  BenefitMeasurementResolver,
  ProcurementBenefitsResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process; type-graphql metadata is global anyway). */
// type-graphql insists on a PubSub once any subscription exists, although every subscription here
// brings its own `subscribe` (a stream from the event log); topic-based ones are not used.
const noTopicPubSub = {
  publish(): void {
    throw new Error('Topic subscriptions are not used: publish through the event log.');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Topic subscriptions are not used: subscribe to the event log.');
  },
};

export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, authChecker, validateFn: validateInput, pubSub: noTopicPubSub });
  return built;
}

/** The SDL committed at schema/schema.graphql: sorted, so diffs show real changes only. */
export async function printSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
