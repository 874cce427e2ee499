// Browser end-to-end of the web app's account, room and file flows (docs/web-app.md): the profile (name, avatar,
// password with the current one), status and away as others see them, the system theme, room settings (rename,
// add and remove people, leave, delete) seen live by the others, direct messages from a member's name and from a
// user search (shown by the other person's name), files by drag-and-drop and paste with progress and cancel, the full-size image and the download
// card, search in one room and in all rooms, the administration screen (disable and enable an account, the audit
// log), the member list on a 360 px phone, last seen. Three browser contexts are three people; one system, one
// browser, accounts made once through the API. Screenshots of the main screens in light and dark go to
// e2e/test-results/screens/, and axe-core checks each screen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { api, describeResponse } from '../lib.mjs';
import { GATEWAY_URL, PHONE_VIEWPORT, horizontalOverflow, launchBrowser, newPerson, saveScreen, scenario, until } from './browser.mjs';
import { assertAccessible, item, openRoom, register, send, setTheme, signIn } from './flows.mjs';

// a 1x1 PNG; the server detects the type from these bytes, not from the name
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Makes an account an administrator the way an operator would, in the database of the system `./chat up`
 * started (found through CHAT_STATE_DIR: auth-service's DB_URL), since only an administrator can make another
 * one and the first account of the run is someone else's. Returns why it cannot, or null once done.
 */
function grantAdminInDatabase(userId) {
  const stateDir = process.env.CHAT_STATE_DIR;
  if (!stateDir) return 'CHAT_STATE_DIR is not set (run through ./chat test e2e)';
  const pidFile = join(stateDir, 'pids', 'auth-service.pid');
  if (!existsSync(pidFile)) return `no ${pidFile}`;
  const pid = readFileSync(pidFile, 'utf8').trim();
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const url = env.find((kv) => kv.startsWith('DB_URL='))?.slice('DB_URL='.length);
  const m = url && /^jdbc:postgresql:\/\/([^:/]+):(\d+)\/([^?]+)/.exec(url);
  if (!m) return `auth-service has no usable DB_URL (${url})`;
  try {
    execFileSync(
      'psql',
      ['-h', m[1], '-p', m[2], '-U', process.env.DB_USER ?? 'postgres', '-d', m[3], '-v', 'ON_ERROR_STOP=1', '-qAt', '-c',
        `update auth.users set is_admin = true where id = '${userId}'`],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 },
    );
    return null;
  } catch (e) {
    return `psql could not grant admin: ${String(e.stderr ?? e.message).trim()}`;
  }
}

/** makes the page's tab hidden or visible as switching tabs does (the app reports idle when hidden) */
function setTabHidden(page, hidden) {
  return page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** a DataTransfer in the page holding one file, for drop and paste events */
function dataTransferWith(page, file) {
  return page.evaluateHandle(
    ({ name, type, base64 }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      return dt;
    },
    { name: file.name, type: file.type, base64: file.buffer.toString('base64') },
  );
}

/**
 * Screenshots (light and dark) and the axe-core check of what the page shows now. Behind an open modal dialog
 * the theme toggle is inert, so there the theme is applied as the toggle applies it (data-theme on <html>).
 */
async function screens(person, label, where) {
  const { page } = person;
  const modal = (await page.locator('dialog[open]').count()) > 0;
  for (const theme of ['light', 'dark']) {
    if (modal) await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    else await setTheme(page, theme);
    await saveScreen(person, `${label}-${theme}`);
    await assertAccessible(page, `${where} (${theme})`);
  }
  if (modal) await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  else await setTheme(page, 'light');
}

/** a fresh access token of the account (POST /api/auth/login) */
async function tokenOf(account) {
  const r = await api('POST', '/api/auth/login', { json: { login: account.username, password: account.password } });
  assert.equal(r.status, 200, describeResponse(r));
  return r.body.accessToken;
}

async function openUserMenuItem(page, testId) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(testId).click();
}

function member(page, userId) {
  return page.locator(`[data-testid="user-list"] [data-testid="member"][data-user-id="${userId}"]`);
}

function roomItem(page, roomId) {
  return page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
}

describe(`web app: account, rooms, files, search, administration (${GATEWAY_URL})`, () => {
  let browser;
  let a;
  let b;
  let c;
  let phone;
  const step = scenario(it, () => [a, b, c, phone]);
  let alice;
  let bob;
  let carol;
  const room = { id: null, name: null };
  const other = { id: null, name: null };

  before(async () => {
    [alice, bob, carol] = await Promise.all([register('af_alice'), register('af_bob'), register('af_carol')]);
    room.name = `af_room_${randomBytes(3).toString('hex')}`;
    other.name = `af_other_${randomBytes(3).toString('hex')}`;
    for (const r of [room, other]) {
      const created = await api('POST', '/api/rooms', { token: alice.token, json: { name: r.name, isPrivate: false } });
      assert.equal(created.status, 201, describeResponse(created));
      r.id = created.body.id;
      const joined = await api('POST', `/api/rooms/${r.id}/join`, { token: bob.token });
      assert.ok(joined.status < 300, describeResponse(joined));
    }
    browser = await launchBrowser();
    a = await newPerson(browser, 'A');
    b = await newPerson(browser, 'B');
    c = await newPerson(browser, 'C');
  });
  after(async () => {
    await browser?.close();
  });

  step('profile: a wrong current password is refused by its field; name, avatar and password change', async () => {
    await signIn(a, alice);
    const { page } = a;
    await openUserMenuItem(page, 'open-profile');
    const dialog = page.getByRole('dialog', { name: 'Your profile' });
    await dialog.waitFor();
    const newName = `${alice.username}_x`;
    const newPassword = `pw-new-${randomBytes(4).toString('hex')}`;
    await dialog.getByLabel('Username').fill(newName);
    await dialog.getByLabel('Avatar image URL').fill('https://example.com/avatar.png');
    assert.equal(await dialog.getByAltText('Avatar preview').getAttribute('src'), 'https://example.com/avatar.png');
    await dialog.getByLabel('New password (leave empty to keep it)').fill(newPassword);
    const current = dialog.getByLabel('Current password (needed for a new email or password)');
    await current.fill('not-my-password');
    await dialog.getByTestId('profile-save').click();
    await dialog.getByText('is not the current password').waitFor();
    assert.equal(await current.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByTestId('current-user').textContent(), alice.username, 'nothing changed');
    await saveScreen(a, 'profile-error-light');
    await assertAccessible(page, 'the profile dialog with an error');

    await current.fill(alice.password);
    await dialog.getByTestId('profile-save').click();
    await dialog.getByText('Saved.').waitFor();
    assert.equal(await page.getByTestId('current-user').textContent(), newName);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const oldPassword = alice.password;
    Object.assign(alice, { username: newName, password: newPassword });

    // the new password signs in; the old one no longer does
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    const old = await api('POST', '/api/auth/login', { json: { login: newName, password: oldPassword } });
    assert.equal(old.status, 401, describeResponse(old));
    await signIn(a, alice);
    assert.equal(await page.getByTestId('current-user').textContent(), newName);
  });

  step('status and away: B sees A\'s status text, and A away while A\'s tab is in the background', async () => {
    const { page } = a;
    await openUserMenuItem(page, 'open-status');
    const dialog = page.getByRole('dialog', { name: 'Your status' });
    await dialog.getByLabel('Emoji').fill('🌮');
    await dialog.getByLabel('What are you up to?').fill('At lunch');
    await dialog.getByTestId('status-save').click();
    await dialog.getByText('Status set.').waitFor();
    await assertAccessible(page, 'the status dialog');
    await page.keyboard.press('Escape');

    await signIn(b, bob);
    await openRoom(b, room.id);
    await openRoom(a, room.id);
    const onB = member(b.page, alice.id);
    await onB.getByTestId('member-status').filter({ hasText: '🌮 At lunch' }).waitFor();
    // B loaded the users after A's rename: the new name is shown (it comes with the user lookup, which may
    // arrive after the status: until then the row says "user <id>")
    await until(
      async () => (await onB.textContent()).includes(alice.username),
      async () => `A on B's list without the new name: ${await onB.textContent()}`,
    );
    await until(
      async () => (await onB.getByTestId('member-presence').textContent()) === 'online',
      async () => `A on B's list: ${await onB.textContent()}`,
    );

    await setTabHidden(a.page, true);
    await until(
      async () => (await onB.getByTestId('member-presence').textContent()) === 'away',
      async () => `A not away on B's list: ${await onB.textContent()}`,
    );
    assert.equal(await onB.locator('.dot-away').count(), 1);
    await setTabHidden(a.page, false);
    await until(
      async () => (await onB.getByTestId('member-presence').textContent()) === 'online',
      async () => `A not back online: ${await onB.textContent()}`,
    );
  });

  step('theme: System follows the system\'s preference live and is remembered', async () => {
    const { page } = a;
    await page.emulateMedia({ colorScheme: 'dark' });
    await setTheme(page, 'system');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    await until(async () => (await theme()) === 'dark', () => 'System with a dark system is not dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await until(async () => (await theme()) === 'light', () => 'System does not follow the system to light');
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    assert.equal(await page.getByTestId('theme-system').isChecked(), true, 'System is remembered');
    await page.emulateMedia({ colorScheme: 'dark' });
    await until(async () => (await theme()) === 'dark', () => 'after a reload System still follows');
    await page.emulateMedia({ colorScheme: 'light' });
    await setTheme(page, 'light');
  });

  step('room settings: A renames the room and adds C, both live for the others; removing C sends C out', async () => {
    await signIn(c, carol);
    await openRoom(a, room.id);
    const { page } = a;
    await page.getByTestId('room-settings').click();
    const dialog = page.getByRole('dialog', { name: /settings/ });
    await dialog.waitFor();
    await screens(a, 'room-settings', 'the room settings dialog');

    const renamed = `${room.name}_renamed`;
    await dialog.getByLabel('Room name', { exact: true }).fill(renamed);
    await dialog.getByLabel('Description', { exact: true }).fill('Where the browser tests meet');
    await dialog.getByTestId('room-settings-save').click();
    await dialog.getByText('Saved.').waitFor();
    room.name = renamed;
    await roomItem(b.page, room.id).filter({ hasText: renamed }).waitFor();
    await b.page.locator('#chat-heading', { hasText: renamed }).waitFor();

    await dialog.getByLabel('Add a person by username').fill(carol.username);
    await dialog.getByRole('button', { name: `Add ${carol.username}` }).click();
    await dialog.getByRole('button', { name: `Remove ${carol.username} from the room` }).waitFor();
    // live: the gateway tells every socket of the person added, not only the room's (docs/web-app.md)
    await roomItem(c.page, room.id).waitFor();
    await openRoom(c, room.id);
    await member(a.page, carol.id).waitFor();

    await dialog.getByRole('button', { name: `Remove ${carol.username} from the room` }).click();
    await c.page.getByText(`You were removed from #${room.name}.`).waitFor();
    assert.ok(c.page.url().endsWith('#/'), c.page.url());
    await roomItem(c.page, room.id).waitFor({ state: 'detached' });
    await member(a.page, carol.id).waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  step('a private room A creates and adds B to appears in B\'s list live, without a reload', async () => {
    const { page } = a;
    const name = `af_private_${randomBytes(3).toString('hex')}`;
    await page.getByTestId('create-room-name').fill(name);
    await page.getByTestId('create-room-private').check();
    await page.getByTestId('create-room-submit').click();
    await page.locator('#chat-heading', { hasText: name }).waitFor();
    const privateId = /#\/rooms\/([^/?]+)/.exec(page.url())[1];
    await roomItem(b.page, privateId).waitFor({ state: 'detached' });

    await page.getByTestId('room-settings').click();
    const dialog = page.getByRole('dialog', { name: /settings/ });
    await dialog.getByLabel('Add a person by username').fill(bob.username);
    await dialog.getByRole('button', { name: `Add ${bob.username}` }).click();
    await roomItem(b.page, privateId).filter({ hasText: name }).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await roomItem(b.page, privateId).click();
    await b.page.locator('#chat-heading', { hasText: name }).waitFor();
  });

  step('direct messages: from a member\'s name (the other sees it live) and from a user search', async () => {
    const { page } = a;
    await openRoom(a, room.id);
    await member(page, bob.id).getByRole('button', { name: `Message ${bob.username} directly` }).click();
    await page.locator('#chat-heading', { hasText: bob.username }).waitFor();
    const dmId = /#\/rooms\/([^/?]+)/.exec(page.url())[1];
    await page.getByTestId('message-input').waitFor();
    await page.getByText('Loading messages…').waitFor({ state: 'detached' });
    await send(page, 'a direct hello');
    await until(
      async () => (await item(page, 'a direct hello').getAttribute('data-state')) === 'sent',
      () => 'the direct message was not sent',
    );
    // live, though B's socket was in no room that did not exist yet: named after A
    const dmOnB = b.page.locator(`[data-testid="direct-list"] [data-room-id="${dmId}"]`);
    await dmOnB.filter({ hasText: alice.username }).waitFor();
    await dmOnB.click();
    await item(b.page, 'a direct hello').waitFor();
    // once open, it is live
    await send(page, 'a second direct hello');
    await item(b.page, 'a second direct hello').waitFor();

    await b.page.getByTestId('new-direct').click();
    const dialog = b.page.getByRole('dialog', { name: 'Direct message' });
    await dialog.getByLabel('Find a person by username').fill(carol.username);
    await dialog.getByRole('button', { name: carol.username }).waitFor();
    await assertAccessible(b.page, 'the direct message dialog');
    await dialog.getByRole('button', { name: carol.username }).click();
    await b.page.locator('#chat-heading', { hasText: carol.username }).waitFor();
    const withCarol = /#\/rooms\/([^/?]+)/.exec(b.page.url())[1];
    await b.page.locator(`[data-testid="direct-list"] [data-room-id="${withCarol}"]`).filter({ hasText: carol.username }).waitFor();
    await c.page.locator(`[data-testid="direct-list"] [data-room-id="${withCarol}"]`).filter({ hasText: bob.username }).waitFor();
  });

  step('files: a drop becomes a download card, a paste an image with a full-size view', async () => {
    await openRoom(a, room.id);
    await openRoom(b, room.id);
    const text = { name: `notes-${randomBytes(3).toString('hex')}.txt`, type: 'text/plain', buffer: Buffer.from('dropped by A\n') };
    await a.page.getByTestId('message-input').dispatchEvent('drop', { dataTransfer: await dataTransferWith(a.page, text) });
    const card = item(b.page, text.name).getByTestId('file-card');
    await card.waitFor();
    assert.match(await card.textContent(), /13 B/);
    const download = b.page.waitForEvent('download');
    await card.getByRole('button').or(card.getByRole('link')).first().click();
    const file = await download;
    assert.equal(file.suggestedFilename(), text.name);
    assert.equal(readFileSync(await file.path(), 'utf8'), 'dropped by A\n');

    const image = { name: `pasted-${randomBytes(3).toString('hex')}.png`, type: 'image/png', buffer: PNG };
    await a.page.getByTestId('message-input').focus();
    const dt = await dataTransferWith(a.page, image);
    await a.page.getByTestId('message-input').evaluate((el, data) => {
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, dt);
    const figure = b.page.locator('[data-testid="image-attachment"]', { hasText: image.name });
    await figure.waitFor();
    const img = figure.locator('img');
    await until(
      () => img.evaluate((el) => el.complete && el.naturalWidth > 0).catch(() => false),
      () => `B: the pasted image ${image.name} did not load`,
    );
    await figure.getByRole('button', { name: /Show full size/ }).click();
    await figure.locator('img.image-full').waitFor();
    await until(
      () => figure.locator('img.image-full').evaluate((el) => el.complete && el.naturalWidth > 0).catch(() => false),
      () => 'the full-size image did not load',
    );
    await saveScreen(b, 'image-full-light');
    await figure.getByRole('button', { name: /Show smaller/ }).click();
    await figure.locator('img.image-thumb').waitFor();
  });

  step('files: an upload shows its progress and Cancel stops it; too large a file is refused at once', async () => {
    const { page } = a;
    await openRoom(a, room.id);
    const cdp = await a.context.newCDPSession(page);
    await cdp.send('Network.enable');
    // 64 KB/s: a 1 MB file takes long enough to watch and cancel
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    const big = { name: `big-${randomBytes(3).toString('hex')}.bin`, mimeType: 'application/octet-stream', buffer: randomBytes(1024 * 1024) };
    try {
      await page.getByTestId('file-input').setInputFiles(big);
      const upload = page.getByTestId('upload').filter({ hasText: big.name });
      await upload.waitFor();
      const bar = upload.getByRole('progressbar', { name: `Uploading ${big.name}` });
      await until(
        async () => Number(await bar.getAttribute('value')) > 0,
        async () => `no progress: ${await bar.getAttribute('value')}`,
        20_000,
      );
      await saveScreen(a, 'upload-progress-light');
      await upload.getByRole('button', { name: 'Cancel' }).click();
      await upload.waitFor({ state: 'detached' });
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    // cancelled: no message refers to it, on either side (a later message is the barrier)
    await send(page, 'after the cancelled upload');
    await item(b.page, 'after the cancelled upload').waitFor();
    assert.equal(await item(b.page, big.name).count(), 0);
    assert.equal(await item(page, big.name).count(), 0);

    const huge = { name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) };
    await page.getByTestId('file-input').setInputFiles(huge);
    const refused = page.getByTestId('upload').filter({ hasText: 'huge.bin' });
    await refused.getByText('Larger than 10 MB.').waitFor();
    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await refused.waitFor({ state: 'detached' });
  }, 60_000);

  step('a send that gets no answer turns failed, and Retry sends it once (same clientMsgId)', async () => {
    // A on a second device whose first send-message frame is lost on the way (a routed websocket)
    const device = await newPerson(browser, 'A2');
    const { context, page } = device;
    const text = `lost once ${randomBytes(3).toString('hex')}`;
    let dropped = 0;
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((frame) => {
        if (!dropped && typeof frame === 'string' && frame.includes('"send-message"') && frame.includes(text)) {
          dropped++;
          return;
        }
        server.send(frame);
      });
    });
    try {
      await signIn(device, alice);
      await page.goto(`/#/rooms/${room.id}`);
      await page.getByText('Loading messages…').waitFor({ state: 'detached' });
      await until(
        async () => (await page.getByTestId('connection-state').textContent()) === 'Live',
        () => 'A2 not live',
      );
      await send(page, text);
      const mine = item(page, text);
      assert.equal(await mine.getAttribute('data-state'), 'pending');
      // the ack never comes: failed after the ack timeout (15 s), with a way to retry
      await until(async () => (await mine.getAttribute('data-state')) === 'failed', () => 'not failed', 25_000);
      assert.equal(dropped, 1);
      await mine.getByTestId('message-retry').click();
      await until(async () => (await mine.getAttribute('data-state')) === 'sent', () => 'the retry was not sent');
      await item(b.page, text).waitFor();
      const history = await api('GET', `/api/rooms/${room.id}/messages?limit=20`, { token: await tokenOf(alice) });
      assert.equal(history.body.items.filter((m) => m.content === text).length, 1, 'stored once');
      assert.equal(await item(b.page, text).count(), 1, 'shown once');
    } finally {
      await context.close();
    }
  }, 60_000);

  step('older history loads on scrolling up, and the list stays virtualised', async () => {
    // six authors, one message after the other (their ids, the order, follow their numbers); each author stays
    // under the send rate limit (20 per 10 s)
    const count = 120;
    const authors = await Promise.all(Array.from({ length: 6 }, () => register('af_hist')));
    for (const author of authors) {
      const joined = await api('POST', `/api/rooms/${other.id}/join`, { token: author.token });
      assert.ok(joined.status < 300, describeResponse(joined));
    }
    for (let i = 0; i < count; i++) {
      const r = await api('POST', `/api/rooms/${other.id}/messages`, {
        token: authors[i % authors.length].token,
        json: { content: `history ${String(i).padStart(3, '0')}` },
      });
      assert.equal(r.status, 201, describeResponse(r));
    }
    const { page } = b;
    await openRoom(b, other.id);
    await item(page, `history ${count - 1}`).waitFor();
    const scroller = page.locator('.message-scroll');
    const first = item(page, 'history 000');
    await until(
      async () => {
        if (await first.count()) return true;
        await scroller.evaluate((el) => {
          el.scrollTop = 0;
        });
        return false;
      },
      async () => `the oldest message never loaded; rows: ${await page.getByTestId('message-item').count()}`,
      30_000,
      300,
    );
    const rows = await page.getByTestId('message-item').count();
    assert.ok(rows < 100, `virtualised: ${rows} message rows in the page for ${count}`);
    // in order: the oldest at the top
    const texts = await page.getByTestId('message-content').allTextContents();
    const numbers = texts.filter((t) => t.startsWith('history ')).map((t) => Number(t.slice(8)));
    assert.deepEqual(numbers, [...numbers].sort((x, y) => x - y));
  }, 90_000);

  step('search: this room from its Search link, then all my rooms; the match is marked; a result opens the message', async () => {
    const word = `findme${randomBytes(3).toString('hex')}`;
    const token = await tokenOf(alice);
    for (const r of [room, other]) {
      const sent = await api('POST', `/api/rooms/${r.id}/messages`, { token, json: { content: `the ${word} in ${r.name}` } });
      assert.equal(sent.status, 201, describeResponse(sent));
    }
    const { page } = b;
    await openRoom(b, room.id);
    await page.getByTestId('search-room').click();
    assert.equal(await page.getByTestId('search-scope-room').isChecked(), true);
    await page.getByTestId('search-input').fill(word);
    await until(
      async () => (await page.getByTestId('search-count').textContent()) === '1 result',
      async () => `room search: ${await page.getByTestId('search-count').textContent()}`,
      15_000,
    );
    // the scope is in the URL: the radio shows the choice once the navigation has rendered, not within the click
    // (so Playwright's check(), which reads it right after the click, can see it still off)
    const all = page.getByTestId('search-scope-all');
    await all.click();
    await until(() => all.isChecked(), () => '"All my rooms" is not chosen');
    await until(
      async () => (await page.getByTestId('search-count').textContent()) === '2 results',
      async () => `all rooms: ${await page.getByTestId('search-count').textContent()}`,
      15_000,
    );
    const results = page.getByTestId('search-result');
    for (const mark of await results.locator('mark').allTextContents()) assert.equal(mark, word);
    await screens(b, 'search', 'the search results');
    await results.filter({ hasText: other.name }).click();
    await page.locator('#chat-heading', { hasText: other.name }).waitFor();
    await page.locator('.message-focused', { hasText: word }).waitFor();
  });

  step('administration: A disables B, whose session ends at once; the audit log says who; A enables B again', async (t) => {
    const why = grantAdminInDatabase(alice.id);
    if (why) {
      t.skip(why);
      return;
    }
    const { page } = a;
    // the role is in the next access token: a reload refreshes it
    await page.reload();
    await page.getByTestId('current-user').waitFor();
    await openUserMenuItem(page, 'open-admin');
    await page.getByTestId('admin-screen').waitFor();
    await page.getByLabel('Find a user by username').fill(bob.username);
    const row = page.locator(`[data-testid="admin-user"][data-user-id="${bob.id}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${bob.username}@example.com`), 'admins see the email');
    await screens(a, 'admin', 'the administration screen');

    await openRoom(b, room.id);
    await row.getByRole('button', { name: `Disable ${bob.username}` }).click();
    await page.getByTestId('admin-disable-confirm').click();
    await page.getByText(`${bob.username} is disabled`).waitFor();
    const disabledBy = Date.now();
    await row.getByText('disabled', { exact: true }).waitFor();
    // B's socket is closed by the gateway and the refresh refused: B is back at the sign-in form
    await b.page.getByTestId('login-submit').waitFor({ timeout: 20_000 });
    await b.page.getByTestId('login-login').fill(bob.username);
    await b.page.getByTestId('login-password').fill(bob.password);
    await b.page.getByTestId('login-submit').click();
    await b.page.getByRole('alert').filter({ hasText: 'This account is disabled.' }).waitFor();

    await row.getByRole('button', { name: `History of ${bob.username}` }).click();
    const entry = page.locator('[data-testid="audit-entry"][data-action="account.disabled"]');
    // who did it to whom, by name once the user lookup is in (until then "user <id>")
    await until(
      async () => new RegExp(`${bob.username}.*${alice.username}`).test(await entry.textContent()),
      async () => `the audit entry: ${await entry.textContent()}`,
    );

    await row.getByRole('button', { name: `Enable ${bob.username}` }).click();
    await page.getByText(`${bob.username} can sign in again.`).waitFor();
    // access tokens carry whole seconds (iat): the gateways refuse one issued in the second of the disable
    // (docs/security.md), so B signs in again once that second is over
    await until(
      () => Date.now() >= (Math.floor(disabledBy / 1000) + 1) * 1000,
      () => 'still the second of the disable',
    );
    await signIn(b, bob);
  });

  step('leave and delete: B leaves one room, A sees B go; A deletes the other, B is sent out of it', async () => {
    await openRoom(a, other.id);
    await openRoom(b, other.id);
    await member(a.page, bob.id).waitFor();
    await b.page.getByTestId('room-settings').click();
    await b.page.getByTestId('room-leave').click();
    await b.page.getByTestId('room-leave-confirm').click();
    await b.page.getByText(`You left #${other.name}.`).waitFor();
    await roomItem(b.page, other.id).waitFor({ state: 'detached' });
    await member(a.page, bob.id).waitFor({ state: 'detached' });

    await openRoom(b, room.id);
    await openRoom(a, room.id);
    await a.page.getByTestId('room-settings').click();
    await a.page.getByTestId('room-delete').click();
    await a.page.getByTestId('room-delete-confirm').click();
    await a.page.getByText(`#${room.name} was deleted.`).waitFor();
    await b.page.getByText(`#${room.name} was deleted.`).waitFor();
    await roomItem(b.page, room.id).waitFor({ state: 'detached' });
    // A's remaining room for the next steps
    room.id = other.id;
    room.name = other.name;
  });

  step('a 360 px phone: the member list is reachable as a view of its own, nothing overflows', async () => {
    phone = await newPerson(browser, 'phone', PHONE_VIEWPORT);
    const { page, context } = phone;
    await signIn(phone, alice);
    await openRoom(phone, room.id);
    assert.equal(await page.getByTestId('user-list').count(), 0, 'the conversation first');
    await page.getByTestId('toggle-members').click();
    const list = page.getByTestId('user-list');
    await list.waitFor();
    assert.equal(await page.getByTestId('message-input').isVisible(), false, 'members instead of the conversation');
    await member(page, alice.id).waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, `the member view overflows by ${await horizontalOverflow(page)} px`);
    await screens(phone, 'phone-members', 'the phone member list');
    await list.getByRole('button', { name: '← Back to the conversation' }).click();
    await page.getByTestId('message-input').waitFor();
    await page.getByTestId('room-settings').click();
    await page.getByRole('dialog', { name: /settings/ }).waitFor();
    assert.ok((await horizontalOverflow(page)) <= 0, `the settings dialog overflows by ${await horizontalOverflow(page)} px`);
    await assertAccessible(page, 'the phone room settings');
    await context.close();
    phone = null;
  });

  step('last seen: when B closes the app, A sees B offline with the time B was last seen', async () => {
    // B is back in A's remaining room for this
    const joined = await api('POST', `/api/rooms/${room.id}/join`, { token: await tokenOf(bob) });
    assert.ok(joined.status < 300, describeResponse(joined));
    await openRoom(a, room.id);
    const onA = member(a.page, bob.id);
    await onA.waitFor();
    await b.context.close();
    b = null;
    await until(
      async () => /^last seen /.test((await onA.getByTestId('member-presence').textContent()) ?? ''),
      async () => `B on A's list: ${await onA.textContent()}`,
      40_000,
    );
    assert.equal(await onA.locator('.dot-offline').count(), 1);
  }, 60_000);
});
