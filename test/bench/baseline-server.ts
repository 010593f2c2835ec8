/**
 * The benchmark's baseline: a bare graphql-ws server with an in-memory bus, one process, no
 * database, no authentication. It shows what fan-out costs on this machine without anything
 * Samverka adds (the event log, PostgreSQL, cross-instance delivery, per-event authorisation).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Repeater } from '@repeaterjs/repeater';
import { buildSchema, execute, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { id: ID!, type: String!, payload: Payload! }
  type Payload { seq: Int! }
  type Mutation { postMessage(body: String!): Int! }
  type Subscription { threadEvents: Event! }
`);

const listeners = new Set<(e: unknown) => void>();
let seq = 0;

const root = {
  postMessage: () => {
    seq += 1;
    const event = { id: String(seq), type: 'message.posted', payload: { seq } };
    for (const l of listeners) l(event);
    return seq;
  },
  threadEvents: () =>
    new Repeater(async (push, stop) => {
      const l = (e: unknown) => void push({ threadEvents: e });
      listeners.add(l);
      await stop;
      listeners.delete(l);
    }),
};

const server = http.createServer(async (req, res) => {
  if (req.method !== 'POST') return void res.writeHead(404).end();
  let body = '';
  for await (const chunk of req) body += chunk;
  const { query, variables } = JSON.parse(body);
  const result = await execute({ schema, document: parse(query), rootValue: root, variableValues: variables });
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
});
useServer({ schema, roots: { subscription: root, mutation: root } }, new WebSocketServer({ server, path: '/graphql' }));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`baseline running at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
