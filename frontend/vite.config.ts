/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Avoids pulling in @types/node just for this one line.
declare const process: { env: Record<string, string | undefined> };

const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080';

// No @vitejs/plugin-react: Vite's built-in esbuild handles TSX with the automatic JSX runtime.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/socket.io': { target: gateway, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    rollupOptions: {
      // "use client" markers of React libraries mean nothing to a client-only bundle
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || warning.code === 'SOURCEMAP_ERROR') return;
        warn(warning);
      },
      output: {
        // libraries in their own files: cached across app releases, no chunk over 500 kB
        manualChunks: {
          react: ['react', 'react-dom', 'react-router'],
          markdown: ['react-markdown', 'remark-gfm'],
          query: ['@tanstack/react-query', '@tanstack/react-virtual', 'socket.io-client'],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // a shared, sometimes busy machine: generous limits, no timing assertions
    testTimeout: 30_000,
  },
});
