/** The answer of POST /uploads, whose `uploadId` goes to `addFileVersion`. */
export interface Uploaded {
  uploadId: string;
  size: number;
  sha256: string;
  mediaType: string;
  fileName: string;
}

export class UploadFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * Sends a file's bytes to /uploads with the session cookie. The custom header is the server's
 * CSRF guard (a cross-site form cannot send it); the name travels URI-encoded in X-File-Name.
 */
export async function uploadFile(file: File): Promise<Uploaded> {
  const res = await fetch('/uploads', {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'x-samverka-upload': '1',
      'x-file-name': encodeURIComponent(file.name),
      'content-type': file.type || 'application/octet-stream',
    },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as
    (Uploaded & { error?: undefined }) | { error: { code: string; message: string } } | null;
  if (!res.ok || !body || body.error) {
    throw new UploadFailed(body?.error?.message ?? res.statusText, res.status, body?.error?.code);
  }
  return body as Uploaded;
}
