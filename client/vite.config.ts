import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The server `npm run dev` proxies to; another one with SAMVERKA_API=http://host:port. */
const api = process.env.SAMVERKA_API ?? 'http://localhost:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    port: 5173,
    // Same origin as in production, so the session cookie and the WebSocket work unchanged.
    proxy: {
      '/graphql': { target: api, ws: true },
      '/uploads': api,
      '/documents': api,
      '/dialogue': api,
      '/ocds': api,
      '/procurements': api,
      // Single sign-on redirects and the development outbox (mail links point at PUBLIC_URL, this server).
      '/auth': api,
      '/dev': api,
    },
  },
});
