/** How far a download has come: bytes received of the length the server announced (0 if it did not). */
export interface Progress {
  received: number;
  total: number;
}

/**
 * Downloads a file with the session cookie, reporting its progress as the bytes arrive (the server
 * announces an archive package's exact length before its first byte), then hands it to the browser
 * to save under `fileName`. Throws when the download fails or is cut off before its announced end.
 */
export async function downloadWithProgress(
  url: string,
  fileName: string,
  onProgress: (p: Progress) => void,
): Promise<void> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok || !res.body) throw new Error(`download failed: ${res.status}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress({ received, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress({ received, total });
  }
  if (total && received !== total) throw new Error(`download cut off at ${received} of ${total} bytes`);
  const href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? '' }));
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
