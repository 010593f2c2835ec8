/**
 * The vocabulary every `<feature>.events.ts` declares its events in: each event's audience and
 * the shape of its payload. From these declarations come the `EventType` enum and one GraphQL
 * type per event's data (server/events/event-data.ts), the payload types the services must write
 * (NewEvent), and what suppliers receive of public events.
 */

/** A payload field: its kind, `?` when it may be absent or null. */
export type FieldKind =
  | 'id'
  | 'id?'
  | 'ids'
  | 'ids?'
  | 'string'
  | 'string?'
  | 'strings'
  | 'int'
  | 'int?'
  | 'ints'
  | 'boolean'
  | 'boolean?'
  | 'datetime'
  | 'datetime?';

interface KindTypes {
  id: string;
  'id?': string | null;
  ids: string[];
  'ids?': string[] | null;
  string: string;
  'string?': string | null;
  strings: string[];
  int: number;
  'int?': number | null;
  ints: number[];
  boolean: boolean;
  'boolean?': boolean | null;
  /** ISO 8601, as written to the log. */
  datetime: string;
  'datetime?': string | null;
}

/**
 * Who sees an event: the group's active members (`group`), the buyers of a procurement
 * (`procurement`: they are its group's members), also its registered suppliers (`public`, then
 * only the fields in `supplier`), or one user (`user`: their own notifications, sessions, reads).
 */
export type Audience = 'group' | 'procurement' | 'public' | 'user';

export interface EventSpec {
  audience: Audience;
  /** What the event means, for the schema. */
  description: string;
  payload: Readonly<Record<string, FieldKind>>;
  /** For public events: the payload fields a supplier receives. No other field reaches them. */
  supplier?: readonly string[];
}

type Optional<P> = { [K in keyof P]: P[K] extends `${string}?` ? K : never }[keyof P];

/** The TypeScript type of a declared payload (optional kinds may be left out). */
export type PayloadOf<S extends EventSpec> = {
  -readonly [K in Exclude<keyof S['payload'], Optional<S['payload']>>]: KindTypes[S['payload'][K]];
} & {
  -readonly [K in Optional<S['payload']>]?: KindTypes[S['payload'][K]];
};

type Payload = Readonly<Record<string, FieldKind>>;

/** An event for the group's active members. */
export const toGroup = <const P extends Payload>(description: string, payload: P) =>
  ({ audience: 'group', description, payload }) as const;

/** An event for a procurement's buyers (its group's members). */
export const toBuyers = <const P extends Payload>(description: string, payload: P) =>
  ({ audience: 'procurement', description, payload }) as const;

/** A user's own event (their sessions, notifications, read markers, account). */
export const toUser = <const P extends Payload>(description: string, payload: P) =>
  ({ audience: 'user', description, payload }) as const;

/** An event also for a procurement's registered suppliers, who receive the `supplier` fields only. */
export const toPublic = <const P extends Payload, const S extends readonly (keyof P & string)[]>(
  description: string,
  payload: P,
  supplier: S,
) => ({ audience: 'public', description, payload, supplier }) as const;

/**
 * Declares a module's events. `supplier` must name payload fields of a public event: checked here
 * so a typo cannot silently withhold (or a wrong audience silently leak) a field.
 */
export function defineEvents<const T extends Record<string, EventSpec>>(events: T): T {
  for (const [type, spec] of Object.entries(events)) {
    if (!/^[a-z]+\.[a-z_]+$/.test(type)) throw new Error(`Event type ${type} is not of the form scope.name.`);
    if (spec.supplier && spec.audience !== 'public') throw new Error(`${type}: only public events go to suppliers.`);
    for (const f of spec.supplier ?? []) {
      if (!(f in spec.payload)) throw new Error(`${type}: supplier field ${f} is not in the payload.`);
    }
  }
  return events;
}

const KIND_CHECKS: Record<string, (v: unknown) => boolean> = {
  id: (v) => typeof v === 'string',
  string: (v) => typeof v === 'string',
  datetime: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  int: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  ids: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  strings: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  ints: (v) => Array.isArray(v) && v.every((x) => Number.isInteger(x)),
};

/** What is wrong with a payload for its declaration (empty when it fits): undeclared, missing or mistyped fields. */
export function payloadProblems(spec: EventSpec, payload: Record<string, unknown>): string[] {
  const problems = Object.keys(payload)
    .filter((k) => !(k in spec.payload))
    .map((k) => `${k} is not declared`);
  for (const [field, kind] of Object.entries(spec.payload)) {
    const v = payload[field];
    if (kind.endsWith('?') && (v === undefined || v === null)) continue;
    if (!KIND_CHECKS[kind.replace('?', '')](v)) problems.push(`${field} is not ${kind}`);
  }
  return problems;
}
