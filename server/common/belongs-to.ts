import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import type { Context } from '../context.js';

/** One field that loads the row a key of its parent names (a `belongs to` reference). */
export interface Reference<T> {
  /** The GraphQL field. */
  field: string;
  /** The referenced entity; its rows are loaded by id, batched per request. */
  to: () => ClassType<{ id: string }>;
  /** The parent's key column. A null key answers null (the field is then nullable). */
  key: (parent: T) => string | null;
  nullable?: boolean;
  description?: string;
}

/**
 * A resolver class for the "load the User or Organisation this key names" fields of one type:
 * written once here instead of one hand-written field resolver per reference. A non-null reference
 * whose row is gone is an error (foreign keys keep it from happening), never a silent null.
 */
export function belongsTo<T extends object>(parent: ClassType<T>, references: Reference<T>[]): ClassType {
  @Resolver(() => parent)
  class BelongsToResolver {}
  Object.defineProperty(BelongsToResolver, 'name', { value: `${parent.name}ReferencesResolver` });
  for (const ref of references) {
    const method = async function (root: T, ctx: Context) {
      const id = ref.key(root);
      if (id === null) return null;
      const entity = ref.to();
      const row = await ctx.loaders.byId(entity, entity.name).load(id);
      if (!row && !ref.nullable) throw new Error(`${entity.name} ${id} of ${parent.name}.${ref.field} is missing.`);
      return row;
    };
    const proto = BelongsToResolver.prototype as unknown as Record<string, unknown>;
    proto[ref.field] = method;
    const descriptor = Object.getOwnPropertyDescriptor(proto, ref.field)!;
    Root()(proto, ref.field, 0);
    Ctx()(proto, ref.field, 1);
    FieldResolver(() => ref.to(), { nullable: ref.nullable ?? false, description: ref.description })(
      proto,
      ref.field,
      descriptor,
    );
  }
  return BelongsToResolver;
}
