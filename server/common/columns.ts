import type { GraphQLScalarType } from 'graphql';
import { Field, ID, type ClassType, type FieldOptions } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/*
 * Column decorators for what every entity repeats: the uuid `id`, the created/updated timestamps,
 * timestamp columns and the uuid foreign key with its relation. They write the same TypeORM and
 * type-graphql metadata as the decorators spelled out, so the database schema (checked against the
 * migrations) and the GraphQL schema do not depend on which form an entity uses. Types stay spelled
 * out (DESIGN habit 3), here once instead of at every column; columns whose GraphQL type varies keep
 * their own `@Field(() => T)`.
 */

/**
 * Applies decorators as if they were stacked above a property in this order: stacked decorators run
 * bottom-up, and the order they run in is the order class-validator checks (and reports) rules in.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (prototype, property) => {
    for (const decorate of [...decorators].reverse()) decorate(prototype, property);
  };
}

/** `false`: not in the GraphQL API; otherwise the field's options (e.g. a description). */
export type Exposure = { field?: false | FieldOptions };

const exposed = (type: GraphQLScalarType | DateConstructor, { field = {} }: Exposure, nullable?: boolean) =>
  field === false ? [] : [Field(() => type, nullable ? { nullable, ...field } : field)];

/** The generated uuid primary key `id`, in the API as `ID!` unless `{ field: false }`. */
export const IdColumn = (exposure: Exposure = {}) => stacked(...exposed(ID, exposure), PrimaryGeneratedColumn('uuid'));

/** `created_at timestamptz(3)`, set by TypeORM on insert; in the API as `Date!` unless `{ field: false }`. */
export const CreatedAt = (exposure: Exposure = {}) =>
  stacked(...exposed(Date, exposure), CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 }));

/** `updated_at timestamptz(3)`, set by TypeORM on every save; in the API as `Date!` unless `{ field: false }`. */
export const UpdatedAt = (exposure: Exposure = {}) =>
  stacked(...exposed(Date, exposure), UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 }));

/**
 * A `timestamptz(3)` column, in the API as `Date` (nullable with the column) unless `{ field: false }`.
 * Milliseconds, like every timestamp here: what PostgreSQL stores is exactly what a JavaScript Date holds.
 */
export const TimestampColumn = (
  name: string,
  { nullable = false, ...exposure }: Exposure & { nullable?: boolean } = {},
) =>
  stacked(
    ...exposed(Date, exposure, nullable),
    Column({ name, type: 'timestamptz', precision: 3, ...(nullable ? { nullable } : {}) }),
  );

export interface ForeignKeyOptions {
  /** The constraint's name, as the migrations call it. */
  fk: string;
  onDelete: 'CASCADE' | 'RESTRICT';
  /** The column is (part of) the primary key. */
  primary?: boolean;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A uuid foreign-key column and its many-to-one relation, declared in one place because both must
 * name the same column. Put it on the id property (`procurementId`, column `procurement_id`: the
 * property in snake case); the relation is the property of the same name without `Id`
 * (`procurement?: Procurement`), which the class declares undecorated so that queries can load it
 * (`relations: { procurement: true }`): the compiler refuses the decorator when that property is
 * missing or of another type. An index on the column stays its own `@Index`.
 */
export function ForeignKey<T extends object>(target: () => ClassType<T>, { fk, onDelete, primary }: ForeignKeyOptions) {
  return <R extends string>(prototype: { [P in R]?: T }, property: `${R}Id`): void => {
    const name = snakeCase(property);
    const relation = property.slice(0, -'Id'.length);
    (primary ? PrimaryColumn : Column)({ name, type: 'uuid' })(prototype, property);
    stacked(ManyToOne(target, { onDelete }), JoinColumn({ name, foreignKeyConstraintName: fk }))(prototype, relation);
  };
}
