import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
} from 'type-graphql';
import { actorOf, type Context } from '../../context.js';
import { Message } from '../discussions/message.entity.js';
import { Thread } from '../discussions/thread.entity.js';
import { Document } from '../documents/document.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import type { SearchKind, SearchRow } from './search.service.js';

enum SearchKindEnum {
  DOCUMENT = 'DOCUMENT',
  NEED = 'NEED',
  MESSAGE = 'MESSAGE',
}
registerEnumType(SearchKindEnum, { name: 'SearchKind' });

@ObjectType({ description: 'A piece of a snippet; highlighted pieces matched the search.' })
class SnippetPart {
  @Field(() => String)
  text!: string;

  @Field(() => Boolean)
  highlighted!: boolean;
}

@ObjectType({ description: 'One search result: what it is, where it lives, and why it matched.' })
class SearchHit implements SearchRow {
  @Field(() => SearchKindEnum)
  kind!: SearchKind;

  @Field(() => ID)
  id!: string;

  groupId!: string;

  @Field(() => String, { description: "The document's or need's title; for a message, its thread's title." })
  title!: string;

  needId!: string | null;
  threadId!: string | null;

  @Field(() => Float)
  rank!: number;

  @Field(() => [SnippetPart])
  snippet!: SnippetPart[];
}

@ArgsType()
class SearchArgs {
  @Field(() => String, { description: 'Words, "quoted phrases", or -excluded words.' })
  @MaxLength(200)
  text!: string;

  @Field(() => Int, { defaultValue: 20 })
  @Min(1)
  @Max(50)
  first!: number;

  @Field(() => [SearchKindEnum], { nullable: true, description: 'Default: all kinds.' })
  @IsOptional()
  kinds?: SearchKind[] | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Search every version of documents, not only the latest.' })
  allVersions!: boolean;
}

@Resolver(() => SearchHit)
export class SearchResolver {
  @Authorized()
  @Query(() => [SearchHit], { description: 'Full-text search over what the viewer may read, best matches first.' })
  search(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context): Promise<SearchRow[]> {
    return ctx.services.search.search(actorOf(ctx), args.text, {
      first: args.first,
      kinds: args.kinds ?? null,
      allVersions: args.allVersions,
    });
  }

  @FieldResolver(() => BuyerGroup)
  async group(@Root() hit: SearchRow, @Ctx() ctx: Context): Promise<BuyerGroup> {
    return (await ctx.loaders.byId(BuyerGroup, 'BuyerGroup').load(hit.groupId))!;
  }

  @FieldResolver(() => SharedNeed, { nullable: true, description: 'The need it is (or hangs on).' })
  need(@Root() hit: SearchRow, @Ctx() ctx: Context): Promise<SharedNeed | null> | null {
    return hit.needId ? ctx.loaders.byId(SharedNeed, 'SharedNeed').load(hit.needId) : null;
  }

  @FieldResolver(() => Thread, { nullable: true })
  thread(@Root() hit: SearchRow, @Ctx() ctx: Context): Promise<Thread | null> | null {
    return hit.threadId ? ctx.loaders.byId(Thread, 'Thread').load(hit.threadId) : null;
  }

  @FieldResolver(() => Document, { nullable: true })
  document(@Root() hit: SearchRow, @Ctx() ctx: Context): Promise<Document | null> | null {
    return hit.kind === 'DOCUMENT' ? ctx.loaders.byId(Document, 'Document').load(hit.id) : null;
  }

  @FieldResolver(() => Message, { nullable: true })
  message(@Root() hit: SearchRow, @Ctx() ctx: Context): Promise<Message | null> | null {
    return hit.kind === 'MESSAGE' ? ctx.loaders.byId(Message, 'Message').load(hit.id) : null;
  }
}
