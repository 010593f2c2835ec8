import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { actorOf, type Context } from '../../context.js';
import { exportLinks } from './export.service.js';
import { ExportLink } from './export.types.js';
import { Procurement } from './procurement.entity.js';
import { procurementLoaders } from './procurement.loaders.js';

/** Where the viewer downloads a procurement's spreadsheets. */
@Resolver(() => Procurement)
export class ProcurementExportResolver {
  @FieldResolver(() => [ExportLink], {
    description:
      "The spreadsheets the viewer may download (the history for coordinators, the stated values for the group's members), each as CSV and XLSX, in the viewer's language and time zone.",
  })
  async exports(@Root() p: Procurement, @Ctx() ctx: Context): Promise<ExportLink[]> {
    const actor = actorOf(ctx);
    return exportLinks(actor, await procurementLoaders(ctx.loaders).subject(actor, p));
  }
}
