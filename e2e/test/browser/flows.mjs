// Steps the browser tests share: accounts made through the API, signing in through the form, opening a
// room and waiting until it is live, sending, finding a message, switching the theme, the axe-core check.
import assert from 'node:assert/strict';
import { seriousA11yViolations, waitForJoinAck } from './browser.mjs';

// accounts, signing in and the theme are browser.mjs' (one copy for every browser test)
export { registerAccount as register, setTheme, signIn } from './browser.mjs';

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

export async function assertAccessible(page, where) {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `axe-core: serious or critical violations on ${where}`);
}
