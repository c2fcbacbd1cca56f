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
let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
/** The document selector the running client serves, to restart only when it changes. */
let servedSelector = '';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('corpus-lsp', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('corpusLsp.restart', () => restart(context)),
    vscode.commands.registerCommand('corpusLsp.showOutput', () => output?.show(true)),
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
  };
  client = new LanguageClient('corpusLsp', 'corpus-lsp', serverOptions, clientOptions);
  output?.info(`starting ${command} serve`);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`corpus-lsp: the server did not start (${command}): ${error}`);
  }
}

/** The settings as the server reads them in `initializationOptions`. */
function initializationOptions(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    severity: config.get<Record<string, string>>('severity') ?? {},
    inlayHints: config.get<boolean>('inlayHints.enable') ?? true,
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
  try {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    const include = (JSON.parse(text) as { include?: unknown }).include;
    if (Array.isArray(include) && include.length > 0 && include.every((g) => typeof g === 'string')) {
      return include as string[];
    }
  } catch {
    // A broken catalogue: the server reports it; the default globs keep the files served.
  }
  return ['**/*.txt'];
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
