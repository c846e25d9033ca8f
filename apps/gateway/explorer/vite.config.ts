import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built once by `npm run build` and served by the gateway from dist/explorer under /explorer/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  // No dev server in production paths: the gateway serves the static build, nothing else.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    // Monaco alone is several MB; the size is known and accepted for a dev tool.
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: true,
    rolldownOptions: {
      // framer-motion (via graphiql) marks modules "use client"; meaningless in a client-only
      // bundle, and the warnings would drown real ones.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  worker: { format: 'es' },
});
