// Steps the browser tests share: accounts made through the API, signing in through the form, opening a
// room and waiting until it is live, sending, finding a message, switching the theme, the axe-core check.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { api, describeResponse, uniqueName } from '../lib.mjs';
import { seriousA11yViolations, until, waitForJoinAck } from './browser.mjs';

/** a new account (POST /api/auth/register): {username, password, id, token} */
export async function register(prefix) {
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

/** opens #/rooms/<id> and waits until its history is loaded and its join-room is acknowledged */
export async function openRoom(person, roomId) {
  const { page } = person;
  // already open (e.g. right after joining): its join-room went out earlier
  const from = page.url().endsWith(`#/rooms/${roomId}`) ? 0 : person.frames.length;
  await page.goto(`/#/rooms/${roomId}`);
  await page.locator('#chat-heading').waitFor();
  await page.getByText('Loading messages…').waitFor({ state: 'detached' });
  await waitForJoinAck(person, roomId, from);
}

export async function send(page, text) {
  const input = page.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
}

export function item(page, text) {
  return page.locator('[data-testid="message-item"]', { hasText: text });
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

export async function assertAccessible(page, where) {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `axe-core: serious or critical violations on ${where}`);
}
