// The corpus-lsp extension: starts `corpus-lsp serve` over stdio for the corpus
// files of each workspace that has a corpus.json, and passes the settings on.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const SECTION = 'corpusLsp';
/** The command of the server's code lenses on corpus.json entries. */
const SHOW_REFERENCES = 'corpus-lsp.showReferences';
let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
/** The document selector the running client serves, to restart only when it changes. */
let servedSelector = '';
/**
 * The corpus files "corpus-lsp: Lint the corpus" opened in the background (its
 * fallback for a server without workspace diagnostics).
 * VS Code closes such documents a few minutes later; their close is not passed
 * to the server, which keeps them open, so their problems stay in the Problems
 * panel (until the next lint or a restart) instead of going with the document.
 */
const heldByLint = new Set<string>();
/** While the lint command is opening files (their opens are the command's, not the user's). */
let linting = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('corpus-lsp', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('corpusLsp.restart', () => restart(context)),
    vscode.commands.registerCommand('corpusLsp.showOutput', () => output?.show(true)),
    vscode.commands.registerCommand('corpusLsp.lintCorpus', () => lintCorpus()),
    // The code lens on a corpus.json entry runs this client-side command (the
    // server does not execute it): its arguments are LSP values, converted here.
    vscode.commands.registerCommand(SHOW_REFERENCES, showReferences),
    // A file the user opens is theirs again: its close goes to the server as usual.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (!linting) {
        heldByLint.delete(doc.uri.toString());
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.server.path`)) {
        void restart(context);
      }
    }),
    // A catalogue appearing, going or changing its `include` changes which files are the corpus.
    watchCatalogues(async () => {
      if (JSON.stringify(await corpusSelector()) !== servedSelector) {
        await restart(context);
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    const old = client;
    client = undefined;
    await old.stop().catch((error) => output?.error(`stopping the server: ${error}`));
    old.dispose();
  }
  await start(context);
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = findServer(context);
  if (!command) {
    const choice = await vscode.window.showErrorMessage(
      'corpus-lsp: no server binary found. Set "corpusLsp.server.path" to the corpus-lsp binary, ' +
        'or install it on PATH (cargo install --path . in the corpus-lsp repository).',
      'Open Settings',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
    }
    return;
  }
  const serverOptions: ServerOptions = {
    command,
    args: ['serve'],
    transport: TransportKind.stdio,
  };
  const documentSelector = await corpusSelector();
  servedSelector = JSON.stringify(documentSelector);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: initializationOptions(),
    synchronize: { configurationSection: SECTION },
    outputChannel: output,
    traceOutputChannel: output,
    markdown: { isTrusted: false, supportHtml: false },
    // The client pulls diagnostics (textDocument/diagnostic) for open documents
    // on change and on save, and, when the server offers workspaceDiagnostics,
    // the whole corpus (workspace/diagnostic): never-opened files included.
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: {
      didClose: (document, next) => (heldByLint.delete(document.uri.toString()) ? Promise.resolve() : next(document)),
    },
  };
  client = new LanguageClient('corpusLsp', 'corpus-lsp', serverOptions, clientOptions);
  output?.info(`starting ${command} serve`);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`corpus-lsp: the server did not start (${command}): ${error}`);
  }
}

/** Whether the running server offers workspace diagnostics, which the client then pulls by itself. */
function serverPullsWorkspace(): boolean {
  const provider = client?.initializeResult?.capabilities.diagnosticProvider;
  return provider !== undefined && provider.workspaceDiagnostics === true;
}

/**
 * "corpus-lsp: Lint the corpus": every corpus file's problems in the Problems
 * panel. With a server that offers workspace diagnostics (corpus-lsp does) the
 * client already pulls them for the whole corpus, opened or not: the command
 * shows the panel. Otherwise (an older server) every corpus file (the `include`
 * globs of each corpus.json, less its `exclude` globs) is opened in the
 * background as a text document, so the server analyses it and publishes.
 */
async function lintCorpus(): Promise<void> {
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage('corpus-lsp: the server is not running (corpus-lsp: Restart Server).');
    return;
  }
  if (serverPullsWorkspace()) {
    output?.info('lint: the whole corpus comes from workspace diagnostics');
  } else {
    await lintByOpening();
  }
  await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
}

/** The fallback of "Lint the corpus" for a server without workspace diagnostics. */
async function lintByOpening(): Promise<void> {
  const files = await corpusFiles();
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const done = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'corpus-lsp: linting the corpus', cancellable: true },
    async (progress, token) => {
      let count = 0;
      linting = true;
      try {
        for (const uri of files) {
          if (token.isCancellationRequested) {
            break;
          }
          const key = uri.toString();
          if (!open.has(key)) {
            heldByLint.add(key);
            await vscode.workspace.openTextDocument(uri).then(undefined, (error) => {
              heldByLint.delete(key);
              output?.warn(`lint: cannot open ${uri.fsPath}: ${error}`);
            });
          }
          count += 1;
          progress.report({ message: `${count} of ${files.length}`, increment: 100 / files.length });
        }
      } finally {
        linting = false;
      }
      return count;
    },
  );
  output?.info(`lint: ${done} of ${files.length} corpus file(s) analysed`);
}

/**
 * `corpus-lsp.showReferences` (from a corpus.json code lens), arguments
 * `[uri, position, locations]` in LSP form: VS Code's references peek.
 */
async function showReferences(uri: unknown, position: unknown, locations: unknown): Promise<void> {
  if (!client || typeof uri !== 'string' || !Array.isArray(locations)) {
    return;
  }
  const p2c = client.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    p2c.asUri(uri),
    p2c.asPosition(position as Parameters<typeof p2c.asPosition>[0]),
    locations.map((l) => p2c.asLocation(l as Parameters<typeof p2c.asLocation>[0])),
  );
}

/** The corpus files of every corpus.json in the workspace, each once. */
async function corpusFiles(): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  const catalogues = await vscode.workspace.findFiles('**/corpus.json', '**/node_modules/**');
  for (const catalogue of catalogues) {
    const folder = vscode.Uri.joinPath(catalogue, '..');
    const { include, exclude } = await catalogueGlobs(catalogue);
    const excluded = exclude.length > 0 ? new vscode.RelativePattern(folder, `{${exclude.join(',')}}`) : null;
    for (const glob of include) {
      for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), excluded)) {
        found.set(uri.toString(), uri);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The settings as the server reads them in `initializationOptions`. */
function initializationOptions(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    severity: config.get<Record<string, string>>('severity') ?? {},
    inlayHints: config.get<string>('inlayHints') ?? 'first-in-paragraph',
    kb: config.get<string>('kb') || undefined,
  };
}

/**
 * The setting, else the binary bundled in the extension, else `corpus-lsp` on
 * PATH; `undefined` when there is none.
 */
export function findServer(context: vscode.ExtensionContext): string | undefined {
  const exe = process.platform === 'win32' ? 'corpus-lsp.exe' : 'corpus-lsp';
  const configured = vscode.workspace.getConfiguration(SECTION).get<string | null>('server.path');
  if (configured) {
    const resolved = configured.startsWith('~')
      ? path.join(process.env.HOME ?? '', configured.slice(1))
      : configured;
    if (isExecutable(resolved)) {
      return resolved;
    }
    void vscode.window.showWarningMessage(
      `corpus-lsp: "corpusLsp.server.path" is ${configured}, which is not an executable file; ` +
        'trying the bundled binary and PATH.',
    );
  }
  const bundled = context.asAbsolutePath(path.join('server', exe));
  if (isExecutable(bundled)) {
    return bundled;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, exe);
    if (dir && isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The corpus files: for each corpus.json in the workspace, the plain-text files
 * under its `include` globs (default `**\/*.txt`), and the corpus.json itself.
 */
async function corpusSelector(): Promise<{ scheme: string; pattern: string }[]> {
  const selector: { scheme: string; pattern: string }[] = [{ scheme: 'file', pattern: '**/corpus.json' }];
  const catalogues = await vscode.workspace.findFiles('**/corpus.json', '**/node_modules/**');
  for (const uri of catalogues) {
    const folder = path.dirname(uri.fsPath).split(path.sep).join('/');
    for (const glob of await includeGlobs(uri)) {
      selector.push({ scheme: 'file', pattern: `${escapeGlob(folder)}/${glob}` });
    }
  }
  if (catalogues.length === 0) {
    selector.push({ scheme: 'file', pattern: '**/*.txt' });
  }
  return selector;
}

/** The `include` globs of a corpus.json, or the default when it has none or does not parse. */
async function includeGlobs(uri: vscode.Uri): Promise<string[]> {
  return (await catalogueGlobs(uri)).include;
}

/** The `include` (default `**\/*.txt`) and `exclude` globs of a corpus.json. */
async function catalogueGlobs(uri: vscode.Uri): Promise<{ include: string[]; exclude: string[] }> {
  const globs = (value: unknown): string[] | undefined =>
    Array.isArray(value) && value.length > 0 && value.every((g) => typeof g === 'string') ? value : undefined;
  try {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    const parsed = JSON.parse(text) as { include?: unknown; exclude?: unknown };
    return { include: globs(parsed.include) ?? ['**/*.txt'], exclude: globs(parsed.exclude) ?? [] };
  } catch {
    // A broken catalogue: the server reports it; the default globs keep the files served.
    return { include: ['**/*.txt'], exclude: [] };
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}

function watchCatalogues(onChange: () => unknown): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/corpus.json');
  watcher.onDidCreate(onChange);
  watcher.onDidChange(onChange);
  watcher.onDidDelete(onChange);
  return watcher;
}
