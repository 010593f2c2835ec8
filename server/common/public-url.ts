/**
 * Where users reach Samverka. Every absolute URL the server writes (e-mail links, OCDS, calendar
 * feeds) is built from it, never from a request's `Host` header, which the client controls. Unless
 * PUBLIC_URL is set it is known only once the server listens (`http://localhost:<port>`).
 */
export class PublicUrl {
  private base: string | undefined;

  constructor(configured: string | undefined) {
    this.base = configured;
  }

  /** Sets the default after listening; a configured PUBLIC_URL wins. */
  listening(port: number): void {
    this.base ??= `http://localhost:${port}`;
  }

  get origin(): string {
    if (!this.base) throw new Error('PublicUrl used before the server listens');
    return this.base;
  }

  /** An absolute URL for a path (and optional query) on this site. */
  link(path: string, query: Record<string, string> = {}): string {
    const url = new URL(path, `${this.origin}/`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url.toString();
  }

  get hostname(): string {
    return new URL(this.origin).hostname;
  }
}
