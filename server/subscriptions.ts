import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from './context.js';
import type { EventMetrics } from './metrics.js';

/**
 * Context properties a shared execution may read: they say nothing about who the viewer is.
 * Reading any other (`viewer` above all, also `ip` and `http`) makes the result the viewer's own.
 */
const NEUTRAL = new Set<PropertyKey>(['services', 'loaders', 'log', 'requestId']);
/**
 * Also neutral: the libraries' own looks at the context, Apollo's instrumentation under its symbols
 * and type-graphql's check whether an argument is a promise (`then`). Nothing of ours is a symbol.
 */
const neutral = (prop: PropertyKey) => NEUTRAL.has(prop) || typeof prop === 'symbol' || prop === 'then';

interface Outcome {
  result: ExecutionResult;
  /** The execution read the viewer (or failed): the result is its leader's alone. */
  own: boolean;
}

/**
 * The leader's context as a shared execution sees it: reads of anything that identifies the viewer
 * are noted; `signedIn` answers whether there is one without reading who it is (the first tier of
 * authorisation asks only that, see auth-checker.ts); what resolvers set (fresh DataLoaders per
 * event) stays on this execution.
 */
function tracked(ctx: Context): { context: Context; readViewer: () => boolean } {
  let read = false;
  const own = new Map<PropertyKey, unknown>();
  const context = new Proxy(ctx, {
    get(target, prop) {
      if (own.has(prop)) return own.get(prop);
      if (prop === 'signedIn') return target.viewer !== null;
      if (!neutral(prop)) read = true;
      return Reflect.get(target, prop) as unknown;
    },
    set(_target, prop, value) {
      own.set(prop, value);
      return true;
    },
    has(target, prop) {
      if (!neutral(prop) && prop !== 'signedIn') read = true;
      return own.has(prop) || prop in target;
    },
  });
  return { context, readViewer: () => read };
}

/** JSON with object keys in order, so equal variables give equal keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Which first-tier authorisation the viewer passes: what `@Authorized` and the audience of an
 * event look at (the kind of organisation: an authority, a supplier, a guest; a platform admin or not). Part of the group
 * key, though a shared execution never reads the viewer: it keeps apart whom no rule should mix.
 */
function authorisationClass(ctx: Context): string {
  const viewer = ctx.viewer;
  if (!viewer) return 'anonymous';
  return `${viewer.organisation.kind}${viewer.user.isAdmin ? '+admin' : ''}`;
}

/** A source stream mapped through `fn`, stopped at once by `return` (an async generator would wait for the next event). */
function mapStream<T, U>(source: AsyncIterable<T>, fn: (item: T) => Promise<U>): AsyncGenerator<U> {
  const it = source[Symbol.asyncIterator]();
  const done = { value: undefined, done: true } as IteratorReturnResult<undefined>;
  const mapped: AsyncGenerator<U> = {
    async next() {
      const r = await it.next();
      return r.done ? done : { value: await fn(r.value), done: false };
    },
    async return() {
      await it.return?.();
      return done;
    },
    async throw(err: unknown) {
      await it.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return mapped;
    },
  };
  return mapped;
}

/**
 * Subscriptions executed once per event for every subscriber who asked the same thing
 * (DESIGN 3.2): subscribers are grouped by document, operation, variables and authorisation class;
 * the first of a group to take an event (its leader) executes the selection, and the others of the
 * group receive that same result object, which the socket layer serialises once (ws-frames.ts).
 *
 * Viewer-dependence is detected, not declared: the leader executes on a context that notes every
 * read of the viewer (every per-viewer field, `viewerReacted`, an unread count, a visibility check,
 * `@Authorized` with a role, reads it). A result that read the viewer, or that has errors, is its
 * leader's alone, and each other subscriber executes the selection for itself, with its own
 * viewer. A field cannot be forgotten on a list: only what never reads the viewer is shared.
 *
 * Each subscriber keeps its own stream: its replay, its position, and the bus's authorisation of
 * every event for it (BusSubscriber, `isActive`) are unchanged. Only events the bus delivered
 * live are the same object for every subscriber, and only those are shared (a replay is read per
 * subscriber and executed per subscriber).
 */
export class SharedSubscriptions {
  /** Per event (the object the bus delivered to every subscriber), the outcome per group. */
  private readonly outcomes = new WeakMap<object, Map<string, Promise<Outcome>>>();
  /** Results executed once for a group: sent as the same bytes to every socket. */
  private readonly shared = new WeakSet<ExecutionResult>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 1;

  constructor(private readonly metrics?: EventMetrics) {}

  /** Whether `result` is the one execution of a group's event (serialise it once). */
  isShared(result: ExecutionResult): boolean {
    return this.shared.has(result);
  }

  /** graphql-js `subscribe`, with one execution per event and group. */
  async subscribe(args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in Object(source))) return source as ExecutionResult;
    const key = this.groupKey(args);
    return mapStream(source as AsyncIterable<unknown>, (item) => this.resultFor(item, args, key));
  }

  private groupKey(args: ExecutionArgs): string {
    let id = this.documentIds.get(args.document);
    if (id === undefined) this.documentIds.set(args.document, (id = this.nextDocumentId++));
    return [
      id,
      args.operationName ?? '',
      canonical(args.variableValues ?? {}),
      authorisationClass(args.contextValue as Context),
    ].join('|');
  }

  private async resultFor(item: unknown, args: ExecutionArgs, key: string): Promise<ExecutionResult> {
    // Stream ends and anything that is not one shared event object are this subscriber's own.
    if (typeof item !== 'object' || item === null || 'end' in item) return this.single(item, args);
    let byGroup = this.outcomes.get(item);
    if (!byGroup) this.outcomes.set(item, (byGroup = new Map()));
    const outcome = byGroup.get(key);
    if (!outcome) {
      const leading = this.lead(item, args);
      byGroup.set(key, leading);
      return (await leading).result;
    }
    const { result, own } = await outcome;
    return own ? this.single(item, args) : result;
  }

  private async lead(item: object, args: ExecutionArgs): Promise<Outcome> {
    const { context, readViewer } = tracked(args.contextValue as Context);
    const result = await execute({ ...args, rootValue: item, contextValue: context });
    const own = readViewer() || !!result.errors?.length;
    this.metrics?.executions.inc({ mode: own ? 'single' : 'shared' });
    if (!own) this.shared.add(result);
    return { result, own };
  }

  private async single(item: unknown, args: ExecutionArgs): Promise<ExecutionResult> {
    this.metrics?.executions.inc({ mode: 'single' });
    return execute({ ...args, rootValue: item });
  }
}
