import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built once by `npm run build` and served by the gateway from dist/dashboard under /dashboard/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  // No dev server in production paths: the gateway serves the static build, nothing else.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: true,
    // One entry chunk, nothing to preload; and the page's CSP allows no inline script anyway.
    modulePreload: { polyfill: false },
  },
});
