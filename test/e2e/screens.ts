import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { BuyerGroup } from '../../server/modules/groups/group.entity.js';
import { Country, OrganisationKind } from '../../server/modules/organisations/organisation.entity.js';
import { Locale, OrganisationRole, User } from '../../server/modules/users/user.entity.js';
import { PASSWORD, swedishOrgNumber, type TestUser } from '../support/factories.js';
import { hex, inDays, key, slotStart } from '../support/helpers.js';
import {
  ANSWER,
  ASK,
  CAST_VOTE,
  CLOSE_DECISION,
  CREATE_DOC,
  CREATE_GROUP,
  OPEN_DECISION,
  OPEN_SLOTS,
} from '../support/operations.js';
import { dialogue, interest, need, procurement, type Buyers } from '../support/world.js';
import { admittedTender, stage } from '../support/contracts.js';
import { addDocument, driveTo } from '../support/procurement.js';
import type { TestServer } from '../support/server.js';

/**
 * The world the screen tests walk through: a buyer group of a Norwegian coordinating municipality
 * (its user an organisation and platform admin), a Swedish member region whose user reads Swedish
 * (an organisation admin too) and a Norwegian municipality; a chat with replies, reactions and a
 * mention; needs with interests; a document; one procurement in its market dialogue (a supplier
 * registered, a question answered, meeting slots, decisions open) and one past its competition
 * (tenders, award, contract). The server must run without a standstill period (`noStandstill`).
 */
export async function screensWorld(s: TestServer) {
  const f = s.factories;
  const suffix = hex();
  const coordOrg = await f.organisation({ name: `Malvik kommune ${suffix}` });
  const swedishOrg = await f.organisation({
    name: `Region Jämtland Härjedalen ${suffix}`,
    kind: OrganisationKind.COUNTY,
    country: Country.SE,
    organisationNumber: swedishOrgNumber(),
    municipalityCode: null,
    emailDomains: [`${suffix}.regionjh.se`],
  });
  const otherOrg = await f.organisation({ name: `Selbu kommune ${suffix}` });
  const [coord, swede, other, seller] = await Promise.all([
    f.user({ organisation: coordOrg, displayName: 'Kari Koordinator', role: OrganisationRole.ADMIN, isAdmin: true }),
    f.user({ organisation: swedishOrg, displayName: 'Sara Svensson', role: OrganisationRole.ADMIN }),
    f.user({ organisation: otherOrg, displayName: 'Ola Nordmann' }),
    f.supplier({ name: `Trygg Skyss ${suffix} AS`, displayName: 'Lars Leverandør' }),
  ]);
  // The Swedish member's profile says Swedish: the interface follows it once signed in.
  await s.db.getRepository(User).update(swede.user.id, { locale: Locale.sv });

  // Formed through the API, as the interface does it: FORMING, with its general thread.
  const { createBuyerGroup } = await coord.client.ok(CREATE_GROUP, {
    input: {
      name: `Skoleskyss i Trøndelag og Jämtland ${suffix}`,
      focusArea: 'TRANSPORT',
      description: 'Felles anskaffelse av **skoleskyss** over grensen.',
      cpvCodes: ['60130000'],
    },
  });
  const groupId = createBuyerGroup.id;
  const generalThreadId = createBuyerGroup.generalThread!.id;
  for (const org of [swedishOrg, otherOrg]) await f.membership({ id: groupId } as BuyerGroup, org);

  const needs = [
    await need(coord, groupId, {
      title: 'Skoleskyss',
      problem: 'Elever i spredtbygde strøk trenger trygg skyss.',
      cpvCodes: ['60130000'],
    }),
    await need(coord, groupId, {
      title: 'Sanntid for foreldre',
      problem: 'Foreldre vet ikke når skyssen kommer.',
      cpvCodes: ['48000000'],
    }),
  ];
  await interest(coord, needs[0].id, { annualValue: '2000000', currency: 'NOK', quantity: '40', unit: 'ruter' });
  await interest(swede, needs[0].id, { annualValue: '1500000', currency: 'SEK', quantity: '25', unit: 'linjer' });
  await interest(coord, needs[1].id, { annualValue: '400000', currency: 'NOK' });
  await interest(swede, needs[1].id, { annualValue: '250000', currency: 'SEK' });
  await interest(other, needs[1].id, { annualValue: '300000', currency: 'NOK' });
  const w: Buyers & { a: TestUser } = { s, groupId, coord, needs, a: swede };

  // A conversation: a long message, a reply, a mention, a reaction.
  const post = async (by: TestUser, body: string, extra: Record<string, unknown> = {}) =>
    (
      await by.client.ok(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
        input: { threadId: generalThreadId, body, idempotencyKey: key(), ...extra },
      })
    ).postMessage.id as string;
  const first = await post(coord, 'Velkommen til gruppa! Her samordner vi **skoleskyssen** for neste skoleår.');
  await post(swede, 'Tack! Vi har 25 linjer i Härjedalen som vi vill ha med i upphandlingen.', { replyToId: first });
  await post(other, 'Selbu er med. Vi trenger særlig bedre sanntidsinformasjon til foreldrene.');
  await post(
    coord,
    'Jeg foreslår at vi tar en runde på behovsbeskrivelsen før markedsdialogen. ' +
      'Hver kommune legger inn sine ruter, antall elever og ønsket oppstart, så samler jeg det til et utkast.',
    { mentionUserIds: [swede.user.id] },
  );
  await swede.client.ok(`mutation($input: SetReactionInput!) { setReaction(input: $input) { id } }`, {
    input: { messageId: first, emoji: '👍', reacted: true },
  });

  const { createDocument } = await coord.client.ok(CREATE_DOC, {
    input: {
      groupId,
      kind: 'NEED_DESCRIPTION',
      language: 'nb',
      title: 'Behovsbeskrivelse skoleskyss',
      text: '# Behov\n\nElever skal ha trygg skyss.\n\n- Sanntid for foreldre\n- Universell utforming',
    },
  });

  // The options the interface's form gives in Norwegian (the API's default ones are English words).
  const OPTIONS = ['Godkjenn', 'Avvis'];

  // A procurement in its market dialogue, with what a supplier and the buyers see of it.
  const dialogueP = await procurement(w, { title: `Skoleskyss 2027 ${suffix}` });
  await addDocument(w, dialogueP.id, 'NEED_DESCRIPTION', { title: 'Behovsbeskrivelse', text: '# Behov\n\nInnhold.' });
  await driveTo(w, dialogueP.id, 'MARKET_DIALOGUE');
  await dialogue(w, dialogueP.id, { suppliers: [seller] });
  const { askDialogueQuestion } = await seller.client.ok(ASK, {
    input: { procurementId: dialogueP.id, text: 'Kan dere oppgi antall elever per rute?' },
  });
  await coord.client.ok(ANSWER, {
    input: {
      questionId: askDialogueQuestion.id,
      publishedQuestion: 'Hvor mange elever er det per rute?',
      answer: 'Mellom 5 og 40 elever per rute; listen kommer i konkurransegrunnlaget.',
    },
  });
  await seller.client.ok(ASK, { input: { procurementId: dialogueP.id, text: 'Er elbuss et krav?' } });
  await coord.client.ok(OPEN_SLOTS, {
    input: { procurementId: dialogueP.id, startsAt: slotStart(6), durationMinutes: 45, count: 3, location: 'Teams' },
  });
  for (const title of ['Godkjenne behovsbeskrivelsen', 'Velge prosedyre']) {
    await coord.client.ok(OPEN_DECISION, {
      input: { procurementId: dialogueP.id, title, options: OPTIONS, quorum: 2, closesAt: inDays(5) },
    });
  }
  const { openDecision } = await coord.client.ok(OPEN_DECISION, {
    input: { procurementId: dialogueP.id, title: 'Sende på høring', options: OPTIONS, quorum: 1, closesAt: inDays(5) },
  });
  await coord.client.ok(CAST_VOTE, { input: { decisionId: openDecision.id, option: 0 } });

  // One past its competition: tenders, an award and a contract per lot. The documents and the
  // specification's approval are made here as people would, with Norwegian titles and options
  // (`driveTo` would name them by their codes, and the API's default options are English words).
  const followUp = await procurement(w, { title: `Skolebuss Nord ${suffix}`, needIds: [needs[0].id] });
  for (const [kind, title] of [
    ['NEED_DESCRIPTION', 'Behovsbeskrivelse skolebuss'],
    ['MARKET_DIALOGUE_SUMMARY', 'Oppsummering av markedsdialogen'],
    ['REQUIREMENT_SPECIFICATION', 'Kravspesifikasjon skolebuss'],
  ] as const) {
    await addDocument(w, followUp.id, kind, { title, text: `# ${title}\n\nInnhold.` });
  }
  await driveTo(w, followUp.id, 'PREPARATION');
  const approval = (
    await coord.client.ok(OPEN_DECISION, {
      input: {
        procurementId: followUp.id,
        title: 'Godkjenne kravspesifikasjonen',
        options: OPTIONS,
        quorum: 2,
        closesAt: inDays(1),
        gate: 'COMPETITION',
      },
    })
  ).openDecision;
  for (const by of [coord, swede]) await by.client.ok(CAST_VOTE, { input: { decisionId: approval.id, option: 0 } });
  await coord.client.ok(CLOSE_DECISION, { id: approval.id });
  await driveTo(w, followUp.id, 'COMPETITION');
  for (const lot of (await stage(coord, followUp.id)).lots) {
    const tender = await admittedTender(w, lot.id, seller.organisation.id);
    const { openDecision: awardDecision } = await coord.client.ok(OPEN_DECISION, {
      input: {
        procurementId: followUp.id,
        title: `Tildeling av delkontrakt ${lot.number}`,
        options: OPTIONS,
        quorum: 2,
        closesAt: inDays(1),
        award: { lotId: lot.id, supplierIds: [tender.supplier.id] },
      },
    });
    for (const by of [coord, swede]) {
      await by.client.ok(CAST_VOTE, { input: { decisionId: awardDecision.id, option: 0 } });
    }
    await coord.client.ok(CLOSE_DECISION, { id: awardDecision.id });
  }
  await driveTo(w, followUp.id, 'CONTRACT_FOLLOW_UP');

  return {
    suffix,
    groupId,
    generalThreadId,
    needId: needs[0].id,
    documentId: createDocument.id,
    dialogueId: dialogueP.id,
    followUpId: followUp.id,
    coord,
    swede,
    other,
    seller,
  };
}
export type ScreensWorld = Awaited<ReturnType<typeof screensWorld>>;

export type Persona = 'coordinator' | 'member-sv' | 'supplier';

export interface Screen {
  /** The file name part of its screenshots and the name in failures. */
  name: string;
  path: string;
  /** What shows once the screen has its content (beyond its h1 and no spinner). */
  ready?: (page: Page) => Promise<void>;
}

/** The main screens each persona visits. */
export function screensOf(w: ScreensWorld, persona: Persona): Screen[] {
  const g = `/groups/${w.groupId}`;
  const common: Screen[] = [
    { name: 'home', path: '/' },
    { name: 'market-dialogues', path: '/market-dialogues' },
    { name: 'search', path: '/search' },
    { name: 'profile', path: '/profile' },
    { name: 'notifications', path: '/notifications' },
  ];
  if (persona === 'supplier') {
    return [
      ...common,
      {
        name: 'market-dialogue',
        path: `/market-dialogues/${w.dialogueId}`,
        ready: (page) => page.getByText('Mellom 5 og 40 elever per rute', { exact: false }).first().waitFor(),
      },
    ];
  }
  const chatReady = (page: Page) =>
    page.getByRole('log').getByText('Selbu er med.', { exact: false }).waitFor({ timeout: 15_000 });
  const buyer: Screen[] = [
    ...common,
    { name: 'groups', path: '/groups' },
    { name: 'group', path: g },
    { name: 'group-chat', path: `${g}/threads/${w.generalThreadId}`, ready: chatReady },
    { name: 'group-needs', path: `${g}/needs` },
    { name: 'need', path: `/needs/${w.needId}` },
    { name: 'group-documents', path: `${g}/documents` },
    { name: 'document', path: `${g}/documents/${w.documentId}` },
    { name: 'group-procurements', path: `${g}/procurements` },
    { name: 'procurement-dialogue', path: `${g}/procurements/${w.dialogueId}` },
    { name: 'procurement-contracts', path: `${g}/procurements/${w.followUpId}` },
    { name: 'admin-organisation', path: '/admin/organisation' },
  ];
  return persona === 'coordinator' ? [...buyer, { name: 'admin-platform', path: '/admin/platform' }] : buyer;
}

export const userOf = (w: ScreensWorld, persona: Persona): TestUser =>
  persona === 'coordinator' ? w.coord : persona === 'member-sv' ? w.swede : w.seller;

/**
 * Signs the context in through the API (the server sets the session cookie on the answer), which
 * is the same for every language: the sign-in screen itself has its own tests.
 */
export async function signInContext(context: BrowserContext, origin: string, user: TestUser): Promise<void> {
  const r = await context.request.post(`${origin}/graphql`, {
    headers: { 'content-type': 'application/json' },
    data: {
      query: 'mutation($input: SignInInput!) { signIn(input: $input) { token } }',
      variables: { input: { email: user.user.email, password: PASSWORD } },
    },
  });
  expect(r.ok(), await r.text()).toBe(true);
}

/** Opens a screen and waits until it shows its content: the h1, no spinner left, what `ready` waits for. */
export async function visit(page: Page, origin: string, screen: Screen): Promise<void> {
  await page.goto(`${origin}${screen.path}`);
  await page.locator('h1').first().waitFor({ timeout: 15_000 });
  await screen.ready?.(page);
  await expect.poll(() => page.locator('.ds-spinner').count(), { timeout: 15_000 }).toBe(0);
}

/**
 * The elements that reach past the right edge of a `width` px window, or whose text does, outermost
 * first, each as a short selector (tag, id, classes) with its right edge: what makes a page wider
 * than the screen. What a box clips or scrolls (a table in its scroll box) does not count.
 */
export async function sticking(page: Page, width: number): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const visible = (el) => getComputedStyle(el).overflowX === 'visible';
    /** The right edge of the element's box, or of its own text where that runs over (a long word). */
    const right = (el) => {
      let edge = el.getBoundingClientRect().right;
      for (const node of el.childNodes) {
        if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        edge = Math.max(edge, range.getBoundingClientRect().right);
      }
      return edge;
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (right(el) <= ${width} || el.getBoundingClientRect().height === 0) continue;
      // Only where it starts: an element whose parent already sticks out says nothing new.
      const p = el.parentElement;
      if (p && p.getBoundingClientRect().right > ${width}) continue;
      let clipped = false;
      // A positioned element escapes the clipping of boxes that are not its containing block.
      const positioned = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
      for (let a = p; a && a !== document.body && !positioned; a = a.parentElement) {
        if (!visible(a)) clipped = true;
      }
      if (clipped) continue;
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        [...el.classList].map((c) => '.' + c).join('');
      out.push(name + ' (to ' + Math.round(right(el)) + ' px)');
      if (out.length === 5) break;
    }
    return out;
  })()`)) as string[];
}
