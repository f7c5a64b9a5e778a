/**
 * What a command may touch of the outside world: two output streams, the
 * environment, the working directory, a terminal prompt and Ctrl+C. The real
 * process provides them in src/cli.ts; tests run the built dist/cli.js as a child
 * process, so they see exactly what a pipeline sees.
 */
import type { Style } from './style';

export interface CliIo {
  /** Results: what a pipeline pipes or saves. */
  out(text: string): void;
  /** Messages, errors and progress: never mixed into the results. */
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Colours for stdout and for stderr (each off unless that stream is a terminal). */
  readonly outStyle: Style;
  readonly errStyle: Style;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on Ctrl+C (SIGINT) or SIGTERM. */
  readonly signal: AbortSignal;
  /** Asks on the terminal (undefined when stdin is not a terminal: a pipeline cannot answer). */
  readonly prompt?: (question: string) => Promise<string>;
}

/** Exit codes, the same for every command. */
export const EXIT = {
  /** Nothing at or above the threshold; the scan passed; the journal verified. */
  ok: 0,
  /** Findings at or above the threshold, a failing compliance item, invalid runbooks, a journal that does not verify. */
  findings: 1,
  /** The command could not do its job: bad arguments, unreadable files, credentials, AWS errors. */
  error: 2,
} as const;
