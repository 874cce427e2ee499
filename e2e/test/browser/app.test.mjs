// Browser end-to-end of the web app's flows beyond the basic chat (chat.test.mjs): finding one room among
// 300 public ones, members and presence, Markdown, edit/delete, typing, search (each when the server has
// it), reconnect and catch-up after the gateway restarts, the 360 px phone layout, light and dark themes
// (screenshots saved) and an axe-core check of every main screen. Two browser contexts are two people.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { api, connect, describeResponse, emitAck } from '../lib.mjs';
import { GATEWAY_URL, PHONE_VIEWPORT, horizontalOverflow, launchBrowser, newPerson, saveScreen, scenario, until } from './browser.mjs';
import { assertAccessible, item, openRoom, register, send, setTheme, signIn } from './flows.mjs';
import { cannotRestartGateway, stopGateway } from './gateway-restart.mjs';

const PUBLIC_ROOMS = Number(process.env.E2E_PUBLIC_ROOMS ?? 300);

/** asks the gateway (official Socket.IO client) whether it relays typing: false when it answers 501 */
async function gatewayRelaysTyping(token, roomId) {
  const socket = await connect(token);
  try {
    await emitAck(socket, 'join-room', { roomId });
    const ack = await emitAck(socket, 'typing-start', { roomId }).catch(() => ({ ok: true }));
    await emitAck(socket, 'typing-stop', { roomId }).catch(() => null);
    return !(ack && ack.ok === false && ack.error?.status === 501);
  } finally {
    socket.close();
  }
}

describe(`web app flows in headless Chromium (${GATEWAY_URL})`, () => {
  let browser;
  let a;
  let b;
  let phone;
  const step = scenario(it, () => [a, b, phone]);
  let alice;
  let bob;
  const prefix = `bt300_${randomBytes(3).toString('hex')}`;
  const target = { id: null, name: null };
  const lastRoom = { id: null, name: null };

  before(async () => {
    alice = await register('bt_alice');
    bob = await register('bt_bob');
    browser = await launchBrowser();
    a = await newPerson(browser, 'A');
    b = await newPerson(browser, 'B');
  });
  after(async () => {
    await browser?.close();
  });

  step(`${PUBLIC_ROOMS} public rooms exist (created through the API)`, async () => {
    const names = Array.from({ length: PUBLIC_ROOMS }, (_, i) => `${prefix}_${String(i).padStart(3, '0')}`);
    for (let i = 0; i < names.length; i += 10) {
      const batch = await Promise.all(
        names.slice(i, i + 10).map((name) =>
          api('POST', '/api/rooms', { token: alice.token, json: { name, isPrivate: false } }),
        ),
      );
      for (const r of batch) assert.equal(r.status, 201, describeResponse(r));
      if (i === 130) Object.assign(target, { id: batch[7].body.id, name: batch[7].body.name });
      const newest = batch.at(-1).body;
      Object.assign(lastRoom, { id: newest.id, name: newest.name });
    }
    assert.equal(target.name, `${prefix}_137`);
    assert.equal(lastRoom.name, `${prefix}_${PUBLIC_ROOMS - 1}`);
  }, 120_000);

  step('B finds one room among them with the filter box and joins it', async () => {
    await signIn(b, bob);
    const { page } = b;
    await page.getByTestId('browse-rooms').click();
    await page.getByTestId('discover-count').filter({ hasText: /\d+ rooms?/ }).waitFor();
    await assertAccessible(page, 'the room browser');
    const filter = page.getByTestId('discover-filter');
    await filter.fill(target.name);
    const entry = page.locator(`[data-testid="discover-room"][data-room-id="${target.id}"]`);
    await entry.waitFor();
    await until(
      async () => (await page.getByTestId('discover-room').count()) === 1,
      () => 'the filter leaves exactly the one room',
    );
    assert.ok(page.url().includes(`#/browse?q=${target.name}`), page.url());
    // a prefix matches many of them; the list is virtualised, so not all are in the page at once
    await filter.fill(prefix);
    await until(
      async () => /\b50 rooms|\b\d{2,} rooms/.test((await page.getByTestId('discover-count').textContent()) ?? ''),
      async () => `count: ${await page.getByTestId('discover-count').textContent()}`,
    );
    const shown = await page.getByTestId('discover-room').count();
    const total = Number(/(\d+) rooms/.exec(await page.getByTestId('discover-count').textContent())[1]);
    assert.ok(shown < total, `virtualised: ${shown} rows in the DOM for ${total} rooms`);
    await filter.fill(target.name);
    await entry.getByTestId('join-room').click();
    await page.locator('#chat-heading', { hasText: target.name }).waitFor();
    assert.ok(page.url().endsWith(`#/rooms/${target.id}`), page.url());
    await page.locator(`[data-testid="room-item"][data-room-id="${target.id}"]`).waitFor();
  });

  step('B scrolls the browser to the end of a filter of several pages and joins the last room by keyboard', async () => {
    const { page } = b;
    const pages = [];
    const onRequest = (request) => {
      if (/\/api\/rooms\?discover=true/.test(request.url())) pages.push(new URL(request.url()));
    };
    page.on('request', onRequest);
    try {
      await page.getByTestId('browse-rooms').click();
      await page.getByTestId('discover-filter').fill(prefix);
      const count = page.getByTestId('discover-count');
      await count.filter({ hasText: /so far, more available/ }).waitFor();
      const scroller = page.getByTestId('discover-scroll');
      const entry = page.locator(`[data-testid="discover-room"][data-room-id="${lastRoom.id}"]`);
      // the next pages come as the end of the list comes into view, nothing else asks for them
      await until(
        async () => {
          await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return (await count.getAttribute('data-complete')) === 'true' && (await entry.count()) === 1;
        },
        async () => `not at the end: ${await count.textContent()}`,
        60_000,
        250,
      );
      // all of them but the one B joined, in pages of 50 that followed the server's cursor
      const expected = PUBLIC_ROOMS - 1;
      assert.ok((await count.textContent()).startsWith(`${expected} rooms matching “${prefix}”, all shown.`));
      const followed = new Set(
        pages.filter((url) => url.searchParams.get('q') === prefix && url.searchParams.has('after')).map(String),
      );
      assert.equal(followed.size, Math.ceil(expected / 50) - 1, pages.map(String).join('\n'));
      assert.ok((await page.getByTestId('discover-room').count()) < 60, 'still virtualised at the end');
      await assertAccessible(page, 'the room browser at the end of a long list');
      await entry.getByTestId('join-room').focus();
      await page.keyboard.press('Enter');
      await page.locator('#chat-heading', { hasText: lastRoom.name }).waitFor();
      assert.ok(page.url().endsWith(`#/rooms/${lastRoom.id}`), page.url());
    } finally {
      page.off('request', onRequest);
    }
  });

  step('A sees B in the member list, online, and both are subscribed', async () => {
    await signIn(a, alice);
    await openRoom(a, target.id);
    await openRoom(b, target.id);
    const member = a.page.locator(`[data-testid="member"][data-user-id="${bob.id}"]`);
    await member.waitFor();
    // the name arrives with the user lookup for the new member set, the dot with presence: either may be first
    await until(
      async () =>
        (await member.locator('.dot-online').count()) === 1 && (await member.textContent()).includes(bob.username),
      async () => `B not shown online by name: ${await member.textContent()}`,
    );
  });

  step('Markdown is shown formatted, links only for http(s), HTML as text', async () => {
    const text = `**bold ${randomBytes(2).toString('hex')}** _it_ https://example.com/x [bad](javascript:alert(1)) <b>raw</b>`;
    await send(a.page, text);
    const onB = item(b.page, 'raw');
    await onB.waitFor();
    assert.match(await onB.locator('strong').first().textContent(), /^bold /);
    assert.equal(await onB.locator('em').first().textContent(), 'it');
    const hrefs = await onB.locator('[data-testid="message-content"] a').evaluateAll((as) => as.map((x) => x.getAttribute('href')));
    assert.deepEqual(hrefs, ['https://example.com/x']);
    assert.equal(await onB.locator('[data-testid="message-content"] b').count(), 0, 'raw HTML is not an element');
    assert.match(await onB.textContent(), /<b>raw<\/b>/);
  });

  step('messages are grouped by author and day', async () => {
    await send(a.page, 'second in a row');
    await item(b.page, 'second in a row').waitFor();
    const visibleHeaders = await b.page
      .locator('[data-testid="message-item"] .message-meta:not(.visually-hidden)')
      .count();
    assert.equal(visibleHeaders, 1, 'one author header for two messages in a row');
    assert.equal(await b.page.locator('.day-divider', { hasText: 'Today' }).count(), 1);
  });

  step('edit and delete inline (when the server has them)', async (t) => {
    // a message that exists: a 404/405/501 to editing it means the server has no edit endpoint
    const own = await api('POST', `/api/rooms/${target.id}/messages`, { token: alice.token, json: { content: 'probe' } });
    assert.equal(own.status, 201, describeResponse(own));
    const probe = await api('PATCH', `/api/messages/${own.body.id}`, { token: alice.token, json: { content: 'probe' } });
    if ([404, 405, 501].includes(probe.status)) {
      t.skip(`no edit endpoint on this server (${probe.status})`);
      return;
    }
    const original = `to edit ${randomBytes(2).toString('hex')}`;
    await send(a.page, original);
    const mine = item(a.page, original);
    await until(async () => (await mine.getAttribute('data-state')) === 'sent', () => 'not sent');
    await mine.getByTestId('message-edit').click();
    await a.page.getByTestId('edit-input').fill(`${original} (changed)`);
    await a.page.getByTestId('edit-save').click();
    const onB = item(b.page, `${original} (changed)`);
    await onB.waitFor();
    await onB.getByTestId('message-edited').waitFor();
    await item(a.page, `${original} (changed)`).getByTestId('message-delete').click();
    await a.page.getByTestId('message-delete-confirm').click();
    await onB.waitFor({ state: 'detached' });
  });

  step('B typing shows "… is typing" to A (when the server relays typing)', async (t) => {
    if (!(await gatewayRelaysTyping(bob.token, target.id))) {
      t.skip('the gateway answers typing-start with 501 (not implemented)');
      return;
    }
    await b.page.getByTestId('message-input').fill('typing something');
    await a.page.getByTestId('typing-line').filter({ hasText: `${bob.username} is typing` }).waitFor();
    await b.page.getByTestId('message-input').fill('');
    await a.page.getByTestId('typing-line').filter({ hasText: 'typing' }).waitFor({ state: 'detached' });
  });

  step('search finds a message and jumps to it (when the server has search)', async (t) => {
    const word = `needle${randomBytes(3).toString('hex')}`;
    await send(a.page, `find the ${word} here`);
    await item(b.page, word).waitFor();
    const probe = await api('GET', `/api/rooms/${target.id}/messages/search?q=${word}`, { token: bob.token });
    if (probe.status === 404 || probe.status === 405 || probe.status === 501) {
      t.skip(`no search endpoint on this server (${probe.status})`);
      return;
    }
    await b.page.getByTestId('global-search').fill(word);
    await b.page.getByTestId('global-search').press('Enter');
    const result = b.page.getByTestId('search-result').first();
    await result.waitFor({ timeout: 15_000 });
    assert.equal(await result.locator('mark').textContent(), word);
    await result.click();
    await b.page.locator('.message-focused', { hasText: word }).waitFor();
  });

  step('light and dark themes: remembered, screenshots saved, no serious axe violation', async () => {
    for (const theme of ['light', 'dark']) {
      await setTheme(a.page, theme);
      await saveScreen(a, `room-${theme}`);
      await assertAccessible(a.page, `the room screen (${theme})`);
    }
    await a.page.reload();
    await a.page.getByTestId('current-user').waitFor();
    assert.equal(await a.page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'dark is remembered');
    await a.page.getByTestId('user-menu').click();
    await a.page.getByTestId('open-profile').click();
    await a.page.getByRole('dialog').waitFor();
    await saveScreen(a, 'profile-dark');
    await assertAccessible(a.page, 'the profile dialog (dark)');
    await a.page.keyboard.press('Escape');
    await a.page.getByRole('dialog').waitFor({ state: 'detached' });
    await setTheme(a.page, 'light');
    await b.page.getByTestId('browse-rooms').click();
    await saveScreen(b, 'browse-light');
  });

  step('the gateway restarts: a reconnect banner, then catch-up of what was sent meanwhile', async (t) => {
    const why = cannotRestartGateway();
    if (why) {
      t.skip(why);
      return;
    }
    await openRoom(a, target.id);
    const missed = `sent while the gateway was down ${randomBytes(2).toString('hex')}`;
    const start = await stopGateway();
    try {
      await a.page.getByTestId('reconnect-banner').waitFor();
      assert.equal(await a.page.getByTestId('connection-state').textContent(), 'Reconnecting…');
      await saveScreen(a, 'reconnecting-light');
      // the message service still takes messages while the gateway is down
      const messagePort = Number(new URL(GATEWAY_URL).port || 80) + 3;
      const r = await fetch(`http://127.0.0.1:${messagePort}/api/rooms/${target.id}/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bob.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ content: missed }),
      });
      assert.equal(r.status, 201, await r.text());
    } finally {
      start();
    }
    await a.page.getByTestId('reconnect-banner').waitFor({ state: 'detached', timeout: 90_000 });
    await item(a.page, missed).waitFor({ timeout: 20_000 });
    assert.equal(await item(a.page, missed).count(), 1, 'caught up exactly once');
  }, 150_000);

  step('a 360 px phone: the room list and the conversation are two views, nothing overflows', async () => {
    phone = await newPerson(browser, 'phone', PHONE_VIEWPORT);
    const { page, context } = phone;
    await signIn(phone, bob);
    const overflow = () => horizontalOverflow(page);
    await page.getByTestId('room-list').waitFor();
    assert.equal(await page.locator('.main-pane').isVisible(), false, 'list view: no conversation');
    assert.ok((await overflow()) <= 0, `list view overflows by ${await overflow()} px`);
    await saveScreen(phone, 'phone-list-light');
    await assertAccessible(page, 'the phone room list');
    await page.locator(`[data-testid="room-item"][data-room-id="${target.id}"]`).click();
    await page.locator('#chat-heading').waitFor();
    assert.equal(await page.locator('.sidebar').isVisible(), false, 'conversation view: no room list');
    assert.ok((await overflow()) <= 0, `conversation overflows by ${await overflow()} px`);
    await page.getByTestId('message-input').waitFor();
    await page.getByText('Loading messages…').waitFor({ state: 'detached' });
    await item(page, 'second in a row').waitFor();
    await saveScreen(phone, 'phone-room-light');
    await assertAccessible(page, 'the phone conversation');
    await page.getByRole('link', { name: 'Back to rooms' }).click();
    await page.getByTestId('room-list').waitFor();
    await context.close();
  });

  step('the sign-in screen has no serious axe violation', async () => {
    const context = await browser.newContext({ baseURL: GATEWAY_URL });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('login-submit').waitFor();
    await assertAccessible(page, 'the sign-in screen');
    await context.close();
  });
});
