import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { actorOf, type Context } from '../../context.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { User } from '../users/user.entity.js';
import { Decision, DecisionOutcome, DecisionStatus, DecisionVote } from './decision.entity.js';
import { CastVoteInput, OpenDecisionInput } from './decision.inputs.js';
import { decisionLoaders } from './decision.loaders.js';

@ObjectType({ description: "One authority's vote." })
export class Vote {
  @Field(() => Int)
  option!: number;

  @Field(() => Date)
  updatedAt!: Date;

  organisationId!: string;
  votedByUserId!: string;
}

@ObjectType()
export class OptionCount {
  @Field(() => String)
  option!: string;

  @Field(() => Int)
  votes!: number;
}

@Resolver(() => Decision)
export class DecisionResolver {
  @Authorized()
  @Query(() => Decision)
  decision(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Decision> {
    return ctx.services.decisions.get(actorOf(ctx), id);
  }

  @Authorized()
  @Mutation(() => Decision, { description: 'A coordinator opens a decision among the participating authorities.' })
  openDecision(
    @Arg('input', () => OpenDecisionInput) input: OpenDecisionInput,
    @Ctx() ctx: Context,
  ): Promise<Decision> {
    return ctx.services.decisions.open(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Decision, {
    description: "Casts or changes the viewer's organisation's vote, until the decision closes.",
  })
  castVote(@Arg('input', () => CastVoteInput) input: CastVoteInput, @Ctx() ctx: Context): Promise<Decision> {
    return ctx.services.decisions.vote(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Decision, { description: 'A coordinator closes a decision now; the result is recorded.' })
  closeDecision(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Decision> {
    return ctx.services.decisions.closeNow(actorOf(ctx), id);
  }

  @FieldResolver(() => Boolean, { description: 'Closed, quorum reached, and the first option won.' })
  approved(@Root() d: Decision): boolean {
    return d.status === DecisionStatus.CLOSED && d.outcome === DecisionOutcome.DECIDED && d.winningOption === 0;
  }

  @FieldResolver(() => String, { nullable: true })
  winningOptionLabel(@Root() d: Decision): string | null {
    return d.winningOption === null ? null : d.options[d.winningOption];
  }

  @FieldResolver(() => [Vote], { description: 'One vote per authority.' })
  async votes(@Root() d: Decision, @Ctx() ctx: Context): Promise<Vote[]> {
    return (await decisionLoaders(ctx.loaders).votesOf(d.id)).map((v: DecisionVote) => ({ ...v }));
  }

  @FieldResolver(() => [OptionCount])
  async counts(@Root() d: Decision, @Ctx() ctx: Context): Promise<OptionCount[]> {
    const votes = await decisionLoaders(ctx.loaders).votesOf(d.id);
    return d.options.map((option, i) => ({ option, votes: votes.filter((v) => v.option === i).length }));
  }

  @FieldResolver(() => Int, { nullable: true, description: "The viewer's organisation's vote, if cast." })
  async viewerVote(@Root() d: Decision, @Ctx() ctx: Context): Promise<number | null> {
    const votes = await decisionLoaders(ctx.loaders).votesOf(d.id);
    return votes.find((v) => v.organisationId === ctx.viewer?.organisation.id)?.option ?? null;
  }
}

export const DecisionReferencesResolver = belongsTo(Decision, [
  { field: 'procurement', to: () => Procurement, key: (d) => d.procurementId },
]);

export const VoteResolver = belongsTo(Vote, [
  { field: 'organisation', to: () => Organisation, key: (v) => v.organisationId },
  { field: 'votedBy', to: () => User, key: (v) => v.votedByUserId },
]);

@Resolver(() => Procurement)
export class ProcurementDecisionsResolver {
  @FieldResolver(() => [Decision], { description: 'Newest first.' })
  decisions(@Root() p: Procurement, @Ctx() ctx: Context): Promise<Decision[]> {
    return decisionLoaders(ctx.loaders).decisionsOf(p.id);
  }
}
