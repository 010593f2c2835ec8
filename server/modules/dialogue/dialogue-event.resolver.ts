import { FieldResolver, Resolver, Root } from 'type-graphql';
import { EventTypeEnum, SupplierEventData, supplierEventData } from '../../events/event-data.js';
import { DialogueEvent } from './dialogue.types.js';

/**
 * The typed side of what suppliers receive: `kind` and `data` (a `Supplier<Name>Data` type, which
 * has exactly the fields the event's declaration names for suppliers).
 */
@Resolver(() => DialogueEvent)
export class DialogueEventDataResolver {
  @FieldResolver(() => EventTypeEnum, { description: 'What happened, as an enum: `data` has its type.' })
  kind(@Root() e: DialogueEvent): string {
    return e.type;
  }

  @FieldResolver(() => SupplierEventData, {
    nullable: true,
    description: 'The typed facts a supplier may know (null for a public event that declares none).',
  })
  data(@Root() e: DialogueEvent): Record<string, unknown> | null {
    return supplierEventData(e.type, e.payload);
  }
}
