import { TenderStatus } from '../modules/contracts/contract.entity.js';
import { AssessTenderInput, NewSupplierInput, RecordTenderInput } from '../modules/contracts/contract.inputs.js';
import { AwardProposalInput, CastVoteInput, OpenDecisionInput } from '../modules/decisions/decision.inputs.js';
import { PublishDialogueNoticeInput } from '../modules/dialogue/dialogue.inputs.js';
import { DocumentKind, DocumentLanguage } from '../modules/documents/document.entity.js';
import { CreateDocumentInput } from '../modules/documents/document.inputs.js';
import type { BuyerGroup } from '../modules/groups/group.entity.js';
import { Currency } from '../modules/needs/interest.entity.js';
import type { SharedNeed } from '../modules/needs/need.entity.js';
import { Country } from '../modules/organisations/organisation.entity.js';
import {
  ContractType,
  MilestoneKind,
  ProcedureType,
  ProcurementPhase,
  ValueBasis,
  type Procurement,
} from '../modules/procurements/procurement.entity.js';
import {
  AdvancePhaseInput,
  CreateJointProcurementInput,
  LotInput,
  SetMilestoneInput,
  SignMandateInput,
} from '../modules/procurements/procurement.inputs.js';
import type { OrgKey } from './seed-data.js';
import { date, day, input, type DemoWorld } from './seed-world.js';

/*
 * A second joint procurement of the Swedish bus group, taken through every phase gate into the
 * competition: tenders received from Nobina, Tide and a supplier that is not on Samverka (rejected,
 * it came late), and an award decision approved, so the award's standstill period is running.
 * Like the rest of the demo, it is built by the demo people acting through the services.
 */

const LEAD: OrgKey = 'skane';

/** A document of the procurement, in Swedish, with one version. */
async function document(
  w: DemoWorld,
  group: BuyerGroup,
  p: Procurement,
  kind: DocumentKind,
  title: string,
  text: string,
) {
  await w.s.documents.create(
    w.as(LEAD),
    await input(CreateDocumentInput, {
      groupId: group.id,
      procurementId: p.id,
      title,
      kind,
      language: DocumentLanguage.sv,
      text,
      changeNote: 'Första versionen',
    }),
  );
}

/** A decision put to the participants, voted through by `voters` and closed now. */
async function decide(w: DemoWorld, p: Procurement, voters: OrgKey[], values: Partial<OpenDecisionInput>) {
  const decision = await w.s.decisions.open(
    w.as(LEAD),
    await input(OpenDecisionInput, {
      procurementId: p.id,
      title: 'Beslut',
      description: '',
      options: ['Godkänn', 'Avslå'],
      quorum: voters.length,
      closesAt: day(7),
      gate: null,
      ...values,
    }),
  );
  for (const org of voters) {
    await w.s.decisions.vote(w.as(org), await input(CastVoteInput, { decisionId: decision.id, option: 0 }));
  }
  return w.s.decisions.closeNow(w.as(LEAD), decision.id);
}

export async function seedCompetition(w: DemoWorld, group: BuyerGroup, need: SharedNeed): Promise<Procurement> {
  const { s } = w;
  let p = await s.procurements.create(
    w.as(LEAD),
    await input(CreateJointProcurementInput, {
      groupId: group.id,
      needIds: [need.id],
      title: 'Elbussar för regional landsbygdstrafik',
      description:
        'Gemensam upphandling av regional landsbygdstrafik med elbussar på linjer upp till 120 km. Region Skåne genomför upphandlingen på uppdrag av Region Stockholm och Västra Götalandsregionen.',
      procedureType: ProcedureType.OPEN,
      contractType: ContractType.SERVICES,
      leadOrganisationId: w.orgs[LEAD].id,
      participantOrganisationIds: (['skane', 'stockholm', 'vgr'] as const).map((k) => w.orgs[k].id),
      lots: [
        Object.assign(new LotInput(), {
          title: 'Regional landsbygdstrafik med elbussar',
          description: 'Trafikavtal för regionala linjer, inklusive fordon och laddning i depå.',
          cpvCodes: ['60112000', '34144910'],
          needId: need.id,
          contractStart: '2027-09-01',
          durationMonths: 60,
          optionCount: 2,
          optionMonths: 12,
          valueBasis: ValueBasis.TOTAL,
          frameworkAgreement: false,
        }),
      ],
    }),
  );
  const advance = async (to: ProcurementPhase) => {
    p = await s.procurements.advance(
      w.as(LEAD),
      await input(AdvancePhaseInput, { procurementId: p.id, from: p.phase }),
    );
    if (p.phase !== to) throw new Error(`seed: expected ${to}, the procurement is in ${p.phase}`);
  };
  await advance(ProcurementPhase.NEED_ASSESSMENT);
  await document(
    w,
    group,
    p,
    DocumentKind.NEED_DESCRIPTION,
    'Behovsbeskrivning: regional landsbygdstrafik',
    '## Behov\n\nFossilfri regional trafik på linjer upp till 120 km, med laddning i depå över natten.',
  );
  await advance(ProcurementPhase.MARKET_DIALOGUE);
  await s.dialogue.publishNotice(
    w.as(LEAD),
    await input(PublishDialogueNoticeInput, {
      procurementId: p.id,
      notice: '## Marknadsdialog\n\nVi vill höra hur elbussar kan klara regionala linjer upp till 120 km.',
      questionDeadline: day(2),
      maxBookingsPerSupplier: 1,
    }),
  );
  for (const supplier of ['nobina', 'tide'] as const) await s.dialogue.register(w.as(supplier), p.id);
  await document(
    w,
    group,
    p,
    DocumentKind.MARKET_DIALOGUE_SUMMARY,
    'Sammanfattning av marknadsdialogen',
    'Två leverantörer deltog. Räckvidden räcker för linjerna med laddning i depå; fordonen kan ägas av operatören.',
  );
  await advance(ProcurementPhase.PREPARATION);
  await document(
    w,
    group,
    p,
    DocumentKind.REQUIREMENT_SPECIFICATION,
    'Kravspecifikation, version 1',
    '## Krav\n\n- Räckvidd minst 150 km vid −20 °C.\n- Laddning i depå under natten.',
  );
  for (const [org, decisionReference] of [
    ['skane', 'RS 2026-00518'],
    ['stockholm', 'RS 2026/1302'],
  ] as const) {
    await s.participants.signMandate(
      w.as(org),
      await input(SignMandateInput, { procurementId: p.id, decisionReference, decisionDate: date(-20) }),
    );
  }
  await decide(w, p, ['skane', 'stockholm'], {
    title: 'Godkänna kravspecifikationen, version 1',
    gate: ProcurementPhase.COMPETITION,
  });
  await s.milestones.set(
    w.as(LEAD),
    await input(SetMilestoneInput, { procurementId: p.id, kind: MilestoneKind.TENDER_DEADLINE, dueAt: day(-2) }),
  );
  await advance(ProcurementPhase.COMPETITION);
  await seedTenders(w, p);
  return p;
}

/** Three tenders, one late and rejected; the award to Nobina approved: its standstill runs now. */
async function seedTenders(w: DemoWorld, p: Procurement): Promise<void> {
  const { s } = w;
  const [lot] = (await s.db.query(`SELECT id FROM procurement_lot WHERE procurement_id = $1`, [p.id])) as {
    id: string;
  }[];
  const tender = async (values: Partial<RecordTenderInput>) =>
    s.tenders.record(
      w.as(LEAD),
      await input(RecordTenderInput, { lotId: lot.id, receivedAt: day(-3), currency: Currency.SEK, ...values }),
    );
  const assess = async (tenderId: string, status: TenderStatus, reason: string | null = null) =>
    s.tenders.assess(w.as(LEAD), await input(AssessTenderInput, { tenderId, status, reason }));
  const nobina = await tender({ supplierId: w.orgs.nobina.id, amount: '184500000' });
  const tide = await tender({ supplierId: w.orgs.tide.id, amount: '196250000' });
  // Not on Samverka: recorded by its organisation number with its tender.
  const late = await tender({
    supplier: Object.assign(new NewSupplierInput(), {
      name: 'Bergkvarabuss AB',
      country: Country.SE,
      organisationNumber: '556677-8899',
    }),
    receivedAt: day(-1),
    amount: '179900000',
  });
  await assess(nobina.id, TenderStatus.ADMITTED);
  await assess(tide.id, TenderStatus.ADMITTED);
  await assess(late.id, TenderStatus.REJECTED, 'Anbudet kom in efter anbudstidens utgång.');
  await decide(w, p, ['skane', 'stockholm'], {
    title: 'Tilldelning: regional landsbygdstrafik',
    description: 'Nobina har det ekonomiskt mest fördelaktiga anbudet enligt utvärderingen.',
    award: Object.assign(new AwardProposalInput(), { lotId: lot.id, supplierIds: [w.orgs.nobina.id] }),
  });
}
