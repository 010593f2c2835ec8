import { createHash, randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { deflateSync } from 'node:zlib';

/**
 * Files for the upload tests: real PNG, PDF and JPEG bytes, bytes that no detector knows, large
 * text streams made as they are read; and a sampler of the memory the process holds while one passes.
 */

export const MB = 1024 * 1024;

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real 2x2 RGB PNG. */
export function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const pdf = (words = 'Kravspesifikasjon') =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${words}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );

export const jpeg = () =>
  Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    randomBytes(64),
    Buffer.from([0xff, 0xd9]),
  ]);

export const exe = () =>
  Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), randomBytes(512)]);

/** Bytes no detector knows and that are not text (a NUL early on). */
export const binary = () => Buffer.concat([Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x13]), randomBytes(2048)]);

/** A ReadableStream of `total` text bytes in 64 KB chunks made as they are pulled; `hash` sees every byte. */
export function textStream(total: number, hash?: ReturnType<typeof createHash>): ReadableStream<Uint8Array> {
  let sent = 0;
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const size = Math.min(64 * 1024, total - sent);
      const line = `Linje ${n++} av et stort vedlegg, æøå.\n`;
      const chunk = Buffer.alloc(size, line, 'utf8');
      // Never cut a multi-byte character at the end of a chunk: pad the tail with ASCII.
      chunk.fill('.', Math.max(0, size - 8));
      chunk[size - 1] = 0x0a;
      hash?.update(chunk);
      sent += size;
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
  });
}

/** V8's collector, exposed at run time (the server runs in this process, so this sees its memory too). */
export function collector(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * Samples `process.memoryUsage().arrayBuffers` every 2 ms. Node Buffers are ArrayBuffers, and V8
 * frees dead ones only when it collects, which it may put off until tens of MB of garbage have
 * piled up (measured: 30-47 MB while merely draining a 40 MB request). So a full collection runs
 * every 25 ms and the samples taken right after one give the bytes actually held (`livePeak`);
 * `rawPeak` is reported for information.
 */
export async function memorySampler() {
  const gc = collector();
  // Dead buffers are released by a background sweeper shortly after a collection: settle first,
  // and take the lowest reading as the baseline (the conservative choice).
  let baseline = Infinity;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 5));
    baseline = Math.min(baseline, process.memoryUsage().arrayBuffers);
  }
  let rawPeak = baseline;
  let livePeak = baseline;
  let lastGc = performance.now();
  let collections = 0;
  let swept = false;
  const timer = setInterval(() => {
    const raw = process.memoryUsage().arrayBuffers;
    if (raw > rawPeak) rawPeak = raw;
    // The first sample after a collection (one tick later, once the sweeper has released what died).
    if (swept && raw > livePeak) livePeak = raw;
    swept = false;
    if (performance.now() - lastGc >= 25) {
      gc();
      collections++;
      lastGc = performance.now();
      swept = true;
    }
  }, 2);
  return {
    stop() {
      clearInterval(timer);
      return { baseline, rawGrowth: rawPeak - baseline, liveGrowth: livePeak - baseline, collections };
    },
  };
}
