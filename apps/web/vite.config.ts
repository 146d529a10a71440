import { defineConfig } from 'vite';

/** Built into dist/web, which the api serves at `/` (apps/api/src/web/serve-web.ts). */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
