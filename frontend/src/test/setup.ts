import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

// jsdom does no layout: give elements a size so virtualised lists (TanStack Virtual reads
// clientWidth/clientHeight of the scroll container) render their first screenful.
for (const prop of ['clientHeight', 'clientWidth'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 800 });
}

// The machine running the tests is shared and slow at times: wait longer for screens to appear.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});

// CI runs each test up to twice (vite.config.ts). Every failed attempt is logged with this marker, so a test that
// passed only on its retry is still seen (./chat test counts the lines) and can be fixed.
beforeEach(({ onTestFailed }) => {
  onTestFailed(({ task }) => {
    const error = task.result?.errors?.[0];
    console.warn(
      `[failed attempt] ${task.file.name} > ${task.name}: ${error?.message ?? 'no message'}`,
    );
  });
});
