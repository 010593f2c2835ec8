import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor.js';
import { wallClock } from '../../common/time-zones.js';
import { UserInputError } from '../../errors.js';
import { PROJECT_ROOT } from '../../project-root.js';
import type { BlobStore } from '../documents/blob.store.js';
import { Country } from '../organisations/organisation.entity.js';
import { EARK_SCHEMAS, earkPackage } from './archive.eark.js';
import type { ArchiveFormatName, ArchivePackage, JournalChange } from './archive.model.js';
import { NOARK_SCHEMAS, noarkPackage } from './archive.noark.js';
import { zipEntries, zipLength, zipStream } from './archive.zip.js';
import { legalBasis } from './record.bases.js';
import type { CaseScope } from './record.entity.js';
import type { RecordService } from './record.service.js';
import { ARCHIVE_TIME_ZONE, archiveLocale, RECORD_WORDS } from './record.words.js';

/** Where each schema a package carries is found, relative to the shared reference data folder. */
const SCHEMA_FILES: Record<string, string> = {
  ...Object.fromEntries(NOARK_SCHEMAS.map((name) => [name, `noark5/${name}`])),
  ...EARK_SCHEMAS,
};

/**
 * The official schemas come from the shared reference data beside the repository (`../shared`,
 * as for the tests), or ARCHIVE_SCHEMAS_DIR: the project does not copy them into its own tree.
 */
export function findSchemasDir(configured: string | undefined): string | null {
  const fits = (dir: string) => existsSync(path.join(dir, 'noark5')) && existsSync(path.join(dir, 'e-ark'));
  if (configured) return fits(configured) ? path.resolve(configured) : null;
  const candidates: string[] = [];
  for (let dir = PROJECT_ROOT; ; dir = path.dirname(dir)) {
    candidates.push(path.join(path.dirname(dir), 'shared'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push('/work/shared');
  return candidates.find(fits) ?? null;
}

/** The format an authority's archive takes: Noark 5 in Norway, an E-ARK SIP (FGS) in Sweden and elsewhere. */
export const defaultFormat = (country: Country): ArchiveFormatName => (country === Country.NO ? 'noark5' : 'eark');

export interface BuiltArchive {
  pkg: ArchivePackage;
  fileName: string;
  /** The zip's exact length in bytes. */
  length: number;
  exportedAt: Date;
}

/** One authority's archive package of one case: built from its case file, streamed as a zip. */
export class ArchiveService {
  private schemas: Map<string, Buffer> | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly records: RecordService,
    private readonly blobs: BlobStore,
    private readonly schemasDir: string | null,
  ) {}

  async build(actor: Actor, scope: CaseScope, id: string, format?: string | null): Promise<BuiltArchive> {
    const authority = actor.organisation;
    const chosen = format ?? defaultFormat(authority.country);
    if (chosen !== 'noark5' && chosen !== 'eark') throw UserInputError.field('format', 'oneOf', 'noark5 or eark');
    const locale = archiveLocale(authority.country);
    const timeZone = ARCHIVE_TIME_ZONE[authority.country];
    const { caseFile } = await this.records.caseFile(actor, scope, id, locale, timeZone);
    const own = this.records.ownRecords(caseFile, authority.id);
    const ids = own.map((r) => r.record.id);
    const marks = new Map((await this.records.marksOf(authority.id, ids)).map((m) => [m.subjectId, m]));
    const exportedAt = new Date();
    const kase = await this.db.transaction((em) =>
      this.records.ensureCase(em, authority.id, scope, id, wallClock(caseFile.createdAt, timeZone).year),
    );
    const input = {
      caseFile,
      authority,
      records: own.map((r) => {
        const mark = marks.get(r.record.id) ?? null;
        return { ...r, mark, legalBasis: mark ? (legalBasis(authority.country, mark.legalBasis) ?? null) : null };
      }),
      journalChanges: await this.journalChanges(authority.id, ids, locale),
      caseNumber: { year: kase.year, sequence: kase.sequence },
      exportedAt,
      locale,
      timeZone,
      schemas: this.schemaFiles(),
    };
    const pkg = chosen === 'noark5' ? noarkPackage(input) : earkPackage(input);
    const kind = chosen === 'noark5' ? 'Noark 5' : 'E-ARK';
    return {
      pkg,
      fileName: `${kind} - ${caseFile.title} - ${authority.name}.zip`,
      length: zipLength(zipEntries(pkg)),
      exportedAt,
    };
  }

  /** The package's zip, its files read (and checked) as the stream reaches them. */
  async stream(built: BuiltArchive): Promise<Readable> {
    const { stream } = await zipStream(
      built.pkg,
      {
        versionText: async (versionId) =>
          (
            (await this.db.query(`SELECT text FROM document_version WHERE id = $1`, [versionId])) as { text: string }[]
          )[0]?.text ?? '',
        blob: (blobId) => this.blobs.open(blobId),
      },
      built.exportedAt,
    );
    return stream;
  }

  /** The authority's own journal changes (reclassified, moved to a newer version), from the event log. */
  private async journalChanges(organisationId: string, recordIds: string[], locale: keyof typeof RECORD_WORDS) {
    if (!recordIds.length) return [];
    const words = RECORD_WORDS[locale];
    const rows = (await this.db.query(
      `SELECT e.payload, e.created_at, u.display_name FROM event e LEFT JOIN user_account u ON u.id = e.actor_user_id
        WHERE e.scope_type = 'user' AND e.type = 'record.changed'
          AND e.payload->>'organisationId' = $1 AND e.payload->>'subjectId' = ANY($2::text[])
        ORDER BY e.id`,
      [organisationId, recordIds],
    )) as { payload: Record<string, string | number | null>; created_at: Date; display_name: string | null }[];
    const classification = (c: unknown, basis: unknown) =>
      `${words.classification[c as 'PUBLIC' | 'EXEMPT'] ?? String(c)}${basis ? ` (${String(basis)})` : ''}`;
    return rows.flatMap((r): JournalChange[] => {
      const p = r.payload;
      const base = { recordId: String(p.subjectId), at: r.created_at, by: r.display_name ?? '' };
      const out: JournalChange[] = [];
      if (p.classification !== p.previousClassification || p.legalBasis !== p.previousLegalBasis) {
        out.push({
          ...base,
          field: 'skjerming',
          before: classification(p.previousClassification, p.previousLegalBasis),
          after: classification(p.classification, p.legalBasis),
        });
      }
      if (p.documentVersion !== p.previousDocumentVersion) {
        out.push({
          ...base,
          field: 'dokumentobjekt',
          before: `${words.journal.version} ${p.previousDocumentVersion ?? '—'}`,
          after: `${words.journal.version} ${p.documentVersion ?? '—'}`,
        });
      }
      return out;
    });
  }

  private schemaFiles(): Map<string, Buffer> {
    if (this.schemas) return this.schemas;
    if (!this.schemasDir) {
      throw new Error(
        'The archive schemas (noark5/, e-ark/) were not found: set ARCHIVE_SCHEMAS_DIR to the shared folder.',
      );
    }
    const dir = this.schemasDir;
    this.schemas = new Map(
      Object.entries(SCHEMA_FILES).map(([name, file]) => [name, readFileSync(path.join(dir, file))]),
    );
    return this.schemas;
  }
}
