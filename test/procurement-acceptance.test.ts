import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphQLClient } from './support/client.js';
import { norwegianOrgNumber, PASSWORD } from './support/factories.js';
import { assertValidOcds } from './support/ocds.js';
import { day, head, inDays, origin, wsUrl } from './support/helpers.js';
import * as op from './support/operations.js';
import { registerAndVerify } from './support/accounts.js';
import { startTestServer, type TestServer } from './support/server.js';
import { collect, wsClient } from './support/ws.js';

/**
 * The acceptance of issue 5, tried as new users would, through the API only: an operator registers
 * the organisations, people sign up, a coordinator forms a group and brokers a joint procurement
 * from two needs, the participants sign mandates, suppliers take part in the market dialogue and
 * get the published answer live, a decision approves the specification, and only then does the
 * gate to COMPETITION open. The OCDS export validates.
 */

let s: TestServer;

beforeAll(async () => {
  // The default OCDS prefix.
  s = await startTestServer();
});
afterAll(() => s?.close());

interface Person {
  id: string;
  organisationId: string;
  token: string;
  client: GraphQLClient;
}

describe('a joint procurement from need to competition', () => {
  it('walks the whole way with the gates, the dialogue and the decision', async () => {
    // ---- an operator registers the organisations ----
    const admin = await s.factories.user({ isAdmin: true });
    const org = async (name: string, domain: string, kind: string, municipalityCode: string | null) =>
      (
        await admin.client.ok(
          `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name } }`,
          {
            input: {
              name,
              kind,
              country: 'NO',
              organisationNumber: norwegianOrgNumber(),
              municipalityCode,
              emailDomains: [domain],
              // Confirming the address is enough here; approval by an admin has its own tests.
              requiresApproval: false,
            },
          },
        )
      ).createOrganisation as { id: string; name: string };
    const bodo = await org('Bodø kommune', 'bodo.kommune.no', 'MUNICIPALITY', '1804');
    const fauske = await org('Fauske kommune', 'fauske.kommune.no', 'MUNICIPALITY', '1841');
    const saltdal = await org('Saltdal kommune', 'saltdal.kommune.no', 'MUNICIPALITY', '1840');
    const nordlys = await org('Nordlys Transport AS', 'nordlys.no', 'SUPPLIER', null);
    const fjordbuss = await org('Fjordbuss AS', 'fjordbuss.no', 'SUPPLIER', null);

    // ---- people sign up ----
    const signUp = async (organisationId: string, email: string, displayName: string): Promise<Person> => {
      const { session } = await registerAndVerify(s, { organisationId, email, displayName, password: PASSWORD });
      expect(session!.user.organisation.id).toBe(organisationId);
      return { id: session!.user.id, organisationId, token: session!.token, client: s.as(session!.token) };
    };
    const coord = await signUp(bodo.id, 'innkjop@bodo.kommune.no', 'Ingrid Innkjøp');
    const fauskeUser = await signUp(fauske.id, 'skyss@fauske.kommune.no', 'Frode Fauske');
    const saltdalUser = await signUp(saltdal.id, 'skyss@saltdal.kommune.no', 'Siri Saltdal');
    const s1 = await signUp(nordlys.id, 'salg@nordlys.no', 'Nina Nordlys');
    const s2 = await signUp(fjordbuss.id, 'anbud@fjordbuss.no', 'Finn Fjord');

    // ---- the coordinator forms a group; the others accept its invitation ----
    const { createBuyerGroup: group } = await coord.client.ok(
      `mutation { createBuyerGroup(input: { name: "Skyss i Salten", focusArea: TRANSPORT }) { id } }`,
    );
    for (const [person, organisationId] of [
      [fauskeUser, fauske.id],
      [saltdalUser, saltdal.id],
    ] as const) {
      await coord.client.ok(
        `mutation($input: InviteOrganisationInput!) { inviteOrganisation(input: $input) { status } }`,
        { input: { groupId: group.id, organisationId } },
      );
      const { acceptInvitation } = await person.client.ok(
        `mutation($g: ID!) { acceptInvitation(groupId: $g) { status role } }`,
        { g: group.id },
      );
      expect(acceptInvitation).toEqual({ status: 'ACTIVE', role: 'MEMBER' });
    }

    // ---- two needs, with each member's stake ----
    const need = async (title: string, problem: string, cpvCodes: string[]) =>
      (
        await coord.client.ok(`mutation($input: CreateSharedNeedInput!) { createSharedNeed(input: $input) { id } }`, {
          input: { groupId: group.id, title, problem, cpvCodes },
        })
      ).createSharedNeed.id as string;
    const skyss = await need('Skoleskyss', 'Elever i spredtbygde strøk må komme trygt til skolen.', ['60130000']);
    const sanntid = await need('Sanntid for foreldre', 'Foreldre vet ikke når skyssen kommer.', ['48000000']);
    const interest = (p: Person, needId: string, annualValue: string) =>
      p.client.ok(`mutation($input: SetNeedInterestInput!) { setNeedInterest(input: $input) { id } }`, {
        input: { needId, annualValue, currency: 'NOK' },
      });
    await interest(fauskeUser, skyss, '1500000');
    await interest(fauskeUser, sanntid, '120000.50');
    await interest(saltdalUser, skyss, '900000');
    await interest(saltdalUser, sanntid, '80000');

    // ---- the coordinator turns the two needs into one procurement ----
    const { createJointProcurement: p } = await coord.client.ok(
      `mutation($input: CreateJointProcurementInput!) {
        createJointProcurement(input: $input) {
          id phase lots { id number title } participants { organisation { id } isLead mandate { status } }
          estimatedValue { amount currency authorityCount }
        }
      }`,
      {
        input: {
          groupId: group.id,
          needIds: [skyss, sanntid],
          title: 'Skoleskyss og sanntid i Salten',
          description: 'Én felles anskaffelse for tre kommuner.',
          procedureType: 'NEG_W_CALL',
          contractType: 'SERVICES',
          leadOrganisationId: bodo.id,
        },
      },
    );
    expect(p.phase).toBe('ANCHORING');
    expect(p.lots.map((l: { title: string }) => l.title)).toEqual(['Skoleskyss', 'Sanntid for foreldre']);
    expect(p.participants.map((x: { organisation: { id: string } }) => x.organisation.id).sort()).toEqual(
      [bodo.id, fauske.id, saltdal.id].sort(),
    );
    expect(p.participants.every((x: { mandate: { status: string } }) => x.mandate.status === 'REQUESTED')).toBe(true);
    expect(p.estimatedValue).toEqual([{ amount: '2600000.5', currency: 'NOK', authorityCount: 2 }]);
    const id: string = p.id;

    const advance = (from: string) =>
      coord.client.request(
        `mutation($input: AdvancePhaseInput!) { advanceProcurementPhase(input: $input) { phase } }`,
        { input: { procurementId: id, from } },
      );
    const moveOn = async (from: string, to: string) => {
      const res = await advance(from);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.advanceProcurementPhase.phase).toBe(to);
    };
    const document = async (by: Person, kind: string, title: string) =>
      (
        await by.client.ok(`mutation($input: CreateDocumentInput!) { createDocument(input: $input) { id } }`, {
          input: { groupId: group.id, procurementId: id, kind, language: 'nb', title, text: `# ${title}\n\nTekst.` },
        })
      ).createDocument.id as string;

    // ---- the participants sign their mandates ----
    for (const person of [fauskeUser, saltdalUser, coord]) {
      const { signMandate } = await person.client.ok(
        `mutation($input: SignMandateInput!) { signMandate(input: $input) { mandate { status lots { id } } } }`,
        { input: { procurementId: id, decisionReference: `PS ${day(0)}/1`, decisionDate: day(0) } },
      );
      expect(signMandate.mandate.status).toBe('SIGNED');
      expect(signMandate.mandate.lots).toHaveLength(2);
    }

    await moveOn('ANCHORING', 'NEED_ASSESSMENT');
    await document(fauskeUser, 'NEED_DESCRIPTION', 'Behovsbeskrivelse');
    await moveOn('NEED_ASSESSMENT', 'MARKET_DIALOGUE');

    // ---- the coordinator publishes the dialogue notice ----
    await coord.client.ok(
      `mutation($input: PublishDialogueNoticeInput!) { publishDialogueNotice(input: $input) { id } }`,
      {
        input: {
          procurementId: id,
          notice: 'Salten-kommunene vil høre fra markedet om skoleskyss med sanntidsinformasjon.',
          questionDeadline: inDays(21),
        },
      },
    );

    // ---- suppliers find it, register, and follow it live ----
    const { marketDialogues } = await s1.client.ok(
      `query { marketDialogues(search: "Salten") { id title open registered } }`,
    );
    expect(marketDialogues).toEqual([{ id, title: 'Skoleskyss og sanntid i Salten', open: true, registered: false }]);
    for (const supplier of [s1, s2]) {
      const { registerForDialogue } = await supplier.client.ok(
        `mutation($id: ID!) { registerForDialogue(procurementId: $id) { registered } }`,
        { id },
      );
      expect(registerForDialogue.registered).toBe(true);
    }
    const after = await head(s);
    const ws1 = wsClient(wsUrl(s), s1.token);
    const ws2 = wsClient(wsUrl(s), s2.token);
    try {
      const live1 = collect(ws1, op.DIALOGUE_EVENTS, { procurementId: id, after });
      const live2 = collect(ws2, op.DIALOGUE_EVENTS, { procurementId: id, after });

      // A draft specification is published to them.
      const spec = await document(coord, 'REQUIREMENT_SPECIFICATION', 'Kravspesifikasjon');
      await coord.client.ok(`mutation($id: ID!) { updateDocument(id: $id, input: { visibility: PUBLISHED }) { id } }`, {
        id: spec,
      });

      // ---- a supplier asks; only the buyers see the question ----
      const { askDialogueQuestion: q } = await s1.client.ok(
        `mutation($input: AskQuestionInput!) { askDialogueQuestion(input: $input) { id number status } }`,
        { input: { procurementId: id, text: 'Nordlys spør: hvor mange elever gjelder det?' } },
      );
      expect(q).toMatchObject({ number: 1, status: 'PENDING' });
      const SUPPLIER_VIEW = `query($id: ID!) {
        marketDialogue(procurementId: $id) {
          open documents { id kind } questions { number question answer askedByMyOrganisation } myQuestions { id status }
        }
      }`;
      expect((await s2.client.ok(SUPPLIER_VIEW, { id })).marketDialogue).toMatchObject({
        questions: [],
        myQuestions: [],
        documents: [{ id: spec, kind: 'REQUIREMENT_SPECIFICATION' }],
      });
      const { jointProcurement: buyersView } = await coord.client.ok(
        `query($id: ID!) { jointProcurement(id: $id) { dialogue { questions { id status askedByOrganisation { id } } } } }`,
        { id },
      );
      expect(buyersView.dialogue.questions).toEqual([
        { id: q.id, status: 'PENDING', askedByOrganisation: { id: nordlys.id } },
      ]);

      // ---- the answer is published to every registered supplier at once, live ----
      await coord.client.ok(
        `mutation($input: AnswerQuestionInput!) { answerDialogueQuestion(input: $input) { status } }`,
        {
          input: {
            questionId: q.id,
            publishedQuestion: 'Hvor mange elever gjelder det?',
            answer: 'Om lag 2 400 elever i de tre kommunene.',
          },
        },
      );
      const answered = (c: typeof live1) => c.items.some((e) => e.type === 'question.answered');
      await live1.until(answered);
      await live2.until(answered);
      for (const live of [live1, live2]) {
        expect(live.items.map((e) => e.type)).toEqual(['document.visibility_changed', 'question.answered']);
        expect(live.items[0].payload).toMatchObject({ documentId: spec, visibility: 'PUBLISHED' });
        expect(live.items[1].payload).toMatchObject({ procurementId: id, questionId: q.id, number: 1 });
        expect(live.items.every((e) => e.groupId === null)).toBe(true);
      }
      // The other supplier learns nothing of who asked.
      expect(JSON.stringify(live2.items)).not.toContain(nordlys.id);
      expect(JSON.stringify(live2.items)).not.toContain(s1.id);
      const published = {
        number: 1,
        question: 'Hvor mange elever gjelder det?',
        answer: 'Om lag 2 400 elever i de tre kommunene.',
      };
      expect((await s2.client.ok(SUPPLIER_VIEW, { id })).marketDialogue.questions).toEqual([
        { ...published, askedByMyOrganisation: false },
      ]);
      expect((await s1.client.ok(SUPPLIER_VIEW, { id })).marketDialogue.questions).toEqual([
        { ...published, askedByMyOrganisation: true },
      ]);

      // ---- preparation; the gate to COMPETITION names what is missing ----
      await document(coord, 'MARKET_DIALOGUE_SUMMARY', 'Oppsummering av markedsdialogen');
      await moveOn('MARKET_DIALOGUE', 'PREPARATION');
      const refused = async () => {
        const res = await advance('PREPARATION');
        expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
        return res.errors![0];
      };
      const first = await refused();
      expect(first.extensions!.missing).toEqual(['SPECIFICATION_APPROVED', 'TENDER_DEADLINE']);
      expect(first.message).toContain('an approved decision opening the competition');
      await coord.client.ok(`mutation($input: SetMilestoneInput!) { setProcurementMilestone(input: $input) { id } }`, {
        input: { procurementId: id, kind: 'TENDER_DEADLINE', dueAt: inDays(60) },
      });
      expect((await refused()).extensions!.missing).toEqual(['SPECIFICATION_APPROVED']);

      // ---- decisions among the participating authorities ----
      const decide = async (title: string, votes: [Person, number][]) => {
        const { openDecision } = await coord.client.ok(
          `mutation($input: OpenDecisionInput!) { openDecision(input: $input) { id options } }`,
          { input: { procurementId: id, title, quorum: 2, closesAt: inDays(7), gate: 'COMPETITION' } },
        );
        expect(openDecision.options).toEqual(['Approve', 'Reject']);
        for (const [person, option] of votes) {
          await person.client.ok(`mutation($input: CastVoteInput!) { castVote(input: $input) { id } }`, {
            input: { decisionId: openDecision.id, option },
          });
        }
        return (
          await coord.client.ok(`mutation($id: ID!) { closeDecision(id: $id) { outcome approved counts { votes } } }`, {
            id: openDecision.id,
          })
        ).closeDecision;
      };
      const rejected = await decide('Godkjenne kravspesifikasjonen, versjon 1', [
        [fauskeUser, 0],
        [saltdalUser, 1],
        [coord, 1],
      ]);
      expect(rejected).toEqual({ outcome: 'DECIDED', approved: false, counts: [{ votes: 1 }, { votes: 2 }] });
      expect((await refused()).extensions!.missing).toEqual(['SPECIFICATION_APPROVED']);

      const approved = await decide('Godkjenne kravspesifikasjonen, versjon 2', [
        [fauskeUser, 0],
        [saltdalUser, 0],
        [coord, 0],
      ]);
      expect(approved).toEqual({ outcome: 'DECIDED', approved: true, counts: [{ votes: 3 }, { votes: 0 }] });

      // ---- now the gate opens; the dialogue closes for the suppliers ----
      await moveOn('PREPARATION', 'COMPETITION');
      await live1.until((c) =>
        c.items.some((e) => e.type === 'procurement.phase_changed' && e.payload.to === 'COMPETITION'),
      );
      expect(live1.items.filter((e) => e.type === 'procurement.phase_changed').map((e) => e.payload.to)).toEqual([
        'PREPARATION',
        'COMPETITION',
      ]);
      expect((await s2.client.ok(SUPPLIER_VIEW, { id })).marketDialogue.open).toBe(false);
      const late = await s2.client.fails(
        `mutation($input: AskQuestionInput!) { askDialogueQuestion(input: $input) { id } }`,
        { input: { procurementId: id, text: 'For sent?' } },
      );
      expect(late.code).toBe('INVALID_STATE');
    } finally {
      await ws1.dispose();
      await ws2.dispose();
    }

    // ---- the OCDS export validates ----
    const res = await fetch(`${origin(s)}/ocds/${id}`, {
      headers: { authorization: `Bearer ${coord.token}` },
    });
    expect(res.status).toBe(200);
    const pkg = (await res.json()) as any;
    assertValidOcds(pkg);
    const [release] = pkg.releases;
    expect(release.ocid).toBe(`ocds-svrk00-${id}`);
    expect(release.tag).toEqual(['tender']);
    const roles = Object.fromEntries(release.parties.map((x: any) => [x.name, x.roles.slice().sort()]));
    expect(roles).toEqual({
      'Bodø kommune': ['buyer', 'leadBuyer', 'procuringEntity'],
      'Fauske kommune': ['buyer'],
      'Saltdal kommune': ['buyer'],
      'Nordlys Transport AS': ['enquirer', 'interestedParty'],
      'Fjordbuss AS': ['interestedParty'],
    });
    expect(release.tender.documents.map((d: any) => d.documentType)).toEqual(['technicalSpecifications']);
    expect(release.planning.rationale).toContain('Skoleskyss');
    expect(release.planning.rationale).toContain('Sanntid for foreldre');
  });
});
