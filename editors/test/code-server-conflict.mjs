// Conflict blocks in VS Code: code-server (the .vsix already installed by
// code-server.sh) in headless Chromium via playwright-core.
// `node code-server-conflict.mjs CODE_SERVER_ENTRY EXTENSIONS_DIR USER_DIR WORKSPACE`.
// WORKSPACE holds corpus.json and conflicted.txt with one conflict block
// (`<<<<<<< HEAD` on line 2, sections HEAD and bob). Checks from the page: the
// `unresolved-conflict` problem in the Problems panel, "Take bob" chosen from
// the Quick Fix menu on the `<<<<<<<` line, the lines left as bob's section
// (saved, read from disk) and the problem gone. Every wait is on the page
// changing, never a fixed delay. Prints `code-server-conflict: N passed, M failed`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const [entry, extensions, user, workspace] = process.argv.slice(2);
const FILE = 'conflicted.txt';
const BOB = 'Secretary [Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in Beijing. #high-level-dialogue';
let passed = 0;
let failed = 0;

function check(name, ok, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 400)}`}`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url}`);
}

mkdirSync(path.join(user, 'User'), { recursive: true });
writeFileSync(
  path.join(user, 'User', 'settings.json'),
  JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'editor.codeLens': true,
  }),
);

const port = await freePort();
const log = [];
const codeServer = spawn(
  process.execPath,
  [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', user,
    '--extensions-dir', extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
codeServer.stdout.on('data', (d) => log.push(String(d)));
codeServer.stderr.on('data', (d) => log.push(String(d)));

let browser;
try {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const command = async (name) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${name}`);
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(name, { exact: true }) });
    await row.first().waitFor();
    await row.first().click();
  };
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input.input');
  await quickOpen.waitFor();
  await quickOpen.fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: FILE }).waitFor({ timeout: 30_000 });

  await command('View: Focus Problems');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'unresolved conflict between' });
  let shown = true;
  try {
    await problem.first().waitFor({ timeout: 60_000 });
  } catch {
    shown = false;
  }
  const problems = await page.locator('.markers-panel').innerText().catch(() => '');
  check('unresolved-conflict in the Problems panel', shown && problems.includes('unresolved-conflict'), problems);

  // The Quick Fix menu on the `<<<<<<<` line: Take bob.
  await page.locator('.tab.active', { hasText: FILE }).click();
  await page.locator('.monaco-editor .view-lines').first().click();
  await command('Go to Line/Column');
  await page.keyboard.type('2:1');
  await page.keyboard.press('Enter');
  await command('Quick Fix...');
  const take = page.locator('.action-widget .monaco-list-row', { hasText: 'Take bob' });
  let taken = true;
  let error;
  let menu = [];
  try {
    await take.first().waitFor({ timeout: 30_000 });
    menu = await page.locator('.action-widget').allInnerTexts();
    // The keyboard, as a user would: the arrow keys move the focus (the list
    // wraps) until it is on the take, Enter runs it.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press('ArrowDown');
      await focused.first().waitFor({ timeout: 10_000 });
      if ((await focused.first().innerText()).includes('Take bob')) break;
    }
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    await problem.first().waitFor({ state: 'detached', timeout: 60_000 });
  } catch (e) {
    taken = false;
    error = String(e).split('\n')[0];
  }
  check('the takes in the Quick Fix menu', /Take HEAD/.test(menu.join()) && /Take both/.test(menu.join()), menu);
  check('"Take bob" applied, the problem gone', taken, { error, problems: await page.locator('.markers-panel').innerText().catch(() => '') });
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+S');
  const expected = `Intro.\n${BOB}\nThe end.\n`;
  let saved = '';
  const end = Date.now() + 30_000;
  while (Date.now() < end && saved !== expected) {
    // Wait for the save to reach the disk (a poll of the file, not a delay before acting).
    await page.waitForTimeout(100);
    saved = readFileSync(path.join(workspace, FILE), 'utf8');
  }
  check('the lines are bob\'s section', saved === expected, saved);
} catch (error) {
  check('the run', false, String(error?.stack ?? error));
} finally {
  await browser?.close().catch(() => {});
  codeServer.kill();
}
console.log(`code-server-conflict: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
