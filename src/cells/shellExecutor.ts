import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { CellExecutor, CellRunRequest, CellRunResult, OutputStream } from './cellRun';
import { formatDuration } from './duration';
import { stopGroup } from './processGroup';

export interface ShellExecutorOptions {
  /** The bash executable (a name looked up on PATH, or a path). */
  bashPath: string;
  /** Time a cancelled cell gets after SIGINT before SIGKILL. */
  cancelGraceMs: number;
}

/** How long to wait for output pipes to drain after the shell exits (background jobs may hold them open). */
const DRAIN_AFTER_EXIT_MS = 250;

/**
 * Runs a cell's text with bash, non-interactively (no stdin, no profile or rc files),
 * as the leader of a new process group, streaming output as it arrives.
 */
export class ShellExecutor implements CellExecutor {
  constructor(private readonly options: ShellExecutorOptions) {}

  run(request: CellRunRequest): Promise<CellRunResult> {
    const started = Date.now();
    const elapsed = (): number => Date.now() - started;
    if (request.signal.aborted) {
      return Promise.resolve({ status: 'cancelled', durationMs: 0, message: 'Cancelled before it started.' });
    }
    if (!isDirectory(request.cwd)) {
      return Promise.resolve({ status: 'notRun', durationMs: 0, message: `Could not start bash: the working folder "${request.cwd}" does not exist.` });
    }

    return new Promise<CellRunResult>((resolve) => {
      let settled = false;
      let stopping: 'cancelled' | 'timedOut' | undefined;
      let stopped: Promise<void> | undefined;
      let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
      let drainTimer: NodeJS.Timeout | undefined;

      const child = spawn(this.options.bashPath, ['--noprofile', '--norc', '-c', request.source, 'runbook-cell'], {
        cwd: request.cwd,
        env: request.env,
        detached: true, // setsid(): the shell leads a new process group we can signal as a whole
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });

      const forward = (stream: OutputStream) => {
        const decoder = new StringDecoder('utf8');
        const source = stream === 'stdout' ? child.stdout : child.stderr;
        source?.on('data', (chunk: Buffer) => {
          const text = decoder.write(chunk);
          if (text && !settled) request.onOutput(stream, text);
        });
        source?.on('end', () => {
          const rest = decoder.end();
          if (rest && !settled) request.onOutput(stream, rest);
        });
      };
      forward('stdout');
      forward('stderr');

      const finish = (result: Omit<CellRunResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeoutTimer);
        clearTimeout(drainTimer);
        request.signal.removeEventListener('abort', onAbort);
        resolve({ ...result, durationMs: elapsed() });
      };

      const stop = (reason: 'cancelled' | 'timedOut') => {
        if (stopping || settled || child.pid === undefined) return;
        stopping = reason;
        stopped = stopGroup(child.pid, this.options.cancelGraceMs);
        void stopped.then(() => {
          if (exit) finishAfterExit();
        });
      };
      const onAbort = () => stop('cancelled');
      request.signal.addEventListener('abort', onAbort);
      const timeoutTimer = request.timeoutMs === undefined ? undefined : setTimeout(() => stop('timedOut'), request.timeoutMs);

      const finishAfterExit = () => {
        if (!exit) return;
        const { code, signal } = exit;
        if (stopping === 'cancelled') {
          finish({ status: 'cancelled', ...exitFields(code, signal), message: `Cancelled after ${formatDuration(elapsed())}.` });
        } else if (stopping === 'timedOut') {
          finish({
            status: 'timedOut',
            ...exitFields(code, signal),
            message: `Stopped: the cell's timeout of ${formatDuration(request.timeoutMs ?? 0)} was reached.`,
          });
        } else if (code === 0) {
          finish({ status: 'succeeded', exitCode: 0, message: `Exit code 0 after ${formatDuration(elapsed())}.` });
        } else if (code !== null) {
          finish({ status: 'failed', exitCode: code, message: `Exit code ${code} after ${formatDuration(elapsed())}.` });
        } else {
          finish({ status: 'failed', ...exitFields(code, signal), message: `Killed by ${signal ?? 'a signal'} after ${formatDuration(elapsed())}.` });
        }
      };

      child.on('error', (error: NodeJS.ErrnoException) => {
        if (exit) return;
        finish({ status: 'notRun', message: spawnErrorMessage(error, this.options.bashPath) });
      });
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        // Wait for the pipes to drain, but not for background jobs that keep them open.
        drainTimer = setTimeout(() => (stopping ? stopped?.then(finishAfterExit) : finishAfterExit()), DRAIN_AFTER_EXIT_MS);
      });
      child.on('close', () => {
        if (!stopping) finishAfterExit();
      });
    });
  }
}

function exitFields(code: number | null, signal: NodeJS.Signals | null): Pick<CellRunResult, 'exitCode' | 'exitSignal'> {
  return { ...(code !== null ? { exitCode: code } : {}), ...(signal ? { exitSignal: signal } : {}) };
}

function spawnErrorMessage(error: NodeJS.ErrnoException, bashPath: string): string {
  if (error.code === 'ENOENT') {
    return `Could not start bash: "${bashPath}" was not found. Install bash, or set "securityRunbooks.shell.path" to its location.`;
  }
  if (error.code === 'EACCES') {
    return `Could not start bash: "${bashPath}" is not executable (permission denied).`;
  }
  return `Could not start bash (${error.code ?? 'error'}): ${error.message}`;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
