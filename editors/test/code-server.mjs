// The VS Code proof: code-server (real VS Code in a browser) with the packaged
// .vsix installed, driven in Debian's headless Chromium by playwright-core.
// `node code-server.mjs CODE_SERVER_ENTRY DATA_DIR WORKSPACE SCREENSHOT`.
// Opens the seed copy with a broken id and checks, from the page: the
// diagnostic in the Problems panel, a problem of a never-opened file there too
// (workspace diagnostics), the hover card on a mention, completion of an id
// inside `{`, corpus.json against the schema, the code lenses on its entries
// and their references peek, the restart command, a severity changed in the
// user settings.json editor reaching the server, "Lint the corpus", and one
// "Create entity ... in corpus.json" quick fix applied, its problem gone.
// Saves a screenshot with the Problems panel and the hover. Every wait is on
// the page changing (a locator appearing or going), never a fixed delay.
// Prints `code-server: N passed, M failed`. With FAIL_SHOT=FILE set, saves a
// screenshot there when the run or the quick fix fails (for debugging).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openWorkbench, paletteCommand, quickOpen, startCodeServer, tally, writeUserSettings } from './code-server-session.mjs';

const [entry, data, workspace, screenshot] = process.argv.slice(2);
const FILE = '002_68f08306579e3733.txt';
const { check, finish } = tally();

// User settings: no trust prompt, no welcome page, no telemetry; a short hover
// delay. Written before code-server starts, which reads them then.
const { file: settingsFile, settings } = writeUserSettings(path.join(data, 'user'), { 'editor.hover.delay': 100 });
const server = await startCodeServer({
  entry,
  userDir: path.join(data, 'user'),
  extensionsDir: path.join(data, 'ext'),
  workspace,
});

let browser;
try {
  let page;
  ({ browser, page } = await openWorkbench(server.port, workspace));
  await page.locator('.explorer-folders-view, .monaco-workbench .part.sidebar').first().waitFor({ timeout: 60_000 });

  // Open the article as a user would: Quick Open, its name, Enter.
  const command = (name) => paletteCommand(page, name);
  await quickOpen(page, FILE);
  const quickInput = page.locator('.quick-input-widget input.input');
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

  // A problem planted in a file that was never opened is listed too: the
  // client pulls workspace/diagnostic by itself (no "Lint the corpus" yet).
  const UNOPENED = '004_54f82c1085130031.txt';
  const unopened = page.locator('.markers-panel .monaco-list-row', { hasText: 'beijing-unopened' });
  let pulled = true;
  try {
    await unopened.first().waitFor({ timeout: 60_000 });
  } catch {
    pulled = false;
  }
  const pulledList = await page.locator('.markers-panel').innerText().catch(() => '');
  check('workspace diagnostics: a never-opened file\'s problem in the Problems panel', pulled && pulledList.includes(UNOPENED), pulledList);
  check('that file was not opened in an editor', (await page.locator('.tab', { hasText: UNOPENED }).count()) === 0);

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
  await quickInput.waitFor();
  await quickInput.fill('schema-check/corpus.json');
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

  // The code lens on each corpus.json entry ("N mentions (M annotated) in K
  // files"), and its command (corpus-lsp.showReferences, the extension's)
  // opening the references peek.
  await page.keyboard.press('Control+P');
  await quickInput.waitFor();
  await quickInput.fill('corpus.json');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'corpus.json' })
    .filter({ hasNotText: 'schema-check' })
    .first()
    .waitFor();
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: 'corpus.json' })
    .filter({ hasNotText: 'schema-check' })
    .first()
    .click();
  const lens = page.locator('.codelens-decoration a', { hasText: /^\d+ mentions? \(\d+ annotated\) in \d+ files?$/ });
  let lensed = true;
  try {
    await lens.first().waitFor({ timeout: 60_000 });
  } catch {
    lensed = false;
  }
  const lenses = await page.locator('.codelens-decoration').allInnerTexts().catch(() => []);
  check('code lens "N mentions (M annotated) in K files" on corpus.json entries', lensed, lenses);
  let peeked = true;
  try {
    await lens.first().click();
    await page.locator('.peekview-widget .ref-tree .monaco-list-row').first().waitFor({ timeout: 30_000 });
  } catch {
    peeked = false;
  }
  check('the code lens opens the references peek', peeked, await page.locator('.peekview-widget').allInnerTexts().catch(() => []));
  await page.keyboard.press('Escape');

  // The restart command: the old server stops (its diagnostics are cleared),
  // a new one starts (the extension logs `starting` to its output channel) and
  // publishes again. The Problems panel is hidden while the output is shown, so
  // the row found after the second `starting` is the new server's, not a stale one.
  await command('corpus-lsp: Restart Server');
  await command('corpus-lsp: Show Output');
  const started = page.locator('.part.panel .view-line', { hasText: /\[info\]\sstarting\s.*corpus-lsp\sserve/ });
  let restarted = true;
  try {
    await started.nth(1).waitFor({ timeout: 60_000 });
    await command('View: Focus Problems');
    await problem.first().waitFor({ timeout: 60_000 });
  } catch {
    restarted = false;
  }
  check('restart command: a new server, diagnostics again', restarted, await page.locator('.part.panel').innerText().catch(() => ''));

  // A severity changed the way a user does it (the settings.json editor, saved)
  // reaches the server (didChangeConfiguration) and the problems are published
  // again: `unknown-entity` as a warning. The error row turning into a warning
  // row can only come from a publish with the new setting: a server stopping or
  // restarting clears rows, it never turns them into warnings. (Writing the file
  // from outside is not a user's way, and code-server's workbench does not
  // re-read a user settings file changed on disk behind its back.)
  await command('Preferences: Open User Settings (JSON)');
  await page.locator('.tab.active', { hasText: 'settings.json' }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(JSON.stringify({ ...settings, 'corpusLsp.severity': { 'unknown-entity': 'warning' } }));
  // What the editor closed by itself (brackets, quotes) is after the cursor.
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  await command('View: Focus Problems');
  const asWarning = problem.filter({ has: page.locator('.marker-icon.warning') });
  let applied = true;
  try {
    await asWarning.first().waitFor({ timeout: 60_000 });
  } catch {
    applied = false;
  }
  const saved = JSON.parse(readFileSync(settingsFile, 'utf8'));
  check('the setting saved in the user settings.json', saved['corpusLsp.severity']?.['unknown-entity'] === 'warning', saved);
  check('corpusLsp.severity applied on change', applied, await page.locator('.markers-panel').innerText().catch(() => ''));

  // Inlay hints: by default the entity's name follows its first mention in a
  // paragraph (`corpusLsp.inlayHints`: first-in-paragraph); `off`, saved in the
  // user settings.json editor, reaches the server (didChangeConfiguration) and
  // the hints go. Counted in the article's rendered lines, whose spaces are
  // no-break spaces (`\s` takes both).
  const article = '.editor-group-container.active .monaco-editor .view-lines';
  const named = () =>
    page.evaluate((selector) => (document.querySelector(selector)?.innerText ?? '').split(/:\sUnited\sStates/).length - 1, article);
  const hintsWhere = (test) =>
    page.waitForFunction(
      ([selector, more]) => {
        const n = (document.querySelector(selector)?.innerText ?? '').split(/:\sUnited\sStates/).length - 1;
        return more ? n > 0 : n === 0;
      },
      [article, test === 'some'],
      { timeout: 60_000 },
    );
  const openArticle = async () => {
    await page.keyboard.press('Control+P');
    await quickInput.waitFor();
    await quickInput.fill(FILE);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first();
    await row.waitFor();
    await row.click();
    await page.locator('.editor-group-container.active .tab.active', { hasText: FILE }).waitFor({ timeout: 60_000 });
    await page.locator(article).first().click();
    await page.keyboard.press('Control+Home');
  };
  await openArticle();
  await hintsWhere('some').catch(() => {});
  const byDefault = await named();
  await command('Preferences: Open User Settings (JSON)');
  await page.locator('.tab.active', { hasText: 'settings.json' }).waitFor();
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(
    JSON.stringify({ ...settings, 'corpusLsp.severity': { 'unknown-entity': 'warning' }, 'corpusLsp.inlayHints': 'off' }),
  );
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  await openArticle();
  const gone = await hintsWhere('none').then(() => true, () => false);
  check(
    'inlay hints: shown by default, gone once corpusLsp.inlayHints = off (a change)',
    byDefault > 0 && gone,
    { byDefault, after: await named(), saved: JSON.parse(readFileSync(settingsFile, 'utf8'))['corpusLsp.inlayHints'] },
  );

  // "Lint the corpus" with a server that offers workspace diagnostics: the
  // output shown first hides the Problems panel, so the panel coming back is the
  // command's doing; it lists the never-opened file's problem, and no file opens.
  await command('corpus-lsp: Show Output');
  await command('corpus-lsp: Lint the corpus');
  let linted = true;
  try {
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 30_000 });
    await unopened.first().waitFor({ timeout: 60_000 });
  } catch {
    linted = false;
  }
  const listed = await page.locator('.markers-panel').innerText().catch(() => '');
  check('Lint the corpus: the Problems panel with the never-opened file\'s problem', linted && listed.includes(UNOPENED), listed);
  check('the linted file was not opened in an editor', (await page.locator('.tab', { hasText: UNOPENED }).count()) === 0);

  // One "add to corpus.json" quick fix: `[European]{eu}` (appended to the
  // article by code-server.sh) has "Create entity `eu` in corpus.json"; applied
  // from the Quick Fix menu, the entry is in corpus.json and the problem leaves
  // the Problems panel.
  const euProblem = page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown entity `eu`' });
  let planted = true;
  try {
    await euProblem.first().waitFor({ timeout: 60_000 });
  } catch {
    planted = false;
  }
  check('unknown entity `eu` in the Problems panel', planted, await page.locator('.markers-panel').innerText().catch(() => ''));
  // The article is still open (edited by the completion step): its tab.
  await page.locator('.tab', { hasText: FILE }).first().click();
  await page.locator('.tab.active', { hasText: FILE }).waitFor();
  const lines = readFileSync(path.join(workspace, FILE), 'utf8').split('\n');
  const euLine = lines.findIndex((l) => l.includes('{eu}'));
  await command('Go to Line/Column');
  await page.keyboard.type(`${euLine + 1}:${lines[euLine].indexOf('{eu}') + 3}`);
  await page.keyboard.press('Enter');
  await command('Quick Fix...');
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Create entity `eu` in corpus.json' });
  let fixed = true;
  let fixError;
  try {
    await fix.first().waitFor({ timeout: 30_000 });
    // The menu's only action: the arrow key focuses it (from wherever the
    // focus is, the list wraps), Enter runs it.
    await page.keyboard.press('ArrowDown');
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Create entity `eu` in corpus.json' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    await euProblem.first().waitFor({ state: 'detached', timeout: 60_000 });
  } catch (error) {
    fixed = false;
    fixError = String(error).split('\n')[0];
  }
  const afterFix = await page.locator('.markers-panel').innerText().catch(() => '');
  const menu = await page.locator('.action-widget').allInnerTexts().catch(() => []);
  check('quick fix "Create entity `eu` in corpus.json" applied, its problem gone', fixed, { fixError, menu, afterFix });
  if (!fixed && process.env.FAIL_SHOT) await page.screenshot({ path: process.env.FAIL_SHOT });
  // The server then shows the new entry (corpus-lsp.showEntry, window/showDocument).
  const entry = page.locator('.tab.active', { hasText: 'corpus.json' });
  let shownEntry = true;
  try {
    await entry.waitFor({ timeout: 30_000 });
    await page.locator('.editor-instance .view-lines', { hasText: /"id":\s*"eu"/ }).first().waitFor({ timeout: 30_000 });
  } catch {
    shownEntry = false;
  }
  check('the new entry shown in corpus.json', shownEntry, await page.locator('.editor-instance .view-lines').allInnerTexts().catch(() => []));
} catch (error) {
  check('the run', false, String(error?.stack ?? error));
  if (process.env.FAIL_SHOT) await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: process.env.FAIL_SHOT }).catch(() => {});
} finally {
  await browser?.close().catch(() => {});
  server.stop();
  writeFileSync(`${screenshot}.log`, server.log.join(''));
}
finish('code-server');
