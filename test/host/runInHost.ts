import { format } from 'node:util';
// Runs code in the real VS Code extension host: code-server serves VS Code 1.100,
// Chromium opens its workbench (the extension host starts only when a workbench
// connects), and the workbench's automation hooks report the tests' outcome.
//
// - startWorkbench(): a workbench page (optionally with our extension loaded for
//   development) for UI tests driven through playwright.
// - runExtensionTests(): loads a test module in the extension host, like
//   @vscode/test-electron does for desktop VS Code, and returns its exit code.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { registerCleanup } from './cleanup';
import { CodeServer, startCodeServer } from './codeServer';
import { hostLog } from './log';
import { run } from './proc';
import { ensureTools } from './tools';

export interface WorkbenchOptions {
  /** Folder the workbench opens (on the server, i.e. this machine). */
  workspace: string;
  /** An extension folder to load as the extension under development. */
  extensionPath?: string;
  /** A packaged .vsix to install into the server before the workbench opens (as a user would). */
  vsix?: string;
  /** Extra environment for code-server and the extension host. */
  env?: Record<string, string>;
  /** Default true. false: Workspace Trust is on and the folder is untrusted. */
  trustWorkspace?: boolean;
  /** User settings merged over the harness's quiet defaults. */
  settings?: Record<string, unknown>;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** The URL the page was opened at. */
  url: string;
  codeServer: CodeServer;
  /** Closes Chromium and stops code-server's process group. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ExtensionTestOptions {
  /** Folder with the extension's package.json. */
  extensionPath: string;
  /** Absolute path of a JS module exporting `run(): Promise<void>`. */
  testsEntry: string;
  /** Folder the workbench opens. */
  workspace: string;
  /** Extra environment for the extension host (e.g. a results-file path). */
  env?: Record<string, string>;
  /** Default 5 minutes, counted after the tools are installed. A time-out is a failure. */
  timeoutMs?: number;
  /** Default true. false: Workspace Trust is on and the folder is untrusted. */
  trustWorkspace?: boolean;
}

export interface ExtensionTestResult {
  /** 0 only when the workbench reported that run() resolved. */
  exitCode: number;
  /** The workbench's log lines during the run, including the tests' console output. */
  log: string[];
}

/** The launch arguments a VS Code workbench accepts through `?payload=`. */
type Payload = Array<[name: string, value: string]>;

interface OpenOptions extends WorkbenchOptions {
  /** Test module for the extension host to load and run. */
  testsEntry?: string;
  /** Runs on the page before it navigates (e.g. page.exposeFunction). */
  beforeNavigate?: (page: Page) => Promise<void>;
}

const DEFAULT_TEST_TIMEOUT_MS = 5 * 60_000;
const WORKBENCH_READY_TIMEOUT_MS = 60_000;
const debug = process.env.SECURITY_RUNBOOKS_HOST_DEBUG === '1';

/** Opens a VS Code workbench on `workspace`, ready to be driven with playwright. */
export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const workbench = await openWorkbench(options);
  try {
    await workbench.page.waitForSelector('.monaco-workbench', { timeout: WORKBENCH_READY_TIMEOUT_MS });
  } catch (error) {
    await workbench.stop();
    throw error;
  }
  return workbench;
}

/** Runs an extension test module inside VS Code's extension host and returns its exit code. */
export async function runExtensionTests(options: ExtensionTestOptions): Promise<ExtensionTestResult> {
  const testsEntry = requireAbsoluteFile(options.testsEntry, 'testsEntry');
  const log: string[] = [];
  let reportExit!: (code: number) => void;
  const reportedExit = new Promise<number>((resolve) => (reportExit = resolve));

  await ensureTools(); // before the clock starts: a cold install takes a minute
  const started = Date.now();
  const workbench = await openWorkbench({
    ...options,
    testsEntry,
    beforeNavigate: async (page) => {
      // When tests run, the workbench calls these globals if they exist:
      // codeAutomationLog(level, message) for each entry of its log, which includes
      // the extension host's console output, and codeAutomationExit(code) once
      // run() settles (0 resolved, 1 rejected).
      await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
        // The extension host's console arguments arrive as an array (format string first).
        const text = Array.isArray(message) ? format(...(message as unknown[])) : String(message);
        for (const line of text.split('\n')) {
          log.push(line);
          process.stdout.write(`[vscode${level === 'info' ? '' : ` ${level}`}] ${line}\n`);
        }
      });
      await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    },
  });

  const timeoutMs = options.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS;
  try {
    const outcome = await firstOutcome(workbench, reportedExit, started + timeoutMs);
    if (outcome.failure) hostLog(`${outcome.failure} (time-out ${timeoutMs} ms)`);
    hostLog(`extension tests exited with ${outcome.exitCode} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { exitCode: outcome.exitCode, log };
  } finally {
    await workbench.stop();
  }
}

interface Outcome {
  exitCode: number;
  /** Why the run failed without the workbench reporting an exit code. */
  failure?: string;
}

/** Whichever comes first: the reported exit code, the time-out, or the workbench or server dying. */
function firstOutcome(workbench: Workbench, reportedExit: Promise<number>, deadline: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      resolve(outcome); // only the first call counts
    };
    const fail = (failure: string) => settle({ exitCode: 1, failure });
    const timer = setTimeout(() => fail('tests did not finish in time'), Math.max(0, deadline - Date.now()));
    void reportedExit.then((exitCode) => settle({ exitCode }));
    void workbench.codeServer.exited.then((code) => fail(`code-server exited (${code}) before the tests finished`));
    workbench.page.once('crash', () => fail('the workbench page crashed'));
    workbench.page.once('close', () => fail('the workbench page closed before the tests finished'));
  });
}

async function openWorkbench(options: OpenOptions): Promise<Workbench> {
  const workspace = requireDirectory(options.workspace, 'workspace');
  const extensionPath = options.extensionPath && requireExtension(options.extensionPath);
  const tools = await ensureTools();

  const codeServer = await startCodeServer({
    codeServerBin: tools.codeServerBin,
    trustWorkspace: options.trustWorkspace,
    env: options.env,
    settings: options.settings,
    onOutput: debug ? (line) => process.stderr.write(`[code-server] ${line}\n`) : undefined,
  });
  if (options.vsix) {
    await run(tools.codeServerBin, ['--install-extension', requireAbsoluteFile(options.vsix, 'vsix'), '--extensions-dir', codeServer.extensionsDir, '--user-data-dir', codeServer.userDataDir]).catch(async (error: unknown) => {
      await codeServer.stop();
      throw error;
    });
  }
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      unregister();
      await browser?.close().catch(() => undefined);
      await codeServer.stop();
    })());
  const unregister = registerCleanup({ stop, killNow: () => undefined /* playwright kills Chromium on exit */ });

  try {
    browser = await launchChromium(tools.chromiumPath);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    if (debug) {
      page.on('console', (message) => process.stderr.write(`[workbench ${message.type()}] ${message.text()}\n`));
      page.on('pageerror', (error) => process.stderr.write(`[workbench pageerror] ${error.message}\n`));
    }
    await options.beforeNavigate?.(page);

    // Server-side paths must be vscode-remote:// URIs; plain paths would be read
    // as file:// URIs of the browser's machine and fail.
    const payload: Payload = [];
    if (extensionPath) payload.push(['extensionDevelopmentPath', codeServer.remoteUri(extensionPath)]);
    if (options.testsEntry) payload.push(['extensionTestsPath', codeServer.remoteUri(options.testsEntry)]);
    const url = new URL(codeServer.url);
    url.searchParams.set('folder', workspace);
    if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));

    hostLog(`opening ${url.origin}/?folder=${workspace}${options.testsEntry ? ` with tests ${options.testsEntry}` : ''}`);
    await page.goto(url.toString(), { waitUntil: 'domcontentloaded' });
    return { page, browser, url: url.toString(), codeServer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function requireDirectory(path: string, what: string): string {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) throw new Error(`${what}: ${absolute} is not a directory`);
  return absolute;
}

function requireExtension(path: string): string {
  const absolute = requireDirectory(path, 'extensionPath');
  if (!existsSync(join(absolute, 'package.json'))) throw new Error(`extensionPath: ${absolute} has no package.json`);
  return absolute;
}

function requireAbsoluteFile(path: string, what: string): string {
  if (!isAbsolute(path)) throw new Error(`${what} must be an absolute path, got ${path}`);
  if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`${what}: ${path} is not a file`);
  return path;
}
