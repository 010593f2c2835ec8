import { createHash } from 'node:crypto';
import type { Organisation } from '../organisations/organisation.entity.js';
import type { Locale } from '../users/user.entity.js';
import type { CaseContent, CaseFile, CaseRecord } from './record.casefile.js';
import type { RecordDirection, RecordMark } from './record.entity.js';
import type { LegalBasis } from './record.bases.js';

/**
 * What both archive formats are written from: one authority's part of a case file (only the
 * records it sent, received or made internally), its marks, and its case number. And what they
 * write: files, each with its size and SHA-256 known before the package streams.
 */
export interface AuthorityRecord {
  record: CaseRecord;
  direction: RecordDirection;
  /** The authority's own mark (journal entry), or null when it did not mark the record. */
  mark: RecordMark | null;
  legalBasis: LegalBasis | null;
}

/** A change of the authority's own journal (a record reclassified, or moved to a newer document version). */
export interface JournalChange {
  recordId: string;
  at: Date;
  by: string;
  field: string;
  before: string;
  after: string;
}

export interface ArchiveInput {
  caseFile: CaseFile;
  authority: Organisation;
  records: AuthorityRecord[];
  journalChanges: JournalChange[];
  caseNumber: { year: number; sequence: number };
  exportedAt: Date;
  locale: Locale;
  timeZone: string;
  /** The official schema files, by name (arkivstruktur.xsd, mets.xsd ...), to put beside the XML. */
  schemas: Map<string, Buffer>;
}

export type FileSource =
  { kind: 'bytes'; bytes: Buffer } | { kind: 'versionText'; versionId: string } | { kind: 'blob'; blobId: string };

export interface PackageFile {
  /** Path inside the package's root folder, with `/`. */
  path: string;
  size: number;
  sha256: string;
  mediaType: string;
  createdAt: Date;
  source: FileSource;
}

export interface ArchivePackage {
  format: ArchiveFormatName;
  /** The root folder inside the zip (the package's id). */
  root: string;
  files: PackageFile[];
}

export type ArchiveFormatName = 'noark5' | 'eark';

export const sha256Hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file of bytes made while writing the package (XML, a schema). */
export const madeFile = (path: string, bytes: Buffer, mediaType: string, createdAt: Date): PackageFile => ({
  path,
  size: bytes.length,
  sha256: sha256Hex(bytes),
  mediaType,
  createdAt,
  source: { kind: 'bytes', bytes },
});

/** A record's content as a file at `folder/<id>.<extension>`. */
export const contentFile = (folder: string, c: CaseContent): PackageFile => ({
  path: `${folder}/${c.id}.${c.extension}`,
  size: c.size,
  sha256: c.sha256,
  mediaType: c.mediaType,
  createdAt: c.createdAt,
  source: c.body.kind === 'bytes' ? { kind: 'bytes', bytes: c.body.bytes } : c.body,
});

/** Characters XML 1.0 cannot hold (controls, lone surrogates, U+FFFE/F) become U+FFFD, so any user text can be written. */
export const xmlSafe = (text: string): string =>
  text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
