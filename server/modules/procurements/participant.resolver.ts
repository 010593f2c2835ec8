import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { Document } from '../documents/document.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { Lot, LotValue, Participant, Procurement } from './procurement.entity.js';
import { ParticipantInput, SignMandateInput, WithdrawMandateInput } from './procurement.inputs.js';
import { procurementLoaders } from './procurement.loaders.js';
import { Mandate } from './procurement.types.js';

/** The participating authorities of a procurement and their mandates. */
@Resolver(() => Participant)
export class ParticipantResolver {
  @Authorized()
  @Mutation(() => Participant, {
    description: 'Coordinators add a member organisation as a participant (before COMPETITION).',
  })
  addProcurementParticipant(
    @Arg('input', () => ParticipantInput) input: ParticipantInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.participants.add(actorOf(ctx), input.procurementId, input.organisationId);
  }

  @Authorized()
  @Mutation(() => Procurement, { description: 'Coordinators remove a participant that has not signed its mandate.' })
  removeProcurementParticipant(
    @Arg('input', () => ParticipantInput) input: ParticipantInput,
    @Ctx() ctx: Context,
  ): Promise<Procurement> {
    return ctx.services.participants.remove(actorOf(ctx), input.procurementId, input.organisationId);
  }

  @Authorized()
  @Mutation(() => Participant, { description: "The viewer's organisation signs its requested mandate." })
  signMandate(
    @Arg('input', () => SignMandateInput) input: SignMandateInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.participants.signMandate(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Participant, {
    description: "The viewer's organisation withdraws its mandate, before the opt-out deadline.",
  })
  withdrawMandate(
    @Arg('input', () => WithdrawMandateInput) input: WithdrawMandateInput,
    @Ctx() ctx: Context,
  ): Promise<Participant> {
    return ctx.services.participants.withdrawMandate(actorOf(ctx), input);
  }

  @FieldResolver(() => Boolean)
  async isLead(@Root() p: Participant, @Ctx() ctx: Context): Promise<boolean> {
    const procurement = await ctx.loaders.byId(Procurement, 'Procurement').load(p.procurementId);
    return procurement?.leadOrganisationId === p.organisationId;
  }

  @FieldResolver(() => Mandate)
  mandate(@Root() p: Participant): Mandate {
    return {
      status: p.mandateStatus,
      decisionReference: p.decisionReference,
      decisionDate: p.decisionDate,
      signedAt: p.signedAt,
      withdrawnAt: p.withdrawnAt,
      withdrawalReason: p.withdrawalReason,
      signedByUserId: p.signedByUserId,
      lotIds: p.lotIds,
      documentId: p.mandateDocumentId,
      procurementId: p.procurementId,
      organisationId: p.organisationId,
    };
  }

  @FieldResolver(() => [LotValue], { description: "This authority's stated values per lot." })
  async statedValues(@Root() p: Participant, @Ctx() ctx: Context): Promise<LotValue[]> {
    const values = await procurementLoaders(ctx.loaders).lotValuesOf(p.procurementId);
    return values.filter((v) => v.organisationId === p.organisationId);
  }
}

export const ParticipantReferencesResolver = belongsTo(Participant, [
  { field: 'procurement', to: () => Procurement, key: (p) => p.procurementId },
  { field: 'organisation', to: () => Organisation, key: (p) => p.organisationId },
]);

@Resolver(() => Mandate)
export class MandateResolver {
  @FieldResolver(() => [Lot], { description: 'The lots the signed mandate covers.' })
  async lots(@Root() m: Mandate, @Ctx() ctx: Context): Promise<Lot[]> {
    const lots = await procurementLoaders(ctx.loaders).lotsOf(m.procurementId);
    return lots.filter((l) => m.lotIds.includes(l.id));
  }

  @FieldResolver(() => Document, { nullable: true, description: 'The signed mandate document, if attached.' })
  async document(@Root() m: Mandate, @Ctx() ctx: Context): Promise<Document | null> {
    if (!m.documentId) return null;
    const d = await ctx.loaders.byId(Document, 'Document').load(m.documentId);
    return d && !d.deletedAt ? d : null;
  }
}

export const MandateReferencesResolver = belongsTo(Mandate, [
  { field: 'signedBy', to: () => User, key: (m) => m.signedByUserId, nullable: true },
]);
