import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** The spreadsheets a procurement offers; the value is the file's name in its URL (`/procurements/<id>/<kind>.<format>`). */
export enum ExportKind {
  HISTORY = 'history',
  VALUES = 'values',
  TENDERS = 'tenders',
}
registerEnumType(ExportKind, {
  name: 'ExportKind',
  description:
    "HISTORY: every event of the procurement (coordinators). VALUES: each authority's stated value per lot, with sums per lot and currency (the group's members). TENDERS: the tenders received per lot, their assessment and award (the buyers).",
});

export enum ExportFormat {
  CSV = 'csv',
  XLSX = 'xlsx',
}
registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description:
    "CSV: UTF-8 with a byte-order mark; `;` and decimal commas for nb and sv users, `,` and decimal points for en. XLSX: an Excel workbook with number and date cells. Both in the user's language and time zone.",
});

@ObjectType({ description: 'A spreadsheet download of a procurement, in the viewer’s language and time zone.' })
export class ExportLink {
  @Field(() => ExportKind)
  kind!: ExportKind;

  @Field(() => ExportFormat)
  format!: ExportFormat;

  @Field(() => String, { description: 'Where to download it (same authentication as the API: token or cookie).' })
  url!: string;
}

export const exportUrl = (procurementId: string, kind: ExportKind, format: ExportFormat) =>
  `/procurements/${procurementId}/${kind}.${format}`;
