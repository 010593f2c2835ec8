import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ArchivePackage, FileSource, PackageFile } from './archive.model.js';

/**
 * An archive package as one zip, streamed with its length known before the first byte: a large
 * export shows its progress in the browser's own download bar (and in the client's), nothing is
 * buffered on the server, and any instance can serve it (no job, no temporary file).
 *
 * Every entry is STORED (documents are mostly compressed already, and a stored entry's size in the
 * zip is its own size), streamed, and dated at the export, so the zip's length follows from the
 * entries' names and sizes alone (`zipLength`, the layout zip-stream writes: a local header, the
 * data and a data descriptor per entry, then the central directory). The stream checks every file's
 * size and SHA-256 as it passes and fails rather than send a package whose checksums would lie.
 */

const LOCAL_HEADER = 30;
const DATA_DESCRIPTOR = 16;
const DATA_DESCRIPTOR_64 = 24;
const CENTRAL_HEADER = 46;
const CENTRAL_ZIP64_EXTRA = 28;
const END_OF_CENTRAL_DIRECTORY = 22;
const ZIP64_END = 56 + 20;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;

export interface ZipEntry {
  name: string;
  size: number;
}

/** The exact length of the zip zip-stream writes for these stored, streamed entries, in this order. */
export function zipLength(entries: ZipEntry[]): number {
  let offset = 0;
  let central = 0;
  for (const e of entries) {
    const name = Buffer.byteLength(e.name);
    const zip64 = e.size > MAX_32;
    const at = offset;
    offset += LOCAL_HEADER + name + e.size + (zip64 ? DATA_DESCRIPTOR_64 : DATA_DESCRIPTOR);
    central += CENTRAL_HEADER + name + (zip64 || at > MAX_32 ? CENTRAL_ZIP64_EXTRA : 0);
  }
  const zip64 = entries.length > MAX_16 || central > MAX_32 || offset > MAX_32;
  return offset + central + (zip64 ? ZIP64_END : 0) + END_OF_CENTRAL_DIRECTORY;
}

export const zipEntries = (pkg: ArchivePackage): ZipEntry[] =>
  pkg.files.map((f) => ({ name: `${pkg.root}/${f.path}`, size: f.size }));

/** Where the bytes of a file that is not made in memory come from. */
export interface ContentReader {
  versionText(versionId: string): Promise<string>;
  blob(blobId: string): Readable;
}

/** The file's bytes, opened only when the zip reaches it, checked against its size and SHA-256. */
function checkedStream(file: PackageFile, reader: ContentReader): Readable {
  async function* bytes(source: FileSource): AsyncGenerator<Buffer> {
    if (source.kind === 'bytes') yield source.bytes;
    else if (source.kind === 'versionText') yield Buffer.from(await reader.versionText(source.versionId), 'utf8');
    else for await (const chunk of reader.blob(source.blobId)) yield chunk as Buffer;
  }
  async function* checked(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of bytes(file.source)) {
      hash.update(chunk);
      size += chunk.length;
      if (size > file.size) break;
      yield chunk;
    }
    const digest = hash.digest('hex');
    if (size !== file.size || digest !== file.sha256) {
      throw new Error(
        `${file.path}: ${size} bytes with SHA-256 ${digest}, but the package says ${file.size} and ${file.sha256}`,
      );
    }
  }
  return Readable.from(checked(), { objectMode: false });
}

/** The package as a zip stream; `length` is what it will add up to (`zipLength`). */
export async function zipStream(
  pkg: ArchivePackage,
  reader: ContentReader,
  date: Date,
): Promise<{ stream: Readable; length: number }> {
  // Loaded on the first archive: a rare request, and archiver is a large package.
  const { ZipArchive } = await import('archiver');
  const zip = new ZipArchive({ store: true });
  for (const file of pkg.files) {
    zip.append(checkedStream(file, reader), { name: `${pkg.root}/${file.path}`, date, store: true });
  }
  void zip.finalize();
  return { stream: zip, length: zipLength(zipEntries(pkg)) };
}
