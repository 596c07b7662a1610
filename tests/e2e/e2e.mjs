// Browser test of the asta web UI: drives Debian's Chromium (playwright-core, no browser
// download) against a running server whose database holds the demo data.
//
//   node e2e.mjs http://127.0.0.1:PORT
//
// Environment: ASTA_E2E_EMAIL, ASTA_E2E_PASSWORD (the demo administrator),
// ASTA_E2E_SHOTS (directory for screenshots; a new temporary one by default),
// ASTA_E2E_CHROMIUM (browser executable; /usr/bin/chromium by default).
// Prints one line per check and ends with "N passed, M failed"; exits non-zero on failure.

import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = (process.argv[2] ?? process.env.ASTA_E2E_BASE_URL ?? '').replace(/\/$/, '');
if (!base) {
  console.error('usage: node e2e.mjs BASE_URL');
  process.exit(2);
}
const EMAIL = process.env.ASTA_E2E_EMAIL || 'admin@asta.example';
const PASSWORD = process.env.ASTA_E2E_PASSWORD || 'asta-demo-2026';
const SHOTS = process.env.ASTA_E2E_SHOTS || mkdtempSync(join(tmpdir(), 'asta-e2e-shots-'));
mkdirSync(SHOTS, { recursive: true });
const TIMEOUT = 10_000;
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

let passed = 0;
let failed = 0;
let shotNumber = 0;
const problems = []; // console errors, page errors, CSP violations

class AssertionError extends Error {}
function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}
function assertEqual(actual, expected, message) {
  if (actual !== expected) {
    throw new AssertionError(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.ASTA_E2E_CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const context = await browser.newContext({ viewport: WIDE, locale: 'en-US', timezoneId: 'Asia/Tokyo' });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
page.on('console', (msg) => {
  if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
});
page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

async function shot(name) {
  shotNumber += 1;
  const file = join(SHOTS, `${String(shotNumber).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file, fullPage: true });
  } catch (err) {
    console.log(`  (screenshot ${name} failed: ${err.message})`);
  }
}

async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (err) {
    failed += 1;
    console.log(`not ok - ${name}`);
    for (const line of String(err?.stack && !(err instanceof AssertionError) ? err.stack : err?.message ?? err).split('\n').slice(0, 6)) {
      console.log(`    ${line}`);
    }
    await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`);
  }
}

const htmlLang = () => page.evaluate(() => document.documentElement.lang);
const nav = () => page.locator('nav#app-nav');
const mainHeading = () => page.locator('main h1');
async function noHorizontalOverflow(label) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert(scrollWidth <= innerWidth, `${label}: page scrolls horizontally (scrollWidth ${scrollWidth} > innerWidth ${innerWidth})`);
}
// Every form control has a <label for>, and every table header cell a scope.
async function assertAccessibleMarkup(label) {
  const problems = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input:not([type="hidden"]), select, textarea')) {
      if (!el.id || !document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) {
        out.push(`unlabelled ${el.tagName.toLowerCase()} name=${el.getAttribute('name')}`);
      }
    }
    for (const th of document.querySelectorAll('th')) {
      if (!th.getAttribute('scope')) out.push(`th without scope: ${th.textContent}`);
    }
    for (const tag of ['header', 'nav', 'main']) {
      if (!document.querySelector(tag)) out.push(`no <${tag}>`);
    }
    return out;
  });
  assert(problems.length === 0, `${label}: ${problems.join('; ')}`);
}
async function gotoViaNav(label) {
  const link = nav().getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible())) {
    const menu = page.locator('button.menu-button');
    if (await menu.isVisible()) await menu.click();
  }
  await link.click();
}
async function setLanguage(label, lang) {
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

let displayName = '';

// ---------------------------------------------------------------------------- checks

await check('login page renders', async () => {
  const response = await page.goto(`${base}/`);
  assert(response && response.ok(), `GET / returned ${response?.status()}`);
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  assertEqual(await htmlLang(), 'en', '<html lang> before sign-in with an English browser');
  await page.getByLabel('Email address').waitFor();
  await page.getByLabel('Password').waitFor();
  assert(await page.locator('header').count() >= 1, 'no <header> landmark');
  assert(await page.locator('main').count() === 1, 'expected one <main>');
  await shot('login-en-1280');
});

await check('a wrong password shows an error', async () => {
  await page.getByLabel('Email address').fill(EMAIL);
  await page.getByLabel('Password').fill(`${PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.filter({ hasText: 'not correct' }).waitFor();
  assert(page.url().includes('/login'), 'left the login page after a wrong password');
  await shot('login-wrong-password');
});

await check('the login page switches to Japanese before sign-in', async () => {
  await setLanguage('日本語', 'ja');
  await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
  await page.getByLabel('メールアドレス').waitFor();
  await page.getByRole('alert').filter({ hasText: '正しくありません' }).waitFor();
  await shot('login-ja-1280');
  await setLanguage('English', 'en');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
});

await check('signing in shows the user name and the navigation', async () => {
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await nav().waitFor();
  const session = await page.evaluate(async () => {
    const r = await fetch('/api/v1/session', { credentials: 'same-origin' });
    return { status: r.status, body: await r.json() };
  });
  assertEqual(session.status, 200, 'GET /api/v1/session after sign-in');
  displayName = session.body.user.display_name;
  assert(displayName, 'session user has no display_name');
  const shown = (await page.locator('header .user-name').textContent())?.trim();
  assertEqual(shown, displayName, 'user name in the header');
  // Start from English regardless of the demo administrator's language setting.
  if ((await htmlLang()) !== 'en') await setLanguage('English', 'en');
  for (const label of ['Network', 'Programmes & calls', 'Review', 'Compliance', 'Facilities', 'Projects', 'Insight', 'Offices', 'Administration', 'Audit log']) {
    await nav().getByRole('link', { name: label, exact: true }).waitFor();
  }
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  assert(!page.url().includes('/login'), 'still on /login after signing in');
  await shot('home-en-1280');
});

await check('switching to 日本語 relabels everything and back to English', async () => {
  await setLanguage('日本語', 'ja');
  await nav().getByRole('link', { name: 'ネットワーク', exact: true }).waitFor();
  await nav().getByRole('link', { name: '監査ログ', exact: true }).waitFor();
  await page.getByRole('button', { name: 'ログアウト' }).waitFor();
  assertEqual(await page.evaluate(() => localStorage.getItem('asta.lang')), 'ja', 'remembered language');
  assertEqual(await page.getByRole('button', { name: '日本語' }).getAttribute('aria-pressed'), 'true', '日本語 pressed');
  await shot('home-ja-1280');
  // The choice survives a reload.
  await page.reload();
  await nav().getByRole('link', { name: 'ネットワーク', exact: true }).waitFor();
  assertEqual(await htmlLang(), 'ja', '<html lang> after reload');
  await setLanguage('English', 'en');
  await nav().getByRole('link', { name: 'Network', exact: true }).waitFor();
  assertEqual(await nav().getByRole('link', { name: 'ネットワーク' }).count(), 0, 'Japanese label left after switching back');
});

await check('a module not built yet says it is coming, in both languages', async () => {
  await gotoViaNav('Network');
  await page.waitForURL(/\/network$/);
  await mainHeading().filter({ hasText: 'Network' }).waitFor();
  await page.getByText('This module is coming soon.').waitFor();
  assertEqual(await nav().getByRole('link', { name: 'Network', exact: true }).getAttribute('aria-current'), 'page', 'aria-current on the nav link');
  await setLanguage('日本語', 'ja');
  await page.getByText('このモジュールは準備中です。').waitFor();
  await shot('placeholder-ja-1280');
  await setLanguage('English', 'en');
});

await check('Administration lists users, including a non-Latin display name', async () => {
  await gotoViaNav('Administration');
  await page.waitForURL(/\/admin\/users$/);
  await mainHeading().filter({ hasText: 'Administration' }).waitFor();
  const table = page.locator('table.users-table');
  await table.locator('tbody tr').first().waitFor();
  for (const header of ['Display name', 'Latin name', 'Email', 'Language', 'Roles', 'Agency']) {
    await table.locator('thead th[scope="col"]', { hasText: header }).first().waitFor();
  }
  // Any script beyond Latin (Japanese, Arabic, …) counts; walk pages until one shows up.
  let found = '';
  for (let pageNo = 1; pageNo <= 20 && !found; pageNo++) {
    const names = await table.locator('tbody td.name-cell .name').allTextContents();
    assert(names.length > 0, 'the users table is empty');
    found = names.find((n) => /[^\u0000-\u024f\u1e00-\u1eff\s]/.test(n)) ?? '';
    if (found) break;
    const next = page.getByRole('button', { name: 'Next page' });
    if (await next.isDisabled()) break;
    const before = names.join('|');
    await next.click();
    await page.waitForFunction(
      (b) => [...document.querySelectorAll('table.users-table tbody td.name-cell .name')].map((e) => e.textContent).join('|') !== b,
      before,
    );
  }
  assert(found, 'no user with a non-Latin display name on any page');
  const cell = table.locator('tbody td.name-cell .name', { hasText: found }).first();
  assertEqual(await cell.getAttribute('dir'), 'auto', 'dir on a name cell');
  await shot('admin-users-en-1280');
  if ((await page.getByRole('button', { name: 'Previous page' }).isEnabled())) {
    await page.getByRole('button', { name: 'Previous page' }).click();
  }
});

const stamp = Date.now().toString(36);
const newEmail = `e2e-${stamp}@example.org`;
const newName = `ليلى 山田 ${stamp}`;

await check('creating a user shows a field error next to the input, then succeeds', async () => {
  const form = page.locator('form', { has: page.getByRole('button', { name: 'Create' }) });
  await form.getByLabel('Email address').fill('not-an-email');
  await form.getByLabel('Display name (as written, any script)').fill(newName);
  await form.getByLabel('Name in Latin letters').fill(`Layla Yamada ${stamp}`);
  await form.getByLabel('Language').selectOption('en');
  await form.getByRole('button', { name: 'Create' }).click();
  const email = form.getByLabel('Email address');
  await page.waitForFunction(
    () => [...document.querySelectorAll('input[aria-invalid="true"]')].some((i) => i.getAttribute('name') === 'email'),
  );
  const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
  const errorText = await page.evaluate(
    (ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
    describedBy,
  );
  assert(/check this value/i.test(errorText), `field error for email not shown next to it (got "${errorText}")`);
  await shot('admin-create-user-field-error');
  await email.fill(newEmail);
  await form.getByRole('button', { name: 'Create' }).click();
  // Names inside messages are wrapped in Unicode direction isolates, so match on the name.
  await page.locator('main h2', { hasText: newName }).filter({ hasText: 'Edit' }).waitFor();
  await page.locator('main .message.is-success', { hasText: newName }).filter({ hasText: 'was created' }).waitFor();
  // The search box finds the new user by part of the name.
  await page.getByLabel('Search by name or email').fill(stamp);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('table.users-table tbody td.name-cell', { hasText: newName }).first().waitFor();
  assertEqual(await page.locator('table.users-table tbody tr').count(), 1, 'rows matching the search');
});

await check('granting a role filters scope types, and revoking removes it', async () => {
  const grant = page.locator('form', { has: page.getByRole('button', { name: 'Grant role' }) });
  await grant.getByLabel('Role').selectOption('programme_officer');
  const scopes = await grant.getByLabel('Scope type').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assertEqual(scopes.join(','), 'agency,programme,call', 'scope types offered for programme_officer');
  await grant.getByLabel('Role').selectOption('reviewer');
  const reviewerScopes = await grant.getByLabel('Scope type').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assertEqual(reviewerScopes.join(','), 'self', 'scope types offered for reviewer');
  assert(await grant.getByLabel('Scope id').isDisabled(), 'scope id should be disabled for a self scope');
  await grant.getByRole('button', { name: 'Grant role' }).click();
  const grants = page.locator('ul.grants');
  await grants.locator('li', { hasText: 'Reviewer' }).waitFor();
  await page.locator('main').getByText('The role was granted.').waitFor();
  await shot('admin-edit-user-granted');
  await grants.getByRole('button', { name: /Revoke/ }).first().click();
  await page.getByText('No roles granted.').waitFor();
});

await check('Administration in Japanese, and the agencies and roles sections', async () => {
  await setLanguage('日本語', 'ja');
  await page.getByRole('link', { name: 'ユーザー', exact: true }).waitFor();
  await page.locator('table.users-table thead th', { hasText: '表示名' }).waitFor();
  // "{name} を編集" starts with the (Arabic) name; the heading must stay left-to-right.
  const heading = page.locator('main h2', { hasText: '編集' }).filter({ hasText: newName });
  await heading.waitFor();
  assertEqual(await heading.evaluate((el) => getComputedStyle(el).direction), 'ltr', 'direction of the Japanese edit heading');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('admin-users-ja-1280');
  await page.getByRole('link', { name: '機関・府省' }).click();
  await page.waitForURL(/\/admin\/agencies$/);
  await page.getByRole('heading', { level: 2, name: '府省' }).waitFor();
  await shot('admin-agencies-ja-1280');
  await setLanguage('English', 'en');
  await page.getByRole('link', { name: 'Roles', exact: true }).click();
  await page.waitForURL(/\/admin\/roles$/);
  // The table arrives with GET /roles; wait for its last row before reading it.
  await page.locator('main table tbody td.code', { hasText: 'administrator' }).waitFor();
  const roles = await page.locator('main table tbody td.code').allTextContents();
  for (const r of ['applicant', 'reviewer', 'programme_officer', 'compliance_officer', 'facility_manager', 'overseas_office', 'analyst', 'administrator']) {
    assert(roles.includes(r), `role ${r} missing from the roles table (have ${roles.join(', ')})`);
  }
  await shot('admin-roles-en-1280');
});

await check('the audit log shows entries newest first, expands a row, and verifies the chain', async () => {
  await gotoViaNav('Audit log');
  await page.waitForURL(/\/audit$/);
  const rows = page.locator('table.audit-table tbody tr.entry-row');
  await rows.first().waitFor();
  const count = await rows.count();
  assert(count >= 2, `expected audit entries, found ${count}`);
  const seqs = (await page.locator('table.audit-table tbody tr.entry-row th').allTextContents()).map(Number);
  assert(seqs.every((s, i) => i === 0 || s < seqs[i - 1]), `entries not newest first: ${seqs.slice(0, 10).join(', ')}`);
  const actions = (await page.locator('table.audit-table tbody tr.entry-row td.code').allTextContents()).join(' ');
  assert(/user|session|role/.test(actions), `no user/session entries among: ${actions.slice(0, 200)}`);
  const toggle = rows.first().locator('button.toggle');
  assert(/^Show details/.test((await toggle.textContent()) ?? ''), 'toggle label before expanding');
  await toggle.click();
  assertEqual(await toggle.getAttribute('aria-expanded'), 'true', 'aria-expanded after expanding');
  const detail = page.locator('table.audit-table tr.detail-row:not([hidden])').first();
  await detail.getByRole('heading', { name: 'Before' }).waitFor();
  await detail.getByRole('heading', { name: 'After' }).waitFor();
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await page.locator('.verify-result.is-success', { hasText: 'OK' }).waitFor();
  await shot('audit-en-1280');
});

await check('the audit log filters by entity type', async () => {
  await page.getByLabel('Entity type').fill('user');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll('table.audit-table tbody tr.entry-row')].map((r) => r.children[4]?.textContent);
    return cells.length > 0 && cells.every((c) => c === 'user');
  });
  await setLanguage('日本語', 'ja');
  await page.getByRole('button', { name: 'チェーンを検証' }).waitFor();
  await shot('audit-ja-1280');
  await setLanguage('English', 'en');
  await page.getByRole('button', { name: 'Clear' }).click();
});

await check('My account creates an API token, shows it once, and revokes it', async () => {
  await page.locator('header a.user-name').click();
  await page.waitForURL(/\/account$/);
  await mainHeading().filter({ hasText: 'My account' }).waitFor();
  const name = `e2e-${stamp}`;
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('New token').inputValue();
  assert(secret.length >= 20, `token not shown after creation (got "${secret}")`);
  const row = page.locator('main table tbody tr', { hasText: name });
  await row.waitFor();
  assert(secret.startsWith((await row.locator('td.code').textContent()) ?? '\u0000'), 'token prefix does not match the secret');
  await shot('account-token-created');
  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.locator('main').getByText('Token revoked.').waitFor();
  await page.waitForFunction(
    (n) => {
      const r = [...document.querySelectorAll('main table tbody tr')].find((tr) => tr.textContent?.includes(n));
      return !r || (!r.querySelector('button') && /Revoked/.test(r.textContent ?? ''));
    },
    name,
  );
});

await check('at 375 px the page never scrolls sideways and the menu button toggles the nav', async () => {
  await page.setViewportSize(PHONE);
  await page.goto(`${base}/`);
  const menu = page.locator('button.menu-button');
  await menu.waitFor();
  assertEqual(await menu.getAttribute('aria-expanded'), 'false', 'menu starts closed');
  assert(!(await nav().isVisible()), 'nav visible while the menu is closed');
  await noHorizontalOverflow('home');
  await shot('home-en-375');
  await menu.click();
  assertEqual(await menu.getAttribute('aria-expanded'), 'true', 'aria-expanded after opening');
  await nav().getByRole('link', { name: 'Audit log' }).waitFor({ state: 'visible' });
  await noHorizontalOverflow('menu open');
  await shot('menu-open-en-375');
  await menu.click();
  assertEqual(await menu.getAttribute('aria-expanded'), 'false', 'aria-expanded after closing');
  await nav().waitFor({ state: 'hidden' });
  // Following a link from the open menu closes it.
  await menu.click();
  await nav().getByRole('link', { name: 'Audit log' }).click();
  await page.waitForURL(/\/audit$/);
  await nav().waitFor({ state: 'hidden' });
  await page.locator('table.audit-table tbody tr.entry-row').first().waitFor();
  await page.locator('table.audit-table tbody tr.entry-row').first().getByRole('button').click();
  await noHorizontalOverflow('audit with an expanded row');
  await assertAccessibleMarkup('audit');
  await shot('audit-en-375');
  for (const [path, label] of [['/admin/users', 'admin users'], ['/admin/agencies', 'agencies'], ['/admin/roles', 'roles'], ['/account', 'account'], ['/offices', 'placeholder']]) {
    await page.goto(`${base}${path}`);
    await mainHeading().waitFor();
    await page.waitForLoadState('networkidle');
    await noHorizontalOverflow(label);
    await assertAccessibleMarkup(label);
    if (path === '/admin/users') await shot('admin-users-en-375');
  }
  await setLanguage('日本語', 'ja');
  for (const [path, label] of [['/admin/users', 'admin users (ja)'], ['/audit', 'audit (ja)'], ['/', 'home (ja)']]) {
    await page.goto(`${base}${path}`);
    await mainHeading().waitFor();
    await page.waitForLoadState('networkidle');
    await noHorizontalOverflow(label);
    await shot(`${label.replace(/[^a-z]+/g, '-')}-375`);
  }
  await menu.click();
  await nav().getByRole('link', { name: '監査ログ' }).waitFor({ state: 'visible' });
  await shot('menu-open-ja-375');
  await menu.click();
  await setLanguage('English', 'en');
  await page.setViewportSize(WIDE);
});

await check('logging out returns to the login page', async () => {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/v1/session', { credentials: 'same-origin' })).status);
  assertEqual(status, 401, 'GET /api/v1/session after logout');
  await page.goto(`${base}/admin/users`);
  await page.waitForURL(/\/login/);
  await shot('logged-out');
});

const OTHER_EMAIL = process.env.ASTA_E2E_NONADMIN_EMAIL || 'reviewer@asta.example';
const OTHER_PASSWORD = process.env.ASTA_E2E_NONADMIN_PASSWORD || PASSWORD;

await check(`a non-administrator (${OTHER_EMAIL}) is told they have no access to Administration`, async () => {
  await page.goto(`${base}/login`);
  await page.getByLabel(/Email address|メールアドレス/).fill(OTHER_EMAIL);
  await page.getByLabel(/^(Password|パスワード)$/).fill(OTHER_PASSWORD);
  await page.getByRole('button', { name: /^(Sign in|ログイン)$/ }).click();
  await nav().waitFor();
  if ((await htmlLang()) !== 'en') await setLanguage('English', 'en');
  await gotoViaNav('Administration');
  await page.getByRole('heading', { name: 'You don’t have access' }).waitFor();
  assertEqual(await page.locator('table.users-table').count(), 0, 'users table shown to a non-administrator');
  await shot('admin-forbidden-en');
  await setLanguage('日本語', 'ja');
  await page.getByRole('heading', { name: 'アクセス権がありません' }).waitFor();
  await setLanguage('English', 'en');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
});

await check('no script errors or Content-Security-Policy violations', async () => {
  // The failed sign-in (401), the invalid email (400), the session checks while signed
  // out (401) and the non-administrator's requests (403) are expected to log "Failed to
  // load resource"; anything else is a defect.
  const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of 40[013]/.test(p));
  assert(unexpected.length === 0, `unexpected browser messages:\n${unexpected.join('\n')}`);
});

await browser.close();
console.log(`screenshots: ${SHOTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
