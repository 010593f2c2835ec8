import type { DataSource } from 'typeorm';
import { SessionService } from './auth/session.service.js';
import { SignInThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import type { EventBus } from './events/bus.js';
import { EventWriter } from './events/event-log.js';
import { DiscussionService } from './modules/discussions/discussion.service.js';
import { GroupService } from './modules/groups/group.service.js';
import { MembershipService } from './modules/groups/membership.service.js';
import { PostgresBlobStore, type BlobStore } from './modules/documents/blob.store.js';
import { PresenceTracker } from './modules/documents/document.presence.js';
import { DocumentService } from './modules/documents/document.service.js';
import { NeedService } from './modules/needs/need.service.js';
import { ProcurementService } from './modules/procurements/procurement.service.js';
import { DialogueService } from './modules/dialogue/dialogue.service.js';
import { DecisionService } from './modules/decisions/decision.service.js';
import { BenefitService } from './modules/benefits/benefit.service.js';
import { CpvService } from './modules/cpv/cpv.service.js';
import { NotificationService } from './modules/notifications/notification.service.js';
import { SearchService } from './modules/search/search.service.js';
import { OrganisationService } from './modules/organisations/organisation.service.js';
import { UserService } from './modules/users/user.service.js';

/** The services of one server instance, built once the database is up. */
export interface Services {
  db: DataSource;
  config: Config;
  bus: EventBus;
  events: EventWriter;
  discussions: DiscussionService;
  notifications: NotificationService;
  documents: DocumentService;
  blobs: BlobStore;
  presence: PresenceTracker;
  search: SearchService;
  sessions: SessionService;
  organisations: OrganisationService;
  users: UserService;
  groups: GroupService;
  memberships: MembershipService;
  needs: NeedService;
  cpv: CpvService;
  procurements: ProcurementService;
  dialogue: DialogueService;
  decisions: DecisionService;
  benefits: BenefitService;
}

export function createServices(db: DataSource, config: Config, sessionSecret: string, bus: EventBus): Services {
  const events = new EventWriter(db, bus);
  const sessions = new SessionService(db, sessionSecret, config.sessionTtlHours, events, bus);
  const groups = new GroupService(db, events);
  const cpv = new CpvService(db);
  const procurements = new ProcurementService(db, events, groups, config, async (em, codes, field) => {
    await cpv.assertKnown(em, codes, field);
  });
  return {
    db,
    config,
    bus,
    events,
    discussions: new DiscussionService(db, events, groups),
    notifications: new NotificationService(db, events),
    documents: new DocumentService(db, events, groups),
    blobs: new PostgresBlobStore(db),
    presence: new PresenceTracker(bus),
    search: new SearchService(db),
    sessions,
    organisations: new OrganisationService(db),
    users: new UserService(db, sessions, new SignInThrottle(db, config.signInThrottle), config, events),
    groups,
    memberships: new MembershipService(db, groups, events),
    needs: new NeedService(db, groups, events),
    cpv,
    procurements,
    dialogue: new DialogueService(db, events, groups, procurements),
    decisions: new DecisionService(db, events, procurements),
    benefits: new BenefitService(db, events, procurements),
  };
}
