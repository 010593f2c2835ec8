import type { DataSource, EntityManager } from 'typeorm';
import { recordEvent } from '../events/event-log.js';
import { Thread, ThreadKind, ThreadParent } from '../modules/discussions/thread.entity.js';
import {
  DialogueAnswerRevision,
  DialogueQuestion,
  DialogueRegistration,
  DialogueSlot,
  QuestionStatus,
} from '../modules/dialogue/dialogue.entity.js';
import {
  ContractType,
  defaultMilestoneTitle,
  Lot,
  MandateStatus,
  Milestone,
  MilestoneKind,
  Participant,
  ProcedureType,
  Procurement,
  ProcurementNeed,
  ProcurementPhase,
} from '../modules/procurements/procurement.entity.js';
import { hashPassword } from '../auth/password.js';
import type { Logger } from '../logger.js';
import { BuyerGroup, FocusArea, GroupStatus, GroupVisibility } from '../modules/groups/group.entity.js';
import { Membership, MembershipRole, MembershipStatus } from '../modules/groups/membership.entity.js';
import { Currency, NeedInterest, Priority } from '../modules/needs/interest.entity.js';
import { NeedStatus, SharedNeed } from '../modules/needs/need.entity.js';
import { validateOrganisationNumber } from '../modules/organisations/organisation-number.js';
import { Country, Organisation, OrganisationKind } from '../modules/organisations/organisation.entity.js';
import { Locale, OrganisationRole, User, UserStatus } from '../modules/users/user.entity.js';
import { GroupGuest } from '../modules/groups/guest.entity.js';

/** Demo data only: every demo user has this password, and start-up prints it. */
export const DEMO_PASSWORD = 'samverka-demo';

const { MUNICIPALITY, COUNTY, STATE_AGENCY, PUBLIC_COMPANY, SUPPLIER } = OrganisationKind;

/**
 * Real authorities with their real organisation numbers (Enhetsregisteret, Bolagsverket, CVR, YTJ)
 * and municipality numbers. The people are invented.
 */
const ORGANISATIONS = [
  {
    key: 'stjordal',
    name: 'Stjørdal kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '939958851',
    code: '5035',
    domain: 'stjordal.kommune.no',
  },
  {
    key: 'meraker',
    name: 'Meråker kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '835231712',
    code: '5034',
    domain: 'meraker.kommune.no',
  },
  {
    key: 'frosta',
    name: 'Frosta kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '944482253',
    code: '5036',
    domain: 'frosta.kommune.no',
  },
  {
    key: 'selbu',
    name: 'Selbu kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '971197609',
    code: '5032',
    domain: 'selbu.kommune.no',
  },
  {
    key: 'tydal',
    name: 'Tydal kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '864983472',
    code: '5033',
    domain: 'tydal.kommune.no',
  },
  {
    key: 'malvik',
    name: 'Malvik kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '971035560',
    code: '5031',
    domain: 'malvik.kommune.no',
  },
  {
    key: 'trondheim',
    name: 'Trondheim kommune',
    kind: MUNICIPALITY,
    country: Country.NO,
    number: '942110464',
    code: '5001',
    domain: 'trondheim.kommune.no',
  },
  {
    key: 'trondelag',
    name: 'Trøndelag fylkeskommune',
    kind: COUNTY,
    country: Country.NO,
    number: '817920632',
    domain: 'trondelagfylke.no',
  },
  {
    key: 'digdir',
    name: 'Digitaliseringsdirektoratet',
    kind: STATE_AGENCY,
    country: Country.NO,
    number: '991825827',
    domain: 'digdir.no',
  },
  {
    key: 'entur',
    name: 'Entur AS',
    kind: PUBLIC_COMPANY,
    country: Country.NO,
    number: '917422575',
    domain: 'entur.org',
  },
  {
    key: 'stockholm',
    name: 'Region Stockholm',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000016',
    domain: 'regionstockholm.se',
  },
  { key: 'skane', name: 'Region Skåne', kind: COUNTY, country: Country.SE, number: '2321000255', domain: 'skane.se' },
  {
    key: 'vgr',
    name: 'Västra Götalandsregionen',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000131',
    domain: 'vgregion.se',
  },
  {
    key: 'ostergotland',
    name: 'Region Östergötland',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000040',
    domain: 'regionostergotland.se',
  },
  {
    key: 'uppsala',
    name: 'Region Uppsala',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000024',
    domain: 'regionuppsala.se',
  },
  {
    key: 'halland',
    name: 'Region Halland',
    kind: COUNTY,
    country: Country.SE,
    number: '2321000115',
    domain: 'regionhalland.se',
  },
  {
    key: 'uhm',
    name: 'Upphandlingsmyndigheten',
    kind: STATE_AGENCY,
    country: Country.SE,
    number: '2021006610',
    domain: 'upphandlingsmyndigheten.se',
  },
  {
    key: 'aarhus',
    name: 'Aarhus Kommune',
    kind: MUNICIPALITY,
    country: Country.DK,
    number: '55133018',
    code: '751',
    domain: 'aarhus.dk',
  },
  {
    key: 'helsinki',
    name: 'Helsingin kaupunki',
    kind: MUNICIPALITY,
    country: Country.FI,
    number: '0201256-6',
    code: '091',
    domain: 'hel.fi',
  },
  { key: 'tide', name: 'Tide Buss AS', kind: SUPPLIER, country: Country.NO, number: '910500805', domain: 'tide.no' },
  { key: 'nobina', name: 'Nobina AB', kind: SUPPLIER, country: Country.SE, number: '5565764569', domain: 'nobina.com' },
] as const;

type OrgKey = (typeof ORGANISATIONS)[number]['key'];

const USERS: { email: string; name: string; org: OrgKey; locale: Locale; admin?: boolean }[] = [
  { email: 'ingrid.lien@stjordal.kommune.no', name: 'Ingrid Lien', org: 'stjordal', locale: Locale.nb },
  { email: 'ola.haugen@meraker.kommune.no', name: 'Ola Haugen', org: 'meraker', locale: Locale.nb },
  { email: 'marit.aune@frosta.kommune.no', name: 'Marit Aune', org: 'frosta', locale: Locale.nb },
  { email: 'jon.moen@selbu.kommune.no', name: 'Jon Moen', org: 'selbu', locale: Locale.nb },
  { email: 'siri.bakken@tydal.kommune.no', name: 'Siri Bakken', org: 'tydal', locale: Locale.nb },
  { email: 'anders.berg@malvik.kommune.no', name: 'Anders Berg', org: 'malvik', locale: Locale.nb },
  { email: 'anna.lindqvist@skane.se', name: 'Anna Lindqvist', org: 'skane', locale: Locale.sv },
  { email: 'erik.johansson@regionstockholm.se', name: 'Erik Johansson', org: 'stockholm', locale: Locale.sv },
  { email: 'sara.nilsson@vgregion.se', name: 'Sara Nilsson', org: 'vgr', locale: Locale.sv },
  { email: 'hanne.vik@tide.no', name: 'Hanne Vik', org: 'tide', locale: Locale.nb },
  { email: 'lars.ek@nobina.com', name: 'Lars Ek', org: 'nobina', locale: Locale.sv },
  { email: 'admin@digdir.no', name: 'Plattformdrift', org: 'digdir', locale: Locale.en, admin: true },
];

/** A guest of the Værnes group (an adviser without an organisation on Samverka). */
const GUEST = { email: 'kari.rad@omsorgsteknologi.no', name: 'Kari Rådgiver' };

export interface DemoLogin {
  email: string;
  who: string;
}

/** True when the demo data is already in this database (a second start, or SEED_DEMO on a seeded one). */
export async function hasDemoData(db: DataSource): Promise<boolean> {
  return db.getRepository(User).existsBy({ email: USERS[0].email });
}

export function demoLogins(): DemoLogin[] {
  return USERS.map((u) => ({
    email: u.email,
    who: `${u.name}, ${ORGANISATIONS.find((o) => o.key === u.org)!.name}${u.admin ? ' (platform admin)' : ' (its admin)'}`,
  })).concat(
    { email: GUEST.email, who: `${GUEST.name}, guest of Velferdsteknologi i Værnesregionen for 90 days` },
    { email: 'admin@<domain>', who: 'the admin of each other organisation (e.g. admin@regionuppsala.se)' },
  );
}

/** Writes the demo data in one transaction; does nothing when it is already there. */
export async function seedDemo(db: DataSource, log: Logger): Promise<boolean> {
  if (await hasDemoData(db)) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (em) => {
    const orgs = {} as Record<OrgKey, Organisation>;
    for (const o of ORGANISATIONS) {
      const checked = validateOrganisationNumber(o.country, o.number);
      if (checked.error) throw new Error(`demo data: ${o.name} ${o.number} ${checked.error}`);
      orgs[o.key] = await em.getRepository(Organisation).save(
        em.getRepository(Organisation).create({
          name: o.name,
          kind: o.kind,
          country: o.country,
          organisationNumber: checked.normalised!,
          municipalityCode: 'code' in o ? o.code : null,
          emailDomains: [o.domain],
          allowSubdomains: false,
          requiresApproval: o.kind !== SUPPLIER,
        }),
      );
    }
    // Demo people are verified already, and each is the admin of its organisation (the demo's
    // approval queue needs one); organisations without a demo person get admin@<domain>.
    const verified = { status: UserStatus.ACTIVE, emailVerifiedAt: new Date(), approvedAt: new Date() };
    const users = {} as Record<OrgKey, User>;
    for (const u of USERS) {
      users[u.org] = await em.getRepository(User).save(
        em.getRepository(User).create({
          email: u.email,
          displayName: u.name,
          organisationId: orgs[u.org].id,
          locale: u.locale,
          isAdmin: u.admin ?? false,
          role: OrganisationRole.ADMIN,
          passwordHash,
          ...verified,
        }),
      );
    }
    for (const o of ORGANISATIONS) {
      if (users[o.key]) continue;
      await em.getRepository(User).save(
        em.getRepository(User).create({
          email: `admin@${o.domain}`,
          displayName: `Administrator, ${o.name}`,
          organisationId: orgs[o.key].id,
          locale: o.country === Country.NO ? Locale.nb : o.country === Country.SE ? Locale.sv : Locale.en,
          isAdmin: false,
          role: OrganisationRole.ADMIN,
          passwordHash,
          ...verified,
        }),
      );
    }

    const group = async (
      g: Pick<BuyerGroup, 'name' | 'description' | 'focusArea' | 'cpvCodes' | 'visibility' | 'status'>,
      coordinator: OrgKey,
      members: [OrgKey, MembershipRole, MembershipStatus][],
    ) => {
      const saved = await em.getRepository(BuyerGroup).save(
        em.getRepository(BuyerGroup).create({
          ...g,
          createdByOrganisationId: orgs[coordinator].id,
          createdByUserId: users[coordinator].id,
        }),
      );
      // Every group has its general thread (GroupService.create makes it; here we write rows directly).
      await em.getRepository(Thread).insert({
        groupId: saved.id,
        parentType: ThreadParent.GROUP,
        parentId: saved.id,
        kind: ThreadKind.GENERAL,
        title: 'General',
        createdByUserId: users[coordinator].id,
      });
      const all: [OrgKey, MembershipRole, MembershipStatus][] = [
        [coordinator, MembershipRole.COORDINATOR, MembershipStatus.ACTIVE],
        ...members,
      ];
      for (const [org, role, status] of all) {
        await em.getRepository(Membership).save(
          em.getRepository(Membership).create({
            groupId: saved.id,
            organisationId: orgs[org].id,
            role,
            status,
            message:
              status === MembershipStatus.REQUESTED ? 'Vi vill gärna delta i den gemensamma upphandlingen.' : null,
            invitedByUserId: status === MembershipStatus.REQUESTED ? null : users[coordinator].id,
            joinedAt: status === MembershipStatus.ACTIVE ? new Date() : null,
          }),
        );
      }
      return saved;
    };

    const need = async (
      groupId: string,
      owner: OrgKey,
      n: Pick<SharedNeed, 'title' | 'problem' | 'intendedEffects' | 'successCriteria' | 'cpvCodes' | 'status'>,
      interests: [OrgKey, string | null, string | null, string | null, Currency | null, string | null, Priority][],
    ) => {
      const saved = await em.getRepository(SharedNeed).save(
        em.getRepository(SharedNeed).create({
          ...n,
          groupId,
          organisationId: orgs[owner].id,
          createdByUserId: users[owner]?.id ?? users.stjordal.id,
        }),
      );
      for (const [org, quantity, unit, annualValue, currency, wantedStart, priority] of interests) {
        await em.getRepository(NeedInterest).save(
          em.getRepository(NeedInterest).create({
            needId: saved.id,
            organisationId: orgs[org].id,
            quantity,
            unit,
            annualValue,
            currency,
            wantedStart,
            priority,
            comment: null,
            updatedByUserId: users[org]?.id ?? users.stjordal.id,
          }),
        );
      }
      return saved;
    };

    const { ACTIVE, INVITED, REQUESTED } = MembershipStatus;
    const { MEMBER, OBSERVER } = MembershipRole;

    const vaernes = await group(
      {
        name: 'Velferdsteknologi i Værnesregionen',
        description:
          'Stjørdal, Meråker, Frosta, Selbu, Tydal og Malvik samarbeider om velferdsteknologi i hjemmetjenesten: felles behovsbeskrivelse, felles markedsdialog og én felles anskaffelse med Stjørdal som vertskommune.',
        focusArea: FocusArea.WELFARE_TECHNOLOGY,
        cpvCodes: ['33195000', '48814000', '85312400'],
        visibility: GroupVisibility.LISTED,
        status: GroupStatus.ACTIVE,
      },
      'stjordal',
      [
        ['meraker', MEMBER, ACTIVE],
        ['frosta', MEMBER, ACTIVE],
        ['selbu', MEMBER, ACTIVE],
        ['tydal', MEMBER, ACTIVE],
        ['malvik', MEMBER, ACTIVE],
        ['trondelag', OBSERVER, ACTIVE],
        ['trondheim', MEMBER, INVITED],
      ],
    );
    // A guest of the group: an adviser with no organisation on Samverka, for 90 days.
    const adviser = await em.getRepository(Organisation).save(
      em.getRepository(Organisation).create({
        name: 'Omsorgsteknologi Rådgivning',
        kind: OrganisationKind.GUEST,
        country: Country.NO,
        organisationNumber: 'guest-demo000001',
        municipalityCode: null,
        emailDomains: [],
        allowSubdomains: false,
        requiresApproval: false,
      }),
    );
    const guest = await em.getRepository(User).save(
      em.getRepository(User).create({
        email: GUEST.email,
        displayName: GUEST.name,
        organisationId: adviser.id,
        locale: Locale.nb,
        isAdmin: false,
        role: OrganisationRole.MEMBER,
        passwordHash,
        ...verified,
      }),
    );
    await em.getRepository(GroupGuest).insert({
      groupId: vaernes.id,
      userId: guest.id,
      endsAt: new Date(Date.now() + 90 * 86_400_000),
      invitedByUserId: users.stjordal.id,
      note: 'Faglig rådgiver for behovsbeskrivelsen',
      revokedAt: null,
    });
    await need(
      vaernes.id,
      'stjordal',
      {
        title: 'Digitalt tilsyn om natten',
        problem:
          'Hjemmetjenesten gjør i dag fysiske nattlige tilsyn hos brukere som ofte ikke trenger dem, og tilsynet forstyrrer søvnen. Vi trenger å vite når en bruker trenger hjelp, uten å vekke dem som ikke gjør det.',
        intendedEffects:
          'Bedre søvn og trygghet for brukerne; frigjort tid i nattjenesten; færre fall som oppdages sent.',
        successCriteria: 'Minst 30 % færre fysiske nattbesøk etter ett år, uten flere uønskede hendelser.',
        cpvCodes: ['33195000', '48814000'],
        status: NeedStatus.OPEN,
      },
      [
        ['stjordal', '120', 'brukere', '1450000', Currency.NOK, '2027-03-01', Priority.HIGH],
        ['meraker', '18', 'brukere', '240000', Currency.NOK, '2027-06-01', Priority.MEDIUM],
        ['frosta', '15', 'brukere', '200000', Currency.NOK, '2027-03-01', Priority.MEDIUM],
        ['selbu', '25', 'brukere', '310000', Currency.NOK, '2027-09-01', Priority.HIGH],
        ['malvik', '60', 'brukere', '720000', Currency.NOK, '2027-03-01', Priority.MEDIUM],
      ],
    );
    await need(
      vaernes.id,
      'malvik',
      {
        title: 'Medisineringsstøtte i hjemmet',
        problem:
          'Brukere som bor hjemme glemmer eller tar feil medisin. Hjemmetjenesten bruker mye tid på medisinutdeling som mange kunne klart selv med riktig støtte.',
        intendedEffects: 'Riktig medisin til riktig tid; mer selvstendighet for brukeren.',
        successCriteria: 'Færre avvik i legemiddelhåndtering; 20 % færre besøk kun for medisinutdeling.',
        cpvCodes: ['33195000'],
        status: NeedStatus.OPEN,
      },
      [
        ['malvik', '40', 'dispensere', '380000', Currency.NOK, '2027-01-15', Priority.HIGH],
        ['tydal', '6', 'dispensere', '60000', Currency.NOK, '2027-04-01', Priority.LOW],
      ],
    );
    await need(
      vaernes.id,
      'frosta',
      {
        title: 'Felles responssenter for trygghetsalarmer',
        problem: 'Hver kommune mottar alarmer på sin egen måte, med ulik kvalitet om natten og i helger.',
        intendedEffects: 'Lik og forsvarlig respons i hele regionen, døgnet rundt.',
        successCriteria: '',
        cpvCodes: ['85312400'],
        status: NeedStatus.DRAFT,
      },
      [],
    );

    const transport = await group(
      {
        name: 'Fossilfri regional busstrafik',
        description:
          'Regioner som köper busstrafik tillsammans ställer gemensamma funktionskrav på fossilfria bussar och laddinfrastruktur i depåer. Region Skåne samordnar.',
        focusArea: FocusArea.TRANSPORT,
        cpvCodes: ['34121000', '34144910', '60112000'],
        visibility: GroupVisibility.LISTED,
        status: GroupStatus.ACTIVE,
      },
      'skane',
      [
        ['stockholm', MEMBER, ACTIVE],
        ['vgr', MEMBER, ACTIVE],
        ['ostergotland', MEMBER, ACTIVE],
        ['uhm', OBSERVER, ACTIVE],
        ['uppsala', MEMBER, INVITED],
        ['halland', MEMBER, REQUESTED],
      ],
    );
    const buses = await need(
      transport.id,
      'skane',
      {
        title: 'Elektriska stadsbussar med vinterdrift',
        problem:
          'Stadstrafiken ska vara fossilfri 2030. Bussarna måste klara en hel trafikdag vid −20 °C utan att ladda mitt på dagen.',
        intendedEffects: 'Fossilfri stadstrafik, lägre buller och lägre driftkostnad per km.',
        successCriteria: 'Minst 95 % av turerna körs utan ersättningsbuss under vintern.',
        cpvCodes: ['34144910', '34121000'],
        status: NeedStatus.OPEN,
      },
      [
        ['skane', '85', 'bussar', '410000000', Currency.SEK, '2028-06-01', Priority.HIGH],
        ['stockholm', '140', 'bussar', '690000000', Currency.SEK, '2028-12-01', Priority.HIGH],
        ['vgr', '60', 'bussar', '300000000', Currency.SEK, '2029-06-01', Priority.MEDIUM],
        ['ostergotland', '25', 'bussar', null, null, '2029-01-01', Priority.MEDIUM],
      ],
    );
    const depots = await need(
      transport.id,
      'stockholm',
      {
        title: 'Laddinfrastruktur i bussdepåer',
        problem: 'Depåerna saknar effekt för att ladda hela flottan över natten.',
        intendedEffects: 'Tillräcklig laddning för full trafik utan att bygga ut elnätet mer än nödvändigt.',
        successCriteria: 'Alla bussar fulladdade före första avgång.',
        cpvCodes: ['31158100'],
        status: NeedStatus.OPEN,
      },
      [['stockholm', '4', 'depåer', '95000000', Currency.SEK, '2028-01-01', Priority.HIGH]],
    );
    await seedProcurement(em, {
      group: transport,
      needs: [buses, depots],
      orgs,
      users,
    });

    await group(
      {
        name: 'Energieffektive skolebygg i Trøndelag',
        description: 'Invitasjonsbasert samarbeid om energisparekontrakter (EPC) for skolebygg.',
        focusArea: FocusArea.ENERGY,
        cpvCodes: ['71314300'],
        visibility: GroupVisibility.UNLISTED,
        status: GroupStatus.FORMING,
      },
      'malvik',
      [['stjordal', MEMBER, ACTIVE]],
    );
  });
  log.info('demo data seeded');
  return true;
}

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

/**
 * A joint procurement in market dialogue, written with its events (the history and live views read
 * them): Region Skåne leads for four regions; Nobina and Tide have registered, one question is
 * answered to all and one is pending; one dialogue meeting is booked.
 */
async function seedProcurement(
  em: EntityManager,
  d: {
    group: BuyerGroup;
    needs: SharedNeed[];
    orgs: Record<OrgKey, Organisation>;
    users: Record<OrgKey, User>;
  },
) {
  const { group, needs, orgs, users } = d;
  const actor = (k: OrgKey) => ({ userId: users[k].id, organisationId: orgs[k].id });
  const p = await em.getRepository(Procurement).save(
    em.getRepository(Procurement).create({
      groupId: group.id,
      title: 'Fossilfri stadstrafik med elbussar',
      description:
        'Gemensam upphandling av stadstrafik med elbussar som klarar vinterdrift, och laddinfrastruktur i depåerna. Region Skåne genomför upphandlingen på uppdrag av de deltagande regionerna.',
      procedureType: ProcedureType.NEG_W_CALL,
      contractType: ContractType.SERVICES,
      leadOrganisationId: orgs.skane.id,
      phase: ProcurementPhase.MARKET_DIALOGUE,
      cancellationReason: null,
      dialogueNotice:
        '## Marknadsdialog\n\nVi vill höra hur marknaden kan leverera **fossilfri stadstrafik** med elbussar som klarar en hel trafikdag i −20 °C, och hur laddning i depå kan lösas.\n\nStäll frågor här senast frågefristen. Alla svar publiceras till alla registrerade leverantörer samtidigt, utan att frågeställaren anges. Boka gärna ett dialogmöte (60 minuter).',
      dialoguePublishedAt: days(-3),
      maxBookingsPerSupplier: 1,
      createdByUserId: users.skane.id,
    }),
  );
  const event = (type: string, by: OrgKey | null, payload: Record<string, unknown> = {}, pub = false) =>
    recordEvent(em, {
      scopeType: 'procurement',
      scopeId: p.id,
      groupId: group.id,
      type,
      actor: by ? actor(by) : null,
      payload: { procurementId: p.id, ...payload },
      public: pub,
    });
  const participants: OrgKey[] = ['skane', 'stockholm', 'vgr', 'ostergotland'];
  await em.getRepository(ProcurementNeed).insert(needs.map((n) => ({ procurementId: p.id, needId: n.id })));
  const lots = await em.getRepository(Lot).save([
    em.getRepository(Lot).create({
      procurementId: p.id,
      number: 1,
      title: 'Stadstrafik med elbussar',
      description: 'Trafikavtal för stadstrafik med elbussar, inklusive vinterdrift.',
      cpvCodes: ['60112000', '34144910'],
      needId: needs[0].id,
    }),
    em.getRepository(Lot).create({
      procurementId: p.id,
      number: 2,
      title: 'Laddinfrastruktur i depå',
      description: '',
      cpvCodes: ['31158100'],
      needId: needs[1].id,
    }),
  ]);
  await em.getRepository(Participant).insert(
    participants.map((k) => ({
      procurementId: p.id,
      organisationId: orgs[k].id,
      ...(k === 'skane' || k === 'stockholm'
        ? {
            mandateStatus: MandateStatus.SIGNED,
            decisionReference: k === 'skane' ? 'RS 2026-00412' : 'RS 2026/1187',
            decisionDate: days(-10).toISOString().slice(0, 10),
            signedByUserId: users[k].id,
            signedAt: days(-9),
            lotIds: lots.map((l) => l.id),
          }
        : {}),
    })),
  );
  for (const lot of lots) {
    await em.query(
      `INSERT INTO procurement_lot_value (lot_id, organisation_id, procurement_id, amount, currency, updated_by_user_id)
       SELECT $1, organisation_id, $2, annual_value, currency, updated_by_user_id FROM need_interest
       WHERE need_id = $3 AND annual_value IS NOT NULL AND currency IS NOT NULL`,
      [lot.id, p.id, lot.needId],
    );
  }
  // Untitled, as most are: every user reads the kind in their own language.
  const milestone = (kind: MilestoneKind, inDays: number) => ({
    procurementId: p.id,
    kind,
    title: defaultMilestoneTitle(kind),
    dueAt: days(inDays),
  });
  await em
    .getRepository(Milestone)
    .insert([
      milestone(MilestoneKind.QUESTION_DEADLINE, 21),
      milestone(MilestoneKind.DIALOGUE_MEETINGS, 14),
      milestone(MilestoneKind.OPT_OUT_DEADLINE, 45),
    ]);
  const [buyersThread, publicThread] = await em.getRepository(Thread).save([
    em.getRepository(Thread).create({
      groupId: group.id,
      parentType: ThreadParent.PROCUREMENT,
      parentId: p.id,
      kind: ThreadKind.BUYERS,
      title: 'Buyers',
      createdByUserId: users.skane.id,
    }),
    em.getRepository(Thread).create({
      groupId: group.id,
      parentType: ThreadParent.PROCUREMENT,
      parentId: p.id,
      kind: ThreadKind.PUBLIC_DIALOGUE,
      title: 'Market dialogue',
      createdByUserId: users.skane.id,
    }),
  ]);
  void buyersThread;
  await em.query(
    `INSERT INTO message (thread_id, seq, author_user_id, author_organisation_id, body, idempotency_key)
     VALUES ($1, 1, $2, $3, $4, 'seed-welcome')`,
    [
      publicThread.id,
      users.skane.id,
      orgs.skane.id,
      'Välkomna till marknadsdialogen! Dialogmötena hålls digitalt; länken kommer i bokningen.',
    ],
  );
  await em.query(`UPDATE thread SET last_seq = 1, last_message_at = now() WHERE id = $1`, [publicThread.id]);

  await event('procurement.created', 'skane', {
    title: p.title,
    needIds: needs.map((n) => n.id),
    participantOrganisationIds: participants.map((k) => orgs[k].id),
  });
  await event('procurement.phase_changed', 'skane', { from: 'ANCHORING', to: 'NEED_ASSESSMENT' }, true);
  for (const k of ['skane', 'stockholm'] as const) {
    await event('mandate.signed', k, { organisationId: orgs[k].id, lotIds: lots.map((l) => l.id) });
  }
  await event('procurement.phase_changed', 'skane', { from: 'NEED_ASSESSMENT', to: 'MARKET_DIALOGUE' }, true);
  await event('dialogue.published', 'skane', { questionDeadline: days(21).toISOString() }, true);
  for (const k of ['nobina', 'tide'] as const) {
    await em
      .getRepository(DialogueRegistration)
      .insert({ procurementId: p.id, organisationId: orgs[k].id, userId: users[k].id });
    await event('dialogue.registered', k, { organisationId: orgs[k].id });
  }
  const [answered, pending] = await em.getRepository(DialogueQuestion).save([
    em.getRepository(DialogueQuestion).create({
      procurementId: p.id,
      number: 1,
      askedByUserId: users.nobina.id,
      askedByOrganisationId: orgs.nobina.id,
      text: 'Vi på Nobina undrar: kan operatören äga och driva laddinfrastrukturen i depån, eller ska regionen äga den?',
      status: QuestionStatus.ANSWERED,
      publishedQuestion: 'Kan operatören äga och driva laddinfrastrukturen i depån, eller ska regionen äga den?',
      answer:
        'Båda modellerna är möjliga. Vi vill i dialogmötena förstå vilka konsekvenser respektive modell får för pris och risk vid avtalets slut.',
      answerRevision: 1,
      answeredAt: days(-1),
    }),
    em.getRepository(DialogueQuestion).create({
      procurementId: p.id,
      number: 2,
      askedByUserId: users.tide.id,
      askedByOrganisationId: orgs.tide.id,
      text: 'Blir det krav om at bussene skal klare en hel trafikkdag ved −25 °C, eller er −20 °C dimensjonerende?',
      status: QuestionStatus.PENDING,
      publishedQuestion: null,
      answer: null,
      answerRevision: 0,
      answeredAt: null,
    }),
  ]);
  await em.getRepository(DialogueAnswerRevision).insert({
    questionId: answered.id,
    revision: 1,
    publishedQuestion: answered.publishedQuestion!,
    answer: answered.answer!,
    authorUserId: users.skane.id,
    // Published when it was answered, so buyers and suppliers see the same date.
    createdAt: answered.answeredAt!,
  });
  await event('question.asked', 'nobina', { questionId: answered.id, number: 1 });
  await event('question.answered', 'skane', { questionId: answered.id, number: 1, revision: 1 }, true);
  await event('question.asked', 'tide', { questionId: pending.id, number: 2 });
  const first = new Date(days(10).setUTCHours(8, 0, 0, 0));
  const slots = await em.getRepository(DialogueSlot).save(
    [0, 1, 2, 3].map((i) =>
      em.getRepository(DialogueSlot).create({
        procurementId: p.id,
        startsAt: new Date(first.getTime() + i * 3_600_000),
        endsAt: new Date(first.getTime() + (i + 1) * 3_600_000),
        location: 'Teams (länk i bokningsbekräftelsen)',
        bookedByOrganisationId: i === 1 ? orgs.nobina.id : null,
        bookedByUserId: i === 1 ? users.nobina.id : null,
        bookedAt: i === 1 ? days(-1) : null,
      }),
    ),
  );
  await event('slots.opened', 'skane', { slotIds: slots.map((s) => s.id) }, true);
  await event('slot.booked', 'nobina', { slotId: slots[1].id }, true);
}
