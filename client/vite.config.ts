import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: clientDir,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      // The realtime socket; the server sees the dev server's origin, so list it in REALTIME_ALLOWED_ORIGINS.
      '/connection/websocket': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
