// Conflict blocks in VS Code: code-server (the .vsix already installed by
// code-server.sh) in headless Chromium via playwright-core.
// `node code-server-conflict.mjs CODE_SERVER_ENTRY EXTENSIONS_DIR USER_DIR WORKSPACE`.
// WORKSPACE holds corpus.json and conflicted.txt with one conflict block
// (`<<<<<<< HEAD` on line 2, sections HEAD and bob). Checks from the page: the
// `unresolved-conflict` problem in the Problems panel, "Take bob" chosen from
// the Quick Fix menu on the `<<<<<<<` line, the lines left as bob's section
// (saved, read from disk) and the problem gone. Every wait is on the page
// changing, never a fixed delay. Prints `code-server-conflict: N passed, M failed`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openWorkbench, paletteCommand, quickOpen, startCodeServer, tally, writeUserSettings } from './code-server-session.mjs';

const [entry, extensions, user, workspace] = process.argv.slice(2);
const FILE = 'conflicted.txt';
const BOB = 'Secretary [Blinken]{antony-blinken} met [Wang Yi]{wang-yi} in Beijing. #high-level-dialogue';
const { check, finish } = tally();

writeUserSettings(user, { 'editor.codeLens': true });
const server = await startCodeServer({ entry, userDir: user, extensionsDir: extensions, workspace });

let browser;
try {
  let page;
  ({ browser, page } = await openWorkbench(server.port, workspace));
  const command = (name) => paletteCommand(page, name);
  await quickOpen(page, FILE);
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
  server.stop();
}
finish('code-server-conflict');
