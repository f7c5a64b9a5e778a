/** What every cell executor receives and returns; free of VS Code types. */
import type { CellAttributes } from '../runbook/model';
import type { AwsClientConfig } from '../aws/awsSession';
import type { Table } from './table';

export type OutputStream = 'stdout' | 'stderr';

/** Structured output a native cell shows (the glue turns it into notebook output items). */
export type RenderedOutput =
  /** Replaces the previous progress output: query status, records scanned, pages fetched. */
  | { kind: 'progress'; markdown: string }
  /** A result table, shown as Markdown with the raw records as JSON beside it. */
  | { kind: 'table'; title?: string; table: Table; json: unknown; note?: string }
  | { kind: 'markdown'; markdown: string };

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
  /** Called with structured output (native cells). */
  onRender?(output: RenderedOutput): void;
  /** The cell's fence attributes. */
  attributes?: CellAttributes;
  /** The runbook's front matter data (default time range and the like). */
  frontMatter?: Record<string, unknown>;
  /** The AWS session of the run (native cells need it). */
  aws?: AwsCellContext;
}

/** What a native cell needs to call AWS: the shared client settings of the chosen profile. */
export interface AwsCellContext {
  profile: string;
  region: string;
  identity: { account: string; arn: string };
  clientConfig(): AwsClientConfig;
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
