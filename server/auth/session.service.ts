import { jwtVerify, SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import type { EventBus } from '../events/bus.js';
import type { EventWriter } from '../events/event-log.js';
import type { Organisation } from '../modules/organisations/organisation.entity.js';
import { User } from '../modules/users/user.entity.js';
import { Session } from './session.entity.js';

export const SESSION_COOKIE = 'samverka_session';
const ISSUER = 'samverka';
/** How long a resolved session is kept in memory; revocations evict it at once through the event log. */
const CACHE_MS = 60_000;
const CACHE_MAX = 20_000;

export interface SessionInfo {
  sessionId: string;
  user: User;
  organisation: Organisation;
}

/**
 * Sessions: a signed JWT (HS256) that names a `session` row. The same verification serves the
 * HTTP `Authorization: Bearer` header, the HttpOnly cookie and the WebSocket `connection_init`.
 *
 * Resolving a session costs one query (session, user and organisation together), and resolved
 * sessions are cached per instance. Sign-out writes a `session.revoked` event; every instance's
 * bus delivers it and evicts the session, so it stops working everywhere within the bus latency.
 */
export class SessionService {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { info: SessionInfo; until: number }>();

  constructor(
    private readonly db: DataSource,
    secret: string,
    private readonly ttlHours: number,
    private readonly events: EventWriter,
    bus: EventBus,
  ) {
    this.key = new TextEncoder().encode(secret);
    bus.onEvent((e) => {
      if (e.type === 'session.revoked') this.cache.delete(String(e.payload.sessionId));
      // A user's name, language or admin flag may change: drop their cached sessions.
      if (e.type === 'user.updated') {
        for (const [sid, entry] of this.cache) if (entry.info.user.id === e.scopeId) this.cache.delete(sid);
      }
    });
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
    const now = Date.now();
    const cached = this.cache.get(sid);
    if (cached && cached.until > now) return cached.info;
    this.cache.delete(sid);

    const row = await this.db
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .innerJoinAndSelect('u.organisation', 'o')
      .where('s.id = :sid AND s.revoked_at IS NULL AND s.expires_at > now()', { sid })
      .getOne();
    if (!row?.user?.organisation) return null;
    const info = { sessionId: row.id, user: row.user, organisation: row.user.organisation };
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sid, { info, until: Math.min(now + CACHE_MS, row.expiresAt.getTime()) });
    return info;
  }

  async revoke(sessionId: string, userId: string): Promise<void> {
    this.cache.delete(sessionId);
    await this.events.transaction(async (em, record) => {
      const result = await em.getRepository(Session).update({ id: sessionId }, { revokedAt: new Date() });
      if (result.affected) {
        await record({
          scopeType: 'user',
          scopeId: userId,
          groupId: null,
          type: 'session.revoked',
          payload: { sessionId },
        });
      }
    });
  }
}
