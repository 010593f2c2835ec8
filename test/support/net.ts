import { createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1: for a server and an OpenID provider that must
 * name each other's address before either starts (a small race with other processes, taken knowingly).
 */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
