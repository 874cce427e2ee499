// Helpers for the browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { api, describeResponse, uniqueName } from '../lib.mjs';

export const GATEWAY_URL = (process.env.GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
/** each Playwright action or wait */
export const ACTION_TIMEOUT_MS = Number(process.env.E2E_BROWSER_TIMEOUT_MS ?? 10_000);
/** each test (step) */
export const STEP_TIMEOUT_MS = Number(process.env.E2E_BROWSER_STEP_TIMEOUT_MS ?? 45_000);
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');
/** when set, `shot()` saves a screenshot of each main screen there (for looking at the UI) */
const SHOTS_DIR = process.env.E2E_SCREENSHOT_DIR;

// Without --disable-background-networking Chromium keeps calling Google services (the network is closed here).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** how long launchBrowser waits for a Chromium that can load a page from the system under test */
const BROWSER_READY_MS = Number(process.env.E2E_BROWSER_READY_MS ?? 240_000);

/**
 * Headless Chromium with a fresh temporary profile (playwright's default for launch()), once it has loaded the
 * system's start page. On this machine Chromium has gone through minutes in which no page loads at all, not even
 * from a plain `python3 -m http.server`, while curl answers at once (its network log stops before it connects): a
 * browser that cannot load the start page is closed and another launched, until BROWSER_READY_MS, so such a spell
 * delays the tests instead of failing every step of a file. Nothing about the app is retried.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with './chat chromium' (Debian: apt-get install chromium)`);
  }
  const deadline = Date.now() + BROWSER_READY_MS;
  for (let attempt = 1; ; attempt++) {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 });
    try {
      const page = await browser.newPage();
      await page.goto(`${GATEWAY_URL}/`, { waitUntil: 'domcontentloaded', timeout: 10_000 });
      await page.close();
      return browser;
    } catch (e) {
      await browser.close();
      if (Date.now() > deadline) throw new Error(`Chromium could not load ${GATEWAY_URL}/ in ${attempt} launches: ${e.message}`);
      console.error(`# Chromium could not load ${GATEWAY_URL}/ (launch ${attempt}): ${e.message.split('\n')[0]}; launching again`);
      await new Promise((r) => setTimeout(r, 5_000));
    }
  }
}

/** a phone's screen, for newPerson */
export const PHONE_VIEWPORT = { width: 360, height: 740 };

/** how many CSS pixels the page is wider than its viewport (0 or less: nothing overflows sideways) */
export function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/**
 * A separate browser context (its own cookies and storage: one person) with one page. Records the
 * page's console errors and the Socket.IO frames it exchanges, to wait for the ack of `join-room`.
 */
export async function newPerson(browser, name, viewport = { width: 1200, height: 800 }) {
  const context = await browser.newContext({ viewport, baseURL: GATEWAY_URL });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const person = { name, context, page, consoleErrors: [], frames: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') person.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => person.consoleErrors.push(`pageerror: ${err.message}`));
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => person.frames.push({ dir: 'out', data: String(f.payload) }));
    ws.on('framereceived', (f) => person.frames.push({ dir: 'in', data: String(f.payload) }));
  });
  return person;
}

/** polls fn until it returns a truthy value; throws with describe() after the timeout */
export async function until(fn, describe, timeoutMs = ACTION_TIMEOUT_MS, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** resolves once this page's socket has received {ok:true} for a `join-room` of roomId sent from `fromIndex` on */
export function waitForJoinAck(person, roomId, fromIndex = 0) {
  return until(
    () => {
      const ids = new Set();
      const frames = person.frames.slice(fromIndex);
      for (const f of frames) {
        // Socket.IO v4 over Engine.IO v4: 42<ackId>["join-room",{"roomId":...}] and 43<ackId>[{"ok":true}]
        const m = f.dir === 'out' && /^42(\d+)\["join-room",(.*)\]$/s.exec(f.data);
        if (m && m[2].includes(roomId)) ids.add(m[1]);
      }
      return frames.some((f) => {
        const m = f.dir === 'in' && /^43(\d+)\[(.*)\]$/s.exec(f.data);
        return m && ids.has(m[1]) && /"ok"\s*:\s*true/.test(m[2]);
      });
    },
    () => `${person.name}: no {ok:true} ack for join-room ${roomId}; frames: ${JSON.stringify(person.frames.slice(-10))}`,
  );
}

/** registers a fresh account through the API: {username, password, id, token} */
export async function registerAccount(prefix) {
  const username = uniqueName(prefix);
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const r = await api('POST', '/api/auth/register', {
    json: { username, email: `${username}@example.com`, password },
  });
  if (r.status !== 201) throw new Error(`register ${username}: ${describeResponse(r)}`);
  return { username, password, id: r.body.user.id, token: r.body.accessToken };
}

/** signs in through the login form and waits for the signed-in shell */
export async function signIn(person, account) {
  const { page } = person;
  await page.goto('/');
  await page.getByTestId('login-login').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

const THEME_LABELS = { light: 'Light', dark: 'Dark', system: 'System' };

/** clicks the theme's label (the radio itself is visually hidden); 'system' follows the emulated media */
export async function setTheme(page, theme) {
  await page.getByTestId('theme-toggle').getByText(THEME_LABELS[theme], { exact: true }).click();
  if (theme === 'system') return;
  await until(
    () => page.evaluate((t) => document.documentElement.dataset.theme === t, theme),
    () => `theme ${theme} not applied`,
  );
}

function safe(name) {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 80);
}

/** saves a full-page screenshot of every page of these people into e2e/test-results/ (best effort) */
export async function screenshotAll(people, label) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const saved = [];
  for (const p of people) {
    if (!p?.page || p.page.isClosed() || p.page.url() === 'about:blank') continue;
    const path = join(RESULTS_DIR, `${safe(label)}-${safe(p.name)}.png`);
    try {
      await p.page.screenshot({ path, fullPage: true, timeout: 5_000 });
      saved.push(path);
    } catch {
      // the page may be gone; the test's own error is what matters
    }
  }
  return saved;
}

/** development aid: a screenshot of the current screen when E2E_SCREENSHOT_DIR is set */
export async function shot(person, label) {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await person.page.screenshot({ path: join(SHOTS_DIR, `${safe(label)}.png`), timeout: 5_000 });
}

/**
 * Steps of one scenario as node:test tests run in order (each step gets the node:test context, e.g. to skip
 * itself): a step after a failed one is skipped; a failing
 * step saves screenshots (also when it runs out of time, slightly before node's own timeout).
 */
export function scenario(itFn, people) {
  let failed = null;
  return (name, fn, timeoutMs = STEP_TIMEOUT_MS) =>
    itFn(name, { timeout: timeoutMs + 5_000 }, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: ${failed}`);
        return;
      }
      let timer;
      try {
        await Promise.race([
          fn(t),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`step took longer than ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (e) {
        failed = name;
        const shots = await screenshotAll(people(), name);
        const errors = people()
          .filter((p) => p?.consoleErrors.length)
          .map((p) => `${p.name} console errors: ${p.consoleErrors.slice(-5).join(' | ')}`);
        if (shots.length || errors.length) {
          e.message += `\n  screenshots: ${shots.join(', ') || 'none'}${errors.length ? `\n  ${errors.join('\n  ')}` : ''}`;
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
    });
}

/** where a test saves the screenshots of the main screens (light and dark); the best are copied into docs/ */
export const SCREENS_DIR = join(RESULTS_DIR, 'screens');

/** a full-page screenshot of this person's screen into e2e/test-results/screens/<label>.png */
export async function saveScreen(person, label) {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${safe(label)}.png`);
  await person.page.screenshot({ path, timeout: 10_000 });
  return path;
}

/**
 * axe-core in the page (WCAG 2 A and AA rules); returns the serious and critical violations, each as
 * "rule: target" strings, for an assertion message.
 */
export async function seriousA11yViolations(page) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.failureSummary ?? ''}`.trim()));
}
