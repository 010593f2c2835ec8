/**
 * Loads the CPV 2008 code list into the database:
 *   npm run import:cpv -- <file.csv>
 * The file has a header line with the columns `code` and `title` (English); codes are written with
 * or without their check digit (34121000 or 34121000-1). Every line is checked first; the valid
 * ones are then inserted or updated in one transaction, and a summary names each rejected line.
 * Running it again changes nothing. The database is the application's: DATABASE_URL, else the
 * embedded PostgreSQL in DATA_DIR (see app-database.ts).
 */
import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { parse } from 'csv-parse';
import { cpvDigits } from '../common/cpv.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { CpvService, type CpvRow } from '../modules/cpv/cpv.service.js';
import { openAppDatabase } from './app-database.js';

interface Rejected {
  line: number;
  reason: string;
}

/** At most this many rejected lines are listed one by one; a wrong file should not flood the terminal. */
const LISTED_REJECTIONS = 100;

class ImportError extends Error {}

const show = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** Reads and checks every line; nothing is written yet. */
async function readCsv(file: string): Promise<{ rows: CpvRow[]; rejected: Rejected[]; read: number }> {
  const content = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new ImportError(`${file}: no such file`);
    if (err.code === 'EISDIR') throw new ImportError(`${file}: is a directory, not a CSV file`);
    throw err;
  });
  const parser = parse(content, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true });
  const rows: CpvRow[] = [];
  const rejected: Rejected[] = [];
  const lineOf = new Map<string, number>();
  let header: { code: number; title: number; width: number } | undefined;
  // Line numbers come from byte offsets: csv-parse's own line count is off after a quoted CRLF.
  let offset = 0;
  let lineAtOffset = 1;
  const newlines = (from: number, to: number) => {
    let count = 0;
    for (let i = from; i < to; i++) if (content[i] === 0x0a) count += 1;
    return count;
  };
  let read = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      let start = offset;
      // Skipped empty lines come before the record.
      while (start < info.bytes && (content[start] === 0x0a || content[start] === 0x0d)) start += 1;
      const line = lineAtOffset + newlines(offset, start);
      lineAtOffset = line + newlines(start, info.bytes);
      offset = info.bytes;
      if (!header) {
        const names = record.map((name) => name.trim().toLowerCase());
        const code = names.indexOf('code');
        const title = names.indexOf('title');
        if (code < 0 || title < 0) {
          throw new ImportError(
            `line ${line}: expected a header line naming the columns code and title, found ${show(record.join(','))}`,
          );
        }
        header = { code, title, width: record.length };
        continue;
      }
      read += 1;
      const reject = (reason: string) => rejected.push({ line, reason });
      if (record.length !== header.width) {
        reject(`expected ${header.width} fields like the header, found ${record.length}`);
        continue;
      }
      const rawCode = record[header.code].trim();
      const title = record[header.title].trim().replace(/\s+/g, ' ');
      const code = cpvDigits(rawCode);
      if (!code) {
        reject(`code ${show(rawCode)} is not a CPV code: expected 8 digits, optionally followed by -N`);
      } else if (code.startsWith('00')) {
        // Divisions run from 03 to 98; a code in "division 00" is a broken line, not a code.
        reject(`code ${show(rawCode)} is not a CPV code: there is no division 00`);
      } else if (!title) {
        reject(`code ${code} has an empty title`);
      } else if (cpvDigits(title)) {
        reject(`code ${code} has a CPV code as its title (${show(title)}): are the columns shifted?`);
      } else if (lineOf.has(code)) {
        reject(`code ${code} already appears on line ${lineOf.get(code)}`);
      } else {
        lineOf.set(code, line);
        rows.push({ code, title });
      }
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as { code?: string; message: string };
    if (e.code?.startsWith('CSV_')) throw new ImportError(`${file} is not readable CSV: ${e.message}`);
    throw err;
  }
  return { rows, rejected, read };
}

const n = (value: number) => value.toLocaleString('en');

async function main(arg: string | undefined): Promise<number> {
  if (!arg) {
    process.stderr.write('usage: npm run import:cpv -- <file.csv>   (columns: code,title)\n');
    return 2;
  }
  // npm runs scripts in the package's folder; a relative path means one from where npm was called.
  const file = path.resolve(process.env.INIT_CWD ?? '.', arg);
  const config = loadConfig();
  // Only problems go to the log here; the summary is the output.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');

  const { rows, rejected, read } = await readCsv(file);
  const rejections = () => {
    if (!rejected.length) return [];
    return [
      ...rejected.slice(0, LISTED_REJECTIONS).map((r) => `    line ${r.line}: ${r.reason}`),
      ...(rejected.length > LISTED_REJECTIONS ? [`    … and ${n(rejected.length - LISTED_REJECTIONS)} more`] : []),
    ];
  };
  if (!rows.length) {
    process.stdout.write(
      [`CPV import from ${file}: ${n(read)} rows read`, `  rejected   ${n(rejected.length)}`, ...rejections()].join(
        '\n',
      ) + '\n',
    );
    throw new ImportError(`${file} has no valid rows: nothing imported.`);
  }

  const database = await openAppDatabase(config, log);
  try {
    const bar = new cliProgress.SingleBar(
      { format: 'CPV codes |{bar}| {value}/{total}', hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(rows.length, 0);
    const result = await new CpvService(database.db).import(rows, (done) => bar.update(done)).finally(() => bar.stop());
    const lines = [
      `CPV import from ${file} into ${database.where}: ${n(read)} rows read`,
      `  inserted   ${n(result.inserted)}`,
      `  updated    ${n(result.updated)} (title changed)`,
      `  unchanged  ${n(result.unchanged)}`,
      `  rejected   ${n(rejected.length)}`,
      ...rejections(),
    ];
    if (result.notInFile)
      lines.push(`  ${n(result.notInFile)} codes already in the database are not in this file; they are kept.`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`${err instanceof ImportError || err instanceof ConfigError ? err.message : err.stack}\n`);
    process.exit(1);
  },
);
