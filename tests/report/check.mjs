// Loads every page of a `corpus-lsp report` site in headless Chromium and checks:
// no console error, no page error, no request but the page's own file:// URL
// (nothing from the network, nothing from beside it), no <script> element, and
// on each document page as many highlighted mentions (`a.mention` in the
// article) as the document's spans in `corpus-lsp export --format jsonl`; the
// hover card of a mention shows on hover. Optionally takes screenshots.
//
//   node check.mjs SITE_DIR CORPUS.jsonl [--screenshots DIR] [--expect-text TEXT]...
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumArgs, chromiumPath } from '../../editors/test/chromium.mjs';

const args = process.argv.slice(2);
const site = resolve(args[0]);
const jsonl = args[1];
let shots = null;
const expectTexts = [];
for (let i = 2; i < args.length; i++) {
  if (args[i] === '--screenshots') shots = resolve(args[++i]);
  else if (args[i] === '--expect-text') expectTexts.push(args[++i]);
}

const spans = new Map();
for (const line of readFileSync(jsonl, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const doc = JSON.parse(line);
  spans.set(doc.meta.file, doc.spans.length);
}

const pages = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.html')) pages.push(p);
  }
};
walk(site);

const failures = [];
const fail = (msg) => {
  failures.push(msg);
  console.log(`FAIL ${msg}`);
};

const profile = mkdtempSync(join(tmpdir(), 'corpus-lsp-report-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', ...chromiumArgs],
});
let documents = 0;
let highlighted = 0;
const seenTexts = new Set();
try {
  const page = context.pages()[0] ?? (await context.newPage());
  let current = '';
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== current) problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  for (const file of pages) {
    current = pathToFileURL(file).href;
    problems.length = 0;
    const rel = file.slice(site.length + 1);
    await page.goto(current, { waitUntil: 'load' });
    const scripts = await page.locator('script').count();
    if (scripts > 0) problems.push(`${scripts} <script> elements`);
    const body = await page.locator('body').innerText();
    for (const t of expectTexts) if (body.includes(t)) seenTexts.add(t);
    const article = page.locator('article.article');
    if ((await article.count()) === 1) {
      documents++;
      const key = await article.getAttribute('data-file');
      const count = await article.locator('a.mention').count();
      highlighted += count;
      if (!spans.has(key)) problems.push(`no export for ${key}`);
      else if (spans.get(key) !== count) problems.push(`${count} highlighted mentions, the export has ${spans.get(key)}`);
      // Each highlighted mention carries a text label, not colour alone.
      const unlabelled = await article.locator('a.mention:not(:has(.lbl))').count();
      if (unlabelled > 0) problems.push(`${unlabelled} mentions without a label`);
      if (count > 0) {
        const first = article.locator('a.mention').first();
        await first.hover();
        const card = first.locator('.card');
        const visible = await card.evaluate((el) => getComputedStyle(el).visibility);
        if (visible !== 'visible') problems.push(`hover card is ${visible} on hover`);
      }
    }
    if (problems.length) fail(`${rel}: ${problems.join('; ')}`);
    else console.log(`ok ${rel}`);
  }
  for (const t of expectTexts) if (!seenTexts.has(t)) fail(`no page shows the text ${JSON.stringify(t)}`);

  if (shots) {
    const index = join(site, 'index.html');
    current = pathToFileURL(index).href;
    await page.goto(current);
    await page.screenshot({ path: join(shots, 'report-index.png'), fullPage: false });
    const docs = readdirSync(join(site, 'documents')).sort();
    const docPage = join(site, 'documents', docs[Math.min(1, docs.length - 1)]);
    current = pathToFileURL(docPage).href;
    await page.goto(current);
    // Hover a mention a few lines down, so the card shows in the shot.
    // Hover a mention with a remaining diagnostic, so the card shows it in the shot.
    const flagged = page.locator('article a.mention.has-diag');
    const target = (await flagged.count()) > 0 ? flagged.first() : page.locator('article a.mention').first();
    await page.setViewportSize({ width: 1280, height: 1080 });
    await target.scrollIntoViewIfNeeded();
    await target.hover();
    await page.screenshot({ path: join(shots, 'report-document.png'), fullPage: false });
    current = pathToFileURL(join(site, 'entities', 'wang-yi.html')).href;
    if (pages.includes(join(site, 'entities', 'wang-yi.html'))) {
      await page.setViewportSize({ width: 1280, height: 400 });
      await page.goto(current);
      await page.screenshot({ path: join(shots, 'report-entity.png'), fullPage: true });
    }
    console.log(`ok screenshots in ${shots}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`report pages: ${pages.length} loaded, ${documents} documents, ${highlighted} highlighted mentions, ${failures.length} failed`);
process.exit(failures.length === 0 && pages.length > 0 ? 0 : 1);
