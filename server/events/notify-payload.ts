import type { EventRecord } from './event.entity.js';

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; keep a margin for the envelope. */
export const MAX_PAYLOAD_BYTES = 7900;

/**
 * What one NOTIFY on the events channel carries: the sending instance (`i`, so it ignores its own),
 * committed events (`e`), and `u`, the highest id of events it committed but could not carry (too
 * large): a receiver reads those from the log. An empty or unreadable payload is a bare wake-up.
 */
export interface EventNotice {
  from: string | null;
  events: EventRecord[];
  /** Read the log: events were committed that this notice does not carry (up to `readUpTo` when known). */
  readLog: boolean;
  readUpTo: number | null;
}

type Packed = [
  id: number,
  scopeType: string,
  scopeId: string,
  groupId: string | null,
  type: string,
  isPublic: 0 | 1,
  actorUserId: string | null,
  actorOrganisationId: string | null,
  payload: Record<string, unknown>,
  createdAt: number,
];

const pack = (e: EventRecord): Packed => [
  e.id,
  e.scopeType,
  e.scopeId,
  e.groupId,
  e.type,
  e.public ? 1 : 0,
  e.actorUserId,
  e.actorOrganisationId,
  e.payload,
  e.createdAt.getTime(),
];

const unpack = (p: Packed): EventRecord => ({
  id: p[0],
  scopeType: p[1],
  scopeId: p[2],
  groupId: p[3],
  type: p[4],
  public: p[5] === 1,
  actorUserId: p[6],
  actorOrganisationId: p[7],
  payload: p[8],
  createdAt: new Date(p[9]),
});

/** How every payload of an instance's `encodeNotices` begins. */
export const noticeEnvelope = (from: string) => `{"i":${JSON.stringify(from)}`;

/**
 * The payloads announcing `events` (in id order), each under PostgreSQL's limit: as many events
 * per payload as fit; an event too large for any payload is announced by its id alone (`u`).
 */
export function encodeNotices(from: string, events: EventRecord[], max = MAX_PAYLOAD_BYTES): string[] {
  const head = `${noticeEnvelope(from)},"e":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = Buffer.byteLength(head) + 2;
  let uncarried: number | null = null;
  const flush = (last: boolean) => {
    if (!parts.length && (uncarried === null || !last)) return;
    const tail = last && uncarried !== null ? `],"u":${uncarried}}` : ']}';
    payloads.push(head + parts.join(',') + tail);
    parts = [];
    size = Buffer.byteLength(head) + 2;
  };
  for (const e of events) {
    const json = JSON.stringify(pack(e));
    const bytes = Buffer.byteLength(json) + 1;
    // Room for the tail with an id: `],"u":<up to 16 digits>}`.
    if (Buffer.byteLength(head) + bytes + 24 > max) {
      uncarried = Math.max(uncarried ?? 0, e.id);
      continue;
    }
    if (size + bytes + 24 > max) flush(false);
    parts.push(json);
    size += bytes;
  }
  flush(true);
  return payloads;
}

/** Reads a payload of `encodeNotices` (anything else is a wake-up: read the log). */
export function decodeNotice(payload: string | undefined): EventNotice {
  const wake: EventNotice = { from: null, events: [], readLog: true, readUpTo: null };
  if (!payload) return wake;
  try {
    const v = JSON.parse(payload) as { i?: unknown; e?: unknown; u?: unknown };
    if (typeof v.i !== 'string' || !Array.isArray(v.e)) return wake;
    return {
      from: v.i,
      events: (v.e as Packed[]).map(unpack),
      readLog: typeof v.u === 'number',
      readUpTo: typeof v.u === 'number' ? v.u : null,
    };
  } catch {
    return wake;
  }
}
