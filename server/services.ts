import type { DataSource } from 'typeorm';
import { SessionService } from './auth/session.service.js';
import { AccountMailThrottle, SignInThrottle } from './auth/throttle.js';
import { PublicUrl } from './common/public-url.js';
import type { Logger } from './logger.js';
import { MailOutbox } from './mail/outbox.js';
import { AccountService } from './modules/users/account.service.js';
import { SsoService } from './modules/users/sso.service.js';
import { GuestService } from './modules/groups/guest.service.js';
import type { Config } from './config.js';
import type { EventBus } from './events/bus.js';
import { EventWriter } from './events/event-log.js';
import { EventStreams } from './events/stream.js';
import { DiscussionService } from './modules/discussions/discussion.service.js';
import { GroupService } from './modules/groups/group.service.js';
import { MembershipService } from './modules/groups/membership.service.js';
import { PostgresBlobStore, type BlobStore } from './modules/documents/blob.store.js';
import { PresenceTracker } from './modules/documents/document.presence.js';
import { DocumentService } from './modules/documents/document.service.js';
import { NeedService } from './modules/needs/need.service.js';
import { ProcurementService } from './modules/procurements/procurement.service.js';
import { LotService } from './modules/procurements/lot.service.js';
import { ParticipantService } from './modules/procurements/participant.service.js';
import { MilestoneService } from './modules/procurements/milestone.service.js';
import { ProcurementHistoryService } from './modules/procurements/procurement.history.js';
import { OcdsService } from './modules/procurements/procurement.ocds.js';
import { ExportService } from './modules/procurements/export.service.js';
import { DialogueService } from './modules/dialogue/dialogue.service.js';
import { CalendarService } from './modules/calendars/calendar.service.js';
import { PrivacyService } from './modules/privacy/privacy.service.js';
import { MeetingInvitations } from './modules/calendars/invitation.service.js';
import { DecisionService } from './modules/decisions/decision.service.js';
import { BenefitService } from './modules/benefits/benefit.service.js';
import { ContractService } from './modules/contracts/contract.service.js';
import { TenderService } from './modules/contracts/tender.service.js';
import { NoticeService } from './modules/notices/notice.service.js';
import { CpvService } from './modules/cpv/cpv.service.js';
import { NotificationService } from './modules/notifications/notification.service.js';
import { UnsubscribeLinks } from './modules/notifications/notification.unsubscribe.js';
import { NotificationWriter } from './modules/notifications/notification.writer.js';
import { SearchService } from './modules/search/search.service.js';
import { OrganisationService } from './modules/organisations/organisation.service.js';
import { ArchiveService, findSchemasDir } from './modules/records/archive.service.js';
import { RecordService } from './modules/records/record.service.js';
import { UserService } from './modules/users/user.service.js';

/** The services of one server instance, built once the database is up. */
export interface Services {
  db: DataSource;
  config: Config;
  bus: EventBus;
  events: EventWriter;
  /** Opens authorised subscription streams (the one way). */
  streams: EventStreams;
  discussions: DiscussionService;
  notifications: NotificationService;
  /** Writes notices (and their e-mails) for the projector and the scheduler. */
  notificationWriter: NotificationWriter;
  /** Signed one-click unsubscribe links of notice and digest e-mails. */
  unsubscribeLinks: UnsubscribeLinks;
  documents: DocumentService;
  blobs: BlobStore;
  presence: PresenceTracker;
  search: SearchService;
  sessions: SessionService;
  /** Where users reach Samverka; the base of every absolute URL the server writes. */
  urls: PublicUrl;
  outbox: MailOutbox;
  accounts: AccountService;
  sso: SsoService;
  guests: GuestService;
  organisations: OrganisationService;
  users: UserService;
  groups: GroupService;
  memberships: MembershipService;
  needs: NeedService;
  cpv: CpvService;
  procurements: ProcurementService;
  /** A procurement's lots and stated values. */
  lots: LotService;
  /** A procurement's participants and their mandates. */
  participants: ParticipantService;
  milestones: MilestoneService;
  procurementHistory: ProcurementHistoryService;
  /** A procurement's spreadsheets (CSV and XLSX). */
  procurementExports: ExportService;
  ocds: OcdsService;
  dialogue: DialogueService;
  decisions: DecisionService;
  benefits: BenefitService;
  /** Tenders received per lot. */
  tenders: TenderService;
  /** Award notifications, contracts and call-off rights. */
  contracts: ContractService;
  /** eForms notice drafts of joint procurements. */
  notices: NoticeService;
  /** Calendar feeds (a private one per person, one per procurement). */
  calendars: CalendarService;
  privacy: PrivacyService;
  /** Case files, marks for the authorities' journals, the journal. */
  records: RecordService;
  /** The authorities' archive packages (Noark 5, E-ARK). */
  archives: ArchiveService;
}

export function createServices(
  db: DataSource,
  config: Config,
  sessionSecret: string,
  bus: EventBus,
  log: Logger,
): Services {
  const events = new EventWriter(db, bus);
  const streams = new EventStreams(bus, db, config.eventReplayDays);
  const sessions = new SessionService(db, sessionSecret, config.sessionTtlHours, events, bus);
  const urls = new PublicUrl(config.publicUrl);
  const outbox = new MailOutbox(db, urls, log, {
    mailUrl: config.mailUrl,
    from: config.mailFrom,
    dataDir: config.dataDir,
    pollMs: config.mailPollMs,
    retryBaseMs: config.mailRetryBaseMs,
  });
  const accounts = new AccountService(
    db,
    sessions,
    new SignInThrottle(db, config.signInThrottle),
    new AccountMailThrottle(db, config.accountThrottle),
    outbox,
    urls,
    events,
  );
  const users = new UserService(db, events, sessions, accounts, outbox, urls);
  const blobs = new PostgresBlobStore(db);
  const cpv = new CpvService(db);
  const groups = new GroupService(db, events, streams, cpv);
  const procurements = new ProcurementService(db, events, groups, config, cpv, streams);
  groups.beforeArchive((em, group) => procurements.assertNoneOpenIn(em, group));
  const presence = new PresenceTracker(bus);
  const invitations = new MeetingInvitations(outbox, urls);
  const dialogue = new DialogueService(db, events, groups, procurements, streams, invitations);
  // Meetings still to come are cancelled with the dialogue (and their invitations), when the
  // procurement is cancelled or the competition starts.
  procurements.onDialogueEnd({
    during: (em, record, procurement, actor) => dialogue.cancelMeetings(em, record, procurement, actor),
    after: () => invitations.wake(),
  });
  const documents = new DocumentService(db, events, groups, streams, presence);
  const unsubscribeLinks = new UnsubscribeLinks(sessionSecret, urls);
  const discussions = new DiscussionService(db, events, groups, streams, bus);
  const decisions = new DecisionService(db, events, procurements, config.thresholds);
  const records = new RecordService(db, events, discussions, documents, decisions);
  const schemasDir = findSchemasDir(config.archiveSchemasDir);
  if (!schemasDir)
    log.warn('archive schemas (noark5/, e-ark/) not found: set ARCHIVE_SCHEMAS_DIR; archive packages fail');
  return {
    db,
    config,
    bus,
    events,
    streams,
    discussions,
    notifications: new NotificationService(db, events, streams, documents, groups, procurements, dialogue),
    notificationWriter: new NotificationWriter(outbox, urls, unsubscribeLinks),
    unsubscribeLinks,
    documents,
    blobs,
    presence,
    search: new SearchService(db),
    sessions,
    urls,
    outbox,
    accounts,
    // http:// issuers only outside production (tests and local providers).
    sso: new SsoService(db, config.oidcProviders, accounts, events, outbox, urls, config.env !== 'production'),
    guests: new GuestService(db, events, groups, accounts, outbox, urls),
    organisations: new OrganisationService(db, events, users, outbox),
    users,
    groups,
    memberships: new MembershipService(db, groups, events),
    needs: new NeedService(db, groups, events, cpv),
    cpv,
    procurements,
    lots: new LotService(db, procurements, cpv),
    participants: new ParticipantService(procurements),
    milestones: new MilestoneService(db, procurements),
    procurementHistory: new ProcurementHistoryService(db, procurements),
    procurementExports: new ExportService(db, procurements),
    dialogue,
    ocds: new OcdsService({ db, config, procurements }),
    decisions,
    benefits: new BenefitService(db, procurements),
    tenders: new TenderService(db, procurements),
    contracts: new ContractService(db, events, procurements),
    notices: new NoticeService(config, procurements, urls),
    calendars: new CalendarService(db, events, procurements, urls),
    privacy: new PrivacyService(db, events, sessions, blobs),
    records,
    archives: new ArchiveService(db, records, blobs, schemasDir),
  };
}
