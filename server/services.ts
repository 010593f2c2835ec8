import type { DataSource } from 'typeorm';
import { SessionService } from './auth/session.service.js';
import { SignInThrottle } from './auth/throttle.js';
import type { Config } from './config.js';
import { GroupService } from './modules/groups/group.service.js';
import { MembershipService } from './modules/groups/membership.service.js';
import { NeedService } from './modules/needs/need.service.js';
import { OrganisationService } from './modules/organisations/organisation.service.js';
import { UserService } from './modules/users/user.service.js';

/** The services of one server instance, built once the database is up. */
export interface Services {
  db: DataSource;
  sessions: SessionService;
  organisations: OrganisationService;
  users: UserService;
  groups: GroupService;
  memberships: MembershipService;
  needs: NeedService;
}

export function createServices(db: DataSource, config: Config, sessionSecret: string): Services {
  const sessions = new SessionService(db, sessionSecret, config.sessionTtlHours);
  const groups = new GroupService(db);
  return {
    db,
    sessions,
    organisations: new OrganisationService(db),
    users: new UserService(db, sessions, new SignInThrottle(db, config.signInThrottle), config),
    groups,
    memberships: new MembershipService(db, groups),
    needs: new NeedService(db, groups),
  };
}
