import {
  Field,
  FieldResolver,
  ID,
  Int,
  InterfaceType,
  ObjectType,
  registerEnumType,
  Resolver,
  Root,
  type ClassType,
} from 'type-graphql';
import { EVENT_TYPES, EVENTS, isEventType, specOf, type EventType } from './catalogue.js';
import type { EventSpec, FieldKind } from './define.js';

/**
 * The GraphQL face of the event catalogue: an `EventType` enum (NEED_CREATED for need.created)
 * and one object type per event's data, generated from the modules' declarations so that the
 * schema, the services' payloads and the client's types cannot drift apart.
 */
const enumKey = (type: string) => type.replace('.', '_').toUpperCase();
const typeName = (type: string) =>
  type
    .split(/[._]/)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

export const EventTypeEnum = Object.fromEntries(EVENT_TYPES.map((t) => [enumKey(t), t])) as Record<string, EventType>;
registerEnumType(EventTypeEnum, {
  name: 'EventType',
  description: 'What happened. Each value has its data type (`<Name>Data`, e.g. NeedCreatedData for NEED_CREATED).',
});

@InterfaceType('EventData', {
  description: "An event's facts, typed per event type (ids of what changed, new status, numbers).",
  resolveType: (value: { __typename: string }) => value.__typename,
})
export abstract class EventData {
  @Field(() => EventTypeEnum)
  type!: EventType;
}

@InterfaceType('SupplierEventData', {
  description: 'What a registered supplier receives of a public event: only the fields declared for suppliers.',
  resolveType: (value: { __typename: string }) => value.__typename,
})
export abstract class SupplierEventData {
  @Field(() => EventTypeEnum)
  type!: EventType;
}

const GRAPHQL: Record<string, () => unknown> = {
  id: () => ID,
  ids: () => [ID],
  string: () => String,
  strings: () => [String],
  int: () => Int,
  ints: () => [Int],
  boolean: () => Boolean,
  datetime: () => Date,
};

function objectType(
  name: string,
  spec: EventSpec,
  fields: string[],
  iface: abstract new () => unknown,
  description: string,
): ClassType {
  const cls = class {};
  Object.defineProperty(cls, 'name', { value: name });
  for (const f of fields) {
    const kind = spec.payload[f] as FieldKind;
    Field(GRAPHQL[kind.replace('?', '')] as () => ClassType, { nullable: kind.endsWith('?') })(cls.prototype, f);
  }
  ObjectType(name, { implements: iface, description })(cls);
  return cls;
}

const dataTypes = new Map<string, string>();
const supplierTypes = new Map<string, string>();
/** The generated classes (type-graphql registers them when their decorators run; listed for the schema's orphanedTypes). */
export const eventDataClasses: ClassType[] = [];
for (const type of EVENT_TYPES) {
  const spec: EventSpec = EVENTS[type];
  const name = `${typeName(type)}Data`;
  dataTypes.set(type, name);
  eventDataClasses.push(objectType(name, spec, Object.keys(spec.payload), EventData, spec.description));
  if (spec.audience === 'public') {
    const supplierName = `Supplier${name}`;
    supplierTypes.set(type, supplierName);
    eventDataClasses.push(
      objectType(
        supplierName,
        spec,
        [...(spec.supplier ?? [])],
        SupplierEventData,
        `${spec.description} (as suppliers see it)`,
      ),
    );
  }
}

function project(
  type: string,
  payload: Record<string, unknown>,
  fields: readonly string[],
  typename: string,
): Record<string, unknown> {
  const spec = specOf(type)!;
  const out: Record<string, unknown> = { __typename: typename, type };
  for (const f of fields) {
    const v = payload[f];
    out[f] = spec.payload[f].startsWith('datetime') && typeof v === 'string' ? new Date(v) : (v ?? null);
  }
  return out;
}

/** An event's typed data, or null for a type no module declares any more. */
export function eventData(type: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  const spec = specOf(type);
  return spec ? project(type, payload, Object.keys(spec.payload), dataTypes.get(type)!) : null;
}

/** A public event's data as a supplier receives it: the declared supplier fields only. */
export function supplierEventData(type: string, payload: Record<string, unknown>): Record<string, unknown> | null {
  const spec = specOf(type);
  return spec && supplierTypes.has(type) ? project(type, payload, spec.supplier ?? [], supplierTypes.get(type)!) : null;
}

/**
 * `kind` (and, where the rows carry their payload, `data`) for a type that lists stored events by
 * their `type` string, such as a procurement's history or an organisation's activity. Both are null
 * for a row of a type no module declares any more.
 */
export function typedEventFields<T extends { type: string; payload?: Record<string, unknown> }>(
  parent: ClassType<T>,
  o: { data: boolean },
): ClassType {
  @Resolver(() => parent)
  class TypedEventFields {
    @FieldResolver(() => EventTypeEnum, {
      nullable: true,
      description: 'What happened, as an enum: `data` has its type.',
    })
    kind(@Root() row: T): string | null {
      return isEventType(row.type) ? row.type : null;
    }
  }
  Object.defineProperty(TypedEventFields, 'name', { value: `${parent.name}EventFieldsResolver` });
  if (o.data) {
    const proto = TypedEventFields.prototype as unknown as Record<string, unknown>;
    proto.data = (row: T) => eventData(row.type, row.payload ?? {});
    Root()(proto, 'data', 0);
    FieldResolver(() => EventData, { nullable: true, description: 'The typed facts of the event (as `payload`).' })(
      proto,
      'data',
      Object.getOwnPropertyDescriptor(proto, 'data')!,
    );
  }
  return TypedEventFields;
}
