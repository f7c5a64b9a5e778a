// Starts code-server (VS Code's server and web workbench) for one test run: its
// own loopback port, HOME, XDG dirs, TMPDIR, user-data-dir and extensions-dir in
// a fresh temporary directory, so runs never share state with each other or with
// the user's own editor. It runs in its own process group and is stopped by
// killing the whole group: the extension host waits for a reconnecting workbench
// for hours and would otherwise outlive the test.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registerCleanup } from './cleanup';
import { hostLog } from './log';

export const LOOPBACK = '127.0.0.1';

export interface CodeServerOptions {
  /** code-server's launcher (from ensureTools()). */
  codeServerBin: string;
  /**
   * true (default): start with --disable-workspace-trust, every folder is trusted.
   * false: Workspace Trust is on and the opened folder is untrusted (Restricted
   * Mode), without the startup prompt; for tests of untrusted behaviour.
   */
  trustWorkspace?: boolean;
  /** Extra environment for code-server; the extension host inherits it. Applied last. */
  env?: Record<string, string>;
  /** User settings merged over the quiet defaults below. */
  settings?: Record<string, unknown>;
  /** Keep the temporary directory after stop() (for debugging). Default: $SECURITY_RUNBOOKS_KEEP_HOST_TMP === '1'. */
  keepTemp?: boolean;
  /** Receives code-server's output lines (it always goes to `<root>/code-server.log`). */
  onOutput?: (line: string) => void;
  /** How long to wait for /healthz. Default 60 s. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** The fresh temporary directory holding everything this server writes. */
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's output, also written to `<root>/code-server.log`. */
  readonly logFile: string;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: how the workbench must name server-side paths. */
  remoteUri(absolutePath: string): string;
  /** Resolves when the process exits (its exit code, or null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Kills the process group (SIGTERM, then SIGKILL) and removes the temporary directory. */
  stop(): Promise<void>;
}

/** User settings that keep the workbench quiet and offline during tests. */
function quietSettings(trustWorkspace: boolean): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': !trustWorkspace,
    // With trust enabled, a modal "Do you trust the authors?" would cover the
    // workbench; without it the folder simply opens in Restricted Mode.
    'security.workspace.trust.startupPrompt': 'never',
  };
}

const STOP_GRACE_MS = 5_000;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  // A port picked then released can be taken before code-server binds it: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freeLoopbackPort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === 3) throw error;
    }
  }
}

class PortInUseError extends Error {}

async function startOnce(options: CodeServerOptions, port: number): Promise<CodeServer> {
  const trustWorkspace = options.trustWorkspace ?? true;
  const root = mkdtempSync(join(tmpdir(), 'security-runbooks-code-server-'));
  const dirs = {
    home: join(root, 'home'),
    config: join(root, 'config'),
    data: join(root, 'data'),
    tmp: join(root, 'tmp'),
    userData: join(root, 'user-data'),
    extensions: join(root, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeLoginProfile(dirs.home);
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...quietSettings(trustWorkspace), ...options.settings }, null, 2),
  );

  const args = [
    '--auth', 'none', // loopback only, and the browser is ours
    '--bind-addr', `${LOOPBACK}:${port}`,
    '--disable-telemetry',
    '--disable-update-check', // no GitHub release check (offline)
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    ...(trustWorkspace ? ['--disable-workspace-trust'] : []),
  ];
  const logFile = join(root, 'code-server.log');
  const log = createWriteStream(logFile);
  const child = spawn(options.codeServerBin, args, {
    cwd: dirs.home,
    env: serverEnvironment(dirs, options.env),
    // detached: the child calls setsid(), leading its own process group, which
    // then holds code-server, the extension host and everything they spawn.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recentOutput: string[] = [];
  const onLine = (line: string) => {
    log.write(line + '\n');
    recentOutput.push(line);
    if (recentOutput.length > 50) recentOutput.shift();
    options.onOutput?.(line);
  };
  forwardLines(child, onLine);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', (error) => {
      onLine(`[host] cannot start code-server: ${error.message}`);
      resolve(null);
    });
  });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      unregister();
      if (child.pid !== undefined) await killProcessGroup(child.pid);
      await new Promise<void>((resolve) => log.end(resolve));
      if (!(options.keepTemp ?? process.env.SECURITY_RUNBOOKS_KEEP_HOST_TMP === '1')) {
        rmSync(root, { recursive: true, force: true });
      } else {
        hostLog(`kept code-server's directory ${root}`);
      }
    })());
  const unregister = registerCleanup({
    stop,
    killNow: () => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'),
  });

  const url = `http://${LOOPBACK}:${port}`;
  try {
    await waitForHealthz(url, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    const output = recentOutput.join('\n');
    if (/EADDRINUSE/.test(output)) throw new PortInUseError(output);
    throw new Error(`${(error as Error).message}\ncode-server output:\n${output}`);
  }

  return {
    url,
    port,
    root,
    userDataDir: dirs.userData,
    extensionsDir: dirs.extensions,
    logFile,
    remoteUri: (absolutePath) => `vscode-remote://${LOOPBACK}:${port}${encodePath(absolutePath)}`,
    exited,
    stop,
  };
}

/**
 * VS Code's server gives the extension host the environment of a login shell
 * (`$SHELL -ilc env`), which reads ~/.profile of the temporary HOME, not the
 * caller's. Without this, PATH falls back to the system default and tools the
 * caller has (the AWS CLI under pyenv, say) disappear from shell cells.
 */
function writeLoginProfile(home: string): void {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const lines = [`export PATH=${quote([dirname(process.execPath), process.env.PATH ?? ''].join(':'))}`];
  if (process.env.PYENV_ROOT) lines.push(`export PYENV_ROOT=${quote(process.env.PYENV_ROOT)}`);
  writeFileSync(join(home, '.profile'), `${lines.join('\n')}\n`);
}

function serverEnvironment(dirs: { home: string; config: string; data: string; tmp: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables a surrounding VS Code sets for its terminals (IPC hooks, the
    // "run Electron as Node" switch) would make code-server talk to that editor.
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  return {
    ...env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config, // code-server writes config.yaml (with a password) here
    XDG_DATA_HOME: dirs.data,
    TMPDIR: dirs.tmp,
    // code-server's launcher is `#!/usr/bin/env node`: run it on this Node (20),
    // which its native modules were built for.
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(':'),
    // No extension gallery (code-server defaults to open-vsx.org): offline, its
    // lookups only fail, noisily, in the middle of the test output.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    stream?.on('end', () => partial && onLine(partial));
  }
}

/** A port the OS considers free on the loopback interface right now. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error('code-server exited before it was ready');
    if (await healthy(`${url}/healthz`)) return;
    await sleep(100);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** SIGTERM to the group, SIGKILL to whatever is left after a grace period. */
async function killProcessGroup(pgid: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await groupGoneWithin(pgid, STOP_GRACE_MS)) return;
  signalGroup(pgid, 'SIGKILL');
  // Members that die as zombies of a non-reaping init still "exist": do not wait forever.
  await groupGoneWithin(pgid, 2_000);
}

/** Sends a signal to a process group; false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

async function groupGoneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!signalGroup(pgid, 0)) return true;
    await sleep(50);
  }
  return !signalGroup(pgid, 0);
}

/** Percent-encodes each segment of an absolute POSIX path for use in a URI. */
function encodePath(absolutePath: string): string {
  return absolutePath.split('/').map(encodeURIComponent).join('/');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
