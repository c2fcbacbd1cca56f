// What the code-server tests share (code-server.mjs, code-server-conflict.mjs):
// the pass/fail tally, code-server started on a free port with the user's
// settings written first, a workbench page in headless Chromium, and the two
// ways a user reaches things there (the command palette and Quick Open).
// Every wait is on the page or the server answering, never a fixed delay.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

// `check(name, ok, detail)` prints one line; `finish(label)` prints the
// tally and exits 1 unless something passed and nothing failed.
export function tally() {
  let passed = 0;
  let failed = 0;
  return {
    check(name, ok, detail) {
      if (ok) {
        passed += 1;
        console.log(`ok   ${name}`);
      } else {
        failed += 1;
        console.log(`FAIL ${name}${detail === undefined ? '' : `: ${JSON.stringify(detail).slice(0, 400)}`}`);
      }
    },
    finish(label) {
      console.log(`${label}: ${passed} passed, ${failed} failed`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
  };
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

// The user settings every run starts from: no trust prompt, no welcome page,
// no telemetry, plus `extra`. Written before code-server starts, which reads
// them then. Returns the file's path and the settings written.
export function writeUserSettings(userDir, extra = {}) {
  mkdirSync(path.join(userDir, 'User'), { recursive: true });
  const file = path.join(userDir, 'User', 'settings.json');
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    ...extra,
  };
  writeFileSync(file, JSON.stringify(settings));
  return { file, settings };
}

// Starts code-server (`entry` is its JS entry point) on a free port with the
// workspace folder open. `log` collects its output; `stop()` ends it.
export async function startCodeServer({ entry, userDir, extensionsDir, workspace }) {
  const port = await freePort();
  const log = [];
  const codeServer = spawn(
    process.execPath,
    [
      entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDir,
      '--extensions-dir', extensionsDir,
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
  return { port, log, stop: () => codeServer.kill() };
}

// Chromium on the workbench of that workspace, once code-server answers.
export async function openWorkbench(port, workspace) {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { browser, page };
}

// Runs a command from the palette: the row with exactly that label, not
// whichever row the fuzzy match ranks first.
export async function paletteCommand(page, name) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(`>${name}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.getByText(name, { exact: true }) });
  await row.first().waitFor();
  await row.first().click();
}

// Opens a file as a user would: Quick Open, its name, Enter.
export async function quickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor();
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}
