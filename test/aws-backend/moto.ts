/**
 * Starts and stops a moto server (https://github.com/getmoto/moto) on a free
 * loopback port. moto answers most AWS APIs in their real wire formats; the proxy
 * in `proxy.ts` fills the gaps listed in shared/notes/aws-test-backend.md.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Wipes every moto backend (all services, regions, accounts): a few milliseconds. */
  reset(): Promise<void>;
  /** Kills moto's whole process group. Safe to call twice. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/** The environment for child processes that may load the AWS SDK or botocore. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // moto never needs credentials; make sure it never sees real ones.
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    ...extra,
  };
  delete env.AWS_SESSION_TOKEN;
  delete env.AWS_PROFILE;
  return env;
}

/** Fails with an actionable message when moto is not importable by `python3`. */
export async function checkMotoInstalled(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('python3', ['-c', 'import moto.server'], { env: childEnv(), timeout: 30_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const detail = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'python3 was not found on PATH' : String(stderr).trim().split('\n').pop();
      reject(new Error(`The AWS test backend needs moto, but \`python3 -c "import moto.server"\` failed (${detail}). Install it with: pip install 'moto[server]'`));
    });
  });
}

/** A port that was free a moment ago (moto binds it itself, so a rare race is retried by the caller). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // negative pid: the whole process group (spawned detached)
  } catch {
    /* already gone */
  }
}

async function startOnce(): Promise<Moto> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    detached: true, // own process group, so stop() also reaps anything moto forks
    stdio: ['ignore', 'ignore', 'pipe'],
    env: childEnv(),
  });
  // moto logs every request to stderr; keep only the tail for error messages.
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error)); // e.g. ENOENT: no python3
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      process.removeListener('exit', killOnExit);
      // Not installed is the likely cause: say so with the fix (throws if moto is missing).
      await checkMotoInstalled();
      throw new Error(`moto server exited during start-up (${spawnError?.message ?? `code ${child.exitCode ?? child.signalCode}`}):\n${stderrTail.trim()}`);
    }
    try {
      const response = await post(`${url}/moto-api/reset`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto server did not answer on ${url} within ${READY_TIMEOUT_MS} ms:\n${stderrTail.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  // There is no Docker here: Lambda-backed operations (e.g. RotateSecret) must not try it.
  // This setting survives /moto-api/reset.
  const config = await post(`${url}/moto-api/config`, { lambda: { use_docker: false } });
  if (!config.ok) {
    await stop();
    throw new Error(`moto rejected /moto-api/config: HTTP ${config.status}`);
  }

  return {
    url,
    async reset() {
      const response = await post(`${url}/moto-api/reset`);
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    stop,
  };
}

/**
 * Starts moto on a free loopback port and waits until it answers. If moto cannot
 * start, `python3 -c "import moto.server"` decides whether to tell the user to
 * install it (checked only then: the import alone costs about 0.4 s).
 */
export async function startMoto(): Promise<Moto> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      if (error instanceof Error && error.message.includes('pip install')) throw error;
      lastError = error; // most likely another process took the port in between
    }
  }
  throw lastError;
}
