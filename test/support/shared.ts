import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's reference data (OCDS schemas and codelists, the CPV list) lives in `shared/` beside
 * the repository and is read from there, never copied in. A clone elsewhere names it with
 * SAMVERKA_SHARED_DIR; otherwise the folders above the repository are searched, then /work/shared.
 */
function findShared(): string {
  const fromEnv = process.env.SAMVERKA_SHARED_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  const candidates = [];
  for (let dir = path.dirname(path.resolve(repo)); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, 'shared'));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push('/work/shared');
  const found = candidates.find((c) => existsSync(path.join(c, 'ocds')) && existsSync(path.join(c, 'cpv')));
  if (!found) {
    throw new Error(
      `The shared reference data (ocds/, cpv/) was not found in ${candidates.join(', ')}; set SAMVERKA_SHARED_DIR.`,
    );
  }
  return found;
}

export const SHARED_DIR = findShared();
export const sharedPath = (...parts: string[]) => path.join(SHARED_DIR, ...parts);
