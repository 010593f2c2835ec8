import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webClientRoutes } from '../server/web-client.js';

/** The web client's routes in front of a stand-in for the API, on a fixture build. */
let dir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  // Under a dot-directory, as a checkout may be (send refuses such paths unless told otherwise).
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'samverka-dist-')), '.checkout', 'dist');
  await mkdir(path.join(dir, 'assets'), { recursive: true });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  const app = express();
  app.use(webClientRoutes(dir));
  app.use((req, res) => res.status(418).send(`api ${req.path}`));
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(path.resolve(dir, '../..'), { recursive: true, force: true });
});

const get = (p: string, accept = 'text/html') => fetch(`${base}${p}`, { headers: { accept } });

describe('web client serving', () => {
  it('answers client routes with index.html, uncached and with a CSP', async () => {
    for (const p of [
      '/',
      '/groups/123/threads/456',
      '/groups/1/procurements/2',
      '/market-dialogues/3',
      '/needs/1',
      '/search?q=x',
    ]) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      expect(await res.text()).toContain('<title>app</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('never shadows the API, health, metrics, uploads, downloads or OCDS paths', async () => {
    for (const p of [
      '/graphql',
      '/healthz',
      '/readyz',
      '/metrics',
      '/uploads',
      '/documents/1/versions/2/content',
      '/auth/oidc/entra/start',
      '/dev/outbox',
      '/ocds/releases/x',
    ]) {
      const res = await get(p);
      expect(await res.text(), p).toBe(`api ${p}`);
    }
  });

  it('leaves requests that do not ask for HTML, and other methods, to the API', async () => {
    expect(await (await get('/groups/1', 'application/json')).text()).toBe('api /groups/1');
    expect(await (await fetch(`${base}/groups/1`, { method: 'POST', headers: { accept: 'text/html' } })).text()).toBe(
      'api /groups/1',
    );
  });

  it('serves hashed assets for a year and a missing one as a plain 404', async () => {
    const ok = await get('/assets/app-abc123.js', '*/*');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toContain('immutable');
    const missing = await get('/assets/app-old999.js', '*/*');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not found');
  });

  it('says the client is not built when there is no index.html', async () => {
    await rm(path.join(dir, 'index.html'));
    const res = await get('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build/);
  });
});
