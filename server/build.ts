import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = path.dirname(fileURLToPath(import.meta.url));
/** What `npm start` runs: the server as one JavaScript file, its packages loaded from node_modules. */
export const serverBundle = path.join(serverDir, 'dist', 'main.mjs');

/**
 * Compiles the server ahead of time, as esbuild would through tsx (the same tsconfig: legacy
 * decorators, types spelled out in them), into one file with its packages left external.
 * Transpiling at run time costs a production server memory for good: measured with no socket
 * open, 247 MiB RSS under `node --import tsx` (a loader thread, every module's transformed
 * source and source map kept) against 173 MiB for this bundle under plain `node`. The bundle
 * has a source map beside it; `NODE_OPTIONS=--enable-source-maps` makes stack traces name the
 * TypeScript lines, at a cost in memory (every package's maps are read too).
 */
export async function buildServer(): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  const bytes = await bundle(path.join(serverDir, 'main.ts'), serverBundle);
  return { seconds: (performance.now() - started) / 1000, bytes };
}

/**
 * Compiles one entry point and what it imports from the project into `outfile` (packages stay
 * external), with its source map beside it; returns the bundle's size in bytes. The benchmark
 * compiles its baseline servers with it too, so both sides run alike.
 */
export async function bundle(entry: string, outfile: string): Promise<number> {
  const { outputFiles } = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    sourcesContent: false,
    tsconfig: path.join(path.dirname(serverDir), 'tsconfig.json'),
    logLevel: 'warning',
    write: false,
  });
  // Each file is written whole under another name and renamed: several `npm start` may build at
  // once (one DATA_DIR, several instances), and a server must never load a half-written bundle.
  mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return outputFiles.find((f) => f.path === outfile)?.contents.length ?? 0;
}

// `npm start` runs this first (prestart): the bundle is always rebuilt, in about a second.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServer().then(
    ({ seconds, bytes }) =>
      process.stdout.write(
        `Server: built into server/dist in ${seconds.toFixed(1)} s (${Math.round(bytes / 1024)} KiB)\n`,
      ),
    (err: unknown) => {
      process.stderr.write(`Server: the build failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
