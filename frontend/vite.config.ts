/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

// Avoids pulling in @types/node just for this one line.
declare const process: { env: Record<string, string | undefined> };

const gateway = process.env.GATEWAY_URL ?? 'http://localhost:8080';

/**
 * The emoji picker (features/chat/emoji-data.ts) reads a few fields of Emojibase's data set, and of
 * the skin-tone variants only those with one tone for everybody in them (👍🏽, 🧑🏽‍🤝‍🧑🏽); the rest
 * (mixed tones, hex codes, text forms) would more than double its chunk. Applied to the raw JSON,
 * before Vite turns it into a module, for the build and the tests alike.
 */
function slimEmojiData(): Plugin {
  const keep = ['emoji', 'label', 'group', 'order', 'tags', 'version'] as const;
  type Skin = { emoji: string; tone?: number | number[]; version: number };
  const oneTone = (s: Skin) => !Array.isArray(s.tone) || s.tone.every((t, _, all) => t === all[0]);
  return {
    name: 'slim-emoji-data',
    enforce: 'pre',
    transform(code, id) {
      if (!/emojibase-data\/en\/data\.json$/.test(id)) return null;
      const entries = JSON.parse(code) as (Record<string, unknown> & { skins?: Skin[] })[];
      const slim = entries.map((e) => {
        const fields: Record<string, unknown> = Object.fromEntries(keep.map((k) => [k, e[k]]));
        const skins = e.skins
          ?.filter(oneTone)
          .map(({ emoji, tone, version }) => ({ emoji, tone, version }));
        if (skins?.length) fields.skins = skins;
        return fields;
      });
      return { code: JSON.stringify(slim), map: null };
    },
  };
}

// No @vitejs/plugin-react: Vite's built-in esbuild handles TSX with the automatic JSX runtime.
export default defineConfig({
  plugins: [slimEmojiData()],
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
    // One rare flake of unknown cause held a whole CI run back; under CI a failed test runs once more, and each
    // failed attempt is logged (src/test/setup.ts) and counted in ./chat test's summary, so it is not hidden.
    retry: process.env.CI ? 1 : 0,
  },
});
