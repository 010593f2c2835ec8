import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppError, ErrorCode } from '../../errors.js';

/** File types a document version may hold, decided from the bytes. */
export const ALLOWED_TYPES: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/plain': ['txt', 'md', 'csv'],
};

export interface StoredBlob {
  id: string;
  size: number;
  sha256: string;
  mediaType: string;
  fileName: string;
}

export class UploadError extends AppError {
  constructor(
    readonly status: number,
    rule: string,
    message: string,
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { field: 'file', rule });
  }
}

const CHUNK = 256 * 1024;

/**
 * Where file bytes live. The default keeps them in PostgreSQL as 256 KB chunks, written as the
 * upload streams in (never the whole file in memory) inside one transaction, so an aborted or
 * refused upload leaves nothing behind. An object store can implement the same two methods.
 */
export interface BlobStore {
  put(
    source: AsyncIterable<Buffer>,
    o: { maxBytes: number; fileName: string; claimedType: string | null; userId: string },
  ): Promise<StoredBlob>;
  open(blobId: string): Readable;
}

function textLike(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, Math.max(0, head.length - 3)));
    return true;
  } catch {
    return false;
  }
}

export class PostgresBlobStore implements BlobStore {
  constructor(private readonly db: DataSource) {}

  async put(
    source: AsyncIterable<Buffer>,
    o: { maxBytes: number; fileName: string; claimedType: string | null; userId: string },
  ): Promise<StoredBlob> {
    return this.db.transaction(async (em) => {
      const [{ id }] = (await em.query(
        `INSERT INTO file_blob (file_name, uploaded_by_user_id) VALUES ($1, $2) RETURNING id`,
        [o.fileName, o.userId],
      )) as { id: string }[];
      const hash = createHash('sha256');
      let size = 0;
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let head = Buffer.alloc(0);
      const flush = async () => {
        if (!pendingBytes) return;
        await em.query(`INSERT INTO file_chunk (blob_id, seq, data) VALUES ($1, $2, $3)`, [
          id,
          seq++,
          Buffer.concat(pending),
        ]);
        pending = [];
        pendingBytes = 0;
      };
      for await (const chunk of source) {
        size += chunk.length;
        if (size > o.maxBytes) {
          throw new UploadError(413, 'maxSize', `The file is larger than the limit of ${o.maxBytes} bytes.`);
        }
        hash.update(chunk);
        if (head.length < 64 * 1024) head = Buffer.concat([head, chunk.subarray(0, 64 * 1024 - head.length)]);
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= CHUNK) await flush();
      }
      await flush();
      if (size === 0) throw new UploadError(400, 'notEmpty', 'The file is empty.');

      // Decided from the bytes: file-type reads the stored chunks back only as far as it needs.
      // Loaded on the first upload (file-type is a large package with its detectors).
      const { fileTypeFromStream } = await import('file-type');
      const stored = this.readChunks(em.query.bind(em), id);
      const detected = await fileTypeFromStream(Readable.toWeb(stored) as ReadableStream<Uint8Array>).finally(() =>
        stored.destroy(),
      );
      let mediaType = detected?.mime as string | undefined;
      if (!mediaType && textLike(head)) mediaType = 'text/plain';
      if (!mediaType || !ALLOWED_TYPES[mediaType]) {
        throw new UploadError(
          415,
          'fileType',
          `This kind of file is not accepted${detected ? ` (${detected.mime})` : ''}. Allowed: PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG and plain text.`,
        );
      }
      const claimed = o.claimedType?.split(';')[0].trim().toLowerCase();
      if (claimed && claimed !== 'application/octet-stream' && claimed !== mediaType) {
        throw new UploadError(415, 'typeMismatch', `The file was sent as ${claimed}, but its content is ${mediaType}.`);
      }
      const extension = o.fileName.includes('.') ? o.fileName.split('.').pop()!.toLowerCase() : '';
      if (extension && !ALLOWED_TYPES[mediaType].includes(extension)) {
        throw new UploadError(
          415,
          'typeMismatch',
          `The file name ends in .${extension}, but its content is ${mediaType}.`,
        );
      }
      const sha256 = hash.digest('hex');
      await em.query(`UPDATE file_blob SET size = $2, sha256 = $3, media_type = $4, status = 'READY' WHERE id = $1`, [
        id,
        size,
        sha256,
        mediaType,
      ]);
      return { id, size, sha256, mediaType, fileName: o.fileName };
    });
  }

  private readChunks(query: (sql: string, params: unknown[]) => Promise<unknown>, blobId: string): Readable {
    let seq = 0;
    return new Readable({
      async read() {
        try {
          const rows = (await query(`SELECT data FROM file_chunk WHERE blob_id = $1 AND seq = $2`, [
            blobId,
            seq++,
          ])) as {
            data: Buffer;
          }[];
          this.push(rows.length ? rows[0].data : null);
        } catch (err) {
          this.destroy(err as Error);
        }
      },
    });
  }

  /** The bytes of a stored file, read chunk by chunk. */
  open(blobId: string): Readable {
    return this.readChunks((sql, params) => this.db.query(sql, params), blobId);
  }
}
