/**
 * The benchmark's floor: a server that speaks just enough of the graphql-ws protocol to be
 * subscribed to, and on each post writes one prepared frame (the same bytes) to every socket. No
 * GraphQL execution, no serialisation per socket: what is left is the cost of the writes, the
 * network stack and the measuring side. A server cannot deliver faster than this on the same
 * machine, and the gap to it is what the server itself costs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const subscribers = new Map<WebSocket, string>();
let seq = 0;

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return void res.writeHead(404).end();
  req.resume();
  req.on('end', () => {
    seq += 1;
    const frames = new Map<string, Buffer>();
    for (const [socket, id] of subscribers) {
      let frame = frames.get(id);
      if (!frame) {
        const event = { id: String(seq), type: 'message.posted', payload: { seq } };
        frame = Buffer.from(JSON.stringify({ id, type: 'next', payload: { data: { threadEvents: event } } }));
        frames.set(id, frame);
      }
      socket.send(frame, { binary: false });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { postMessage: seq } }));
  });
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.type === 'connection_init') socket.send('{"type":"connection_ack"}');
    else if (msg.type === 'subscribe') subscribers.set(socket, msg.id);
    else if (msg.type === 'ping') socket.send('{"type":"pong"}');
  });
  socket.on('close', () => subscribers.delete(socket));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`floor running at http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
