/** What every cell executor receives and returns; free of VS Code types. */

export type OutputStream = 'stdout' | 'stderr';

export interface CellRunRequest {
  /** The cell's code after parameter substitution. */
  source: string;
  /** Working directory (the runbook's folder). */
  cwd: string;
  /** Environment for processes the cell starts. */
  env: NodeJS.ProcessEnv;
  /** Aborted when the user cancels the cell. */
  signal: AbortSignal;
  /** Stop the cell after this long; undefined for no limit. */
  timeoutMs?: number;
  /** Called with output as it arrives, in arrival order. */
  onOutput(stream: OutputStream, text: string): void;
}

export type CellRunStatus = 'succeeded' | 'failed' | 'cancelled' | 'timedOut' | 'notRun';

export interface CellRunResult {
  status: CellRunStatus;
  /** Process exit code, when a process ran to its end. */
  exitCode?: number;
  /** The signal that ended the process, if any. */
  exitSignal?: string;
  durationMs: number;
  /** A sentence for the user about how the run ended. */
  message: string;
}

export interface CellExecutor {
  run(request: CellRunRequest): Promise<CellRunResult>;
}
