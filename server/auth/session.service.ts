import { jwtVerify, SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { IsNull, MoreThan } from 'typeorm';
import { User } from '../modules/users/user.entity.js';
import { Session } from './session.entity.js';

export const SESSION_COOKIE = 'samverka_session';
const ISSUER = 'samverka';

export interface SessionInfo {
  sessionId: string;
  user: User;
}

/**
 * Sessions: a signed JWT (HS256) that names a `session` row. The same verification serves the
 * HTTP `Authorization: Bearer` header, the HttpOnly cookie and the WebSocket `connection_init`.
 */
export class SessionService {
  private readonly key: Uint8Array;

  constructor(
    private readonly db: DataSource,
    secret: string,
    private readonly ttlHours: number,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async create(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    const session = await this.db.getRepository(Session).save({ userId, expiresAt, revokedAt: null });
    const token = await new SignJWT({ sid: session.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The live session a token names, or null for anything invalid, expired or revoked. */
  async resolve(token: string | undefined): Promise<SessionInfo | null> {
    if (!token) return null;
    let sid: unknown;
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      sid = payload.sid;
    } catch {
      return null;
    }
    if (typeof sid !== 'string') return null;
    const session = await this.db.getRepository(Session).findOne({
      where: { id: sid, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      relations: { user: true },
    });
    return session?.user ? { sessionId: session.id, user: session.user } : null;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.getRepository(Session).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
