// The VS Code proof: code-server (real VS Code in a browser) with the packaged
// .vsix installed, driven in Debian's headless Chromium by playwright-core.
// `node code-server.mjs CODE_SERVER_ENTRY DATA_DIR WORKSPACE SCREENSHOT`.
// Opens the seed copy with a broken id and checks, from the page: the
// diagnostic in the Problems panel, the hover card on a mention, completion of
// an id inside `{`. Saves a screenshot with the Problems panel and the hover.
// Prints `code-server: N passed, M failed`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [entry, data, workspace, screenshot] = process.argv.slice(2);
const FILE = '002_68f08306579e3733.txt';
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

// User settings: no trust prompt, no welcome page, no telemetry; nothing else.
mkdirSync(path.join(data, 'user', 'User'), { recursive: true });
const settingsFile = path.join(data, 'user', 'User', 'settings.json');
const settings = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'editor.hover.delay': 100,
};
writeFileSync(settingsFile, JSON.stringify(settings));

const port = await freePort();
const log = [];
const codeServer = spawn(
  process.execPath,
  [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(data, 'user'),
    '--extensions-dir', path.join(data, 'ext'),
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
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view, .monaco-workbench .part.sidebar').first().waitFor({ timeout: 60_000 });

  // Open the article as a user would: Quick Open, its name, Enter.
  const command = async (name) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(`>${name}`);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    await page.keyboard.press('Enter');
  };
  await page.keyboard.press('Control+P');
  const quickOpen = page.locator('.quick-input-widget input.input');
  await quickOpen.waitFor();
  await quickOpen.fill(FILE);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  check('article opened in the editor', await page.locator('.tab.active', { hasText: FILE }).isVisible());

  // The diagnostic in the Problems panel.
  await command('View: Focus Problems');
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'chinese-foreign-ministri' });
  let shown = true;
  try {
    await problem.first().waitFor({ timeout: 60_000 });
  } catch {
    shown = false;
  }
  const problems = await page.locator('.markers-panel').innerText().catch(() => '');
  check('unknown-entity in the Problems panel', shown, problems);
  check('the closest id suggested', problems.includes('chinese-foreign-ministry'), problems);
  check('diagnostic code shown', problems.includes('unknown-entity'), problems);

  // The hover card on `[Antony Blinken]{antony-blinken}`, line 5.
  await page.locator('.monaco-editor .view-lines').first().click();
  await command('Go to Line/Column');
  // VS Code columns count UTF-16 code units from 1, as JavaScript strings do.
  const line5 = readFileSync(path.join(workspace, FILE), 'utf8').split('\n')[4];
  await page.keyboard.type(`5:${line5.indexOf('[Antony Blinken]') + 4}`);
  await page.keyboard.press('Enter');
  await command('Show or Focus Hover');
  const hover = page.locator('.monaco-hover:visible', { hasText: 'Antony Blinken' });
  let hovered = true;
  try {
    await hover.first().waitFor({ timeout: 30_000 });
  } catch {
    hovered = false;
  }
  const card = hovered ? await hover.first().innerText() : await page.locator('.monaco-hover').allInnerTexts();
  check('hover card on a mention', hovered, card);
  check('hover card has the kind and the description', hovered && /person/i.test(card) && /Secretary of State/.test(card), card);
  mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`screenshot: ${screenshot}`);

  // Completion inside `{` after a bracketed alias, typed at the end of the file.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Met [Wang Yi]{', { delay: 20 });
  const suggest = page.locator('.suggest-widget .monaco-list-row');
  let suggested = true;
  try {
    await suggest.first().waitFor({ timeout: 30_000 });
  } catch {
    suggested = false;
  }
  const first = suggested ? await suggest.first().innerText() : '';
  check('completion inside { puts wang-yi first', first.split('\n')[0].trim() === 'wang-yi', first);
  await page.keyboard.press('Escape');

  // corpus.json is checked against the bundled JSON Schema by VS Code's own JSON
  // support (the extension's jsonValidation), beside the server's catalog-error.
  await page.keyboard.press('Control+P');
  await quickOpen.waitFor();
  await quickOpen.fill('schema-check/corpus.json');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'corpus.json' }).first().waitFor();
  await page.keyboard.press('Enter');
  await command('View: Focus Problems');
  const schemaProblem = page.locator('.markers-panel .monaco-list-row', { hasText: /Value is not accepted/ });
  let validated = true;
  try {
    await schemaProblem.first().waitFor({ timeout: 30_000 });
  } catch {
    validated = false;
  }
  const allProblems = await page.locator('.markers-panel').innerText().catch(() => '');
  check('corpus.json validated against the schema', validated, allProblems);
  check('catalog-error from the server on corpus.json', allProblems.includes('catalog-error'), allProblems);

  // The restart command: the server comes back and publishes again.
  await command('corpus-lsp: Restart Server');
  let back = true;
  try {
    await problem.first().waitFor({ timeout: 60_000 });
  } catch {
    back = false;
  }
  check('restart command: diagnostics again', back);

  // A severity set in the user settings reaches the server (didChangeConfiguration):
  // `unknown-entity` off, the problem goes.
  writeFileSync(
    settingsFile,
    JSON.stringify({ ...settings, 'corpusLsp.severity': { 'unknown-entity': 'off' } }),
  );
  let gone = true;
  try {
    await problem.first().waitFor({ state: 'detached', timeout: 60_000 });
  } catch {
    gone = false;
  }
  check('corpusLsp.severity applied on change', gone, await page.locator('.markers-panel').innerText().catch(() => ''));
} catch (error) {
  check('the run', false, String(error?.stack ?? error));
} finally {
  await browser?.close().catch(() => {});
  codeServer.kill();
  writeFileSync(`${screenshot}.log`, log.join(''));
}
console.log(`code-server: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
