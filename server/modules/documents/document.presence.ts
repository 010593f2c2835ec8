import { randomUUID } from 'node:crypto';
import { Repeater } from '@repeaterjs/repeater';
import type { EventBus, Signal } from '../../events/bus.js';

/** Someone with the document open. */
export interface PresentUser {
  userId: string;
  displayName: string;
  editing: boolean;
}

export interface PresenceSnapshot {
  documentId: string;
  present: PresentUser[];
}

interface Entry {
  userId: string;
  displayName: string;
  editing: boolean;
  expires: number;
}

/** Open subscriptions refresh their entry this often; an entry not refreshed for TTL is dropped. */
const HEARTBEAT_MS = 20_000;
const TTL_MS = 60_000;

/**
 * Who has a document open, and who is editing it: ephemeral, never stored. Each open
 * `documentPresence` subscription is one entry, announced to every instance by a signal (NOTIFY),
 * refreshed by a heartbeat and withdrawn when the subscription ends; an instance that dies stops
 * refreshing its entries, and they expire everywhere.
 */
export class PresenceTracker {
  private readonly docs = new Map<string, Map<string, Entry>>();
  private readonly local = new Map<string, { documentId: string; groupId: string; entry: Entry }>();
  private readonly welcomed = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly bus: EventBus) {
    this.timer = setInterval(() => {
      for (const [sid, l] of this.local) void this.announce(sid, l.documentId, l.groupId, l.entry);
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private announce(sid: string, documentId: string, groupId: string, entry: Entry | null): Promise<void> {
    return this.bus.publishSignal({
      topic: `presence:${documentId}`,
      groupId,
      data: entry
        ? { kind: 'here', sid, userId: entry.userId, displayName: entry.displayName, editing: entry.editing }
        : { kind: 'gone', sid },
    });
  }

  private apply(documentId: string, s: Signal): void {
    let entries = this.docs.get(documentId);
    if (!entries) this.docs.set(documentId, (entries = new Map()));
    const d = s.data as { kind: string; sid?: string; userId?: string; displayName?: string; editing?: boolean };
    if (d.kind === 'here' && d.sid && !entries.has(d.sid) && !this.local.has(d.sid)) this.welcome(documentId);
    if (d.kind === 'here' && d.sid) {
      entries.set(d.sid, {
        userId: String(d.userId),
        displayName: String(d.displayName),
        editing: d.editing === true,
        expires: Date.now() + TTL_MS,
      });
    } else if (d.kind === 'gone' && d.sid) entries.delete(d.sid);
    else if (d.kind === 'editing') {
      for (const e of entries.values()) if (e.userId === d.userId) e.editing = d.editing === true;
      for (const l of this.local.values()) {
        if (l.documentId === documentId && l.entry.userId === d.userId) l.entry.editing = d.editing === true;
      }
    }
  }

  /**
   * Someone new opened the document: re-announce this instance's viewers of it so the newcomer
   * sees them now rather than at their next heartbeat (at most once a second per document).
   */
  private welcome(documentId: string): void {
    const now = Date.now();
    if ((this.welcomed.get(documentId) ?? 0) > now - 1000) return;
    this.welcomed.set(documentId, now);
    for (const [sid, l] of this.local) {
      if (l.documentId === documentId) void this.announce(sid, l.documentId, l.groupId, l.entry).catch(() => undefined);
    }
  }

  snapshot(documentId: string): PresenceSnapshot {
    const now = Date.now();
    const entries = this.docs.get(documentId) ?? new Map<string, Entry>();
    const byUser = new Map<string, PresentUser>();
    for (const [sid, e] of entries) {
      if (e.expires < now) {
        entries.delete(sid);
        continue;
      }
      const known = byUser.get(e.userId);
      byUser.set(e.userId, {
        userId: e.userId,
        displayName: e.displayName,
        editing: (known?.editing ?? false) || e.editing,
      });
    }
    return { documentId, present: [...byUser.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)) };
  }

  /** A viewer's subscription: announces them, and yields the document's presence on every change. */
  open(o: {
    documentId: string;
    groupId: string;
    organisationId: string;
    userId: string;
    displayName: string;
  }): AsyncIterable<PresenceSnapshot | { end: Error }> {
    return new Repeater<PresenceSnapshot | { end: Error }>(async (push, stop) => {
      const sid = randomUUID();
      const entry: Entry = { userId: o.userId, displayName: o.displayName, editing: false, expires: Infinity };
      const off = this.bus.subscribeSignals({
        topic: `presence:${o.documentId}`,
        groupId: o.groupId,
        organisationId: o.organisationId,
        deliver: (s) => {
          this.apply(o.documentId, s);
          void push(this.snapshot(o.documentId));
        },
        fail: (error) => {
          void push({ end: error });
          stop();
        },
      });
      this.local.set(sid, { documentId: o.documentId, groupId: o.groupId, entry });
      await this.announce(sid, o.documentId, o.groupId, entry);
      await stop;
      off();
      this.local.delete(sid);
      this.docs.get(o.documentId)?.delete(sid);
      await this.announce(sid, o.documentId, o.groupId, null).catch(() => undefined);
    });
  }

  /** The viewer starts or stops editing the document (on every instance, in every open tab). */
  setEditing(documentId: string, groupId: string, userId: string, editing: boolean): Promise<void> {
    return this.bus.publishSignal({
      topic: `presence:${documentId}`,
      groupId,
      data: { kind: 'editing', userId, editing },
    });
  }
}
