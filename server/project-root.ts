import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root: the nearest folder above this module whose package.json is Samverka's.
 * Data files, the built web client and the reference data are found from here rather than from
 * the module's own place, which differs between the sources (run by tsx in development and tests)
 * and the built server (one file in server/dist, what `npm start` runs).
 */
function findRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'samverka') {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no Samverka package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

export const PROJECT_ROOT = findRoot();

/** A path inside the checkout, e.g. `fromRoot('client', 'dist')`. */
export const fromRoot = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
