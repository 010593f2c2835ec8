import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import type { Locale } from '../modules/users/user.entity.js';
import { localDateTime, wallClockAsUtc } from './time-zones.js';

/*
 * One sheet, two files: a table with typed columns becomes a CSV or an XLSX that opens as it should
 * in the spreadsheet of the person downloading it (Excel, LibreOffice, Numbers in nb, sv or en).
 *
 * An export builds a `Sheet` (headers already in the reader's language) and hands it to `renderSheet`
 * with the reader's locale and time zone:
 *
 *   const sheet = defineSheet('Tilbud', {
 *     lot: integer('Delkontrakt'), supplier: text('Leverandør'), received: dateTime('Mottatt'),
 *     value: amount('Verdi'), currency: text('Valuta'),
 *   }, tenders.map((t) => ({ lot: t.lotNumber, supplier: t.name, received: t.receivedAt, value: t.amount, currency: t.currency })));
 *   const file = await renderSheet(sheet, 'xlsx', { locale, timeZone });
 *
 * CSV: Nordic spreadsheets expect `;` between fields (the comma is their decimal sign) and read a
 * file as UTF-8 only after a byte-order mark (otherwise "Skåne" shows as "SkÃ¥ne"). So nb and sv get
 * `;` and decimal commas, en gets `,` and decimal points, and every locale gets the BOM: Excel in
 * English needs it just as much, and csv-parse, Python's utf-8-sig and LibreOffice skip it.
 * Times are wall-clock times in the reader's zone (named in the header), as `YYYY-MM-DD HH:mm:ss`,
 * which every spreadsheet reads as a date and time whatever its locale.
 *
 * XLSX: real number cells for amounts and integers, real date cells (the wall clock in the reader's
 * zone: a spreadsheet date has no zone), the header row bold and frozen with a filter, widths from
 * the content.
 */

/** What a column holds, and so how each file writes it. */
export type ColumnKind = 'text' | 'integer' | 'amount' | 'date' | 'dateTime';

/** The value a cell of each kind takes: amounts as exact decimal strings ("1234.50"), dates as YYYY-MM-DD. */
interface CellValue {
  text: string;
  integer: number;
  amount: string;
  date: string;
  dateTime: Date;
}

export interface Column<K extends ColumnKind = ColumnKind> {
  kind: K;
  /** In the reader's language; a date-time column's header is followed by the time zone. */
  header: string;
}

export const text = (header: string): Column<'text'> => ({ kind: 'text', header });
export const integer = (header: string): Column<'integer'> => ({ kind: 'integer', header });
/** A decimal amount (money): exact in the CSV, a number cell with two decimals in the XLSX. */
export const amount = (header: string): Column<'amount'> => ({ kind: 'amount', header });
/** A calendar date without a time (YYYY-MM-DD), the same in every zone. */
export const date = (header: string): Column<'date'> => ({ kind: 'date', header });
/** A moment, shown in the reader's time zone. */
export const dateTime = (header: string): Column<'dateTime'> => ({ kind: 'dateTime', header });

/** The columns by key, in the order they appear. */
export type Columns = Record<string, Column>;

/** Marks a row to stand out (bold in the XLSX): sums and totals. */
export const EMPHASIS: unique symbol = Symbol('emphasis');

/** One row: a value (or null for an empty cell) for each column, typed by the column's kind. */
export type RowOf<C extends Columns> = { [K in keyof C]: CellValue[C[K]['kind']] | null } & { [EMPHASIS]?: true };

export interface Sheet<C extends Columns = Columns> {
  /** The worksheet's name (shortened to what XLSX allows). */
  title: string;
  columns: C;
  rows: RowOf<C>[];
}

/** A sheet whose rows are checked against its columns by the type checker. */
export const defineSheet = <C extends Columns>(title: string, columns: C, rows: RowOf<C>[]): Sheet<C> => ({
  title,
  columns,
  rows,
});

/** A row that stands out (a sum). */
export const emphasised = <C extends Columns>(row: RowOf<C>): RowOf<C> => ({ ...row, [EMPHASIS]: true });

export type SheetFormat = 'csv' | 'xlsx';

export interface Reader {
  locale: Locale;
  /** IANA name, e.g. Europe/Stockholm. */
  timeZone: string;
}

export interface RenderedSheet {
  body: Buffer;
  contentType: string;
  extension: SheetFormat;
}

export const CONTENT_TYPES: Record<SheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The sheet as a file of `format` for `reader`. */
export async function renderSheet(sheet: Sheet, format: SheetFormat, reader: Reader): Promise<RenderedSheet> {
  const body = format === 'csv' ? toCsv(sheet, reader) : await toXlsx(sheet, reader);
  return { body, contentType: CONTENT_TYPES[format], extension: format };
}

// ---- CSV ----

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * A spreadsheet runs a cell that starts with =, +, - or @ (or a tab or carriage return before one)
 * as a formula (CSV injection, OWASP): such text gets a leading apostrophe, which spreadsheets show
 * as plain text. Only text cells: numbers and times are written by us, never taken from users.
 */
export const spreadsheetSafe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Whether the reader's spreadsheet uses the comma as decimal sign (and so `;` between fields). */
const decimalComma = (locale: Locale) => locale !== 'en';

const headerOf = (column: Column, reader: Reader) =>
  column.kind === 'dateTime' ? `${column.header} (${reader.timeZone})` : column.header;

function csvCell(kind: ColumnKind, value: CellValue[ColumnKind] | null, reader: Reader): string {
  if (value === null) return '';
  switch (kind) {
    case 'text':
      return spreadsheetSafe(value as string);
    case 'integer':
      return String(value as number);
    case 'amount': {
      const s = value as string;
      if (!DECIMAL.test(s)) throw new Error(`spreadsheet: ${s} is not a decimal amount`);
      return decimalComma(reader.locale) ? s.replace('.', ',') : s;
    }
    case 'date':
      return value as string;
    case 'dateTime':
      return localDateTime(value as Date, reader.timeZone);
  }
}

export function toCsv(sheet: Sheet, reader: Reader): Buffer {
  const keys = Object.keys(sheet.columns);
  const records = [
    keys.map((k) => headerOf(sheet.columns[k], reader)),
    ...sheet.rows.map((row) => keys.map((k) => csvCell(sheet.columns[k].kind, row[k], reader))),
  ];
  const csv = stringify(records, {
    delimiter: decimalComma(reader.locale) ? ';' : ',',
    // RFC 4180's line end; every spreadsheet also reads a bare LF, some importers only CRLF.
    record_delimiter: 'windows',
  });
  return Buffer.concat([BOM, Buffer.from(csv, 'utf8')]);
}

// ---- XLSX ----

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  integer: '0',
  // The format code's separators are placeholders: the spreadsheet shows the reader's own.
  amount: '#,##0.00',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm:ss',
};

/** XLSX worksheet names: at most 31 characters, none of []:*?/\ and no apostrophe at either end. */
export const worksheetName = (title: string): string =>
  title
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, 31) || 'Sheet';

function xlsxCell(kind: ColumnKind, value: CellValue[ColumnKind] | null, reader: Reader): ExcelJS.CellValue {
  if (value === null) return null;
  switch (kind) {
    case 'text':
      // A string cell is never evaluated as a formula, so the CSV's apostrophe is not needed here.
      return value as string;
    case 'integer':
      return value as number;
    case 'amount': {
      const s = value as string;
      if (!DECIMAL.test(s)) throw new Error(`spreadsheet: ${s} is not a decimal amount`);
      // A spreadsheet number is a double (15 significant digits in Excel): every amount below 10^13
      // reads back to the same cent, which covers any public procurement; the CSV stays exact.
      return Number(s);
    }
    case 'date':
      return new Date(`${value as string}T00:00:00Z`);
    case 'dateTime':
      return wallClockAsUtc(value as Date, reader.timeZone);
  }
}

/** How wide a cell's text shows, in characters, for the column widths. */
function shownWidth(kind: ColumnKind, value: CellValue[ColumnKind] | null): number {
  if (value === null) return 0;
  switch (kind) {
    case 'text':
      return Math.max(...(value as string).split('\n').map((line) => line.length));
    case 'integer':
      return String(value).length;
    case 'amount':
      // Digits, grouping separators and the decimals.
      return Math.ceil(((value as string).split('.')[0].length * 4) / 3) + 3;
    case 'date':
      return 10;
    case 'dateTime':
      return 19;
  }
}

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

export async function toXlsx(sheet: Sheet, reader: Reader): Promise<Buffer> {
  // Loaded on the first XLSX asked for: ExcelJS is among the largest packages, and most servers
  // rarely export (see server/build.ts on a server's memory).
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Samverka';
  workbook.created = new Date();
  const keys = Object.keys(sheet.columns);
  const worksheet = workbook.addWorksheet(worksheetName(sheet.title), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
  });
  worksheet.columns = keys.map((k) => {
    const column = sheet.columns[k];
    const header = headerOf(column, reader);
    const widest = Math.max(header.length, ...sheet.rows.map((row) => shownWidth(column.kind, row[k])));
    return { header, key: k, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2)) };
  });
  const headerRow = worksheet.getRow(1);
  headerRow.font = { bold: true };
  headerRow.alignment = { vertical: 'top', wrapText: true };
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: keys.length } };

  for (const row of sheet.rows) {
    const added = worksheet.addRow(keys.map((k) => xlsxCell(sheet.columns[k].kind, row[k], reader)));
    keys.forEach((k, i) => {
      const cell = added.getCell(i + 1);
      const kind = sheet.columns[k].kind;
      const numFmt = NUMBER_FORMATS[kind];
      if (numFmt) cell.numFmt = numFmt;
      if (kind === 'text') cell.alignment = { vertical: 'top', wrapText: true };
      if (row[EMPHASIS]) cell.font = { bold: true };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
