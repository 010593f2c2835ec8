import {
  Arg,
  Args,
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
  Subscription,
} from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { SharedNeed } from '../needs/need.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { User } from '../users/user.entity.js';
import { Document, DocumentParent, DocumentVersion, VersionContent } from './document.entity.js';
import {
  AddFileVersionInput,
  AddTextVersionInput,
  CreateDocumentInput,
  DocumentMergeArgs,
  DocumentsArgs,
  UpdateDocumentInput,
} from './document.inputs.js';
import { DocumentMerge } from './document.merge.js';
import { documentLoaders } from './document.loaders.js';
import type { PresenceSnapshot, PresentUser } from './document.presence.js';
import type { DiffHunk, DiffLine } from './document.service.js';

@ObjectType()
export class DiffLineType implements DiffLine {
  @Field(() => String, { description: 'ADDED, REMOVED or CONTEXT.' })
  kind!: DiffLine['kind'];

  @Field(() => String)
  text!: string;
}

@ObjectType('DiffHunk', { description: 'A block of changed lines with a little unchanged context around it.' })
export class DiffHunkType implements DiffHunk {
  @Field(() => Int)
  oldStart!: number;

  @Field(() => Int)
  oldLines!: number;

  @Field(() => Int)
  newStart!: number;

  @Field(() => Int)
  newLines!: number;

  @Field(() => [DiffLineType])
  lines!: DiffLine[];
}

@ObjectType()
export class PresentUserType implements PresentUser {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Boolean, { description: 'Has said they are editing (so others know before saving).' })
  editing!: boolean;
}

@ObjectType('DocumentPresence', { description: 'Who has a document open right now. Never stored.' })
export class DocumentPresenceType implements PresenceSnapshot {
  @Field(() => ID)
  documentId!: string;

  @Field(() => [PresentUserType])
  present!: PresentUser[];
}

export const DocumentConnection = ConnectionType('Document', Document);

@Resolver(() => Document)
export class DocumentResolver {
  @Authorized()
  @Query(() => Document, { description: 'A document the viewer can read; NOT_FOUND otherwise and once deleted.' })
  async document(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Document> {
    return (await ctx.services.documents.access(actorOf(ctx), id)).document;
  }

  @Authorized()
  @Query(() => [DiffHunkType], { description: 'Line differences between two text versions of a document.' })
  documentDiff(
    @Arg('documentId', () => ID) documentId: string,
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: Context,
  ): Promise<DiffHunk[]> {
    return ctx.services.documents.diff(actorOf(ctx), documentId, from, to);
  }

  @Authorized()
  @Query(() => DocumentMerge, {
    description:
      'Merges a text edited from an older version with the current version, line by line (three-way, against the older version). Writes nothing: save the result with addTextVersion, baseVersion the current version and mergedFromVersion the older one.',
  })
  documentMerge(@Args(() => DocumentMergeArgs) args: DocumentMergeArgs, @Ctx() ctx: Context): Promise<DocumentMerge> {
    return ctx.services.documents.merge(actorOf(ctx), args);
  }

  @Authorized()
  @Subscription(() => DocumentPresenceType, {
    description: 'Who has the document open and who is editing; subscribing marks the viewer present until it ends.',
    subscribe: ({ args, context }) =>
      (context as Context).services.documents.presence(
        actorOf(context as Context),
        (args as { documentId: string }).documentId,
      ),
  })
  documentPresence(
    @Root() item: PresenceSnapshot | { end: Error },
    @Arg('documentId', () => ID) _documentId: string,
  ): PresenceSnapshot {
    if ('end' in item) throw item.end;
    return item;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: 'Tells the others (live, not stored) that the viewer is or stopped editing.',
  })
  setDocumentEditing(
    @Arg('documentId', () => ID) documentId: string,
    @Arg('editing', () => Boolean) editing: boolean,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.documents.setEditing(actorOf(ctx), documentId, editing);
  }

  @Authorized()
  @Mutation(() => Document)
  createDocument(@Arg('input', () => CreateDocumentInput) input: CreateDocumentInput, @Ctx() ctx: Context) {
    return ctx.services.documents.create(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => DocumentVersion, {
    description: 'Saves new text; CONFLICT (with currentVersion) if another version came first.',
  })
  addTextVersion(@Arg('input', () => AddTextVersionInput) input: AddTextVersionInput, @Ctx() ctx: Context) {
    return ctx.services.documents.addTextVersion(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => DocumentVersion, {
    description: 'Attaches an upload as a new version; CONFLICT if another version came first.',
  })
  addFileVersion(@Arg('input', () => AddFileVersionInput) input: AddFileVersionInput, @Ctx() ctx: Context) {
    return ctx.services.documents.addFileVersion(actorOf(ctx), input);
  }

  @Authorized()
  @Mutation(() => Document, { description: 'Rename, change kind or visibility.' })
  updateDocument(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateDocumentInput) input: UpdateDocumentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.documents.update(actorOf(ctx), id, input);
  }

  @Authorized()
  @Mutation(() => Document, {
    description: 'Removes the document from view; its versions are kept for the audit trail.',
  })
  deleteDocument(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.documents.delete(actorOf(ctx), id);
  }

  @FieldResolver(() => [DocumentVersion], { description: 'Every version, oldest first.' })
  versions(@Root() d: Document, @Ctx() ctx: Context): Promise<DocumentVersion[]> {
    return documentLoaders(ctx.loaders).versions(d.id);
  }

  @FieldResolver(() => DocumentVersion, { nullable: true })
  async latestVersion(@Root() d: Document, @Ctx() ctx: Context): Promise<DocumentVersion | null> {
    return (await documentLoaders(ctx.loaders).versions(d.id)).at(-1) ?? null;
  }
}

export const DocumentReferencesResolver = belongsTo(Document, [
  { field: 'group', to: () => BuyerGroup, key: (d) => d.groupId },
  {
    field: 'need',
    to: () => SharedNeed,
    key: (d) => (d.parentType === DocumentParent.NEED ? d.parentId : null),
    nullable: true,
  },
  {
    field: 'organisation',
    to: () => Organisation,
    key: (d) => d.createdByOrganisationId,
    description: 'The organisation that owns the document.',
  },
]);

@Resolver(() => DocumentVersion)
export class DocumentVersionResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The markdown of a text version.' })
  text(@Root() v: DocumentVersion): string | null {
    return v.content === VersionContent.TEXT ? v.text : null;
  }

  @FieldResolver(() => String, { description: 'Path to download the bytes (same authentication as the API).' })
  downloadPath(@Root() v: DocumentVersion): string {
    return `/documents/${v.documentId}/versions/${v.number}/content`;
  }
}

export const DocumentVersionReferencesResolver = belongsTo(DocumentVersion, [
  { field: 'author', to: () => User, key: (v) => v.authorUserId },
  { field: 'authorOrganisation', to: () => Organisation, key: (v) => v.authorOrganisationId },
]);

@Resolver(() => BuyerGroup)
export class GroupDocumentsResolver {
  @FieldResolver(() => DocumentConnection, {
    description: "The group's documents (its needs' included), recently changed first.",
  })
  async documents(@Root() group: BuyerGroup, @Args(() => DocumentsArgs) args: DocumentsArgs, @Ctx() ctx: Context) {
    await ctx.services.documents.assertReader(actorOf(ctx), group);
    return documentLoaders(ctx.loaders).documents({ groupId: group.id }, args);
  }
}

@Resolver(() => SharedNeed)
export class NeedDocumentsResolver {
  @FieldResolver(() => DocumentConnection)
  documents(@Root() need: SharedNeed, @Args(() => DocumentsArgs) args: DocumentsArgs, @Ctx() ctx: Context) {
    return documentLoaders(ctx.loaders).documents({ needId: need.id }, args);
  }
}
