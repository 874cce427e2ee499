// Browser end-to-end: two people use the SPA in headless Chromium (two separate browser contexts)
// against a running system at GATEWAY_URL (`./chat test e2e` starts an isolated one on :18080).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { api, describeResponse, uniqueName } from '../lib.mjs';
import { GATEWAY_URL, launchBrowser, newPerson, scenario, shot, until, waitForJoinAck } from './browser.mjs';

const XSS = '<img src=x onerror=window.__xss=1>';

/** the SPA's current screen: 'login', 'register', 'shell' or null while loading */
async function screen(page) {
  return page.evaluate(() => {
    const q = (id) => document.querySelector(`[data-testid="${id}"]`);
    if (q('current-user')) return 'shell';
    if (q('login-submit')) return 'login';
    if (q('register-submit')) return 'register';
    return null;
  });
}

async function waitForScreen(page, expected) {
  return until(
    async () => (await screen(page)) === expected,
    () => `expected the ${expected} screen at ${page.url()}`,
  );
}

/** texts and states of the message items in the open room, in display order */
function messages(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="message-item"]')].map((li) => ({
      id: li.getAttribute('data-message-id'),
      state: li.getAttribute('data-state'),
      content: li.querySelector('[data-testid="message-content"]')?.textContent ?? null,
    })),
  );
}

async function registerThroughUi(person, username, password) {
  const { page } = person;
  await page.goto('/');
  await waitForScreen(page, 'login');
  await shot(person, '01-login');
  await page.getByTestId('show-register').click();
  await page.getByTestId('register-username').fill(username);
  await page.getByTestId('register-email').fill(`${username}@example.com`);
  await page.getByTestId('register-password').fill(password);
  await shot(person, '02-register');
  await page.getByTestId('register-submit').click();
  await waitForScreen(page, 'shell');
  assert.equal(await page.getByTestId('current-user').textContent(), username);
}

/** opens a room from the sidebar and waits until its history is loaded and the socket is live */
async function openRoom(person, roomId, roomName) {
  const { page } = person;
  const item = page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
  if ((await item.getAttribute('aria-current')) !== 'page') await item.click();
  await until(
    async () => (await item.getAttribute('aria-current')) === 'page',
    () => `${person.name}: room ${roomName} not selected`,
  );
  await page.locator('#chat-heading', { hasText: roomName }).waitFor();
  await page.getByTestId('message-list').waitFor({ state: 'attached' });
  await page.getByText('Loading messages…').waitFor({ state: 'detached' });
  await until(
    async () => (await page.getByTestId('connection-state').textContent()) === 'Live',
    () => `${person.name}: socket not live`,
  );
}

async function sendWithEnter(page, text) {
  const input = page.getByTestId('message-input');
  await input.fill(text);
  await input.press('Enter');
}

/** counts the message items whose content is exactly text */
async function countContent(page, text) {
  return (await messages(page)).filter((m) => m.content === text).length;
}

describe(`SPA in headless Chromium: two people chat (${GATEWAY_URL})`, () => {
  let browser;
  let a;
  let b;
  const step = scenario(it, () => [a, b]);
  const room = { id: null, name: uniqueName('bt_room') };
  const userA = { name: uniqueName('bt_a'), password: `pw-${randomBytes(6).toString('hex')}` };
  const userB = { name: uniqueName('bt_b'), password: `pw-${randomBytes(6).toString('hex')}` };
  const hello = `hello from A ${randomBytes(4).toString('hex')}`;

  before(async () => {
    browser = await launchBrowser();
    a = await newPerson(browser, 'A');
    b = await newPerson(browser, 'B');
  });
  after(async () => {
    await browser?.close();
  });

  step('A registers through the UI and sees the signed-in shell', async () => {
    await registerThroughUi(a, userA.name, userA.password);
    await shot(a, '03-shell');
  });

  step('A creates a public room and it opens', async () => {
    const { page } = a;
    await page.getByTestId('create-room-name').fill(room.name);
    await page.getByTestId('create-room-description').fill('Browser test room');
    assert.equal(await page.getByTestId('create-room-private').isChecked(), false);
    await page.getByTestId('create-room-submit').click();
    const item = page.locator('[data-testid="room-item"]', { hasText: room.name });
    await item.waitFor();
    room.id = await item.getAttribute('data-room-id');
    assert.match(room.id ?? '', /^[0-9a-f-]{36}$/i);
    await openRoom(a, room.id, room.name);
    assert.ok(page.url().endsWith(`#/rooms/${room.id}`), page.url());
    await shot(a, '03-room-empty');
  });

  step('B registers, finds the room under public rooms and joins it', async () => {
    const { page } = b;
    await registerThroughUi(b, userB.name, userB.password);
    await page.getByTestId('browse-rooms').click();
    // the server filters (q=): the room is found however many public rooms exist
    await page.getByTestId('discover-filter').fill(room.name);
    const entry = page.locator(`[data-testid="discover-room"][data-room-id="${room.id}"]`);
    await entry.waitFor();
    assert.match(await entry.textContent(), new RegExp(room.name));
    await shot(b, '04-discover');
    await entry.getByTestId('join-room').click();
    await page.locator(`[data-testid="room-item"][data-room-id="${room.id}"]`).waitFor();
    await entry.waitFor({ state: 'detached' });
  });

  step('both have the room open, history loaded and the socket joined', async () => {
    await openRoom(b, room.id, room.name);
    await openRoom(a, room.id, room.name);
    // any {ok:true} for join-room of this room: the open room joins with an ack (all my rooms are joined without one)
    await Promise.all([waitForJoinAck(a, room.id), waitForJoinAck(b, room.id)]);
    assert.deepEqual(await messages(b.page), []);
  });

  step('A sends with Enter: B sees it live exactly once, A sees it leave the pending state', async () => {
    // B must not reload: a marker on its window survives only without a navigation
    await b.page.evaluate(() => {
      window.__noReload = true;
    });
    // record every data-state A's item goes through
    await a.page.evaluate((text) => {
      window.__states = [];
      const seen = () => {
        for (const li of document.querySelectorAll('[data-testid="message-item"]')) {
          const c = li.querySelector('[data-testid="message-content"]')?.textContent;
          const s = li.getAttribute('data-state');
          if (c === text && window.__states.at(-1) !== s) window.__states.push(s);
        }
      };
      new MutationObserver(seen).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-state'],
      });
    }, hello);
    await sendWithEnter(a.page, hello);
    assert.equal(await a.page.getByTestId('message-input').inputValue(), '', 'the composer is cleared');

    await until(
      async () => (await countContent(b.page, hello)) >= 1,
      () => `B did not receive "${hello}"`,
    );
    await until(
      async () => (await messages(a.page)).some((m) => m.content === hello && m.state === 'sent'),
      async () => `A's message never became sent: ${JSON.stringify(await messages(a.page))}`,
    );
    // give a duplicate (ack + broadcast, or a sync) time to show up
    await new Promise((r) => setTimeout(r, 1_500));
    const onB = (await messages(b.page)).filter((m) => m.content === hello);
    assert.equal(onB.length, 1, `exactly once on B: ${JSON.stringify(onB)}`);
    assert.equal(onB[0].state, 'sent');
    const onA = (await messages(a.page)).filter((m) => m.content === hello);
    assert.equal(onA.length, 1, `exactly once on A: ${JSON.stringify(onA)}`);
    assert.equal(onA[0].id, onB[0].id, 'the same stored message on both sides');
    const states = await a.page.evaluate(() => window.__states);
    assert.deepEqual(states, ['pending', 'sent'], 'A saw pending, then sent');
    assert.equal(await b.page.evaluate(() => window.__noReload), true, 'B did not reload');
    // the author's name comes with the user lookup (until then the message says "user <id>")
    const onBItem = b.page.locator('[data-testid="message-item"]', { hasText: hello });
    await until(
      async () => (await onBItem.textContent()).includes(userA.name),
      async () => `B does not see A's name on the message: ${await onBItem.textContent()}`,
    );
    await shot(a, '05-chat-A');
  });

  step('a message that looks like HTML is shown as literal text and runs nothing', async () => {
    await sendWithEnter(a.page, XSS);
    await until(
      async () => (await countContent(b.page, XSS)) === 1,
      async () => `B did not show the literal text: ${JSON.stringify(await messages(b.page))}`,
    );
    await until(
      async () => (await messages(a.page)).some((m) => m.content === XSS && m.state === 'sent'),
      () => "A's HTML-looking message never became sent",
    );
    // an <img src=x> would fail to load almost at once and run its onerror
    await new Promise((r) => setTimeout(r, 1_000));
    for (const p of [a, b]) {
      const r = await p.page.evaluate(() => ({
        imgs: document.querySelectorAll('img').length,
        listImgs: document.querySelectorAll('[data-testid="message-list"] img').length,
        xss: typeof window.__xss,
      }));
      assert.deepEqual(r, { imgs: 0, listImgs: 0, xss: 'undefined' }, `${p.name}: no <img>, window.__xss undefined`);
    }
    await shot(b, '06-chat-B');
  });

  step('B reloads: still signed in (refresh cookie), the room and both messages are there', async () => {
    const { page } = b;
    const refresh = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'));
    await page.reload();
    assert.equal((await refresh).status(), 200, 'POST /api/auth/refresh restores the session');
    await waitForScreen(page, 'shell');
    assert.equal(await page.getByTestId('current-user').textContent(), userB.name);
    assert.equal(await page.evaluate(() => window.__noReload), undefined, 'it really reloaded');
    assert.ok(page.url().endsWith(`#/rooms/${room.id}`), page.url());
    await openRoom(b, room.id, room.name);
    await until(
      async () => (await messages(page)).length >= 2,
      async () => `history: ${JSON.stringify(await messages(page))}`,
    );
    const history = await messages(page);
    assert.deepEqual(
      history.map((m) => [m.content, m.state]),
      [
        [hello, 'sent'],
        [XSS, 'sent'],
      ],
      'history oldest first, each message once',
    );
    assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
  });

  step('B elsewhere: a mention by A shows as unread and @ on the room; opening it shows "New messages" and clears them for good', async () => {
    const { page } = b;
    const item = page.locator(`[data-testid="room-item"][data-room-id="${room.id}"]`);
    const badges = () => item.locator('.badge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await until(
      async () => (await item.getAttribute('aria-current')) !== 'page',
      () => 'B still has the room open',
    );
    const mention = `@${userB.name} have a look ${randomBytes(3).toString('hex')}`;
    await sendWithEnter(a.page, mention);
    await until(
      async () => JSON.stringify(await badges()) === JSON.stringify(['1 mentions', '1 unread']),
      async () => `B's badges: ${JSON.stringify(await badges())}`,
    );
    await shot(b, '06-unread-badges');

    await openRoom(b, room.id, room.name);
    const divider = page.getByTestId('unread-divider');
    await divider.waitFor();
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="unread-divider"], [data-testid="message-content"]')].map((e) =>
        e.getAttribute('data-testid') === 'unread-divider' ? 'NEW' : e.textContent,
      ),
    );
    assert.deepEqual(order.slice(-2), ['NEW', mention], 'the divider is right before the unread mention');
    assert.match(
      await page.locator('[data-testid="message-item"]', { hasText: mention }).getAttribute('class'),
      /message-mentions-me/,
    );
    await until(async () => (await badges()).length === 0, async () => `badges left: ${JSON.stringify(await badges())}`);

    // the marker is on the server: a reload shows the room read
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    await page.reload();
    await waitForScreen(page, 'shell');
    await item.waitFor();
    assert.deepEqual(await badges(), [], 'no unread badge after a reload');
  });

  step('A shares an image through the file picker: both see it inline, loaded with their token', async () => {
    // a 1x1 PNG; the server detects the type from these bytes, not from the name
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const name = `dot-${randomBytes(3).toString('hex')}.png`;
    await openRoom(a, room.id, room.name);
    await openRoom(b, room.id, room.name);
    await a.page.getByTestId('file-input').setInputFiles({ name, mimeType: 'image/png', buffer: png });
    for (const person of [a, b]) {
      const figure = person.page.locator('[data-testid="image-attachment"]', { hasText: name });
      await figure.waitFor();
      await until(
        () => figure.locator('img').evaluate((img) => img.complete && img.naturalWidth > 0).catch(() => false),
        () => `${person.name}: the image ${name} did not load`,
      );
    }
    await shot(b, '07-image');
  });

  step('logout returns to the login screen and a reload does not sign in again', async () => {
    const { page } = b;
    const logout = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
    await page.getByTestId('logout').click();
    assert.ok((await logout).ok(), 'POST /api/auth/logout succeeded');
    await waitForScreen(page, 'login');
    await page.reload();
    await waitForScreen(page, 'login');
    assert.equal(await page.getByTestId('current-user').count(), 0);
  });
});

describe(`SPA in headless Chromium: sign-in errors (${GATEWAY_URL})`, () => {
  let browser;
  let c;
  const step = scenario(it, () => [c]);
  const username = uniqueName('bt_c');
  const password = `pw-${randomBytes(6).toString('hex')}`;

  before(async () => {
    const r = await api('POST', '/api/auth/register', {
      json: { username, email: `${username}@example.com`, password },
    });
    if (r.status !== 201) throw new Error(`register ${username}: ${describeResponse(r)}`);
    browser = await launchBrowser();
    c = await newPerson(browser, 'C');
  });
  after(async () => {
    await browser?.close();
  });

  step("a wrong password shows the server's error and keeps the login screen", async () => {
    const { page } = c;
    await page.goto('/');
    await waitForScreen(page, 'login');
    await page.getByTestId('login-login').fill(username);
    await page.getByTestId('login-password').fill('not-the-password');
    const res = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('login-submit').click();
    const response = await res;
    assert.equal(response.status(), 401);
    const problem = await response.json();
    assert.ok(problem.detail || problem.title, JSON.stringify(problem));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.equal((await alert.textContent()).trim(), problem.detail || problem.title);
    await shot(c, '07-login-error');
    assert.equal(await screen(page), 'login');
    assert.equal(await page.getByTestId('login-submit').isEnabled(), true, 'the form can be submitted again');
  });

  step('the right password then signs in', async () => {
    const { page } = c;
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await waitForScreen(page, 'shell');
    assert.equal(await page.getByTestId('current-user').textContent(), username);
    assert.equal(await page.getByRole('alert').count(), 0);
  });
});
