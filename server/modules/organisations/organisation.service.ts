import type { DataSource } from 'typeorm';
import { containsPattern, loadPages, type Connection } from '../../common/pagination.js';
import { clean } from '../../common/validation.js';
import type { Context } from '../../context.js';
import { ConflictError, isUniqueViolation, NotFoundError, UserInputError } from '../../errors.js';
import { Organisation, OrganisationKind } from './organisation.entity.js';
import type { CreateOrganisationInput, OrganisationsArgs, UpdateOrganisationInput } from './organisation.inputs.js';
import { validateMunicipalityCode, validateOrganisationNumber } from './organisation-number.js';

export class OrganisationService {
  constructor(private readonly db: DataSource) {}

  /** Any signed-in user may read organisations: they are public registry facts. */
  async get(ctx: Context, id: string): Promise<Organisation> {
    const org = await ctx.loaders.organisation.load(id);
    if (!org) throw new NotFoundError('Organisation', id);
    return org;
  }

  async list(args: OrganisationsArgs): Promise<Connection<Organisation>> {
    const pages = await loadPages({
      repo: this.db.getRepository(Organisation),
      first: args.first,
      after: args.after,
      sort: { expr: 'lower(t.name)' },
      where: (qb) => {
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

  async create(input: CreateOrganisationInput): Promise<Organisation> {
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
    const repo = this.db.getRepository(Organisation);
    try {
      return await repo.save(
        repo.create({
          name: clean(input.name),
          kind: input.kind,
          country: input.country,
          organisationNumber: number.normalised!,
          municipalityCode,
          emailDomains: normaliseDomains(input.emailDomains),
        }),
      );
    } catch (err) {
      if (!isUniqueViolation(err, 'uq_organisation_country_number')) throw err;
      throw new ConflictError(`An organisation with number ${number.normalised} already exists in ${input.country}.`, {
        field: 'input.organisationNumber',
      });
    }
  }

  async update(ctx: Context, id: string, input: UpdateOrganisationInput): Promise<Organisation> {
    const org = await this.get(ctx, id);
    if (input.name != null) org.name = clean(input.name);
    if (input.emailDomains != null) org.emailDomains = normaliseDomains(input.emailDomains);
    return this.db.getRepository(Organisation).save(org);
  }
}

const normaliseDomains = (domains: string[]) => [...new Set(domains.map((d) => d.trim().toLowerCase()))];
