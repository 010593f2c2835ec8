import type { FeatureModule } from './common/module.js';
import { authModule } from './auth/auth.module.js';
import { mailModule } from './mail/mail.module.js';
import { eventsModule } from './events/events.module.js';
import { organisationModule } from './modules/organisations/organisation.module.js';
import { userModule } from './modules/users/user.module.js';
import { groupModule } from './modules/groups/group.module.js';
import { needModule } from './modules/needs/need.module.js';
import { discussionModule } from './modules/discussions/discussion.module.js';
import { notificationModule } from './modules/notifications/notification.module.js';
import { documentModule } from './modules/documents/document.module.js';
import { searchModule } from './modules/search/search.module.js';
import { cpvModule } from './modules/cpv/cpv.module.js';
import { procurementModule } from './modules/procurements/procurement.module.js';
import { dialogueModule } from './modules/dialogue/dialogue.module.js';
import { decisionModule } from './modules/decisions/decision.module.js';
import { benefitModule } from './modules/benefits/benefit.module.js';
import { contractModule } from './modules/contracts/contract.module.js';
import { noticeModule } from './modules/notices/notice.module.js';
import { calendarModule } from './modules/calendars/calendar.module.js';
import { privacyModule } from './modules/privacy/privacy.module.js';
import { recordModule } from './modules/records/record.module.js';

/** Every module of the server; each lists its own entities and resolvers (see common/module.ts). */
export const modules: FeatureModule[] = [
  authModule,
  mailModule,
  eventsModule,
  organisationModule,
  userModule,
  groupModule,
  needModule,
  discussionModule,
  notificationModule,
  documentModule,
  searchModule,
  cpvModule,
  procurementModule,
  dialogueModule,
  decisionModule,
  benefitModule,
  contractModule,
  noticeModule,
  calendarModule,
  privacyModule,
  recordModule,
];
