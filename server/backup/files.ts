import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The files of DATA_DIR that belong in a backup: everything but the embedded cluster itself (its
 * contents are in the database dump) and what belongs to that one cluster (its password, its port).
 * Today that is the generated session secret and the outbox's .eml files; uploaded documents are
 * in PostgreSQL (file_blob, file_chunk), so they come with the database.
 */
export interface FileEntry {
  /** Relative to DATA_DIR, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
  mode: number;
}

/** DATA_DIR's own entries that stay out: the cluster, its scratch directories, password and port. */
const skipTopLevel = (name: string) =>
  name === 'pg' || name.startsWith('pg.') || name === 'pg-password' || name === 'pg-port';

async function walk(dir: string, rel: string, skip: Set<string>, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    if (!rel && skipTopLevel(e.name)) continue;
    if (skip.has(await realpath(full).catch(() => full))) continue;
    if (e.isDirectory()) await walk(full, relPath, skip, out);
    else if (e.isFile()) out.push(relPath);
  }
}

/** Copies a file while hashing what passes, so the checksum is of the bytes written. */
async function copyHashed(from: string, to: string, mode: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, next) {
      hash.update(chunk);
      size += chunk.length;
      next(null, chunk);
    },
  });
  await mkdir(path.dirname(to), { recursive: true });
  await pipeline(createReadStream(from), tap, createWriteStream(to, { mode }));
  return { size, sha256: hash.digest('hex') };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Copies DATA_DIR's files into `into`, leaving out `exclude` (e.g. the backup being written). */
export async function backupFiles(dataDir: string, into: string, exclude: string[]): Promise<FileEntry[]> {
  const skip = new Set(await Promise.all(exclude.map((p) => realpath(p).catch(() => path.resolve(p)))));
  const paths: string[] = [];
  await walk(path.resolve(dataDir), '', skip, paths);
  const entries: FileEntry[] = [];
  for (const rel of paths.sort()) {
    const from = path.join(dataDir, ...rel.split('/'));
    // A file the server removed since the listing (a mail file sent and cleared) is simply not there.
    const mode = (await stat(from).catch(() => undefined))?.mode;
    if (mode === undefined) continue;
    const copied = await copyHashed(from, path.join(into, ...rel.split('/')), mode & 0o777).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      },
    );
    if (copied) entries.push({ path: rel, mode: mode & 0o777, ...copied });
  }
  return entries;
}

/**
 * Refuses before anything is written when a file of the backup is damaged, or is already in
 * DATA_DIR with other contents (a restore never overwrites); the same contents are fine.
 */
export async function checkFilesFit(entries: FileEntry[], from: string, dataDir: string): Promise<void> {
  for (const e of entries) {
    const copy = path.join(from, ...e.path.split('/'));
    if ((await sha256File(copy).catch(() => '')) !== e.sha256) {
      throw new Error(`the backup's copy of ${e.path} is missing or damaged (its checksum differs from the manifest)`);
    }
  }
  const clashes: string[] = [];
  for (const e of entries) {
    const target = path.join(dataDir, ...e.path.split('/'));
    if (existsSync(target) && (await sha256File(target)) !== e.sha256) clashes.push(e.path);
  }
  if (clashes.length) {
    throw new Error(`DATA_DIR already holds other versions of: ${clashes.join(', ')}. Restore into a new DATA_DIR.`);
  }
}

/** Copies the backup's files into DATA_DIR, each checked against the manifest as it is written. */
export async function restoreFiles(entries: FileEntry[], from: string, dataDir: string): Promise<void> {
  for (const e of entries) {
    const target = path.join(dataDir, ...e.path.split('/'));
    if (existsSync(target)) continue;
    const draft = `${target}.restoring`;
    const copied = await copyHashed(path.join(from, ...e.path.split('/')), draft, e.mode);
    if (copied.sha256 !== e.sha256 || copied.size !== e.size) {
      await rm(draft, { force: true });
      throw new Error(`the backup's copy of ${e.path} is damaged (its checksum differs from the manifest)`);
    }
    await rename(draft, target);
  }
}
