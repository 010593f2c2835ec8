import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Actor } from '../../auth/actor.js';
import type { EventWriter } from '../../events/event-log.js';
import { ConflictError, isUniqueViolation, NotFoundError, UserInputError } from '../../errors.js';
import type { MailOutbox } from '../../mail/outbox.js';
import type { UserService } from '../users/user.service.js';
import { isAuthority, Organisation, OrganisationKind } from './organisation.entity.js';
import type {
  CreateOrganisationInput,
  OrganisationAccessInput,
  OrganisationsArgs,
  UpdateOrganisationInput,
} from './organisation.inputs.js';
import { validateMunicipalityCode, validateOrganisationNumber } from './organisation-number.js';
import { noticeDetailChanges } from './organisation.details.js';
import { organisationPolicy } from './organisation.policy.js';

/** What people do on an authority's behalf: the entries of its activity log. */
export const ACTING_TYPES = [
  'mandate.signed',
  'mandate.withdrawn',
  'decision.voted',
  'decision.opened',
  'question.answered',
  'answer.revised',
  'procurement.phase_changed',
  'document.visibility_changed',
  'membership.changed',
];

export interface ActivityRow {
  groupName: string | null;
  procurementTitle: string | null;
  id: string;
  type: string;
  createdAt: Date;
  actorUserId: string | null;
  groupId: string | null;
  scopeType: string;
  scopeId: string;
  payload: Record<string, unknown>;
}

export class OrganisationService {
  constructor(
    private readonly db: DataSource,
    private readonly events: EventWriter,
    private readonly users: UserService,
    private readonly outbox: MailOutbox,
  ) {}

  async list(args: OrganisationsArgs): Promise<Connection<Organisation>> {
    const pages = await loadPages({
      repo: this.db.getRepository(Organisation),
      first: args.first,
      after: args.after,
      sort: { expr: 'lower(t.name)' },
      where: (qb) => {
        // A guest's placeholder is no organisation of the registry.
        qb.andWhere(`t.kind <> '${OrganisationKind.GUEST}'`);
        if (args.search?.trim()) {
          const digits = args.search.replace(/[\s.-]/g, '');
          qb.andWhere('(t.name ILIKE :pattern OR t.organisation_number = :digits)', {
            pattern: containsPattern(args.search),
            digits,
          });
        }
        if (args.kind) qb.andWhere('t.kind = :kind', { kind: args.kind });
        if (args.country) qb.andWhere('t.country = :country', { country: args.country });
      },
    });
    return pages.get('')!;
  }

  /** The operator registers an organisation, with its domains and first admins (who get a mail). */
  async create(actor: Actor, input: CreateOrganisationInput): Promise<Organisation> {
    organisationPolicy.authorize(actor, 'create', { id: null });
    if (input.kind === OrganisationKind.GUEST) {
      throw UserInputError.field(
        'input.kind',
        'notGuest',
        'guests get their placeholder when a coordinator invites them',
      );
    }
    const number = validateOrganisationNumber(input.country, input.organisationNumber);
    if (number.error) {
      throw UserInputError.field('input.organisationNumber', 'organisationNumber', number.error);
    }
    const municipalityCode = input.municipalityCode?.trim() || null;
    if (input.kind === OrganisationKind.MUNICIPALITY) {
      if (!municipalityCode) {
        throw UserInputError.field('input.municipalityCode', 'required', 'is required for a municipality');
      }
      const problem = validateMunicipalityCode(input.country, municipalityCode);
      if (problem) throw UserInputError.field('input.municipalityCode', 'municipalityCode', problem);
    } else if (municipalityCode) {
      throw UserInputError.field(
        'input.municipalityCode',
        'onlyMunicipalities',
        'only municipalities have a municipality code',
      );
    }
    const domains = normaliseDomains(input.emailDomains);
    const duplicate = () =>
      new ConflictError(`An organisation with number ${number.normalised} already exists in ${input.country}.`, {
        field: 'input.organisationNumber',
      });
    try {
      const org = await this.events.transaction(async (em, record) => {
        const [twin] = (await em.query(`SELECT 1 FROM organisation WHERE country = $1 AND organisation_number = $2`, [
          input.country,
          number.normalised,
        ])) as unknown[];
        // Named before the domains: the number is what makes it the same organisation.
        if (twin) throw duplicate();
        await this.assertDomainsFree(em, null, domains, 'input.emailDomains');
        const repo = em.getRepository(Organisation);
        const saved = await repo.save(
          repo.create({
            name: clean(input.name),
            kind: input.kind,
            country: input.country,
            organisationNumber: number.normalised!,
            municipalityCode,
            emailDomains: domains,
            allowSubdomains: false,
            requiresApproval: input.requiresApproval ?? isAuthority(input.kind),
          }),
        );
        for (const [i, admin] of (input.admins ?? []).entries()) {
          await this.users.addAdmin(em, record, actor, saved, admin, `input.admins[${i}]`);
        }
        return saved;
      });
      this.outbox.wake();
      return org;
    } catch (err) {
      if (!isUniqueViolation(err, 'uq_organisation_country_number')) throw err;
      throw duplicate();
    }
  }

  /** The operator's edit of the registry facts (name and domains). */
  async update(actor: Actor, id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    organisationPolicy.authorize(actor, 'update', { id });
    return this.db.transaction(async (em) => {
      const org = await this.lock(em, id);
      if (input.name != null) org.name = clean(input.name);
      if (input.emailDomains != null) {
        org.emailDomains = normaliseDomains(input.emailDomains);
        await this.assertDomainsFree(em, org.id, org.emailDomains, 'input.emailDomains');
      }
      return em.getRepository(Organisation).save(org);
    });
  }

  /**
   * How people join, and the address and contact its notices name: the organisation's admins
   * (domains within their own) and the operators.
   */
  async updateAccess(actor: Actor, id: string, input: OrganisationAccessInput): Promise<Organisation> {
    organisationPolicy.authorize(actor, 'updateAccess', { id });
    return this.events.transaction(async (em, record) => {
      const org = await this.lock(em, id);
      if (input.emailDomains != null) {
        const domains = normaliseDomains(input.emailDomains);
        domains.forEach((d, i) => {
          if (
            !organisationPolicy.can(actor, 'claimDomain', { id: org.id, emailDomains: org.emailDomains, domain: d })
          ) {
            throw UserInputError.field(
              `input.emailDomains[${i}]`,
              'verifiedDomain',
              `${d} is not one of ${org.name}'s domains or a subdomain of one; ask the Samverka operators to add a new domain`,
            );
          }
        });
        await this.assertDomainsFree(em, org.id, domains, 'input.emailDomains');
        org.emailDomains = domains;
      }
      if (input.allowSubdomains != null) org.allowSubdomains = input.allowSubdomains;
      if (input.requiresApproval != null) org.requiresApproval = input.requiresApproval;
      const details = noticeDetailChanges(org.country, input);
      Object.assign(org, details);
      const saved = await em.getRepository(Organisation).save(org);
      const accessGiven = input.emailDomains != null || input.allowSubdomains != null || input.requiresApproval != null;
      if (Object.keys(details).length) {
        await record({
          scopeType: 'user',
          scopeId: actor.user.id,
          groupId: null,
          type: 'organisation.details_changed',
          actor: { userId: actor.user.id, organisationId: actor.organisation.id },
          payload: { organisationId: org.id, fields: Object.keys(details) },
        });
        if (!accessGiven) return saved;
      }
      await record({
        scopeType: 'user',
        scopeId: actor.user.id,
        groupId: null,
        type: 'organisation.access_changed',
        actor: { userId: actor.user.id, organisationId: actor.organisation.id },
        payload: {
          organisationId: org.id,
          emailDomains: org.emailDomains,
          allowSubdomains: org.allowSubdomains,
          requiresApproval: org.requiresApproval,
        },
      });
      return saved;
    });
  }

  /** The operator adds an admin to an existing organisation. */
  async addAdmin(actor: Actor, id: string, input: { email: string; displayName: string }) {
    organisationPolicy.authorize(actor, 'addAdmin', { id });
    const user = await this.events.transaction(async (em, record) => {
      const org = await this.lock(em, id);
      return this.users.addAdmin(em, record, actor, org, input, 'input');
    });
    this.outbox.wake();
    return user;
  }

  /** Who acted for the organisation (mandates, votes, answers to suppliers, phase moves), newest first. */
  async activity(actor: Actor, id: string, first: number, before: string | null): Promise<ActivityRow[]> {
    organisationPolicy.authorize(actor, 'readActivity', { id });
    const rows = (await this.db.query(
      `SELECT e.id, e.type, e.created_at, e.actor_user_id, e.group_id, e.scope_type, e.scope_id, e.payload,
              g.name AS group_name, p.title AS procurement_title
         FROM event e
         LEFT JOIN buyer_group g ON g.id = e.group_id
         LEFT JOIN procurement p ON e.scope_type = 'procurement' AND p.id = e.scope_id
        WHERE e.actor_organisation_id = $1 AND e.type = ANY($2) AND ($3::bigint IS NULL OR e.id < $3::bigint)
        ORDER BY e.id DESC LIMIT $4`,
      [id, ACTING_TYPES, before, first],
    )) as Record<string, any>[];
    return rows.map((r) => ({
      id: String(r.id),
      type: r.type,
      createdAt: r.created_at,
      actorUserId: r.actor_user_id,
      groupId: r.group_id,
      scopeType: r.scope_type,
      scopeId: r.scope_id,
      payload: r.payload ?? {},
      groupName: r.group_name,
      procurementTitle: r.procurement_title,
    }));
  }

  private async lock(em: EntityManager, id: string): Promise<Organisation> {
    const org = await em.getRepository(Organisation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!org) throw new NotFoundError('Organisation', id);
    return org;
  }

  /** A domain belongs to one organisation: else an address there would not say whom it speaks for. */
  private async assertDomainsFree(em: EntityManager, ownId: string | null, domains: string[], field: string) {
    if (!domains.length) return;
    // Serialises domain changes, so two organisations cannot claim one domain at the same moment.
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('organisation-domains'))`);
    const rows = (await em.query(
      `SELECT name, email_domains FROM organisation WHERE email_domains::text[] && $1::text[] AND ($2::uuid IS NULL OR id <> $2)`,
      [domains, ownId],
    )) as { name: string; email_domains: string[] }[];
    if (rows.length) {
      const taken = domains.filter((d) => rows.some((r) => r.email_domains.includes(d)));
      throw UserInputError.field(field, 'domainTaken', `${taken.join(', ')} already belongs to ${rows[0].name}`);
    }
  }
}

const normaliseDomains = (domains: string[]) => [...new Set(domains.map((d) => d.trim().toLowerCase()))];
