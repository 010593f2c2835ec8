import DataLoader from 'dataloader';
import type { Response } from 'express';
import { jwtVerify, SignJWT } from 'jose';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus } from '../events/bus.js';
import type { EventWriter, RecordEvent } from '../events/event-log.js';
import { UUID } from '../loaders.js';
import type { Organisation } from '../modules/organisations/organisation.entity.js';
import { UserStatus, type User } from '../modules/users/user.entity.js';
import { Session } from './session.entity.js';

export const SESSION_COOKIE = 'samverka_session';

/** Sets the HttpOnly session cookie (sign-in, links from mails, single sign-on). */
export function setSessionCookie(res: Response, session: { token: string; expiresAt: Date }, secure: boolean): void {
  res.cookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: session.expiresAt,
  });
}
const ISSUER = 'samverka';
/** How long a resolved session is kept in memory; revocations evict it at once through the event log. */
const CACHE_MS = 60_000;
const CACHE_MAX = 20_000;

export interface SessionInfo {
  sessionId: string;
  expiresAt: Date;
  user: User;
  organisation: Organisation;
}

/** Where a session was started from, shown to its owner in the list of sessions. */
export interface SessionOrigin {
  ip: string | null;
  userAgent: string | null;
  method: string;
}

/** The ids a `session.revoked` event ends (one, or all of a user's). */
export const revokedSessionIds = (payload: Record<string, unknown>): string[] =>
  Array.isArray(payload.sessionIds) ? payload.sessionIds.map(String) : [];

/**
 * Sessions: a signed JWT (HS256) that names a `session` row. The same verification serves the
 * HTTP `Authorization: Bearer` header, the HttpOnly cookie and the WebSocket `connection_init`.
 *
 * Resolved sessions are cached per instance. Sign-out writes a `session.revoked` event; every
 * instance's bus delivers it and evicts the session, so it stops working everywhere within the bus
 * latency. Sessions not in the cache are read in batches: when an instance restarts, its clients
 * all reconnect at once, and one query per socket made connecting 5,000 sockets take 3x as long
 * as on a bare graphql-ws server (test/bench).
 */
export class SessionService {
  /**
   * The HMAC key, imported once: given raw bytes, jose imports them into WebCrypto on every sign and
   * verify, which was the largest single cost of opening a socket in the benchmark's profile.
   */
  private readonly key: Promise<CryptoKey>;
  private readonly cache = new Map<string, { info: SessionInfo; until: number }>();
  /**
   * Tokens already verified, with the session they name and their expiry: a socket presents its
   * token on connect and again for each subscription. Revocation is still checked each time, by
   * the session cache above (evicted on `session.revoked`) or the database.
   */
  private readonly verified = new Map<string, { sid: unknown; exp: number }>();

  /**
   * Session rows not in the cache, read together: those asked for while the event loop handled
   * one round of I/O (every handshake that arrived with it) go in one query.
   */
  private readonly unread = new DataLoader<string, SessionInfo | null>((sids) => this.read(sids), {
    cache: false,
    maxBatchSize: 500,
    batchScheduleFn: (run) => setImmediate(run),
  });

  /**
   * Counts evictions: a read that overlapped one (a session revoked or a user changed after its
   * query ran) must not cache what it read, or the eviction would be undone.
   */
  private evictions = 0;

  constructor(
    private readonly db: DataSource,
    secret: string,
    private readonly ttlHours: number,
    private readonly events: EventWriter,
    bus: EventBus,
  ) {
    this.key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    bus.onEvent((e) => {
      if (e.type === 'session.revoked') {
        this.evictions++;
        for (const sid of revokedSessionIds(e.payload)) this.cache.delete(sid);
      }
      // A user's name, language, role or status changed (user.updated, user.role_changed,
      // user.suspended ...): drop their cached sessions, so every instance reads the new state.
      if (e.scopeType === 'user' && e.type.startsWith('user.')) {
        this.evictions++;
        for (const [sid, entry] of this.cache) if (entry.info.user.id === e.scopeId) this.cache.delete(sid);
      }
    });
  }

  async create(userId: string, origin: SessionOrigin): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
    const expiresAt = new Date(Date.now() + this.ttlHours * 3600_000);
    const session = await this.db.getRepository(Session).save({
      userId,
      expiresAt,
      revokedAt: null,
      ip: origin.ip?.slice(0, 100) ?? null,
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      method: origin.method,
    });
    const token = await new SignJWT({ sid: session.id })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, expiresAt, sessionId: session.id };
  }

  /** The live session a token names, or null for anything invalid, expired or revoked. */
  async resolve(token: string | undefined): Promise<SessionInfo | null> {
    if (!token) return null;
    const now = Date.now();
    let sid: unknown;
    const known = this.verified.get(token);
    if (known && known.exp > now) sid = known.sid;
    else {
      this.verified.delete(token);
      try {
        const { payload } = await jwtVerify(token, await this.key, { issuer: ISSUER, algorithms: ['HS256'] });
        sid = payload.sid;
        if (this.verified.size >= CACHE_MAX) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { sid, exp: (payload.exp ?? 0) * 1000 });
      } catch {
        return null;
      }
    }
    if (typeof sid !== 'string' || !UUID.test(sid)) return null;
    const cached = this.cache.get(sid);
    if (cached && cached.until > now) return cached.info;
    this.cache.delete(sid);
    return this.unread.load(sid);
  }

  /**
   * Live sessions by id (null for one revoked, expired, of a user no longer active, or unknown),
   * with their user and organisation as they are now, cached.
   */
  private async read(sids: readonly string[]): Promise<(SessionInfo | null)[]> {
    const evictions = this.evictions;
    const rows = await this.db
      .getRepository(Session)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .innerJoinAndSelect('u.organisation', 'o')
      .where('s.id IN (:...sids) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = :active', {
        sids,
        active: UserStatus.ACTIVE,
      })
      .getMany();
    const now = Date.now();
    // A read that overlapped an eviction answers with what it read but caches nothing.
    const settled = evictions === this.evictions;
    const byId = new Map<string, SessionInfo>();
    for (const row of rows) {
      if (!row.user?.organisation) continue;
      const info = { sessionId: row.id, expiresAt: row.expiresAt, user: row.user, organisation: row.user.organisation };
      byId.set(row.id, info);
      if (!settled) continue;
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(row.id, { info, until: Math.min(now + CACHE_MS, row.expiresAt.getTime()) });
    }
    return sids.map((sid) => byId.get(sid) ?? null);
  }

  /** Ends one session of a user (sign-out, or "sign out" on one entry of the list). */
  async revoke(sessionId: string, userId: string): Promise<boolean> {
    this.cache.delete(sessionId);
    return this.events.transaction(async (em, record) => {
      const ended = await this.revokeWhere(em, record, userId, 'id = $2', [sessionId]);
      return ended.length > 0;
    });
  }

  /**
   * Ends every live session of a user but `keep`, in the caller's transaction (suspension, password
   * change, "sign out elsewhere"). The event closes their sockets on every instance.
   */
  async revokeAll(em: EntityManager, record: RecordEvent, userId: string, keep?: string): Promise<string[]> {
    return keep
      ? this.revokeWhere(em, record, userId, 'id <> $2', [keep])
      : this.revokeWhere(em, record, userId, 'TRUE', []);
  }

  private async revokeWhere(
    em: EntityManager,
    record: RecordEvent,
    userId: string,
    where: string,
    params: unknown[],
  ): Promise<string[]> {
    const [rows] = (await em.query(
      `UPDATE session SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND ${where} RETURNING id`,
      [userId, ...params],
    )) as [{ id: string }[], number];
    const sessionIds = rows.map((r) => r.id);
    for (const sid of sessionIds) this.cache.delete(sid);
    if (sessionIds.length) {
      await record({
        scopeType: 'user',
        scopeId: userId,
        groupId: null,
        type: 'session.revoked',
        payload: { sessionIds },
      });
    }
    return sessionIds;
  }

  /** A user's live sessions, newest first. */
  async list(userId: string): Promise<Session[]> {
    return this.db
      .getRepository(Session)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > now()', { userId })
      .orderBy('s.created_at', 'DESC')
      .limit(200)
      .getMany();
  }

  /** Whether the user signed in from this address within 30 days (see SignInThrottle). */
  async knownAddress(userId: string, ip: string): Promise<boolean> {
    const rows = (await this.db.query(
      `SELECT 1 FROM session WHERE user_id = $1 AND ip = $2 AND created_at > now() - interval '30 days' LIMIT 1`,
      [userId, ip],
    )) as unknown[];
    return rows.length > 0;
  }
}
