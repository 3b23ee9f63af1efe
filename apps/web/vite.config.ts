import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The config runs in Node; its types are not part of this browser project, hence the narrow cast.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
/** Where the dev server sends /api: the API's default address unless CC_API_URL says otherwise. */
const apiTarget = env.CC_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The workspace packages (@cc/connector-engine, @cc/api-contract) export their TypeScript source; npm links
 * them into node_modules, and Vite transpiles them like our own files because their real paths lie outside
 * node_modules. In development /api goes to the Fastify API; in production the API serves dist/ itself.
 */
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The budget (≤ 200 kB gzip initial JS) is checked by the bench; warn on any single chunk far beyond it.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
