import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const viteBin = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

const clientDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.dirname(clientDir);
export const clientDist = path.join(clientDir, 'dist');
/** Written after a successful build: a half-written dist/ (a build that failed) never counts as fresh. */
const stamp = path.join(clientDist, '.built');

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Whether client/dist is missing or older than anything it is built from (sources, config, locked deps). */
export function clientIsStale(): boolean {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const inputs = [
    path.join(clientDir, 'src'),
    path.join(clientDir, 'index.html'),
    path.join(clientDir, 'vite.config.ts'),
    path.join(rootDir, 'package-lock.json'),
  ];
  return inputs.some((p) => newestMtime(p) > built);
}

/** Builds the web client when it is stale; returns what it did, for the caller to print. */
export async function ensureClientBuilt({ force = false } = {}): Promise<{ built: boolean; seconds: number }> {
  if (!force && !clientIsStale()) return { built: false, seconds: 0 };
  const started = performance.now();
  // A child process with NODE_ENV=production: a caller's NODE_ENV (vitest sets `test`) would
  // otherwise give a development build of React.
  await run(
    process.execPath,
    [viteBin, 'build', '--config', path.join(clientDir, 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: rootDir,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  writeFileSync(stamp, new Date().toISOString());
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

// `npm start` runs this first (prestart), so a fresh clone serves the app without a manual step.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write('Web client: checking client/dist ...\n');
  ensureClientBuilt({ force: process.argv.includes('--force') }).then(
    ({ built, seconds }) =>
      process.stdout.write(
        built ? `Web client: built into client/dist in ${seconds.toFixed(1)} s\n` : 'Web client: up to date\n',
      ),
    (err: unknown) => {
      process.stderr.write(`Web client: the build failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
