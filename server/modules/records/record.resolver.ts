import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { belongsTo } from '../../common/belongs-to.js';
import { ConnectionType } from '../../common/pagination.js';
import { actorOf, type Context } from '../../context.js';
import { Decision } from '../decisions/decision.entity.js';
import { Message } from '../discussions/message.entity.js';
import { Document } from '../documents/document.entity.js';
import { BuyerGroup } from '../groups/group.entity.js';
import { Country } from '../organisations/organisation.entity.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { User } from '../users/user.entity.js';
import { LegalBasis, legalBasesOf, legalBasis } from './record.bases.js';
import { directionOf } from './record.casefile.js';
import { CaseScope, RecordMark, RecordSubject } from './record.entity.js';
import { JournalArgs, MarkAsRecordInput } from './record.inputs.js';
import { recordLoaders } from './record.loaders.js';
import { journalNumber } from './record.service.js';
import {
  ArchiveFormat,
  ArchivePackageInfo,
  archiveUrl,
  CaseFileView,
  CaseRecordView,
  type CaseRecordKind,
} from './record.types.js';

export const RecordMarkConnection = ConnectionType('RecordMark', RecordMark);

@Resolver(() => RecordMark)
export class RecordResolver {
  @Authorized()
  @Mutation(() => RecordMark, {
    description:
      "Marks a message, a document version or a closed decision as a record of the viewer's authority (journalføres, diarieförs), PUBLIC or EXEMPT with a legal basis. A marked message or document can no longer be edited or deleted. Marking again reclassifies, or moves a document's record to a newer version.",
  })
  markAsRecord(@Arg('input', () => MarkAsRecordInput) input: MarkAsRecordInput, @Ctx() ctx: Context) {
    return ctx.services.records.mark(actorOf(ctx), input);
  }

  @Authorized()
  @Query(() => RecordMarkConnection, {
    description: "The viewer authority's journal: the records it marked from `from` to `to`, in journal order.",
  })
  recordJournal(@Args(() => JournalArgs) args: JournalArgs, @Ctx() ctx: Context) {
    return ctx.services.records.journal(actorOf(ctx), args.from, args.to, args);
  }

  @Authorized()
  @Query(() => [LegalBasis], {
    description: "The legal bases for exempting records from public access, of `country` (default: the viewer's).",
  })
  legalBases(@Arg('country', () => Country, { nullable: true }) country: Country | null, @Ctx() ctx: Context) {
    return legalBasesOf(country ?? actorOf(ctx).organisation.country);
  }

  @FieldResolver(() => String, { description: 'Year/sequence in the authority’s journal, e.g. 2026/17.' })
  journalNumber(@Root() m: RecordMark): string {
    return journalNumber(m);
  }

  @FieldResolver(() => LegalBasis, { nullable: true, description: 'Why it is exempt (EXEMPT only).' })
  legalBasis(@Root() m: RecordMark, @Ctx() ctx: Context): LegalBasis | null {
    return legalBasis(actorOf(ctx).organisation.country, m.legalBasis) ?? null;
  }

  @FieldResolver(() => String, { description: "The case file's number in the authority's series (year/sequence)." })
  async caseNumber(@Root() m: RecordMark, @Ctx() ctx: Context): Promise<string> {
    const kase = await recordLoaders(ctx.loaders).caseOf(m.caseId);
    return kase ? `${kase.year}/${kase.sequence}` : '';
  }
}

export const RecordMarkReferencesResolver = belongsTo(RecordMark, [
  { field: 'markedBy', to: () => User, key: (m) => m.markedByUserId },
]);

/** The case file of a procurement or a group, for the viewer's authority, and its archive package. */
async function caseFileOf(ctx: Context, scope: CaseScope, id: string): Promise<CaseFileView> {
  const actor = actorOf(ctx);
  const { caseFile } = await ctx.services.records.caseFile(actor, scope, id, actor.user.locale, actor.user.timeZone);
  const org = actor.organisation.id;
  return Object.assign(new CaseFileView(), {
    scope,
    id,
    title: caseFile.title,
    closedAt: caseFile.closedAt,
    records: caseFile.records.flatMap((r) => {
      const direction = directionOf(r, org);
      if (!direction) return [];
      return [
        Object.assign(new CaseRecordView(), {
          id: r.id,
          kind: r.kind as CaseRecordKind,
          subject: r.subject,
          // Never the words of a deleted message: only its archive package keeps them.
          title: r.apiTitle,
          description: r.description,
          createdAt: r.createdAt,
          author: r.author,
          organisationName: r.origin.name,
          direction,
          deletedAt: r.deleted?.at ?? null,
          versions: r.deleted ? 0 : r.contents.length,
          organisationId: org,
        }),
      ];
    }),
  });
}

@Resolver(() => Procurement)
export class ProcurementCaseFileResolver {
  @FieldResolver(() => CaseFileView, {
    description:
      "The procurement's case file as the viewer's authority took part in it (NOT_FOUND for an authority that took no part).",
  })
  caseFile(@Root() p: Procurement, @Ctx() ctx: Context): Promise<CaseFileView> {
    return caseFileOf(ctx, CaseScope.PROCUREMENT, p.id);
  }
}

@Resolver(() => BuyerGroup)
export class GroupCaseFileResolver {
  @FieldResolver(() => CaseFileView, {
    description: "The group's case file (its own and its needs' threads and documents) for the viewer's authority.",
  })
  caseFile(@Root() g: BuyerGroup, @Ctx() ctx: Context): Promise<CaseFileView> {
    return caseFileOf(ctx, CaseScope.GROUP, g.id);
  }
}

@Resolver(() => CaseFileView)
export class CaseFileResolver {
  @FieldResolver(() => ArchivePackageInfo, {
    description:
      "The viewer authority's archive package: Noark 5 for a Norwegian authority, an E-ARK SIP for the others, unless `format` says.",
  })
  async archive(
    @Root() c: CaseFileView,
    @Arg('format', () => ArchiveFormat, { nullable: true }) format: ArchiveFormat | null,
    @Ctx() ctx: Context,
  ): Promise<ArchivePackageInfo> {
    const built = await ctx.services.archives.build(actorOf(ctx), c.scope, c.id, format);
    return Object.assign(new ArchivePackageInfo(), {
      format: built.pkg.format as ArchiveFormat,
      url: archiveUrl(c.scope, c.id, format ?? undefined),
      fileName: built.fileName,
      fileCount: built.pkg.files.length,
      byteSize: built.length,
    });
  }
}

@Resolver(() => CaseRecordView)
export class CaseRecordResolver {
  @FieldResolver(() => RecordMark, { nullable: true, description: "The viewer authority's journal entry for it." })
  viewerRecord(@Root() r: CaseRecordView, @Ctx() ctx: Context): Promise<RecordMark | null> | null {
    return r.subject ? recordLoaders(ctx.loaders).mark(r.organisationId, r.subject, r.id) : null;
  }
}

/** The lock and the viewer authority's own mark, on the things that can be marked. */
function markFields<T extends { id: string }>(
  type: () => typeof Message | typeof Document | typeof Decision,
  subject: RecordSubject,
) {
  @Resolver(type)
  class MarkFieldsResolver {
    @FieldResolver(() => Boolean, {
      description:
        'Whether an authority keeps it as a record: then it can no longer be edited or deleted (a newer version or message supersedes it).',
    })
    recordLocked(@Root() row: T, @Ctx() ctx: Context): Promise<boolean> {
      return recordLoaders(ctx.loaders).locked(subject, row.id);
    }

    @FieldResolver(() => RecordMark, {
      nullable: true,
      description: "The viewer authority's journal entry for it, if marked.",
    })
    viewerRecord(@Root() row: T, @Ctx() ctx: Context): Promise<RecordMark | null> {
      return recordLoaders(ctx.loaders).mark(actorOf(ctx).organisation.id, subject, row.id);
    }
  }
  Object.defineProperty(MarkFieldsResolver, 'name', { value: `${subject}MarkFieldsResolver` });
  return MarkFieldsResolver;
}

export const MessageMarkResolver = markFields<Message>(() => Message, RecordSubject.MESSAGE);
export const DocumentMarkResolver = markFields<Document>(() => Document, RecordSubject.DOCUMENT);
export const DecisionMarkResolver = markFields<Decision>(() => Decision, RecordSubject.DECISION);
