import { In, MoreThanOrEqual, Not, IsNull, type DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import type { PublicUrl } from '../../common/public-url.js';
import { Decision, DecisionStatus } from '../decisions/decision.entity.js';
import { DialogueRegistration, DialogueSlot } from '../dialogue/dialogue.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import {
  defaultMilestoneTitle,
  Milestone,
  MilestoneKind,
  Procurement,
  ProcurementPhase,
} from '../procurements/procurement.entity.js';
import type { Locale } from '../users/user.entity.js';
import type { CalendarItem } from './calendar.ics.js';
import { calendarPolicy, type CalendarSubject } from './calendar.policy.js';
import { calendarWords, type CalendarWords } from './calendar.words.js';

/** How far back a feed reaches: older dates only fill the calendar app. */
const HISTORY_DAYS = 365;

/**
 * A booked meeting's UID: one per booking (the slot and when it was booked), the same in the
 * invitation, its cancellation and every feed, so a calendar app sees one meeting. A slot booked
 * again after a cancellation is a new meeting.
 */
export const meetingUid = (slotId: string, bookedAt: Date, host: string) =>
  `meeting-${slotId}-${bookedAt.getTime()}@${host}`;

/** Where the buyers see a procurement's part (`#milestones`, `#decisions`, `#dialogue`). */
export const buyerLink = (urls: PublicUrl, p: Pick<Procurement, 'id' | 'groupId'>, part: string) =>
  `${urls.link(`/groups/${p.groupId}/procurements/${p.id}`)}#${part}`;

/** Where a supplier sees a procurement's market dialogue. */
export const supplierLink = (urls: PublicUrl, procurementId: string) => urls.link(`/market-dialogues/${procurementId}`);

/**
 * The dated things of procurements as their calendar's owner may see them (calendar.policy.ts
 * decides which side of each procurement that is). Items of a cancelled procurement are left out:
 * none of its dates will happen.
 */
export class CalendarItems {
  constructor(
    private readonly db: DataSource,
    private readonly urls: PublicUrl,
  ) {}

  private get host() {
    return this.urls.hostname;
  }

  /** Everything the actor takes part in: the buyers' side of their groups' procurements, the supplier's side of their dialogues. */
  async forPerson(actor: Actor, locale: Locale): Promise<CalendarItem[]> {
    const [buying, supplying] = await Promise.all([this.buyerSubjects(actor), this.supplierSubjects(actor)]);
    const words = calendarWords(locale);
    return [
      ...(await this.buyerItems(
        buying.map((s) => s.procurement),
        words,
      )),
      ...(await this.supplierItems(
        actor,
        supplying.map((s) => s.procurement),
        words,
      )),
    ];
  }

  /** One procurement's buyers' calendar (the caller has checked `buyerItems`). */
  forProcurement(procurement: Procurement, locale: Locale): Promise<CalendarItem[]> {
    return this.buyerItems([procurement], calendarWords(locale));
  }

  /** Procurements of the groups the actor's organisation is an active member of (or the person a live guest). */
  private async buyerSubjects(actor: Actor): Promise<CalendarSubject[]> {
    const groups = (await this.db.query(
      `SELECT group_id FROM membership WHERE organisation_id = $1 AND status = 'ACTIVE'
        UNION SELECT group_id FROM group_guest WHERE user_id = $2 AND revoked_at IS NULL AND ends_at > now()`,
      [actor.organisation.id, actor.user.id],
    )) as { group_id: string }[];
    if (!groups.length) return [];
    const procurements = await this.db.getRepository(Procurement).findBy({
      groupId: In(groups.map((g) => g.group_id)),
      phase: Not(ProcurementPhase.CANCELLED),
    });
    return this.allowed(actor, 'buyerItems', procurements, false);
  }

  /** Published dialogues the actor's organisation registered for. */
  private async supplierSubjects(actor: Actor): Promise<CalendarSubject[]> {
    const registrations = await this.db
      .getRepository(DialogueRegistration)
      .findBy({ organisationId: actor.organisation.id });
    if (!registrations.length) return [];
    const procurements = await this.db.getRepository(Procurement).findBy({
      id: In([...new Set(registrations.map((r) => r.procurementId))]),
      phase: Not(ProcurementPhase.CANCELLED),
    });
    return this.allowed(actor, 'supplierItems', procurements, true);
  }

  private async allowed(
    actor: Actor,
    action: 'buyerItems' | 'supplierItems',
    procurements: Procurement[],
    registered: boolean,
  ): Promise<CalendarSubject[]> {
    const subjects = await Promise.all(
      procurements.map(async (procurement) => ({
        procurement,
        membership: await actor.scope.membership(procurement.groupId),
        registered,
      })),
    );
    return subjects.filter((s) => calendarPolicy.can(actor, action, s));
  }

  private since(): Date {
    return new Date(Date.now() - HISTORY_DAYS * 86_400_000);
  }

  /** Milestones, decision closing times and every booked meeting, with who booked it. */
  private async buyerItems(procurements: Procurement[], words: CalendarWords): Promise<CalendarItem[]> {
    const live = procurements.filter((p) => p.phase !== ProcurementPhase.CANCELLED);
    if (!live.length) return [];
    const byId = new Map(live.map((p) => [p.id, p]));
    const ids = [...byId.keys()];
    const since = this.since();
    const [milestones, decisions, slots, groups] = await Promise.all([
      this.db.getRepository(Milestone).findBy({ procurementId: In(ids), dueAt: MoreThanOrEqual(since) }),
      this.db.getRepository(Decision).findBy({ procurementId: In(ids), closesAt: MoreThanOrEqual(since) }),
      this.db.getRepository(DialogueSlot).findBy({
        procurementId: In(ids),
        bookedByOrganisationId: Not(IsNull()),
        startsAt: MoreThanOrEqual(since),
      }),
      this.db.getRepository(BuyerGroup).findBy({ id: In([...new Set(live.map((p) => p.groupId))]) }),
    ]);
    const suppliers = slots.length
      ? await this.db
          .getRepository(Organisation)
          .findBy({ id: In([...new Set(slots.map((s) => s.bookedByOrganisationId!))]) })
      : [];
    const supplierName = new Map(suppliers.map((o) => [o.id, o.name]));
    const groupName = new Map(groups.map((g) => [g.id, g.name]));
    const context = (p: Procurement) => words.group(groupName.get(p.groupId) ?? '');

    const items: CalendarItem[] = [];
    for (const m of milestones) {
      const p = byId.get(m.procurementId)!;
      const what = m.title === defaultMilestoneTitle(m.kind) ? words.milestone[m.kind] : m.title;
      items.push({
        uid: `milestone-${m.id}@${this.host}`,
        start: m.dueAt,
        summary: words.of(what, p.title),
        description: [context(p), ...(m.completedAt ? [words.completed] : [])].join('\n'),
        url: buyerLink(this.urls, p, 'milestones'),
        stamp: m.createdAt,
      });
    }
    for (const d of decisions) {
      const p = byId.get(d.procurementId)!;
      items.push({
        uid: `decision-${d.id}@${this.host}`,
        // A decision closed early closed then.
        start: d.status === DecisionStatus.CLOSED ? (d.closedAt ?? d.closesAt) : d.closesAt,
        summary: words.of(words.decisionCloses(d.title), p.title),
        description: context(p),
        url: buyerLink(this.urls, p, 'decisions'),
        stamp: d.closedAt ?? d.createdAt,
      });
    }
    for (const s of slots) {
      const p = byId.get(s.procurementId)!;
      items.push({
        ...this.meeting(s, words.of(words.meetingWith(supplierName.get(s.bookedByOrganisationId!) ?? ''), p.title)),
        description: context(p),
        url: buyerLink(this.urls, p, 'dialogue'),
      });
    }
    return items;
  }

  /** The public question deadlines and the actor's organisation's own meetings: nothing a buyer keeps to themselves. */
  private async supplierItems(
    actor: Actor,
    procurements: Procurement[],
    words: CalendarWords,
  ): Promise<CalendarItem[]> {
    const live = procurements.filter((p) => p.phase !== ProcurementPhase.CANCELLED);
    if (!live.length) return [];
    const byId = new Map(live.map((p) => [p.id, p]));
    const ids = [...byId.keys()];
    const since = this.since();
    const [deadlines, slots] = await Promise.all([
      this.db.getRepository(Milestone).findBy({
        procurementId: In(ids),
        kind: MilestoneKind.QUESTION_DEADLINE,
        dueAt: MoreThanOrEqual(since),
      }),
      this.db.getRepository(DialogueSlot).findBy({
        procurementId: In(ids),
        bookedByOrganisationId: actor.organisation.id,
        startsAt: MoreThanOrEqual(since),
      }),
    ]);
    const items: CalendarItem[] = [];
    for (const m of deadlines) {
      const p = byId.get(m.procurementId)!;
      // The coordinators' own title for the milestone is theirs: the supplier's words name it.
      items.push({
        uid: `milestone-${m.id}@${this.host}`,
        start: m.dueAt,
        summary: words.of(words.questionDeadline, p.title),
        url: supplierLink(this.urls, p.id),
        stamp: m.createdAt,
      });
    }
    for (const s of slots) {
      const p = byId.get(s.procurementId)!;
      items.push({
        ...this.meeting(s, words.of(words.meeting, p.title)),
        url: supplierLink(this.urls, p.id),
      });
    }
    return items;
  }

  private meeting(s: DialogueSlot, summary: string): Omit<CalendarItem, 'url'> {
    return {
      uid: meetingUid(s.id, s.bookedAt!, this.host),
      start: s.startsAt,
      end: s.endsAt,
      summary,
      location: s.location,
      stamp: s.bookedAt!,
    };
  }
}
