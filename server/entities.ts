import { AuthThrottle } from './auth/throttle.entity.js';
import { Session } from './auth/session.entity.js';
import { UserToken } from './auth/token.entity.js';
import { UserIdentity } from './auth/identity.entity.js';
import { OutboxMail } from './mail/mail.entity.js';
import { EventRecord } from './events/event.entity.js';
import { Message, MessageRevision, Reaction, ReadMarker } from './modules/discussions/message.entity.js';
import { Thread } from './modules/discussions/thread.entity.js';
import { Document, DocumentVersion, FileBlob, FileChunk } from './modules/documents/document.entity.js';
import { EventConsumer, Notification, NotificationPreference } from './modules/notifications/notification.entity.js';
import { BuyerGroup } from './modules/groups/group.entity.js';
import { CpvCode } from './modules/cpv/cpv.entity.js';
import { BenefitIndicator, BenefitMeasurement } from './modules/benefits/benefit.entity.js';
import { Decision, DecisionVote } from './modules/decisions/decision.entity.js';
import {
  DialogueAnswerRevision,
  DialogueQuestion,
  DialogueRegistration,
  DialogueSlot,
} from './modules/dialogue/dialogue.entity.js';
import {
  Lot,
  LotValue,
  Milestone,
  Participant,
  Procurement,
  ProcurementNeed,
} from './modules/procurements/procurement.entity.js';
import { Membership } from './modules/groups/membership.entity.js';
import { GroupGuest } from './modules/groups/guest.entity.js';
import { NeedInterest } from './modules/needs/interest.entity.js';
import { SharedNeed } from './modules/needs/need.entity.js';
import { Organisation } from './modules/organisations/organisation.entity.js';
import { User } from './modules/users/user.entity.js';

/** Every TypeORM entity; the migrations must describe exactly these (checked by `npm run check`). */
export const entities = [
  EventRecord,
  Thread,
  Message,
  MessageRevision,
  Reaction,
  ReadMarker,
  Notification,
  NotificationPreference,
  EventConsumer,
  Document,
  DocumentVersion,
  FileBlob,
  FileChunk,
  Organisation,
  User,
  Session,
  AuthThrottle,
  UserToken,
  UserIdentity,
  OutboxMail,
  BuyerGroup,
  Membership,
  GroupGuest,
  SharedNeed,
  NeedInterest,
  CpvCode,
  Procurement,
  ProcurementNeed,
  Lot,
  Participant,
  LotValue,
  Milestone,
  DialogueRegistration,
  DialogueQuestion,
  DialogueAnswerRevision,
  DialogueSlot,
  Decision,
  DecisionVote,
  BenefitIndicator,
  BenefitMeasurement,
];
