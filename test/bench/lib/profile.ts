/**
 * Where a server's CPU time goes: the V8 CPU profiles its processes wrote (`node --cpu-prof`),
 * cut to the measured window (the profiles stamp samples with the same monotonic clock as the
 * benchmark, in microseconds) and summed over the processes of one side.
 *
 * Time is counted where it is spent (self time) and attributed to a package: a built-in or Node's
 * own code (JSON, a socket write) counts for the nearest caller of a package, so `JSON.stringify`
 * called by graphql-ws counts for graphql-ws, and a socket write started by `ws` counts for `ws`.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/*
 * The servers run compiled (one bundle each, test/bench/lib/processes.ts): their frames are
 * mapped back through the bundle's source map to the TypeScript file and line they came from.
 */
const sourceMaps = new Map<string, SourceMap | null>();

function original(f: CallFrame): CallFrame {
  if (!f.url.startsWith('file:') || !f.url.endsWith('.mjs') || f.url.includes('/node_modules/')) return f;
  let map = sourceMaps.get(f.url);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(f.url)}.map`, 'utf8')) as never);
    } catch {
      map = null;
    }
    sourceMaps.set(f.url, map);
  }
  const entry = map?.findEntry(f.lineNumber, f.columnNumber);
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return f;
  return { ...f, url: new URL(entry.originalSource, f.url).href, lineNumber: entry.originalLine };
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  files: number;
  /** Samples in the window (all processes), and the CPU ms they stand for. */
  samples: number;
  busyMs: number;
  /** Share of busy (non-idle) time, by package, largest first. */
  byPackage: { name: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  topFunctions: { name: string; where: string; ms: number; share: number }[];
  /** The server's own functions (server/, the baseline's file) with the most time spent in them and their callees. */
  topOwnInclusive: { name: string; where: string; ms: number; share: number }[];
}

/** The package (or area) a source file belongs to. */
function packageOf(url: string): string | undefined {
  if (!url) return undefined;
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return `node (${url.slice(5).split('/')[0]})`;
  if (url.includes('/server/')) return `samverka server/${url.split('/server/')[1].split('/')[0].replace(/\.ts$/, '')}`;
  if (url.includes('/test/bench/')) return 'baseline server';
  return path.basename(url);
}

/** The project's own code, for inclusive times. */
const OWN_CODE = /^(?!.*node_modules).*\/(server|test\/bench)\/[^/]/;

/** File and line; for the project's own files the file alone. */
const where = (f: CallFrame) =>
  !f.url
    ? '(native)'
    : OWN_CODE.test(f.url)
      ? f.url.replace(/^file:\/\/.*?\/(server|test)\//, '$1/')
      : `${f.url.replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}`;

export async function summariseProfiles(dir: string, fromMs: number, toMs: number): Promise<ProfileSummary> {
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread.
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  let samples = 0;
  let busyUs = 0;
  for (const file of files) {
    const p = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, { ...n, callFrame: original(n.callFrame) }]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const pkgCache = new Map<number, string>();
    // The nearest frame of a package (not Node's own code, not native) up the stack, else the nearest of Node's.
    const pkg = (id: number, nodeFallback?: string): string => {
      const n = nodes.get(id)!;
      const { functionName, url } = n.callFrame;
      if (/^\((idle|program|garbage collector)\)$/.test(functionName)) return functionName;
      const own = packageOf(url);
      if (own && !url.startsWith('node:')) return own;
      const cached = pkgCache.get(id);
      if (cached) return cached;
      const up = parent.get(id);
      const fallback = nodeFallback ?? own;
      const result = up !== undefined ? pkg(up, fallback) : (fallback ?? '(native)');
      if (!nodeFallback) pkgCache.set(id, result);
      return result;
    };
    let t = p.startTime;
    for (let i = 0; i < p.samples.length; i++) {
      t += p.timeDeltas[i];
      const at = t / 1000;
      if (at < fromMs || at > toMs) continue;
      // A sample stands for the time until the next one.
      const us = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0;
      const node = nodes.get(p.samples[i])!;
      const name = pkg(node.id);
      samples += 1;
      if (name === '(idle)') continue;
      busyUs += us;
      byPackage.set(name, (byPackage.get(name) ?? 0) + us);
      const fn = node.callFrame.functionName || '(anonymous)';
      const key = `${fn} ${where(node.callFrame)}`;
      const f = byFunction.get(key) ?? { name: fn, where: where(node.callFrame), us: 0 };
      f.us += us;
      byFunction.set(key, f);
      // Inclusive time of the server's own functions: each counted once per sample, however deep.
      const counted = new Set<string>();
      for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
        const cf = nodes.get(id)!.callFrame;
        if (!OWN_CODE.test(cf.url)) continue;
        const k = `${cf.functionName || '(anonymous)'} ${where(cf)}`;
        if (counted.has(k)) continue;
        counted.add(k);
        const g = inclusive.get(k) ?? { name: cf.functionName || '(anonymous)', where: where(cf), us: 0 };
        g.us += us;
        inclusive.set(k, g);
      }
    }
  }
  const share = (us: number) => (busyUs ? us / busyUs : 0);
  const top = (m: Map<string, { name: string; where: string; us: number }>) =>
    [...m.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 15)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, share: share(f.us) }));
  return {
    files: files.length,
    samples,
    busyMs: busyUs / 1000,
    byPackage: [...byPackage]
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) }))
      .sort((a, b) => b.ms - a.ms),
    topFunctions: top(byFunction),
    topOwnInclusive: top(inclusive),
  };
}
