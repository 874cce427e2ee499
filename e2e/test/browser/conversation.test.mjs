// Browser end-to-end of the conversation features in the web app: @-autocomplete and the mention badge, the
// unread divider and mark-read, a reply thread (live, its count on the root, its link surviving a reload),
// reactions by quick reaction and by the emoji picker (count and "me" on both sides, a skin tone, removal), and the pinned
// list (live, jump to the message, Unpin only for the pinner and the owner). Two browser contexts are two people; axe-core checks the thread
// panel, the picker and the pinned list; screenshots of the thread panel and the pinned list, light and dark,
// go to e2e/test-results/screens/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { api, describeResponse, uniqueName } from '../lib.mjs';
import {
  GATEWAY_URL,
  horizontalOverflow,
  launchBrowser,
  newPerson,
  PHONE_VIEWPORT,
  registerAccount,
  saveScreen,
  scenario,
  seriousA11yViolations,
  setTheme,
  signIn,
  until,
  waitForJoinAck,
} from './browser.mjs';

/** a person whose frames since the page's last (re)load are known: their socket's join is that page's */
async function person(browser, name) {
  const p = await newPerson(browser, name);
  p.loadedAt = 0;
  p.page.on('domcontentloaded', () => {
    p.loadedAt = p.frames.length;
  });
  return p;
}

/**
 * opens the room (and a panel: `/pins`, `/thread/<id>`) by its URL and waits for its history and for the
 * page's socket to have joined it (the room screen stays mounted between its panels: no new join then)
 */
async function openRoom(someone, roomId, suffix = '') {
  const { page } = someone;
  await page.goto(`/#/rooms/${roomId}${suffix}`);
  await page.locator('#chat-heading').waitFor();
  await page.getByText('Loading messages…').waitFor({ state: 'detached' });
  await waitForJoinAck(someone, roomId, someone.loadedAt);
}

function item(page, text) {
  return page.locator('[data-testid="message-item"]', { hasText: text });
}

function byId(page, messageId) {
  return page.locator(`[data-testid="message-item"][data-message-id="${messageId}"]`);
}

/** the reaction chips of a message: [{emoji, count, me}] */
function chips(page, messageId) {
  return byId(page, messageId)
    .locator('[data-testid="reaction"]')
    .evaluateAll((els) =>
      els.map((b) => {
        const [emoji, count] = b.textContent.trim().split(' ');
        return { emoji, count: Number(count), me: b.getAttribute('aria-pressed') === 'true' };
      }),
    );
}

async function chipsBecome(person, messageId, expected) {
  await until(
    async () => JSON.stringify(await chips(person.page, messageId)) === JSON.stringify(expected),
    async () => `${person.name}'s reactions: ${JSON.stringify(await chips(person.page, messageId))}, expected ${JSON.stringify(expected)}`,
  );
}

/** axe-core on the whole page (with the part named open): no serious or critical violation */
async function assertAccessible(page, where) {
  const violations = await seriousA11yViolations(page);
  assert.deepEqual(violations, [], `axe-core: serious or critical violations with ${where}`);
}

/** a light and a dark screenshot of what the page shows now, each checked by axe-core */
async function screensInBothThemes(person, label) {
  for (const theme of ['light', 'dark']) {
    await setTheme(person.page, theme);
    await saveScreen(person, `${label}-${theme}`);
    await assertAccessible(person.page, `${label} (${theme})`);
  }
  await setTheme(person.page, 'light');
}

describe(`conversation features in headless Chromium (${GATEWAY_URL})`, () => {
  let browser;
  let a;
  let b;
  const step = scenario(it, () => [a, b]);
  let alice;
  let bob;
  const room = { id: null, name: uniqueName('bt_convo') };
  const root = { id: null, text: `thread root ${randomBytes(3).toString('hex')}` };

  before(async () => {
    alice = await registerAccount('bt_ca');
    bob = await registerAccount('bt_cb');
    const created = await api('POST', '/api/rooms', { token: alice.token, json: { name: room.name, isPrivate: false } });
    if (created.status !== 201) throw new Error(`create room: ${describeResponse(created)}`);
    room.id = created.body.id;
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: bob.token });
    if (joined.status >= 300) throw new Error(`join room: ${describeResponse(joined)}`);
    browser = await launchBrowser();
    a = await person(browser, 'A');
    b = await person(browser, 'B');
  });
  after(async () => {
    await browser?.close();
  });

  step('A @-mentions B with the keyboard autocomplete; B, elsewhere, gets the mention badge', async () => {
    await signIn(a, alice);
    await signIn(b, bob);
    await openRoom(a, room.id);
    const roomItem = b.page.locator(`[data-testid="room-item"][data-room-id="${room.id}"]`);
    await roomItem.waitFor();
    const input = a.page.getByTestId('message-input');
    await input.click();
    // the first letters of B's name: B is the only member they match
    await a.page.keyboard.type(`hi @${bob.username.slice(0, 6)}`);
    const list = a.page.getByRole('listbox', { name: 'Mention suggestions' });
    await list.waitFor();
    const option = list.getByRole('option', { name: `@${bob.username}` });
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    assert.equal(await input.getAttribute('aria-activedescendant'), await option.getAttribute('id'));
    await a.page.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    assert.equal(await input.inputValue(), `hi @${bob.username} `, 'Enter chose the name, it did not send');
    await a.page.keyboard.type('have a look');
    await a.page.keyboard.press('Enter');
    const mention = `hi @${bob.username} have a look`;
    await until(
      async () => (await item(a.page, mention).getAttribute('data-state').catch(() => null)) === 'sent',
      () => 'the mention was not sent',
    );
    const badges = () => roomItem.locator('.badge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await until(
      async () => JSON.stringify(await badges()) === JSON.stringify(['1 mentions', '1 unread']),
      async () => `B's badges: ${JSON.stringify(await badges())}`,
    );
  });

  step('B opens the room: "New messages" right before the mention, which is highlighted; read for good', async () => {
    const { page } = b;
    const roomItem = page.locator(`[data-testid="room-item"][data-room-id="${room.id}"]`);
    const badges = () => roomItem.locator('.badge').count();
    await roomItem.click();
    await page.getByTestId('unread-divider').waitFor();
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="unread-divider"], [data-testid="message-content"]')].map((e) =>
        e.getAttribute('data-testid') === 'unread-divider' ? 'NEW' : e.textContent,
      ),
    );
    assert.deepEqual(order, ['NEW', `hi @${bob.username} have a look`]);
    assert.match(await item(page, 'have a look').getAttribute('class'), /message-mentions-me/);
    await until(async () => (await badges()) === 0, () => 'the badges stay');
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    await roomItem.waitFor();
    await page.locator('#chat-heading').waitFor();
    assert.equal(await badges(), 0, 'still read after a reload (the marker is on the server)');
  });

  step('A replies in a thread: B sees the reply count live, opens the thread, sees the next reply live', async () => {
    await openRoom(b, room.id);
    const input = a.page.getByTestId('message-input');
    await input.fill(root.text);
    await input.press('Enter');
    const rootOnA = item(a.page, root.text);
    await until(async () => (await rootOnA.getAttribute('data-state')) === 'sent', () => 'root not sent');
    root.id = await rootOnA.getAttribute('data-message-id');
    await rootOnA.getByTestId('reply-in-thread').click();
    assert.ok(a.page.url().endsWith(`#/rooms/${room.id}/thread/${root.id}`), a.page.url());
    const panelA = a.page.getByTestId('thread-panel');
    await panelA.getByTestId('thread-root').filter({ hasText: root.text }).waitFor();
    await panelA.getByTestId('thread-reply-input').fill('first reply');
    await panelA.getByTestId('thread-reply-input').press('Enter');
    await panelA.getByTestId('thread-reply').filter({ hasText: 'first reply' }).waitFor();

    const link = byId(b.page, root.id).getByTestId('thread-link');
    await until(async () => (await link.textContent().catch(() => '')) === '1 reply', () => 'B: no "1 reply" on the root');
    await link.click();
    const panelB = b.page.getByTestId('thread-panel');
    await panelB.getByTestId('thread-reply').filter({ hasText: 'first reply' }).waitFor();
    assert.ok(b.page.url().endsWith(`#/rooms/${room.id}/thread/${root.id}`), b.page.url());

    await panelA.getByTestId('thread-reply-input').fill('second reply');
    await panelA.getByTestId('thread-reply-input').press('Enter');
    await panelB.getByTestId('thread-reply').filter({ hasText: 'second reply' }).waitFor();
    await until(async () => (await link.textContent()) === '2 replies', async () => `B's root: ${await link.textContent()}`);
    assert.equal(await panelB.getByTestId('thread-count').textContent(), '2 replies');
  });

  step('B reloads: the thread is still open from its link, with both replies; screenshots, axe', async () => {
    const { page } = b;
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    const panel = page.getByTestId('thread-panel');
    await panel.getByTestId('thread-reply').filter({ hasText: 'second reply' }).waitFor();
    assert.deepEqual(
      await panel.getByTestId('thread-reply').evaluateAll((els) => els.map((e) => e.querySelector('.message-content').textContent)),
      ['first reply', 'second reply'],
    );
    await panel.getByTestId('thread-root').filter({ hasText: root.text }).waitFor();
    assert.equal(await byId(page, root.id).getByTestId('thread-link').textContent(), '2 replies');
    await screensInBothThemes(b, 'thread-panel');
  }, 90_000);

  step('quick reactions: count and "me" seen by both, added and removed', async () => {
    await openRoom(a, room.id);
    await openRoom(b, room.id);
    await byId(b.page, root.id).getByRole('button', { name: 'React with 👍' }).click();
    await chipsBecome(b, root.id, [{ emoji: '👍', count: 1, me: true }]);
    await chipsBecome(a, root.id, [{ emoji: '👍', count: 1, me: false }]);
    await byId(a.page, root.id).locator('[data-testid="reaction"]', { hasText: '👍' }).click();
    await chipsBecome(a, root.id, [{ emoji: '👍', count: 2, me: true }]);
    await chipsBecome(b, root.id, [{ emoji: '👍', count: 2, me: true }]);
    await byId(b.page, root.id).locator('[data-testid="reaction"]', { hasText: '👍' }).click();
    await chipsBecome(b, root.id, [{ emoji: '👍', count: 1, me: false }]);
    await chipsBecome(a, root.id, [{ emoji: '👍', count: 1, me: true }]);
  });

  step('the emoji picker: A picks by keyboard search, B by category and mouse; both see both; removed again', async () => {
    const open = byId(a.page, root.id).getByTestId('open-emoji-picker');
    await open.click();
    const picker = a.page.getByTestId('emoji-picker');
    await picker.getByRole('listbox', { name: 'Smileys & emotion' }).waitFor();
    await saveScreen(a, 'emoji-picker-light');
    await assertAccessible(a.page, 'the emoji picker open');
    // the search box has the focus: type, arrow keys, Enter
    await a.page.keyboard.type('rocket');
    await picker.getByRole('option', { name: 'rocket', selected: true }).waitFor();
    await a.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    assert.equal(await open.evaluate((el) => el === document.activeElement), true, 'the focus is back on the button');
    await chipsBecome(a, root.id, [
      { emoji: '👍', count: 1, me: true },
      { emoji: '🚀', count: 1, me: true },
    ]);
    await chipsBecome(b, root.id, [
      { emoji: '👍', count: 1, me: false },
      { emoji: '🚀', count: 1, me: false },
    ]);

    await byId(b.page, root.id).getByTestId('open-emoji-picker').click();
    const pickerB = b.page.getByTestId('emoji-picker');
    await pickerB.getByRole('button', { name: 'Food & drink' }).click();
    await pickerB.getByRole('option', { name: 'hamburger' }).click();
    await pickerB.waitFor({ state: 'detached' });
    // A reacted with 👍 and 🚀, B with 🍔: each sees their own pressed
    const seenBy = (who) => [
      { emoji: '👍', count: 1, me: who === 'A' },
      { emoji: '🚀', count: 1, me: who === 'A' },
      { emoji: '🍔', count: 1, me: who === 'B' },
    ];
    await chipsBecome(b, root.id, seenBy('B'));
    await chipsBecome(a, root.id, seenBy('A'));

    // picking what I already reacted with takes it back, as the chip does
    await byId(b.page, root.id).getByTestId('open-emoji-picker').click();
    await b.page.keyboard.type('hamburger');
    await pickerB.getByRole('option', { name: 'hamburger', selected: true }).waitFor();
    await b.page.keyboard.press('Enter');

    // a skin tone, chosen once: the reaction is the toned emoji, a reaction of its own for everyone
    await byId(b.page, root.id).getByTestId('open-emoji-picker').click();
    await pickerB.getByRole('button', { name: 'Medium skin tone' }).click();
    await pickerB.getByRole('combobox', { name: 'Search emoji' }).fill('thumbs up');
    await pickerB.getByRole('option', { name: 'thumbs up', selected: true }).waitFor();
    assert.equal(await pickerB.getByRole('option', { name: 'thumbs up', selected: true }).textContent(), '👍🏽');
    await b.page.keyboard.press('Enter');
    const toned = (who) => [
      { emoji: '👍', count: 1, me: who === 'A' },
      { emoji: '🚀', count: 1, me: who === 'A' },
      { emoji: '👍🏽', count: 1, me: who === 'B' },
    ];
    await chipsBecome(a, root.id, toned('A'));
    await chipsBecome(b, root.id, toned('B'));
    await byId(b.page, root.id).locator('[data-testid="reaction"]', { hasText: '👍🏽' }).click();

    await byId(a.page, root.id).locator('[data-testid="reaction"]', { hasText: '🚀' }).click();
    await chipsBecome(a, root.id, [{ emoji: '👍', count: 1, me: true }]);
    await chipsBecome(b, root.id, [{ emoji: '👍', count: 1, me: false }]);
  });

  step('B pins a message: A sees it in the pinned list live; A jumps to it; the owner unpins it from the list', async () => {
    // history enough that the pinned message is out of view at the bottom of the list
    // (from both, 10 each: the send limit is 20 messages per 10 s per user)
    for (let i = 0; i < 20; i++) {
      const token = i % 2 ? bob.token : alice.token;
      const r = await api('POST', `/api/rooms/${room.id}/messages`, { token, json: { content: `filler ${i}` } });
      assert.equal(r.status, 201, describeResponse(r));
    }
    await openRoom(a, room.id, '/pins');
    const panelA = a.page.getByTestId('pins-panel');
    await panelA.getByText('No pinned messages yet', { exact: false }).waitFor();
    await openRoom(b, room.id);
    await item(b.page, 'filler 19').waitFor();
    // the root is above the last 20 messages: scroll it into the list's view first
    const rootOnB = byId(b.page, root.id);
    await until(
      async () => {
        await b.page.getByTestId('message-list').evaluate((el) => {
          el.parentElement.scrollTop = 0;
        });
        return (await rootOnB.count()) === 1;
      },
      () => 'B: the root message is not in the list',
    );
    await rootOnB.getByTestId('message-pin').click();
    await rootOnB.getByTestId('message-pinned').waitFor();

    const pin = panelA.locator(`[data-testid="pin"][data-message-id="${root.id}"]`);
    await pin.waitFor();
    assert.match(await pin.textContent(), new RegExp(root.text));
    assert.equal(await panelA.getByRole('heading').textContent(), 'Pinned messages (1)');
    await screensInBothThemes(a, 'pinned-list');

    await pin.getByTestId('pin-jump').click();
    assert.ok(a.page.url().endsWith(`#/rooms/${room.id}/pins?focus=${root.id}`), a.page.url());
    const focused = a.page.locator('.message-focused');
    await focused.waitFor();
    assert.equal(await focused.getAttribute('data-message-id'), root.id);
    const inView = () =>
      focused.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const view = el.closest('.message-scroll').getBoundingClientRect();
        return r.top >= view.top && r.bottom <= view.bottom;
      });
    await until(inView, () => 'the pinned message is not scrolled into view');

    // B pinned it: B (the pinner) and A (the owner) may unpin it
    await rootOnB.getByTestId('message-unpin').waitFor();
    await pin.getByTestId('pin-unpin').click();
    await pin.waitFor({ state: 'detached' });
    await panelA.getByText('No pinned messages yet', { exact: false }).waitFor();
    await rootOnB.getByTestId('message-pinned').waitFor({ state: 'detached' });

    // the owner's pin: B, a member who did not pin it, is not offered Unpin
    await focused.getByTestId('message-pin').click();
    await pin.waitFor();
    await rootOnB.getByTestId('message-pinned').waitFor();
    assert.equal(await rootOnB.getByTestId('message-unpin').count(), 0, 'B may not unpin the owner\'s pin');
    assert.equal(await rootOnB.getByTestId('message-pin').count(), 0);
    await pin.getByTestId('pin-unpin').click();
    await rootOnB.getByTestId('message-pinned').waitFor({ state: 'detached' });
    // 20 sends, two screenshots and two axe runs: longer than a step's default on a busy machine
  }, 120_000);

  step('a 360 px phone: an open thread takes the conversation\'s place, nothing overflows, Close goes back', async () => {
    const phone = await newPerson(browser, 'phone', PHONE_VIEWPORT);
    try {
      const { page } = phone;
      await signIn(phone, bob);
      await page.goto(`/#/rooms/${room.id}/thread/${root.id}`);
      const panel = page.getByTestId('thread-panel');
      await panel.getByTestId('thread-reply').filter({ hasText: 'second reply' }).waitFor();
      assert.equal(await page.getByTestId('message-input').isVisible(), false, 'the thread instead of the conversation');
      assert.ok(await panel.getByTestId('thread-reply-input').isVisible(), 'the thread\'s own composer is there');
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `the thread view overflows by ${overflow} px`);
      await assertAccessible(page, 'the thread on a phone');
      await panel.getByRole('link', { name: 'Close thread' }).click();
      await page.getByTestId('message-input').waitFor();
      assert.equal(await panel.count(), 0, 'the thread is closed');
      assert.ok(page.url().endsWith(`#/rooms/${room.id}`), page.url());
    } finally {
      await phone.context.close();
    }
  });
});
