import { IsOptional, Max, MaxLength, Min } from 'class-validator';
import {
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
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
}

/** Where a hit lives: its group, the need it is or hangs on, its thread, and the hit itself. */
export const SearchHitReferencesResolver = belongsTo(SearchHit, [
  { field: 'group', to: () => BuyerGroup, key: (hit) => hit.groupId },
  {
    field: 'need',
    to: () => SharedNeed,
    key: (hit) => hit.needId,
    nullable: true,
    description: 'The need it is (or hangs on).',
  },
  { field: 'thread', to: () => Thread, key: (hit) => hit.threadId, nullable: true },
  { field: 'document', to: () => Document, key: (hit) => (hit.kind === 'DOCUMENT' ? hit.id : null), nullable: true },
  { field: 'message', to: () => Message, key: (hit) => (hit.kind === 'MESSAGE' ? hit.id : null), nullable: true },
]);
