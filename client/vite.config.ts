import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));

/** No emitted script may be bigger (kB minified, as vite reports sizes): the build fails past it. */
const CHUNK_LIMIT_KB = 500;

/** Vite only warns about big chunks; this fails the build instead, naming them, so a regression can't ship. */
function chunkSizeLimit(limitKb: number): Plugin {
  return {
    name: 'chunk-size-limit',
    apply: 'build',
    generateBundle(_options, bundle) {
      const tooBig = Object.values(bundle)
        .filter((output) => output.type === 'chunk')
        .map((chunk) => ({ name: chunk.fileName, kb: Buffer.byteLength(chunk.code) / 1000 }))
        .filter((chunk) => chunk.kb > limitKb);
      if (tooBig.length > 0) {
        this.error(`Chunks over ${limitKb} kB: ${tooBig.map((chunk) => `${chunk.name} (${chunk.kb.toFixed(2)} kB)`).join(', ')}. Split them (a lazy page, a vendor group in client/vite.config.ts).`);
      }
    },
  };
}

/**
 * Libraries every page loads, each in a chunk of its own: they change far less often than the app,
 * so browsers keep them cached across deployments. The rest (Markdown, highlight.js) is split by
 * the pages that import it.
 */
const vendorChunks: Array<{ name: string; test: RegExp }> = [
  { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|cookie|set-cookie-parser)[\\/]/ },
  { name: 'tanstack-query', test: /[\\/]node_modules[\\/]@tanstack[\\/]/ },
  { name: 'socket-io', test: /[\\/]node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/][^\\/]+|xmlhttprequest-ssl)[\\/]/ },
];

export default defineConfig({
  root: clientDir,
  plugins: [react(), chunkSizeLimit(CHUNK_LIMIT_KB)],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: CHUNK_LIMIT_KB,
    rolldownOptions: {
      output: { codeSplitting: { groups: vendorChunks } },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      // The realtime socket; the server sees the dev server's origin, so list it in REALTIME_ALLOWED_ORIGINS.
      '/connection/websocket': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
