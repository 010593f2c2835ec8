import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Lexer,
  Source,
  TokenKind,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Walking the schema for test/dialogue-visibility.test.ts: every field reachable from a root field,
 * rendered as operations within the server's token and complexity limits, pruned of refused fields;
 * and finding markers (secrets) in what comes back.
 */

// ---- walking the schema ----

/** How deep object fields are followed from a root field (the root's own type is level 1). */
export const MAX_DEPTH = 6;
/** Under the server's token limit (4000), with room for the operation around the selection. */
export const TOKEN_BUDGET = 3000;
/** Page size asked of nested connections. */
export const NESTED_PAGE = 3;
/** Nested fields with a required argument, and the value the walk asks them with. */
export const NESTED_ARGS: Record<string, Record<string, unknown>> = {
  'JointProcurement.eformsNotice': { type: 'PIN_ONLY' },
};

export interface Sel {
  /** `field(args)` or `... on Type`. */
  text: string;
  /** The page size asked for: the server's complexity bound multiplies by it. */
  first?: number;
  children?: Sel[];
}

/** The server's complexity estimate (server/common/complexity.ts): a page costs its size times its items. */
export const cost = (s: Sel): number => {
  if (!s.children) return 1;
  const inner = s.children.reduce((n, c) => n + cost(c), 0);
  return 1 + (s.first ?? 1) * inner;
};
/** Under the server's bound (100,000). */
export const COST_BUDGET = 80_000;

export const render = (s: Sel): string => (s.children ? `${s.text} { ${s.children.map(render).join(' ')} }` : s.text);

export function tokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** A GraphQL literal for `value` as an argument of `type`. */
export function literal(value: unknown, type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (value === null || value === undefined) return 'null';
  if (isListType(type)) {
    return `[${(Array.isArray(value) ? value : [value]).map((v) => literal(v, type.ofType)).join(', ')}]`;
  }
  if (isEnumType(type)) return String(value);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k].type)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

export function renderArgs(args: readonly GraphQLArgument[], values: Record<string, unknown>): string {
  const parts = Object.entries(values).map(([name, v]) => {
    const arg = args.find((a) => a.name === name);
    if (!arg) throw new Error(`no argument ${name}`);
    return `${name}: ${literal(v, arg.type)}`;
  });
  return parts.length ? `(${parts.join(', ')})` : '';
}

export class Walker {
  /** Nested fields left out because they need arguments the walker cannot supply. */
  readonly skipped = new Set<string>();

  constructor(readonly schema: GraphQLSchema) {}

  /**
   * Every field of `type`, recursively to MAX_DEPTH; a field leading back to a type already on the
   * way down is left out (its fields are selected at that ancestor already).
   */
  selections(type: GraphQLNamedType, depth: number, ancestors: string[]): Sel[] {
    const out: Sel[] = [];
    if (isUnionType(type) || isInterfaceType(type)) {
      out.push({ text: '__typename' });
      for (const t of this.schema.getPossibleTypes(type)) {
        const children = this.selections(t, depth, [...ancestors, t.name]);
        if (children.length) out.push({ text: `... on ${t.name}`, children });
      }
    }
    if (!isObjectType(type) && !isInterfaceType(type)) return out;
    for (const f of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const nested = this.nestedArgs(type.name, f);
      if (nested === null) {
        this.skipped.add(`${type.name}.${f.name}`);
        continue;
      }
      const t = getNamedType(f.type);
      if (isLeafType(t)) {
        out.push({ text: f.name + nested.args });
        continue;
      }
      if (depth >= MAX_DEPTH || ancestors.includes(t.name)) continue;
      const children = this.selections(t, depth + 1, [...ancestors, t.name]);
      if (children.length) out.push({ text: f.name + nested.args, first: nested.first, children });
    }
    return out;
  }

  /** Small pages (the complexity bound multiplies nested page sizes); null when a required argument has no default. */
  private nestedArgs(typeName: string, f: GraphQLField<unknown, unknown>): { args: string; first?: number } | null {
    const given = NESTED_ARGS[`${typeName}.${f.name}`];
    if (given) return { args: renderArgs(f.args, given) };
    let first: number | undefined;
    for (const a of f.args) {
      if (a.name === 'first' && isLeafType(getNamedType(a.type))) first = NESTED_PAGE;
      else if (isNonNullType(a.type) && a.defaultValue === undefined) return null;
    }
    return { args: first ? `(first: ${first})` : '', first };
  }

  /** Everything under one root field, called with `args`. */
  root(kind: Kind, field: string, args: Record<string, unknown>): Sel {
    const type = {
      query: this.schema.getQueryType(),
      mutation: this.schema.getMutationType(),
      subscription: this.schema.getSubscriptionType(),
    }[kind]!;
    const f = type.getFields()[field];
    if (!f) throw new Error(`${kind} ${field} is not in the schema`);
    const t = getNamedType(f.type);
    const sel: Sel = {
      text: field + renderArgs(f.args, args),
      first: typeof args.first === 'number' ? args.first : undefined,
    };
    if (!isLeafType(t)) sel.children = this.selections(t, 1, [t.name]);
    return sel;
  }
}

export type Kind = 'query' | 'mutation' | 'subscription';

/** The operations asking for `sel`, split to stay under the server's token and complexity limits. */
export const operations = (kind: Kind, sel: Sel): string[] =>
  split(sel, TOKEN_BUDGET, COST_BUDGET).map((s) => `${kind} { ${render(s)} }`);

export const fieldName = (s: Sel) => s.text.split('(')[0];

/**
 * Removes the field at an error's `path` (field names; list indices are skipped) from `sel`, and
 * parents left empty. A refused field (FORBIDDEN, NOT_FOUND) nulls its nearest nullable parent, which
 * would hide whatever its siblings reveal: the walk asks again without it.
 */
export function prune(sel: Sel, path: readonly (string | number)[]): boolean {
  const names = path.filter((p): p is string => typeof p === 'string');
  if (names[0] !== fieldName(sel) || names.length < 2) return false;
  const remove = (node: Sel, rest: string[]): boolean => {
    let removed = false;
    for (const c of [...(node.children ?? [])]) {
      if (c.text.startsWith('...')) {
        removed = remove(c, rest) || removed;
      } else if (fieldName(c) === rest[0]) {
        if (rest.length === 1) {
          node.children = node.children!.filter((x) => x !== c);
          removed = true;
        } else {
          removed = remove(c, rest.slice(1)) || removed;
        }
      }
      if (c.children && c.children.length === 0) node.children = node.children!.filter((x) => x !== c);
    }
    return removed;
  };
  return remove(sel, names.slice(1));
}

/**
 * Splits a selection into selections of the same field with fewer children, each within `budget`
 * tokens and `costBudget` of the server's complexity.
 */
export function split(sel: Sel, budget: number, costBudget: number): Sel[] {
  if (!sel.children || (tokens(render(sel)) <= budget && cost(sel) <= costBudget)) return [sel];
  const own = tokens(sel.text) + 2;
  const per = sel.first ?? 1;
  const childCost = (costBudget - 1) / per;
  const pieces = sel.children.flatMap((c) => split(c, budget - own, childCost));
  const groups: Sel[][] = [];
  let current: Sel[] = [];
  let size = own;
  let spent = 0;
  for (const p of pieces) {
    const t = tokens(render(p));
    const c = cost(p);
    if (current.length && (size + t > budget || spent + c > childCost)) {
      groups.push(current);
      current = [];
      size = own;
      spent = 0;
    }
    current.push(p);
    size += t;
    spent += c;
  }
  if (current.length) groups.push(current);
  return groups.map((children) => ({ ...sel, children }));
}

// ---- markers ----

export type MarkerKind = 'secret' | 'organisation';
export interface Marker {
  name: string;
  value: string;
  /** `organisation`: a registry fact (name, number, id) that the public organisation directory shows by design. */
  kind: MarkerKind;
}

/** Paths in `value` where a marker appears, as `path: marker name`. */
export function leaks(value: unknown, markers: Marker[], path: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v, i) => leaks(v, markers, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaks(v, markers, `${path}.${k}`, out);
  } else if (value !== null && value !== undefined) {
    const text = String(value);
    for (const m of markers) if (text.includes(m.value)) out.push(`${path}: ${m.name} (${m.value})`);
  }
  return out;
}

/**
 * Error messages may echo an id the caller passed ("BuyerGroup <id> not found"): that reveals nothing
 * the caller did not send, so argument values are blanked in errors (never in data) before scanning.
 */
export function blankArgs(errors: unknown, args: Record<string, unknown>): unknown {
  const values =
    JSON.stringify(args)
      .match(/"[^"]*"/g)
      ?.map((v) => JSON.parse(v) as string) ?? [];
  let text = JSON.stringify(errors ?? []);
  for (const v of values.filter((x) => x.length >= 8)) text = text.split(v).join('<arg>');
  return JSON.parse(text);
}
