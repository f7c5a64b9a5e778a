/**
 * Progress of a scan on stderr, never stdout. On a terminal: one line rewritten in
 * place (`⠹ 4/11 GuardDuty enabled · 3 s`), cleared before the results are written.
 * In a pipeline log: a line per phase, then a heartbeat at most every few seconds, so a
 * long scan shows it is alive without flooding the log. Nothing with --quiet.
 */
import type { ScanProgress } from '../compliance/model';
import type { CliIo } from './cliIo';

export interface ScanProgressReporter {
  /** What is happening before the counted part (checking the credentials, the start line). */
  status(message: string): void;
  /** An engine progress event. */
  update(progress: ScanProgress): void;
  /** Runs `ask` (a terminal prompt) with the line cleared and nothing drawn meanwhile. */
  pauseFor<T>(ask: () => Promise<T>): Promise<T>;
  /** Stops the timers and clears the terminal line; call before writing results or errors. */
  stop(): void;
}

export interface ScanProgressOptions {
  quiet: boolean;
  /** Non-terminal heartbeat interval (default 5 s). */
  logIntervalMs?: number;
  /** Terminal redraw interval (default 100 ms). */
  spinIntervalMs?: number;
  now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** A rewritten line must not wrap, or \r returns to its last row only. */
const MAX_LINE = 79;

export function createScanProgress(io: CliIo, options: ScanProgressOptions): ScanProgressReporter {
  if (options.quiet) return { status: () => undefined, update: () => undefined, pauseFor: (ask) => ask(), stop: () => undefined };
  return io.stderrIsTTY ? terminalProgress(io, options) : logProgress(io, options);
}

function seconds(ms: number): string {
  return `${Math.floor(ms / 1000)} s`;
}

function counted(progress: ScanProgress): string {
  return `${progress.done}/${progress.total} ${progress.message}`;
}

function terminalProgress(io: CliIo, options: ScanProgressOptions): ScanProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  let text = '';
  let frame = 0;
  let shown = 0;
  let stopped = false;
  let paused = false;
  const clear = () => {
    if (shown > 0) io.err(`\r${' '.repeat(shown)}\r`);
    shown = 0;
  };
  const draw = () => {
    if (stopped || paused || text === '') return;
    const line = `${SPINNER[frame++ % SPINNER.length]} ${text} · ${seconds(now() - started)}`;
    const fitted = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
    // Spaces over the rest of a longer previous line: no terminal control sequences needed.
    io.err(`\r${io.errStyle.dim(fitted)}${' '.repeat(Math.max(0, shown - fitted.length))}`);
    shown = fitted.length;
  };
  const timer = setInterval(draw, options.spinIntervalMs ?? 100);
  timer.unref();
  return {
    status(message) {
      text = message;
      draw();
    },
    update(progress) {
      text = counted(progress);
      draw();
    },
    async pauseFor(ask) {
      paused = true;
      clear();
      try {
        return await ask();
      } finally {
        paused = false;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      clear();
    },
  };
}

function logProgress(io: CliIo, options: ScanProgressOptions): ScanProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  let latest: ScanProgress | undefined;
  let stopped = false;
  let paused = false;
  const timer = setInterval(() => {
    if (stopped || paused) return;
    const where = latest ? `${latest.done}/${latest.total} done, last: ${latest.message}` : 'waiting for AWS';
    io.err(`  … ${where} (${seconds(now() - started)})\n`);
  }, options.logIntervalMs ?? 5000);
  timer.unref();
  return {
    status(message) {
      // Phases (credentials, then the scan) are few: each gets its line.
      if (!stopped) io.err(`${message}\n`);
    },
    update(progress) {
      latest = progress;
    },
    async pauseFor(ask) {
      paused = true;
      try {
        return await ask();
      } finally {
        paused = false;
      }
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
