import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../../context.js';
import { Procurement } from '../procurements/procurement.entity.js';
import { EformsNoticeType } from './notice.eforms.js';
import { NoticeDownload, NoticeTailoring } from './notice.types.js';

/** A joint procurement's eForms notice drafts (its buyers only; see notice.service.ts). */
@Resolver(() => Procurement)
export class ProcurementNoticesResolver {
  @FieldResolver(() => [NoticeDownload], {
    description:
      'The eForms notice drafts that apply in the phase now, for the viewer who may draft them (the coordinators and the participating authorities); empty for others.',
  })
  noticeDownloads(@Root() procurement: Procurement, @Ctx() ctx: Context): Promise<NoticeDownload[]> {
    return ctx.services.notices.downloads(actorOf(ctx), ctx.loaders, procurement);
  }

  @FieldResolver(() => String, {
    description:
      'One eForms notice draft as UBL XML (the same as its download). INVALID_STATE when the phase does not offer it, or with `extensions.missing` naming each missing fact (e.g. "NUTS code of Trondheim kommune").',
  })
  async eformsNotice(
    @Root() procurement: Procurement,
    @Arg('type', () => EformsNoticeType) type: EformsNoticeType,
    @Arg('tailoring', () => NoticeTailoring, { defaultValue: NoticeTailoring.NONE }) tailoring: NoticeTailoring,
    @Ctx() ctx: Context,
  ): Promise<string> {
    return (await ctx.services.notices.draft(actorOf(ctx), ctx.loaders, procurement.id, type, tailoring)).xml;
  }
}
