import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { exactSum, fixed } from '../../common/money.js';
import {
  amount,
  dateTime,
  defineSheet,
  emphasised,
  integer,
  renderSheet,
  text,
  type Reader,
  type RowOf,
  type Sheet,
} from '../../common/spreadsheet.js';
import { isTimeZone, localDateTime } from '../../common/time-zones.js';
import type { TenderStatus } from '../contracts/contract.entity.js';
import { DEFAULT_TIME_ZONE } from '../users/user.entity.js';
import { exportWords, wordFor, type ExportWords } from './export.words.js';
import { ExportFormat, ExportKind, exportUrl, type ExportLink } from './export.types.js';
import { describeEvent, type Phrasing } from './history.words.js';
import { loadHistory } from './procurement.history.js';
import { MandateStatus, ProcurementPhase, type Procurement } from './procurement.entity.js';
import { procurementPolicy, type ProcurementSubject } from './procurement.policy.js';
import type { ProcurementService } from './procurement.service.js';

/** What an export is built from: the procurement, who reads it, and the words in their language. */
export interface ExportInput {
  procurement: Procurement;
  reader: Reader;
  words: ExportWords;
}

interface ExportDefinition {
  /** Who may download it: a rule of the procurement policy (its refusal says `what`). */
  rule: 'read' | 'readAsCoordinator';
  what: string;
  build(db: DataSource, input: ExportInput): Promise<Sheet>;
}

/**
 * The procurement's spreadsheets, one entry per ExportKind (so a new kind without a builder fails
 * the type check). A new export is a kind, its words in export.words.ts, and a builder returning a
 * `defineSheet(...)`; the route, the GraphQL links, CSV and XLSX come with it.
 */
const EXPORTS: Record<ExportKind, ExportDefinition> = {
  // The full audit trail names who did what: the coordinators', like `history` in GraphQL.
  [ExportKind.HISTORY]: { rule: 'readAsCoordinator', what: "export a procurement's history", build: historySheet },
  // The same figures every member reads on the procurement (Lot.values, estimatedValue).
  [ExportKind.VALUES]: { rule: 'read', what: "export a procurement's stated values", build: valuesSheet },
  // The buyers read tenders on the procurement (Lot.tenders); suppliers never reach this route.
  [ExportKind.TENDERS]: { rule: 'read', what: "export a procurement's tenders", build: tendersSheet },
};

interface TenderRow {
  lot_number: number;
  lot_title: string;
  supplier: string;
  organisation_number: string;
  received_at: Date;
  status: TenderStatus;
  rejection_reason: string | null;
  amount: string | null;
  currency: string | null;
  awarded: boolean;
}

/** The tenders per lot as they arrived: supplier, time, assessment, price, and whether it won. */
async function tendersSheet(db: DataSource, { procurement, words }: ExportInput): Promise<Sheet> {
  const rows = (await db.query(
    `SELECT l.number AS lot_number, l.title AS lot_title, o.name AS supplier, o.organisation_number,
            t.received_at, t.status, t.rejection_reason, t.amount::text AS amount, t.currency::text AS currency,
            EXISTS (SELECT 1 FROM procurement_award a WHERE a.lot_id = t.lot_id AND t.supplier_id = ANY(a.supplier_ids)) AS awarded
     FROM procurement_tender t
     JOIN procurement_lot l ON l.id = t.lot_id
     JOIN organisation o ON o.id = t.supplier_id
     WHERE t.procurement_id = $1
     ORDER BY l.number, t.received_at, t.id`,
    [procurement.id],
  )) as TenderRow[];
  const w = words.tenders;
  return defineSheet(
    w.title,
    {
      lot: integer(w.lot),
      lotTitle: text(w.lotTitle),
      supplier: text(w.supplier),
      organisationNumber: text(w.organisationNumber),
      received: dateTime(w.received),
      status: text(w.status),
      reason: text(w.reason),
      amount: amount(w.amount),
      currency: text(w.currency),
      awarded: text(w.awarded),
    },
    rows.map((r) => ({
      lot: r.lot_number,
      lotTitle: r.lot_title,
      supplier: r.supplier,
      organisationNumber: r.organisation_number,
      received: r.received_at,
      status: words.tenderStatus[r.status],
      reason: r.rejection_reason,
      amount: r.amount,
      currency: r.currency,
      awarded: r.awarded ? w.yes : null,
    })),
  );
}

/** A moment in a description ("questions until ..."): minutes in the reader's zone, like the time column. */
const momentIn = (timeZone: string) => (value: unknown) => {
  const at = typeof value === 'string' || value instanceof Date ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? localDateTime(at, timeZone).slice(0, 16) : String(value ?? '');
};

const phrasing = (words: ExportWords, reader: Reader, subject: string): Phrasing => ({
  subject,
  phase: (v) => wordFor(words.phase, v),
  milestone: (v) => wordFor(words.milestone, v),
  outcome: (v) => wordFor(words.outcome, v),
  measurement: (v) => wordFor(words.measurement, v),
  field: (v) => wordFor(words.procurementField, v),
  time: momentIn(reader.timeZone),
});

/** Every event, oldest first, with the phase the procurement was in after it. */
async function historySheet(db: DataSource, { procurement, reader, words }: ExportInput): Promise<Sheet> {
  const { entries } = await loadHistory(db, procurement.id, 0, null);
  const w = words.history;
  let phase: string = ProcurementPhase.ANCHORING;
  return defineSheet(
    w.title,
    {
      event: integer(w.event),
      time: dateTime(w.time),
      phase: text(w.phase),
      who: text(w.who),
      organisation: text(w.organisation),
      type: text(w.type),
      what: text(w.what),
    },
    entries.map((e) => {
      if (e.type === 'procurement.phase_changed') phase = String(e.payload.to);
      return {
        event: Number(e.id),
        time: e.at,
        phase: wordFor(words.phase, phase),
        who: e.actorName,
        organisation: e.actorOrganisationName,
        // The event's code stays as it is: a stable key to filter on, in any language.
        type: e.type,
        what: describeEvent(
          reader.locale,
          e.type,
          e.payload,
          phrasing(words, reader, e.subjectOrganisationName ?? words.anAuthority),
        ),
      };
    }),
  );
}

interface ValueRow {
  lot_number: number;
  organisation_id: string | null;
  lot_title: string;
  organisation_name: string | null;
  organisation_number: string | null;
  mandate_status: MandateStatus | null;
  amount: string | null;
  currency: string | null;
}

/**
 * Each authority's stated value per lot, then the lot's sum per currency; the grand total per
 * currency at the end. Sums count what `estimatedValue` counts: participants that have not
 * withdrawn (a withdrawn one's row stays, marked by its mandate).
 */
async function valuesSheet(db: DataSource, { procurement, reader, words }: ExportInput): Promise<Sheet> {
  const rows = (await db.query(
    `SELECT l.number AS lot_number, l.title AS lot_title, o.id AS organisation_id, o.name AS organisation_name,
            o.organisation_number, p.mandate_status, v.amount::text AS amount, v.currency::text AS currency
     FROM procurement_lot l
     LEFT JOIN procurement_lot_value v ON v.lot_id = l.id
     LEFT JOIN organisation o ON o.id = v.organisation_id
     LEFT JOIN procurement_participant p ON p.procurement_id = l.procurement_id AND p.organisation_id = v.organisation_id
     WHERE l.procurement_id = $1
     ORDER BY l.number`,
    [procurement.id],
  )) as ValueRow[];
  const w = words.values;
  const columns = {
    lot: integer(w.lot),
    lotTitle: text(w.lotTitle),
    authority: text(w.authority),
    organisationNumber: text(w.organisationNumber),
    mandate: text(w.mandate),
    amount: amount(w.amount),
    currency: text(w.currency),
  };
  type Row = RowOf<typeof columns>;
  // Authorities in the reader's alphabet (å after z in Swedish and Norwegian, with æ and ø before it in Norwegian).
  const collator = new Intl.Collator(reader.locale);
  const empty = (lot: number | null, title: string | null): Row => ({
    lot,
    lotTitle: title,
    authority: null,
    organisationNumber: null,
    mandate: null,
    amount: null,
    currency: null,
  });
  const counted = (r: ValueRow) => r.mandate_status !== null && r.mandate_status !== MandateStatus.WITHDRAWN;
  const sumRows = (lot: number | null, title: string | null, values: ValueRow[], label: (n: number) => string) => {
    const byCurrency = new Map<string, ValueRow[]>();
    for (const v of values.filter(counted)) byCurrency.set(v.currency!, [...(byCurrency.get(v.currency!) ?? []), v]);
    if (!byCurrency.size) {
      return [emphasised<typeof columns>({ ...empty(lot, title), authority: label(0) })];
    }
    return [...byCurrency.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, vs]) =>
        emphasised<typeof columns>({
          ...empty(lot, title),
          authority: label(new Set(vs.map((v) => v.organisation_id)).size),
          amount: fixed(exactSum(vs.map((v) => v.amount!)), 2),
          currency,
        }),
      );
  };

  const lots = new Map<number, { title: string; values: ValueRow[] }>();
  for (const r of rows) {
    const lot = lots.get(r.lot_number) ?? { title: r.lot_title, values: [] };
    if (r.amount !== null) lot.values.push(r);
    lots.set(r.lot_number, lot);
  }
  const out: Row[] = [];
  for (const [number, lot] of lots) {
    lot.values.sort((a, b) => collator.compare(a.organisation_name ?? '', b.organisation_name ?? ''));
    for (const v of lot.values) {
      out.push({
        lot: number,
        lotTitle: lot.title,
        authority: v.organisation_name,
        organisationNumber: v.organisation_number,
        mandate: v.mandate_status ? wordFor(words.mandate, v.mandate_status) : null,
        amount: v.amount,
        currency: v.currency,
      });
    }
    out.push(...sumRows(number, lot.title, lot.values, w.lotSum));
  }
  // Authorities are counted once over all lots.
  const all = [...lots.values()].flatMap((l) => l.values);
  out.push(...sumRows(null, null, all, w.total));
  return defineSheet(w.title, columns, out);
}

/** A file name every system accepts: no path or reserved characters, not too long. */
const safeFileName = (name: string) =>
  name
    .replace(/[\\/:*?"<>|]|\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
    .trim();

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** "Historikk - Skoleskyss 2027.xlsx": the sheet's title and the procurement's, in the reader's language. */
  fileName: string;
}

/** The reader of an export: the user's language and time zone. */
export const readerOf = (actor: Actor): Reader => ({
  locale: actor.user.locale,
  timeZone: isTimeZone(actor.user.timeZone) ? actor.user.timeZone : DEFAULT_TIME_ZONE,
});

/** A procurement's spreadsheets (GET /procurements/<id>/<kind>.<format>), in the reader's language and time zone. */
export class ExportService {
  constructor(
    private readonly db: DataSource,
    private readonly procurements: ProcurementService,
  ) {}

  async download(actor: Actor, procurementId: string, kind: ExportKind, format: ExportFormat): Promise<ExportFile> {
    const definition = EXPORTS[kind];
    // NOT_FOUND for anyone who may not read the procurement (outsiders, suppliers), as everywhere.
    const access = await this.procurements.access(actor, procurementId);
    procurementPolicy.authorize(actor, definition.rule, access, definition.what);
    const reader = readerOf(actor);
    const words = exportWords(reader.locale);
    const sheet = await definition.build(this.db, { procurement: access.procurement, reader, words });
    const file = await renderSheet(sheet, format, reader);
    return {
      body: file.body,
      contentType: file.contentType,
      fileName: `${safeFileName(`${sheet.title} - ${access.procurement.title}`) || sheet.title}.${file.extension}`,
    };
  }
}

/** The downloads the actor may fetch, for the `exports` field: each kind its rule allows, in each format. */
export const exportLinks = (actor: Actor, subject: ProcurementSubject): ExportLink[] =>
  (Object.keys(EXPORTS) as ExportKind[])
    .filter((kind) => procurementPolicy.can(actor, EXPORTS[kind].rule, subject))
    .flatMap((kind) =>
      [ExportFormat.CSV, ExportFormat.XLSX].map((format) => ({
        kind,
        format,
        url: exportUrl(subject.procurement.id, kind, format),
      })),
    );

/** The kind and format a file name in an export URL names ("history.csv"), or null. */
export function parseExportFile(file: string): { kind: ExportKind; format: ExportFormat } | null {
  const m = /^([a-z-]+)\.([a-z]+)$/.exec(file);
  if (!m) return null;
  const kind = Object.values(ExportKind).find((k) => k === m[1]);
  const format = Object.values(ExportFormat).find((f) => f === m[2]);
  return kind && format ? { kind, format } : null;
}
