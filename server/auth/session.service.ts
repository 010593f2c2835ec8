import type { Response } from 'express';
import { createSigner, createVerifier } from 'fast-jwt';
import type { DataSource, EntityManager } from 'typeorm';
import type { EventBus } from '../events/bus.js';
import type { EventWriter, RecordEvent } from '../events/event-log.js';
import { burstReader } from '../common/burst.js';
import { EntityRows } from '../common/entity-rows.js';
import { UUID } from '../loaders.js';
import { Organisation } from '../modules/organisations/organisation.entity.js';
import { User, UserStatus } from '../modules/users/user.entity.js';
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
   * HS256 with node:crypto, synchronously. jose's WebCrypto verify cost about 50 µs of the event
   * loop per token and an async crypto job on top: 10% of the CPU of 5,000 sockets connecting at
   * once in the benchmark's profile (fast-jwt: about 14 µs).
   */
  private readonly sign: (payload: Record<string, unknown>) => string;
  private readonly verify: (token: string) => { sid?: unknown; exp?: number };
  private readonly cache = new Map<string, { info: SessionInfo; until: number }>();
  /**
   * Tokens already verified, with the session they name and their expiry: a socket presents its
   * token on connect and again for each subscription. Revocation is still checked each time, by
   * the session cache above (evicted on `session.revoked`) or the database.
   */
  private readonly verified = new Map<string, { sid: unknown; exp: number }>();

  /**
   * Session rows not in the cache, read together (burstReader): those asked for while a read runs
   * (every handshake that arrives meanwhile) go in the next query.
   */
  private readonly unread = burstReader<SessionInfo>((sids) => this.read(sids));

  /**
   * Counts evictions: a read that overlapped one (a session revoked or a user changed after its
   * query ran) must not cache what it read, or the eviction would be undone.
   */
  private evictions = 0;

  /** The session, its user and their organisation, in one row (see EntityRows). */
  private readonly rows: [EntityRows<Session>, EntityRows<User>, EntityRows<Organisation>];

  constructor(
    private readonly db: DataSource,
    secret: string,
    private readonly ttlHours: number,
    private readonly events: EventWriter,
    bus: EventBus,
  ) {
    this.rows = [
      new EntityRows(db, Session, 's'),
      new EntityRows(db, User, 'u'),
      new EntityRows(db, Organisation, 'o'),
    ];
    this.sign = createSigner({ key: secret, algorithm: 'HS256', iss: ISSUER });
    // Its cache would keep tokens without the `verified` map's bound; the map does that job.
    this.verify = createVerifier({ key: secret, algorithms: ['HS256'], allowedIss: ISSUER, cache: false });
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
    const token = this.sign({ sid: session.id, sub: userId, exp: Math.floor(expiresAt.getTime() / 1000) });
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
        const payload = this.verify(token);
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
    return this.unread(sid);
  }

  /**
   * Live sessions by id (none for one revoked, expired, of a user no longer active, or unknown),
   * with their user and organisation as they are now, cached.
   */
  private async read(sids: readonly string[]): Promise<Map<string, SessionInfo>> {
    const evictions = this.evictions;
    const [s, u, o] = this.rows;
    const rows = (await this.db.query(
      `SELECT ${s.select}, ${u.select}, ${o.select}
         FROM ${s.table} JOIN ${u.table} ON u.id = s.user_id JOIN ${o.table} ON o.id = u.organisation_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = $2`,
      [sids, UserStatus.ACTIVE],
    )) as Record<string, unknown>[];
    const now = Date.now();
    // A read that overlapped an eviction answers with what it read but caches nothing.
    const settled = evictions === this.evictions;
    const byId = new Map<string, SessionInfo>();
    for (const row of rows) {
      const session = s.from(row);
      const organisation = o.from(row);
      const user = Object.assign(u.from(row), { organisation });
      const info = { sessionId: session.id, expiresAt: session.expiresAt, user, organisation };
      byId.set(session.id, info);
      if (!settled) continue;
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(session.id, { info, until: Math.min(now + CACHE_MS, session.expiresAt.getTime()) });
    }
    return byId;
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
