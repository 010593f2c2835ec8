import { liveGuestGrants } from './membership.scope.js';
import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { TokenPurpose } from '../../auth/token.entity.js';
import type { PublicUrl } from '../../common/public-url.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import type { EventWriter, RecordEvent } from '../../events/event-log.js';
import { ConflictError, InvalidStateError, NotFoundError, UserInputError } from '../../errors.js';
import type { MailOutbox } from '../../mail/outbox.js';
import { Organisation, OrganisationKind } from '../organisations/organisation.entity.js';
import { domainAndParents } from '../organisations/organisation.domains.js';
import { defaultLocale, defaultTimeZone, normaliseEmail, type AccountService } from '../users/account.service.js';
import { OrganisationRole, User, UserStatus } from '../users/user.entity.js';
import { GroupGuest } from './guest.entity.js';
import type { InviteGuestInput } from './guest.inputs.js';
import type { BuyerGroup } from './group.entity.js';
import { groupPolicy } from './group.policy.js';
import type { GroupService } from './group.service.js';
import { Membership, MembershipStatus } from './membership.entity.js';
import { membershipPolicy } from './membership.policy.js';

const DAY = 86_400_000;
/** A guest is let in for a while, not for good: at most a year at a time. */
const MAX_DAYS = 366;

/**
 * Guests of a group: one person each (a consultant, a lawyer of another body), invited by a
 * coordinator until an end date. Their access is a row of its own, never a membership: they read
 * and write in that group only and act for no organisation (group.policy's actsForOrganisation).
 * Every change is a `guest.changed` event, which the bus applies to the guest's open streams.
 */
export class GuestService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly groups: GroupService,
    private readonly accounts: AccountService,
    private readonly outbox: MailOutbox,
    private readonly urls: PublicUrl,
  ) {}

  /**
   * The group's guests, ended and revoked ones included, newest first: for its members. A guest sees
   * only their own entry (other guests' addresses and notes are the members' business).
   */
  async list(actor: Actor, group: BuyerGroup): Promise<GroupGuest[]> {
    const subject = { group, membership: await actor.scope.membership(group.id) };
    if (!membershipPolicy.can(actor, 'readGuests', subject)) return [];
    const groupId = group.id;
    return this.db.getRepository(GroupGuest).find({
      where: membershipPolicy.can(actor, 'readPending', subject) ? { groupId } : { groupId, userId: actor.user.id },
      order: { createdAt: 'DESC' },
      take: 200,
    });
  }

  async invite(actor: Actor, input: InviteGuestInput): Promise<GroupGuest> {
    const endsAt = this.checkEnd(input.endsAt, 'input.endsAt');
    const email = normaliseEmail(input.email);
    const guest = await this.events.transaction(async (em, record) => {
      const access = await this.groups.lockForChange(em, actor, input.groupId);
      membershipPolicy.authorize(actor, 'inviteGuest', access);
      const { group } = access;
      let user = await em.getRepository(User).findOne({ where: { email }, relations: { organisation: true } });
      if (user?.organisation?.kind === OrganisationKind.SUPPLIER || (await this.supplierDomain(em, email))) {
        // Equal treatment: a supplier meets the buyers only through a procurement's market dialogue.
        throw UserInputError.field(
          'input.email',
          'supplier',
          "belongs to a supplier; suppliers take part only in a procurement's market dialogue",
        );
      }
      if (user) {
        const member = await em.getRepository(Membership).findOneBy({
          groupId: group.id,
          organisationId: user.organisationId,
          status: MembershipStatus.ACTIVE,
        });
        if (member) {
          throw UserInputError.field(
            'input.email',
            'alreadyMember',
            'belongs to a member organisation of the group already',
          );
        }
        const [live] = await liveGuestGrants(em, user.id, [group.id]);
        if (live)
          throw new ConflictError('This person is a guest of the group already; change the end date instead.', {
            field: 'input.email',
          });
        // A grant that ended (but was not revoked) makes way for the new one.
        await em.query(
          `UPDATE group_guest SET revoked_at = now() WHERE group_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
          [group.id, user.id],
        );
      } else {
        user = await this.newGuestAccount(em, actor, input, email);
      }
      const grant = await em.getRepository(GroupGuest).save(
        em.getRepository(GroupGuest).create({
          groupId: group.id,
          userId: user.id,
          endsAt,
          invitedByUserId: actor.user.id,
          note: input.note?.trim() || null,
          revokedAt: null,
        }),
      );
      await this.changed(record, actor, grant, true, 'invited');
      if (user.status === UserStatus.PENDING_VERIFICATION && !user.passwordHash) {
        const token = await this.accounts.issueToken(em, user.id, TokenPurpose.SET_PASSWORD);
        await this.mail(em, user, group.name, endsAt, actor, this.urls.link('/reset-password', { token, first: '1' }));
      } else {
        await this.mail(em, user, group.name, endsAt, actor, this.urls.link(`/groups/${group.id}`));
      }
      return grant;
    });
    this.outbox.wake();
    return guest;
  }

  /** A coordinator moves the end date (sooner or later). */
  async setEnd(actor: Actor, guestId: string, endsAtInput: Date): Promise<GroupGuest> {
    const endsAt = this.checkEnd(endsAtInput, 'endsAt');
    return this.change(actor, guestId, async (record, grant) => {
      grant.endsAt = endsAt;
      await this.changed(record, actor, grant, true, 'extended');
    });
  }

  /** A coordinator ends a guest's access now; the guest's open streams end. */
  async revoke(actor: Actor, guestId: string): Promise<GroupGuest> {
    return this.change(actor, guestId, async (record, grant) => {
      grant.revokedAt = new Date();
      await this.changed(record, actor, grant, false, 'revoked');
    });
  }

  private async change(
    actor: Actor,
    guestId: string,
    fn: (record: RecordEvent, grant: GroupGuest) => Promise<void>,
  ): Promise<GroupGuest> {
    return this.events.transaction(async (em, record) => {
      const found = await em.getRepository(GroupGuest).findOneBy({ id: guestId });
      if (!found) throw new NotFoundError('GroupGuest', guestId);
      const access = await this.groups.lockForChange(em, actor, found.groupId).catch(() => {
        throw new NotFoundError('GroupGuest', guestId);
      });
      // Outsiders do not learn that the grant exists; members who may not change it are told why.
      if (!groupPolicy.can(actor, 'readAsMember', access)) throw new NotFoundError('GroupGuest', guestId);
      membershipPolicy.authorize(actor, 'changeGuest', access);
      const grant = (await em
        .getRepository(GroupGuest)
        .findOne({ where: { id: guestId }, lock: { mode: 'pessimistic_write' } }))!;
      if (grant.revokedAt) throw new InvalidStateError("The guest's access was revoked.", ['a guest not revoked']);
      await fn(record, grant);
      return em.getRepository(GroupGuest).save(grant);
    });
  }

  /** Whether the address is at a supplier's domain (or a subdomain of one). */
  private async supplierDomain(em: EntityManager, email: string): Promise<boolean> {
    const rows = (await em.query(
      `SELECT 1 FROM organisation WHERE kind = 'SUPPLIER' AND email_domains::text[] && $1::text[] LIMIT 1`,
      [domainAndParents(email)],
    )) as unknown[];
    return rows.length > 0;
  }

  private checkEnd(endsAt: Date, field: string): Date {
    const t = endsAt.getTime();
    if (!(t > Date.now() + 60_000)) throw UserInputError.field(field, 'future', 'must be in the future');
    if (t > Date.now() + MAX_DAYS * DAY)
      throw UserInputError.field(field, 'maxDays', `must be within ${MAX_DAYS} days`);
    return endsAt;
  }

  /**
   * A person without an account gets one of their own, tied to a GUEST placeholder organisation
   * (never a member, never an authority) so that they count for no organisation anywhere.
   */
  private async newGuestAccount(
    em: EntityManager,
    actor: Actor,
    input: InviteGuestInput,
    email: string,
  ): Promise<User> {
    const org = await em.getRepository(Organisation).save(
      em.getRepository(Organisation).create({
        name: input.affiliation?.trim() || clean(input.displayName),
        kind: OrganisationKind.GUEST,
        country: actor.organisation.country,
        organisationNumber: `guest-${randomBytes(6).toString('hex')}`,
        municipalityCode: null,
        emailDomains: [],
        allowSubdomains: false,
        requiresApproval: false,
      }),
    );
    return em.getRepository(User).save(
      em.getRepository(User).create({
        email,
        displayName: clean(input.displayName),
        organisationId: org.id,
        locale: defaultLocale(actor.organisation),
        timeZone: defaultTimeZone(actor.organisation),
        status: UserStatus.PENDING_VERIFICATION,
        role: OrganisationRole.MEMBER,
        isAdmin: false,
        passwordHash: null,
      }),
    );
  }

  private changed(record: RecordEvent, actor: Actor, grant: GroupGuest, active: boolean, change: string) {
    return record({
      scopeType: 'group',
      scopeId: grant.groupId,
      groupId: grant.groupId,
      type: 'guest.changed',
      actor: { userId: actor.user.id, organisationId: actor.organisation.id },
      payload: { guestId: grant.id, userId: grant.userId, active, endsAt: grant.endsAt.toISOString(), change },
    });
  }

  private async mail(em: EntityManager, user: User, groupName: string, endsAt: Date, actor: Actor, action: string) {
    await this.outbox.enqueue(em, {
      to: user.email,
      locale: user.locale,
      template: 'guestInvitation',
      values: {
        name: user.displayName,
        inviter: actor.user.displayName,
        inviterOrganisation: actor.organisation.name,
        group: groupName,
        endsAt: endsAt.toISOString().slice(0, 10),
      },
      action,
    });
  }
}
