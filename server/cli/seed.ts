import type { DataSource } from 'typeorm';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { IndicatorDirection, MeasurementKind } from '../modules/benefits/benefit.entity.js';
import { AddIndicatorInput, RecordMeasurementInput } from '../modules/benefits/benefit.inputs.js';
import { CastVoteInput, OpenDecisionInput } from '../modules/decisions/decision.inputs.js';
import {
  AnswerQuestionInput,
  AskQuestionInput,
  OpenSlotsInput,
  PublishDialogueNoticeInput,
} from '../modules/dialogue/dialogue.inputs.js';
import { PostMessageInput } from '../modules/discussions/discussion.inputs.js';
import { Thread, ThreadKind } from '../modules/discussions/thread.entity.js';
import { DocumentKind, DocumentLanguage } from '../modules/documents/document.entity.js';
import { CreateDocumentInput } from '../modules/documents/document.inputs.js';
import { FocusArea, GroupStatus, GroupVisibility, type BuyerGroup } from '../modules/groups/group.entity.js';
import {
  CreateBuyerGroupInput,
  InviteOrganisationInput,
  RequestToJoinInput,
  UpdateBuyerGroupInput,
} from '../modules/groups/group.inputs.js';
import { InviteGuestInput } from '../modules/groups/guest.inputs.js';
import { MembershipRole } from '../modules/groups/membership.entity.js';
import { Currency, Priority } from '../modules/needs/interest.entity.js';
import { NeedStatus, type SharedNeed } from '../modules/needs/need.entity.js';
import { CreateSharedNeedInput, SetNeedInterestInput } from '../modules/needs/need.inputs.js';
import {
  ContractType,
  MilestoneKind,
  ProcedureType,
  type Procurement,
  ValueBasis,
} from '../modules/procurements/procurement.entity.js';
import {
  AdvancePhaseInput,
  CreateJointProcurementInput,
  LotInput,
  SetMilestoneInput,
  SignMandateInput,
} from '../modules/procurements/procurement.inputs.js';
import { User } from '../modules/users/user.entity.js';
import { DEMO_PASSWORD, GUEST, OPERATOR, ORGANISATIONS, PEOPLE, type OrgKey } from './seed-data.js';
import { seedCompetition } from './seed-competition.js';
import { date, day, DemoWorld, input, seedServices } from './seed-world.js';

export { DEMO_PASSWORD };

export interface DemoLogin {
  email: string;
  who: string;
}

/** True when the demo data is already in this database (a second start, or SEED_DEMO on a seeded one). */
export async function hasDemoData(db: DataSource): Promise<boolean> {
  return db.getRepository(User).existsBy({ email: PEOPLE[0].email });
}

const nameOf = (key: OrgKey) => ORGANISATIONS.find((o) => o.key === key)!.name;

export function demoLogins(): DemoLogin[] {
  return [
    ...PEOPLE.map((p) => ({ email: p.email, who: `${p.name}, ${nameOf(p.org)} (its admin)` })),
    { email: OPERATOR.email, who: `${OPERATOR.name}, ${nameOf(OPERATOR.org)} (platform admin)` },
    { email: GUEST.email, who: `${GUEST.name}, guest of Velferdsteknologi i Værnesregionen for ${GUEST.days} days` },
    { email: 'admin@<domain>', who: 'the admin of each other organisation (e.g. admin@regionuppsala.se)' },
  ];
}

/**
 * Seeds the demo through the services, as its people would have done it through the API, so the
 * demo can never disagree with the rules: every organisation but the operators' own is registered
 * by the platform admin, every group is formed, joined and filled by its members, and the joint
 * procurement is moved through its phases past the same checklists as any other. Everything is
 * dated now (a service records when a thing happened); only a mandate's decision date and a
 * measurement's date, which the person states, lie in the past.
 *
 * Does nothing when the demo data is already there. It is not one transaction (each service call
 * commits its own): a seed that stops half-way leaves part of the demo, and says so.
 */
export async function seedDemo(db: DataSource, config: Config, log: Logger): Promise<boolean> {
  if (await hasDemoData(db)) return false;
  const services = seedServices(db, config, log);
  try {
    const w = await DemoWorld.build(services);
    await seedVaernes(w);
    await seedTransport(w);
    await seedSchools(w);
  } catch (err) {
    const message = `The demo seed stopped part-way (the database may hold part of the demo): ${(err as Error).message}`;
    throw new Error(message, { cause: err });
  } finally {
    // What the services run on their own (the presence heartbeat): the seed is done with them.
    services.presence.stop();
  }
  log.info('demo data seeded');
  return true;
}

const { MEMBER, OBSERVER } = MembershipRole;
/** Whether an invited organisation accepts (else the invitation stays open). */
const ACCEPTS = true;

/**
 * A coordinator forms a group, invites organisations (those that accept join at once) and, for
 * `status` ACTIVE, opens it once formed.
 */
async function formGroup(
  w: DemoWorld,
  coordinator: OrgKey,
  fields: CreateBuyerGroupInput,
  invited: [OrgKey, MembershipRole, boolean][],
  status: GroupStatus = GroupStatus.FORMING,
): Promise<BuyerGroup> {
  const { s } = w;
  const group = await s.groups.create(w.as(coordinator), await input(CreateBuyerGroupInput, fields));
  for (const [org, role, accepts] of invited) {
    await s.memberships.invite(
      w.as(coordinator),
      await input(InviteOrganisationInput, { groupId: group.id, organisationId: w.orgs[org].id, role }),
    );
    if (accepts) await s.memberships.acceptInvitation(w.as(org), group.id);
  }
  if (status !== GroupStatus.FORMING) {
    await s.groups.update(w.as(coordinator), group.id, await input(UpdateBuyerGroupInput, { status }));
  }
  return group;
}

/** One authority's interest: quantity and unit, annual value and currency, wanted start, priority. */
type Interest = [OrgKey, string | null, string | null, string | null, Currency | null, string | null, Priority];

/** An authority describes a need; each authority with an interest states its own. */
async function shareNeed(
  w: DemoWorld,
  groupId: string,
  owner: OrgKey,
  fields: Omit<CreateSharedNeedInput, 'groupId'>,
  interests: Interest[],
): Promise<SharedNeed> {
  const need = await w.s.needs.create(w.as(owner), await input(CreateSharedNeedInput, { groupId, ...fields }));
  for (const [org, quantity, unit, annualValue, currency, wantedStart, priority] of interests) {
    await w.s.needs.setInterest(
      w.as(org),
      await input(SetNeedInterestInput, {
        needId: need.id,
        quantity,
        unit,
        annualValue,
        currency,
        wantedStart,
        priority,
      }),
    );
  }
  return need;
}

/** A message in a thread, as its author posts it (the key makes a retry harmless, as for any client). */
async function post(w: DemoWorld, author: OrgKey, thread: Thread, body: string, key: string): Promise<void> {
  await w.s.discussions.postMessage(
    w.as(author),
    await input(PostMessageInput, { threadId: thread.id, body, mentionUserIds: [], idempotencyKey: key }),
  );
}

/** A thread the services made with its parent (a group's general thread, a procurement's channels). */
const threadOf = (w: DemoWorld, parentId: string, kind: ThreadKind) =>
  w.s.db.getRepository(Thread).findOneByOrFail({ parentId, kind });

/** Welfare technology in the Værnes region: six municipalities, the county as observer, one guest. */
async function seedVaernes(w: DemoWorld): Promise<void> {
  const group = await formGroup(
    w,
    'stjordal',
    {
      name: 'Velferdsteknologi i Værnesregionen',
      description:
        'Stjørdal, Meråker, Frosta, Selbu, Tydal og Malvik samarbeider om velferdsteknologi i hjemmetjenesten: felles behovsbeskrivelse, felles markedsdialog og én felles anskaffelse med Stjørdal som vertskommune.',
      focusArea: FocusArea.WELFARE_TECHNOLOGY,
      cpvCodes: ['33195000', '48814000', '85312400'],
      visibility: GroupVisibility.LISTED,
    },
    [
      ['meraker', MEMBER, ACCEPTS],
      ['frosta', MEMBER, ACCEPTS],
      ['selbu', MEMBER, ACCEPTS],
      ['tydal', MEMBER, ACCEPTS],
      ['malvik', MEMBER, ACCEPTS],
      ['trondelag', OBSERVER, ACCEPTS],
      ['trondheim', MEMBER, !ACCEPTS],
    ],
    GroupStatus.ACTIVE,
  );
  await w.s.guests.invite(
    w.as('stjordal'),
    await input(InviteGuestInput, {
      groupId: group.id,
      email: GUEST.email,
      displayName: GUEST.name,
      affiliation: GUEST.affiliation,
      endsAt: day(GUEST.days),
      note: GUEST.note,
    }),
  );
  await w.choosePassword(GUEST.email);
  await post(
    w,
    'stjordal',
    await threadOf(w, group.id, ThreadKind.GENERAL),
    'Velkommen! Legg inn kommunens eget volum og ønsket oppstart på behovene, så ser vi samlet etterspørsel før markedsdialogen.',
    'seed-vaernes-welcome',
  );
  await shareNeed(
    w,
    group.id,
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
  await shareNeed(
    w,
    group.id,
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
  await shareNeed(
    w,
    group.id,
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
}

/** Fossil-free buses: four Swedish regions, Upphandlingsmyndigheten observing, a joint procurement in market dialogue. */
async function seedTransport(w: DemoWorld): Promise<void> {
  const group = await formGroup(
    w,
    'skane',
    {
      name: 'Fossilfri regional busstrafik',
      description:
        'Regioner som köper busstrafik tillsammans ställer gemensamma funktionskrav på fossilfria bussar och laddinfrastruktur i depåer. Region Skåne samordnar.',
      focusArea: FocusArea.TRANSPORT,
      cpvCodes: ['34121000', '34144910', '60112000'],
      visibility: GroupVisibility.LISTED,
    },
    [
      ['stockholm', MEMBER, ACCEPTS],
      ['vgr', MEMBER, ACCEPTS],
      ['ostergotland', MEMBER, ACCEPTS],
      ['uhm', OBSERVER, ACCEPTS],
      ['uppsala', MEMBER, !ACCEPTS],
    ],
    GroupStatus.ACTIVE,
  );
  await w.s.memberships.requestToJoin(
    w.as('halland'),
    await input(RequestToJoinInput, {
      groupId: group.id,
      message: 'Vi vill gärna delta i den gemensamma upphandlingen.',
    }),
  );
  const buses = await shareNeed(
    w,
    group.id,
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
  const depots = await shareNeed(
    w,
    group.id,
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
  const p = await seedBusProcurement(w, group, [buses, depots]);
  await seedMarketDialogue(w, p);
  await seedDecisionAndBenefits(w, p);
  await seedCompetition(w, group, buses);
}

/**
 * The joint procurement, brokered by Region Skåne for four regions and moved into market dialogue
 * past the phase checklists: a need description, lots with CPV codes and values, two mandates signed.
 */
async function seedBusProcurement(w: DemoWorld, group: BuyerGroup, needs: SharedNeed[]): Promise<Procurement> {
  const { s } = w;
  const lot = (values: Pick<LotInput, 'title' | 'description' | 'cpvCodes' | 'needId'> & Partial<LotInput>) =>
    Object.assign(new LotInput(), {
      optionCount: 0,
      valueBasis: ValueBasis.TOTAL,
      frameworkAgreement: false,
      ...values,
    });
  let p = await s.procurements.create(
    w.as('skane'),
    await input(CreateJointProcurementInput, {
      groupId: group.id,
      needIds: needs.map((n) => n.id),
      title: 'Fossilfri stadstrafik med elbussar',
      description:
        'Gemensam upphandling av stadstrafik med elbussar som klarar vinterdrift, och laddinfrastruktur i depåerna. Region Skåne genomför upphandlingen på uppdrag av de deltagande regionerna.',
      procedureType: ProcedureType.NEG_W_CALL,
      contractType: ContractType.SERVICES,
      leadOrganisationId: w.orgs.skane.id,
      participantOrganisationIds: (['skane', 'stockholm', 'vgr', 'ostergotland'] as const).map((k) => w.orgs[k].id),
      lots: [
        lot({
          title: 'Stadstrafik med elbussar',
          description: 'Trafikavtal för stadstrafik med elbussar, inklusive vinterdrift.',
          cpvCodes: ['60112000', '34144910'],
          needId: needs[0].id,
          // Traffic contracts are stated a year and run for years: eight, with two two-year options.
          contractStart: '2028-01-01',
          durationMonths: 96,
          optionCount: 2,
          optionMonths: 24,
          valueBasis: ValueBasis.ANNUAL,
        }),
        lot({ title: 'Laddinfrastruktur i depå', description: '', cpvCodes: ['31158100'], needId: needs[1].id }),
      ],
    }),
  );
  const advance = async () => {
    p = await s.procurements.advance(
      w.as('skane'),
      await input(AdvancePhaseInput, { procurementId: p.id, from: p.phase }),
    );
  };
  await advance(); // NEED_ASSESSMENT
  await s.documents.create(
    w.as('skane'),
    await input(CreateDocumentInput, {
      groupId: group.id,
      procurementId: p.id,
      title: 'Behovsbeskrivning: fossilfri stadstrafik',
      kind: DocumentKind.NEED_DESCRIPTION,
      language: DocumentLanguage.sv,
      text: [
        '## Behov',
        '',
        'Stadstrafik som är fossilfri 2030 och klarar en hel trafikdag vid −20 °C utan att ladda mitt på dagen, och laddning i depå för hela flottan över natten. Vi beskriver vad vi behöver, inte hur.',
        '',
        '- **Effekter:** fossilfri stadstrafik, lägre buller och lägre driftkostnad per km.',
        '- **Framgång:** minst 95 % av turerna körs utan ersättningsbuss under vintern; alla bussar är fulladdade före första avgång.',
        '- **Volym:** Region Skåne 85, Region Stockholm 140, Västra Götalandsregionen 60 och Region Östergötland 25 bussar; fyra depåer i Stockholm.',
      ].join('\n'),
      changeNote: 'Sammanställd från gruppens två behov',
    }),
  );
  const mandates: [OrgKey, string][] = [
    ['skane', 'RS 2026-00412'],
    ['stockholm', 'RS 2026/1187'],
  ];
  for (const [org, decisionReference] of mandates) {
    // Each region's own decision to give the mandate, taken ten days ago.
    await s.participants.signMandate(
      w.as(org),
      await input(SignMandateInput, { procurementId: p.id, decisionReference, decisionDate: date(-10) }),
    );
  }
  await advance(); // MARKET_DIALOGUE
  const milestones: [MilestoneKind, number][] = [
    [MilestoneKind.DIALOGUE_MEETINGS, 14],
    [MilestoneKind.OPT_OUT_DEADLINE, 45],
  ];
  for (const [kind, inDays] of milestones) {
    await s.milestones.set(
      w.as('skane'),
      await input(SetMilestoneInput, { procurementId: p.id, kind, dueAt: day(inDays) }),
    );
  }
  return p;
}

/**
 * The market dialogue: the notice, Nobina and Tide registered, one question answered to all (the
 * asker's name taken out) and one pending, four equal meeting slots of which Nobina booked one.
 */
async function seedMarketDialogue(w: DemoWorld, p: Procurement): Promise<void> {
  const { s } = w;
  await s.dialogue.publishNotice(
    w.as('skane'),
    await input(PublishDialogueNoticeInput, {
      procurementId: p.id,
      notice:
        '## Marknadsdialog\n\nVi vill höra hur marknaden kan leverera **fossilfri stadstrafik** med elbussar som klarar en hel trafikdag i −20 °C, och hur laddning i depå kan lösas.\n\nStäll frågor här senast frågefristen. Alla svar publiceras till alla registrerade leverantörer samtidigt, utan att frågeställaren anges. Boka gärna ett dialogmöte (60 minuter).',
      questionDeadline: day(21),
      maxBookingsPerSupplier: 1,
    }),
  );
  await post(
    w,
    'skane',
    await threadOf(w, p.id, ThreadKind.PUBLIC_DIALOGUE),
    'Välkomna till marknadsdialogen! Dialogmötena hålls digitalt; länken kommer i bokningen.',
    'seed-welcome',
  );
  for (const supplier of ['nobina', 'tide'] as const) await s.dialogue.register(w.as(supplier), p.id);
  const ask = async (supplier: OrgKey, text: string) =>
    s.dialogue.ask(w.as(supplier), await input(AskQuestionInput, { procurementId: p.id, text }));
  const answered = await ask(
    'nobina',
    'Vi på Nobina undrar: kan operatören äga och driva laddinfrastrukturen i depån, eller ska regionen äga den?',
  );
  await s.dialogue.answer(
    w.as('skane'),
    await input(AnswerQuestionInput, {
      questionId: answered.id,
      publishedQuestion: 'Kan operatören äga och driva laddinfrastrukturen i depån, eller ska regionen äga den?',
      answer:
        'Båda modellerna är möjliga. Vi vill i dialogmötena förstå vilka konsekvenser respektive modell får för pris och risk vid avtalets slut.',
    }),
    false,
  );
  await ask(
    'tide',
    'Blir det krav om at bussene skal klare en hel trafikkdag ved −25 °C, eller er −20 °C dimensjonerende?',
  );
  const slots = await s.dialogue.openSlots(
    w.as('skane'),
    await input(OpenSlotsInput, {
      procurementId: p.id,
      startsAt: new Date(day(10).setUTCHours(8, 0, 0, 0)),
      durationMinutes: 60,
      count: 4,
      location: 'Teams (länk i bokningsbekräftelsen)',
    }),
  );
  await s.dialogue.book(w.as('nobina'), slots[1].id);
}

/**
 * The buyers among themselves: an open vote on who should own the depot chargers (two of the three
 * votes needed are in), and a benefit indicator with the baselines of the two regions that signed.
 */
async function seedDecisionAndBenefits(w: DemoWorld, p: Procurement): Promise<void> {
  const { s } = w;
  const decision = await s.decisions.open(
    w.as('skane'),
    await input(OpenDecisionInput, {
      procurementId: p.id,
      title: 'Vem ska äga laddinfrastrukturen i depåerna?',
      description: 'Underlag för kravställningen. Svaren från dialogmötena läggs till innan beslutet stänger.',
      options: [
        'Regionen äger och upplåter den till operatören',
        'Operatören äger och driver den',
        'Avgörs efter dialogmötena',
      ],
      quorum: 3,
      closesAt: day(14),
      gate: null,
    }),
  );
  const votes: [OrgKey, number][] = [
    ['skane', 2],
    ['stockholm', 0],
  ];
  for (const [org, option] of votes) {
    await s.decisions.vote(w.as(org), await input(CastVoteInput, { decisionId: decision.id, option }));
  }
  const indicator = await s.benefits.addIndicator(
    w.as('skane'),
    await input(AddIndicatorInput, {
      procurementId: p.id,
      name: 'Turer utan ersättningsbuss vintertid',
      description: 'Andel av vinterns planerade turer (december–februari) som körs av ordinarie buss.',
      unit: '%',
      direction: IndicatorDirection.HIGHER_IS_BETTER,
    }),
  );
  const baselines: [OrgKey, string][] = [
    ['skane', '91.5'],
    ['stockholm', '88.2'],
  ];
  for (const [org, value] of baselines) {
    await s.benefits.record(
      w.as(org),
      await input(RecordMeasurementInput, {
        indicatorId: indicator.id,
        kind: MeasurementKind.BASELINE,
        value,
        measuredOn: date(-30),
        note: 'Från trafikuppföljningen',
      }),
    );
  }
}

/** An invitation-only group still forming: Malvik and Stjørdal on energy-saving contracts for schools. */
async function seedSchools(w: DemoWorld): Promise<void> {
  await formGroup(
    w,
    'malvik',
    {
      name: 'Energieffektive skolebygg i Trøndelag',
      description: 'Invitasjonsbasert samarbeid om energisparekontrakter (EPC) for skolebygg.',
      focusArea: FocusArea.ENERGY,
      cpvCodes: ['71314300'],
      visibility: GroupVisibility.UNLISTED,
    },
    [['stjordal', MEMBER, ACCEPTS]],
  );
}
