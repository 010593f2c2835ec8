/**
 * The things measured the same way: Samverka (1 to 4 instances on one PostgreSQL), the bare
 * graphql-ws baseline (./baseline-server.ts) and the floor (./floor-server.ts). Each is started fresh for a run and answers the same
 * questions: where subscribers connect, what they subscribe to, how a message is posted (returning
 * its `seq`, the number subscribers see in the event), and which processes are its servers.
 */
import { randomUUID } from 'node:crypto';
import type { SocketTarget } from './protocol.js';
import { spawnServer, stopChild, type Server } from './processes.js';
import { SESSION_SECRET, type World } from './world.js';

export type TargetName = 'floor' | 'baseline' | 'samverka';

export interface Running {
  name: TargetName;
  instances: number;
  servers: Server[];
  /** Subscriber i connects to instance i mod instances, with session i (Samverka). */
  sockets(n: number): SocketTarget[];
  query: string;
  /** Variables for a new subscription round (Samverka: resume after the log's current head). */
  variables(): Promise<Record<string, unknown>>;
  /** Posts one message (to the first instance) and resolves with its seq. */
  post(body: string): Promise<number>;
  stop(): Promise<void>;
}

const wsUrl = (s: Server) => s.url.replace(/^http/, 'ws');

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!json.data || json.errors?.length) throw new Error(`request failed (${res.status}): ${JSON.stringify(json)}`);
  return json.data;
}

export async function startBaseline(o: { profileDir?: string } = {}): Promise<Running> {
  const server = await spawnServer('test/bench/baseline-server.ts', {}, { profileDir: o.profileDir });
  return {
    name: 'baseline',
    instances: 1,
    servers: [server],
    sockets: (n) => Array.from({ length: n }, () => ({ url: wsUrl(server) })),
    query: `subscription { threadEvents { id type payload { seq } } }`,
    variables: async () => ({}),
    post: async (body) =>
      (
        await postJson<{ postMessage: number }>(server.url, {
          query: `mutation($b: String!) { postMessage(body: $b) }`,
          variables: { b: body },
        })
      ).postMessage,
    stop: () => stopChild(server.child),
  };
}

/** The floor (./floor-server.ts): the same bytes written to every socket, nothing else. */
export async function startFloor(): Promise<Running> {
  const server = await spawnServer('test/bench/floor-server.ts', {});
  return {
    name: 'floor',
    instances: 1,
    servers: [server],
    sockets: (n) => Array.from({ length: n }, () => ({ url: wsUrl(server) })),
    query: `subscription { threadEvents { id type payload { seq } } }`,
    variables: async () => ({}),
    post: async (body) => (await postJson<{ postMessage: number }>(server.url, { body })).postMessage,
    stop: () => stopChild(server.child),
  };
}

export function samverkaEnv(world: Pick<World, 'url' | 'dataDir'>, live = true): Record<string, string> {
  return {
    DATABASE_URL: world.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    SESSION_SECRET,
    // Every socket has a session of its own, but 100 of them share a user.
    WS_MAX_CONNECTIONS_PER_USER: '10000',
    LIVE_DELIVERY: live ? '1' : '0',
    DATA_DIR: world.dataDir,
  };
}

export async function startSamverka(
  world: World,
  instances: number,
  o: { live?: boolean; profileDir?: string } = {},
): Promise<Running> {
  const servers = await Promise.all(
    Array.from({ length: instances }, () =>
      spawnServer('server/main.ts', samverkaEnv(world, o.live ?? true), { profileDir: o.profileDir }),
    ),
  );
  const endpoint = servers[0].url;
  return {
    name: 'samverka',
    instances,
    servers,
    sockets: (n) => {
      if (n > world.tokens.length) throw new Error(`only ${world.tokens.length} sessions were made`);
      return Array.from({ length: n }, (_, i) => ({ url: wsUrl(servers[i % instances]), token: world.tokens[i] }));
    },
    query: `subscription($t: ID!, $after: ID) { threadEvents(threadId: $t, after: $after) { id type payload } }`,
    variables: async () => {
      const [{ id }] = (await world.db.query(`SELECT coalesce(max(id), 0) AS id FROM event`)) as { id: string }[];
      return { t: world.threadId, after: String(id) };
    },
    post: async (body) =>
      (
        await postJson<{ postMessage: { seq: number } }>(
          endpoint,
          {
            query: `mutation($input: PostMessageInput!) { postMessage(input: $input) { seq } }`,
            variables: { input: { threadId: world.threadId, body, idempotencyKey: randomUUID() } },
          },
          world.posterToken,
        )
      ).postMessage.seq,
    stop: async () => {
      await Promise.all(servers.map((s) => stopChild(s.child)));
    },
  };
}
