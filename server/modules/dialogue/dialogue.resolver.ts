import { Max, MaxLength, Min } from 'class-validator';
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { isStreamEnd, type StreamItem } from '../../events/stream.js';
import type { EventRecord } from '../../events/event.entity.js';
import { CpvCode } from '../cpv/cpv.entity.js';
import { cpvLoaders } from '../cpv/cpv.loaders.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import {
  MandateStatus,
  Milestone,
  MilestoneKind,
  Procurement,
  ProcurementPhase,
} from '../procurements/procurement.entity.js';
import { procurementLoaders } from '../procurements/procurement.loaders.js';
import { DialogueQuestion, QuestionStatus } from './dialogue.entity.js';
import {
  AnswerQuestionInput,
  AskQuestionInput,
  OpenSlotsInput,
  PublishDialogueNoticeInput,
} from './dialogue.inputs.js';
import { supplierPayload } from '../../events/catalogue.js';
import { discussionLoaders } from '../discussions/discussion.loaders.js';
import { dialogueLoaders } from './dialogue.loaders.js';
import { dialogueOpen } from './dialogue.rules.js';
import {
  buyerQuestion,
  ownQuestion,
  publicAuthority,
  publicMessageView,
  publishedDocumentView,
  publishedQuestionView,
  slotView,
  BuyerQuestion,
  BuyerSlot,
  DialogueAdmin,
  DialogueRegistrationView,
  DialogueEvent,
  DialogueSlotView,
  MarketDialogue,
  OwnQuestion,
  PublicAuthority,
  PublicLot,
  PublicMessage,
  PublishedDocument,
  PublishedQuestion,
} from './dialogue.types.js';

@ArgsType()
class MarketDialoguesArgs {
  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(100)
  first!: number;

  @Field(() => String, { nullable: true, description: 'Words in the title or the notice.' })
  @MaxLength(200)
  search?: string | null;
}

@ArgsType()
class PublicMessagesArgs {
  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(200)
  last!: number;

  @Field(() => Int, { nullable: true, description: 'Messages before this sequence number (load older).' })
  beforeSeq?: number | null;
}

async function questionDeadline(ctx: Context, procurementId: string): Promise<Date | null> {
  const milestones = await procurementLoaders(ctx.loaders).milestonesOf(procurementId);
  return milestones.find((m: Milestone) => m.kind === MilestoneKind.QUESTION_DEADLINE)?.dueAt ?? null;
}

/**
 * Events as suppliers receive them: a projection (DialogueEvent) with no actor, no group and no
 * field leading into the buyers' types (the `Event` type's actor and message would name buyers and
 * other suppliers, and reach the buyer group through the message's thread).
 */
async function* publicEvents(stream: AsyncIterable<StreamItem>): AsyncGenerator<DialogueEvent> {
  for await (const item of stream) {
    if (isStreamEnd(item)) throw item.end;
    let view = supplierViews.get(item);
    if (!view) {
      view = {
        id: String(item.id),
        type: item.type,
        scopeType: item.scopeType,
        scopeId: item.scopeId,
        groupId: null,
        payload: supplierPayload(item.type, item.payload),
        createdAt: item.createdAt,
      };
      supplierViews.set(item, view);
    }
    yield view;
  }
}

/** One view per event for every supplier it reaches: their subscriptions then share one execution (server/subscriptions.ts). */
const supplierViews = new WeakMap<EventRecord, DialogueEvent>();

@Resolver(() => MarketDialogue)
export class MarketDialogueResolver {
  @Authorized()
  @Query(() => [MarketDialogue], { description: 'Published market dialogue notices, newest first.' })
  marketDialogues(@Args(() => MarketDialoguesArgs) args: MarketDialoguesArgs, @Ctx() ctx: Context) {
    return ctx.services.dialogue.list(actorOf(ctx), args.search, args.first);
  }

  @Authorized()
  @Query(() => MarketDialogue, {
    description: "A procurement's published market dialogue (its id is the procurement's).",
  })
  marketDialogue(@Arg('procurementId', () => ID) procurementId: string, @Ctx() ctx: Context) {
    return ctx.services.dialogue.get(actorOf(ctx), procurementId);
  }

  @Authorized()
  @Mutation(() => MarketDialogue, { description: "Registers the viewer (and so the viewer's supplier organisation)." })
  registerForDialogue(@Arg('procurementId', () => ID) procurementId: string, @Ctx() ctx: Context) {
    return ctx.services.dialogue.register(actorOf(ctx), procurementId);
  }

  @Authorized()
  @Mutation(() => OwnQuestion, {
    description: 'A registered supplier asks; the buyers see it until they answer it to every registered supplier.',
  })
  async askDialogueQuestion(@Arg('input', () => AskQuestionInput) input: AskQuestionInput, @Ctx() ctx: Context) {
    return ownQuestion(await ctx.services.dialogue.ask(actorOf(ctx), input));
  }

  @Authorized()
  @Mutation(() => OwnQuestion, { description: 'Withdraws an unanswered question of the viewer’s organisation.' })
  async withdrawDialogueQuestion(@Arg('questionId', () => ID) questionId: string, @Ctx() ctx: Context) {
    return ownQuestion(await ctx.services.dialogue.withdraw(actorOf(ctx), questionId));
  }

  @Authorized()
  @Mutation(() => DialogueSlotView, { description: 'A registered supplier books a dialogue meeting slot.' })
  async bookDialogueSlot(@Arg('slotId', () => ID) slotId: string, @Ctx() ctx: Context): Promise<DialogueSlotView> {
    const s = await ctx.services.dialogue.book(actorOf(ctx), slotId);
    return { ...s, available: false, bookedByMyOrganisation: true };
  }

  @Authorized()
  @Mutation(() => DialogueSlotView, { description: 'The booking supplier (or a coordinator) frees a slot.' })
  async cancelDialogueBooking(@Arg('slotId', () => ID) slotId: string, @Ctx() ctx: Context): Promise<DialogueSlotView> {
    const s = await ctx.services.dialogue.cancelBooking(actorOf(ctx), slotId);
    return { ...s, available: true, bookedByMyOrganisation: false };
  }

  @Authorized()
  @Subscription(() => DialogueEvent, {
    description:
      'What a registered supplier may follow live: published answers and documents, slots, phase changes and the public channel.',
    subscribe: async ({ args, context }) =>
      publicEvents(
        await (context as Context).services.dialogue.stream(
          actorOf(context as Context),
          (args as { procurementId: string }).procurementId,
          (args as { after?: string | null }).after,
        ),
      ),
  })
  dialogueEvents(
    @Root() event: DialogueEvent,
    @Arg('procurementId', () => ID) _procurementId: string,
    @Arg('after', () => ID, { nullable: true }) _after?: string | null,
  ): DialogueEvent {
    return event;
  }

  // ---- the notice: public to every signed-in user ----

  @FieldResolver(() => ID, { description: "The procurement's id." })
  id(@Root() d: MarketDialogue): string {
    return d.procurement.id;
  }

  @FieldResolver(() => String)
  title(@Root() d: MarketDialogue): string {
    return d.procurement.title;
  }

  @FieldResolver(() => String, { description: 'Markdown.' })
  notice(@Root() d: MarketDialogue): string {
    return d.procurement.dialogueNotice ?? '';
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Null while unpublished (only the buyers see an unpublished dialogue, as a preview).',
  })
  publishedAt(@Root() d: MarketDialogue): Date | null {
    return d.procurement.dialoguePublishedAt;
  }

  @FieldResolver(() => Boolean, { description: 'Questions and bookings are taken until the competition starts.' })
  open(@Root() d: MarketDialogue): boolean {
    return dialogueOpen(d.procurement);
  }

  @FieldResolver(() => ProcurementPhase)
  phase(@Root() d: MarketDialogue): ProcurementPhase {
    return d.procurement.phase;
  }

  @FieldResolver(() => Date, { nullable: true })
  questionDeadline(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<Date | null> {
    return questionDeadline(ctx, d.procurement.id);
  }

  @FieldResolver(() => Int)
  maxBookingsPerSupplier(@Root() d: MarketDialogue): number {
    return d.procurement.maxBookingsPerSupplier;
  }

  @FieldResolver(() => PublicAuthority, { description: 'The authority that runs the procurement.' })
  async leadAuthority(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<PublicAuthority> {
    return publicAuthority((await ctx.loaders.organisation.load(d.procurement.leadOrganisationId))!);
  }

  @FieldResolver(() => [PublicAuthority], { description: 'The authorities the procurement is for.' })
  async contractingAuthorities(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<PublicAuthority[]> {
    const participants = await procurementLoaders(ctx.loaders).participantsOf(d.procurement.id);
    const orgs = await ctx.loaders.organisation.loadMany(
      participants.filter((p) => p.mandateStatus !== MandateStatus.WITHDRAWN).map((p) => p.organisationId),
    );
    return orgs.filter((o): o is Organisation => o instanceof Organisation).map(publicAuthority);
  }

  @FieldResolver(() => [PublicLot])
  async lots(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<PublicLot[]> {
    return (await procurementLoaders(ctx.loaders).lotsOf(d.procurement.id)).map((l) => ({
      number: l.number,
      title: l.title,
      description: l.description,
      cpvCodes: l.cpvCodes,
    }));
  }

  @FieldResolver(() => Boolean, { description: "Whether the viewer's organisation is registered." })
  async registered(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.services.dialogue.reader(actorOf(ctx), d.procurement.id)).registered;
  }

  // ---- for registered suppliers (and the buyers) ----

  @FieldResolver(() => [PublishedDocument], { description: 'Published documents, in their published version.' })
  async documents(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<PublishedDocument[]> {
    await ctx.services.dialogue.insider(actorOf(ctx), d.procurement.id, 'its documents');
    return (await dialogueLoaders(ctx.loaders).publishedDocuments(d.procurement.id)).map(publishedDocumentView);
  }

  @FieldResolver(() => [PublishedQuestion], { description: 'Answered questions, as published to all.' })
  async questions(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<PublishedQuestion[]> {
    await ctx.services.dialogue.insider(actorOf(ctx), d.procurement.id, 'its questions and answers');
    const dialogue = dialogueLoaders(ctx.loaders);
    const answered = (await dialogue.questions(d.procurement.id)).filter((q) => q.status === QuestionStatus.ANSWERED);
    const revisions = await dialogue.revisions(answered.map((q) => q.id));
    return answered.map((q) => publishedQuestionView(q, revisions, actorOf(ctx).organisation.id));
  }

  @FieldResolver(() => [OwnQuestion], { description: "Questions the viewer's organisation asked, answered or not." })
  async myQuestions(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<OwnQuestion[]> {
    await ctx.services.dialogue.insider(actorOf(ctx), d.procurement.id, 'your questions');
    return (await dialogueLoaders(ctx.loaders).questions(d.procurement.id))
      .filter((q) => q.askedByOrganisationId === actorOf(ctx).organisation.id)
      .map(ownQuestion);
  }

  @FieldResolver(() => [DialogueSlotView], { description: 'Meeting slots; who booked a slot is never shown.' })
  async slots(@Root() d: MarketDialogue, @Ctx() ctx: Context): Promise<DialogueSlotView[]> {
    await ctx.services.dialogue.insider(actorOf(ctx), d.procurement.id, 'its meeting slots');
    const org = actorOf(ctx).organisation.id;
    return (await dialogueLoaders(ctx.loaders).slots(d.procurement.id)).map((s) => slotView(s, org));
  }

  @FieldResolver(() => [PublicMessage], { description: 'The public dialogue channel, oldest first.' })
  async publicMessages(
    @Root() d: MarketDialogue,
    @Args(() => PublicMessagesArgs) args: PublicMessagesArgs,
    @Ctx() ctx: Context,
  ): Promise<PublicMessage[]> {
    await ctx.services.dialogue.insider(actorOf(ctx), d.procurement.id, 'its public channel');
    const thread = await ctx.services.dialogue.publicThread(d.procurement.id);
    const page = await discussionLoaders(ctx.loaders).messages(thread, { last: args.last, before: args.beforeSeq });
    const users = await ctx.loaders.byId(User, 'User').loadMany(page.nodes.map((m) => m.authorUserId));
    const orgs = await ctx.loaders.organisation.loadMany(page.nodes.map((m) => m.authorOrganisationId));
    return page.nodes.map((m, i) => publicMessageView(m, users[i], orgs[i]));
  }
}

@Resolver(() => PublicLot)
export class PublicLotResolver {
  @FieldResolver(() => [CpvCode], { description: 'The CPV codes with their titles.' })
  cpv(@Root() lot: PublicLot, @Ctx() ctx: Context) {
    return cpvLoaders(ctx.loaders).entries(lot.cpvCodes);
  }
}

@Resolver(() => DialogueAdmin)
export class DialogueAdminResolver {
  @Authorized()
  @Mutation(() => Procurement, {
    description:
      'Coordinators publish (or update) the dialogue notice: text, question deadline and the meetings each supplier may book. PUBLISHED documents of the procurement come with it.',
  })
  publishDialogueNotice(
    @Arg('input', () => PublishDialogueNoticeInput) input: PublishDialogueNoticeInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.dialogue.publishNotice(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => BuyerQuestion, {
    description:
      'Publishes the answer to every registered supplier at once, the asker not named. There is no private answer.',
  })
  async answerDialogueQuestion(
    @Arg('input', () => AnswerQuestionInput) input: AnswerQuestionInput,
    @Ctx() ctx: Context,
  ) {
    const q = await ctx.services.dialogue.answer(actorOf(ctx), input, false);
    return buyerQuestion(q, await dialogueLoaders(ctx.loaders).revisions([q.id]));
  }

  @Authorized()
  @Mutation(() => BuyerQuestion, { description: 'Publishes a revised answer to all; earlier revisions stay visible.' })
  async editDialogueAnswer(@Arg('input', () => AnswerQuestionInput) input: AnswerQuestionInput, @Ctx() ctx: Context) {
    const q = await ctx.services.dialogue.answer(actorOf(ctx), input, true);
    return buyerQuestion(q, await dialogueLoaders(ctx.loaders).revisions([q.id]));
  }

  @Authorized()
  @Mutation(() => [BuyerSlot], { description: 'Coordinators open back-to-back meeting slots of equal length.' })
  openDialogueSlots(@Arg('input', () => OpenSlotsInput) input: OpenSlotsInput, @Ctx() ctx: Context) {
    return ctx.services.dialogue.openSlots(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Procurement, { description: 'Coordinators remove a slot (a booking on it is cancelled).' })
  removeDialogueSlot(@Arg('slotId', () => ID) slotId: string, @Ctx() ctx: Context) {
    return ctx.services.dialogue.removeSlot(actorOf(ctx), slotId);
  }

  @FieldResolver(() => Boolean)
  published(@Root() d: DialogueAdmin): boolean {
    return d.procurement.dialoguePublishedAt !== null;
  }

  @FieldResolver(() => Date, { nullable: true })
  publishedAt(@Root() d: DialogueAdmin): Date | null {
    return d.procurement.dialoguePublishedAt;
  }

  @FieldResolver(() => String, { nullable: true })
  notice(@Root() d: DialogueAdmin): string | null {
    return d.procurement.dialogueNotice;
  }

  @FieldResolver(() => Boolean)
  open(@Root() d: DialogueAdmin): boolean {
    return dialogueOpen(d.procurement);
  }

  @FieldResolver(() => Date, { nullable: true })
  questionDeadline(@Root() d: DialogueAdmin, @Ctx() ctx: Context): Promise<Date | null> {
    return questionDeadline(ctx, d.procurement.id);
  }

  @FieldResolver(() => Int)
  maxBookingsPerSupplier(@Root() d: DialogueAdmin): number {
    return d.procurement.maxBookingsPerSupplier;
  }

  @FieldResolver(() => [DialogueRegistrationView])
  async registrations(@Root() d: DialogueAdmin, @Ctx() ctx: Context): Promise<DialogueRegistrationView[]> {
    return (await dialogueLoaders(ctx.loaders).registrations(d.procurement.id)).map((r) => ({
      registeredAt: r.createdAt,
      organisationId: r.organisationId,
      userId: r.userId,
    }));
  }

  @FieldResolver(() => [BuyerQuestion], { description: 'Every question, pending ones first in the order asked.' })
  async questions(
    @Root() d: DialogueAdmin,
    @Arg('status', () => QuestionStatus, { nullable: true }) status: QuestionStatus | null,
    @Ctx() ctx: Context,
  ): Promise<BuyerQuestion[]> {
    const dialogue = dialogueLoaders(ctx.loaders);
    const all = (await dialogue.questions(d.procurement.id)).filter((q) => !status || q.status === status);
    const revisions = await dialogue.revisions(all.map((q) => q.id));
    const rank = (q: DialogueQuestion) => (q.status === QuestionStatus.PENDING ? 0 : 1);
    return all.sort((a, b) => rank(a) - rank(b) || a.number - b.number).map((q) => buyerQuestion(q, revisions));
  }

  @FieldResolver(() => [BuyerSlot])
  slots(@Root() d: DialogueAdmin, @Ctx() ctx: Context) {
    return dialogueLoaders(ctx.loaders).slots(d.procurement.id);
  }
}

export const BuyerQuestionResolver = belongsTo(BuyerQuestion, [
  { field: 'askedBy', to: () => User, key: (q) => q.askedByUserId },
  { field: 'askedByOrganisation', to: () => Organisation, key: (q) => q.askedByOrganisationId },
]);

export const BuyerSlotResolver = belongsTo(BuyerSlot, [
  { field: 'bookedByOrganisation', to: () => Organisation, key: (s) => s.bookedByOrganisationId, nullable: true },
  { field: 'bookedBy', to: () => User, key: (s) => s.bookedByUserId, nullable: true },
]);

export const DialogueRegistrationResolver = belongsTo(DialogueRegistrationView, [
  { field: 'organisation', to: () => Organisation, key: (r) => r.organisationId },
  { field: 'user', to: () => User, key: (r) => r.userId },
]);

@Resolver(() => Procurement)
export class ProcurementDialogueResolver {
  @FieldResolver(() => DialogueAdmin, { description: 'The market dialogue as the buyers manage it.' })
  dialogue(@Root() p: Procurement): DialogueAdmin {
    return Object.assign(new DialogueAdmin(), { procurement: p });
  }
}
