// The movebook extension: runs `movebook lsp` for the site open in VS Code and connects it
// to Markdown pages, `site.toml` and `i18n/*.toml`. Everything else (diagnostics,
// completion, hover, definition, references, symbols, code actions, rename) comes from the
// server through vscode-languageclient.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const SECTION = 'movebook';

/** Settings that only take effect when the server starts: changing one restarts it. */
const RESTART_SETTINGS = ['path', 'debounceMs', 'drafts', 'root'].map((s) => `${SECTION}.${s}`);

/** Folders never searched for a nested `site.toml`. */
const SEARCH_EXCLUDE = '**/{node_modules,target,public,.git}/**';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** The executable could not be started: do not try again on every page opened. */
let startFailed = false;
/** Serialises start/stop so that a burst of events never runs two servers. */
let queue: Promise<void> = Promise.resolve();

function enqueue(job: () => Promise<void>): Promise<void> {
  queue = queue.then(job, job);
  return queue;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('movebook');
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand('movebook.restartServer', () =>
      enqueue(async () => {
        await stopServer();
        startFailed = false;
        await startServer(vscode.window.activeTextEditor?.document, { userAsked: true, searchWorkspace: true });
      }),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((s) => event.affectsConfiguration(s))) {
        void enqueue(async () => {
          await stopServer();
          startFailed = false;
          await startServer(vscode.window.activeTextEditor?.document, { userAsked: false, searchWorkspace: true });
        });
      }
    }),
    // No site found yet (a page opened outside the workspace folders, or the site created
    // later): look again above each page that is opened. Only the page's ancestors are
    // checked here, so that Markdown outside a site costs a few stat calls.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (client === undefined && !startFailed && isSiteFile(document)) {
        void enqueue(() => startServer(document, { userAsked: false, searchWorkspace: false }));
      }
    }),
  );

  await enqueue(() =>
    startServer(vscode.window.activeTextEditor?.document, { userAsked: false, searchWorkspace: true }),
  );
}

export function deactivate(): Promise<void> {
  return enqueue(stopServer);
}

function log(message: string): void {
  output?.appendLine(`[movebook extension] ${message}`);
}

function isSiteFile(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== 'file') {
    return false;
  }
  if (document.languageId === 'markdown') {
    return true;
  }
  const name = path.basename(document.uri.fsPath);
  return (
    name === 'site.toml' ||
    (name.endsWith('.toml') && path.basename(path.dirname(document.uri.fsPath)) === 'i18n')
  );
}

function expandHome(p: string): string {
  if (p === '~') {
    return os.homedir();
  }
  if (p.startsWith('~/') || p.startsWith('~\\')) {
    return path.join(os.homedir(), p.slice(2));
  }
  return p;
}

/** `dir` or its nearest ancestor that holds a `site.toml`. */
function siteAtOrAbove(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, 'site.toml'))) {
      return current;
    }
    const parent = path.dirname(current);
    if (parent === current) {
      return undefined;
    }
    current = parent;
  }
}

/**
 * The site's folder, in this order: the `movebook.root` setting; the nearest folder with a
 * `site.toml` at or above a workspace folder (what the server itself would pick from the
 * workspace); the site of the given document; the shallowest `site.toml` inside the workspace
 * (only when `searchWorkspace`).
 */
async function findSiteRoot(
  document: vscode.TextDocument | undefined,
  searchWorkspace: boolean,
): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const setting = expandHome(vscode.workspace.getConfiguration(SECTION).get<string>('root', '').trim());
  if (setting !== '') {
    if (path.isAbsolute(setting)) {
      return setting;
    }
    if (folders.length > 0) {
      return path.join(folders[0].uri.fsPath, setting);
    }
    log(`movebook.root is relative ("${setting}") but no workspace folder is open: ignored`);
  }

  for (const folder of folders) {
    if (folder.uri.scheme === 'file') {
      const root = siteAtOrAbove(folder.uri.fsPath);
      if (root !== undefined) {
        return root;
      }
    }
  }

  if (document !== undefined && isSiteFile(document)) {
    const root = siteAtOrAbove(path.dirname(document.uri.fsPath));
    if (root !== undefined) {
      return root;
    }
  }

  if (searchWorkspace && folders.length > 0) {
    const found = await vscode.workspace.findFiles('**/site.toml', SEARCH_EXCLUDE, 20);
    const dirs = found
      .filter((uri) => uri.scheme === 'file')
      .map((uri) => path.dirname(uri.fsPath))
      .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
    if (dirs.length > 1) {
      log(`several sites in the workspace (${dirs.join(', ')}); using ${dirs[0]}. Set movebook.root to choose.`);
    }
    return dirs[0];
  }
  return undefined;
}

interface StartOptions {
  /** The restart command: say so in a notification when there is nothing to start. */
  userAsked: boolean;
  /** Also search the whole workspace for a nested `site.toml`. */
  searchWorkspace: boolean;
}

async function startServer(document: vscode.TextDocument | undefined, options: StartOptions): Promise<void> {
  if (client !== undefined) {
    return;
  }
  const root = await findSiteRoot(document, options.searchWorkspace);
  if (root === undefined) {
    if (!options.searchWorkspace) {
      return;
    }
    const message = 'no site.toml found in or above the workspace; the server is not started (set movebook.root to point at the site)';
    log(message);
    if (options.userAsked) {
      void vscode.window.showWarningMessage(`movebook: ${message}`);
    }
    return;
  }

  const config = vscode.workspace.getConfiguration(SECTION);
  const command = expandHome(config.get<string>('path', 'movebook').trim() || 'movebook');
  const debounceMs = config.get<number>('debounceMs', 25);
  const drafts = config.get<boolean>('drafts', false);

  const serverOptions: ServerOptions = {
    command,
    args: ['lsp', '--root', root],
    transport: TransportKind.stdio,
    options: { cwd: root },
  };

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', pattern: '**/site.toml' },
      { scheme: 'file', pattern: '**/i18n/*.toml' },
    ],
    initializationOptions: { debounceMs, drafts },
    outputChannel: output,
  };

  // The id `movebook` makes vscode-languageclient read the `movebook.trace.server` setting.
  const next = new LanguageClient('movebook', 'movebook', serverOptions, clientOptions);
  log(`starting ${command} lsp --root ${root}`);
  try {
    await next.start();
    client = next;
  } catch (error) {
    startFailed = true;
    const reason = error instanceof Error ? error.message : String(error);
    log(`could not start the server: ${reason}`);
    void vscode.window.showErrorMessage(
      `movebook: could not start "${command} lsp" (${reason}). Is movebook installed? Set movebook.path to the executable.`,
    );
    // A client whose start failed may still hold a half-started process.
    await next.dispose().catch(() => undefined);
  }
}

async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch (error) {
      log(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
