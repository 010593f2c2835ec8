import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * The tables of a Samverka database, read and written with COPY, and a checksum of each table's
 * rows that does not depend on their order (so a restored table, whose rows lie in another order
 * on disk, checks the same).
 */

export interface TableInfo {
  name: string;
  /** Stored columns in table order; generated columns are computed again on the way in. */
  columns: string[];
}

export interface TableSum {
  rows: number;
  /** Sum of the SHA-256 of each row's COPY text, modulo 2^256, in hex. */
  checksum: string;
}

export interface SequenceValue {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/**
 * The same text for the same value on every server and session: COPY writes dates, times, floats
 * and bytes by these settings, and reads them back by them.
 */
export async function useStableText(client: pg.Client): Promise<void> {
  await client.query(`SET client_encoding = 'UTF8'`);
  await client.query(`SET DateStyle = 'ISO, YMD'`);
  await client.query(`SET IntervalStyle = 'postgres'`);
  await client.query(`SET TimeZone = 'UTC'`);
  await client.query(`SET extra_float_digits = 3`);
  await client.query(`SET bytea_output = 'hex'`);
}

/** The ordinary tables of the public schema, by name. */
export async function listTables(client: pg.Client): Promise<TableInfo[]> {
  const { rows } = await client.query<TableInfo>(
    `SELECT c.relname AS name,
            array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relispartition
      GROUP BY c.relname
      ORDER BY c.relname`,
  );
  return rows;
}

export async function readSequences(client: pg.Client): Promise<SequenceValue[]> {
  const { rows: names } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  const values: SequenceValue[] = [];
  for (const { name } of names) {
    const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text, is_called FROM ${client.escapeIdentifier(name)}`,
    );
    values.push({ name, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
  }
  return values;
}

export async function writeSequences(client: pg.Client, values: SequenceValue[]): Promise<void> {
  for (const s of values) {
    await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
      client.escapeIdentifier(s.name),
      s.lastValue,
      s.isCalled,
    ]);
  }
}

/**
 * Tables in an order that loads every referenced row before the rows that refer to it (foreign
 * keys are checked as each COPY ends). A table's references to itself are checked at the end of its
 * own COPY, so they do not count; a cycle between tables would, and is refused.
 */
export async function loadOrder(client: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid
       JOIN pg_class pa ON pa.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND k.conrelid <> k.confrelid`,
  );
  const wanted = new Set(tables);
  const needs = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of rows) if (wanted.has(child) && wanted.has(parent)) needs.get(child)!.add(parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t) && [...needs.get(t)!].every((p) => done.has(p)));
    if (!ready.length) {
      throw new Error(`foreign keys form a cycle among: ${tables.filter((t) => !done.has(t)).join(', ')}`);
    }
    for (const t of ready) {
      order.push(t);
      done.add(t);
    }
  }
  return order;
}

const MOD = 1n << 256n;

/** Passes COPY text through while summing the SHA-256 of each row (one line per row). */
class RowSum extends Transform {
  rows = 0;
  private sum = 0n;
  private rest: Buffer[] = [];

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.rest.push(chunk.subarray(start, nl));
      this.add(Buffer.concat(this.rest));
      this.rest = [];
      start = nl + 1;
    }
    if (start < chunk.length) this.rest.push(chunk.subarray(start));
    this.push(chunk);
    done();
  }

  override _flush(done: (err?: Error) => void): void {
    // COPY ends every row with a newline; anything left over means the stream was cut.
    done(this.rest.length ? new Error('COPY data ended inside a row') : undefined);
  }

  private add(row: Buffer) {
    this.rows += 1;
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(row).digest('hex')}`)) % MOD;
  }

  result(): TableSum {
    return { rows: this.rows, checksum: this.sum.toString(16).padStart(64, '0') };
  }
}

const columnList = (client: pg.Client, t: TableInfo) => t.columns.map((c) => client.escapeIdentifier(c)).join(', ');

/** A table's rows as COPY text: into a gzip file when one is named, else only counted and summed. */
export async function copyOut(client: pg.Client, table: TableInfo, file?: string): Promise<TableSum> {
  const sql = `COPY ${client.escapeIdentifier(table.name)} (${columnList(client, table)}) TO STDOUT`;
  const sum = new RowSum();
  const source = client.query(copyTo(sql));
  if (file) await pipeline(source, sum, createGzip(), createWriteStream(file, { mode: 0o600 }));
  else await pipeline(source, sum, new Writable({ write: (_c, _e, next) => next() }));
  return sum.result();
}

/** Loads a table's rows from a gzip file written by copyOut. */
export async function copyIn(client: pg.Client, table: TableInfo, file: string): Promise<void> {
  const sql = `COPY ${client.escapeIdentifier(table.name)} (${columnList(client, table)}) FROM STDIN`;
  await pipeline(createReadStream(file), createGunzip(), client.query(copyFrom(sql)));
}

/** Every table's row count and checksum, as one snapshot sees them (run it inside one). */
export async function sumTables(client: pg.Client, tables: TableInfo[]): Promise<Record<string, TableSum>> {
  const sums: Record<string, TableSum> = {};
  for (const t of tables) sums[t.name] = await copyOut(client, t);
  return sums;
}
