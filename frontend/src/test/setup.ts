import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

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
