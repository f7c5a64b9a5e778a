import type { CellAttributes } from '../runbook/model';
import { parseDuration } from './duration';
import { runnableLanguagesDescription } from './executorRegistry';
import type { SequenceOutcome } from './runSequence';

export interface PreflightInput {
  source: string;
  languageId: string;
  attributes: CellAttributes;
  /** Problems the parser found in the cell (malformed attributes). */
  problems: readonly string[];
  workspaceTrusted: boolean;
  hasExecutor: boolean;
}

export type Preflight =
  | { action: 'run'; timeoutMs?: number }
  | { action: 'refuse'; outcome: SequenceOutcome; severity: 'info' | 'error'; message: string };

/**
 * Decides, before anything starts, whether a cell may run, and if not, what to tell
 * the user. The order matters: trust first, so nothing about an untrusted cell runs.
 */
export function preflightCell(input: PreflightInput): Preflight {
  if (!input.workspaceTrusted) {
    return {
      action: 'refuse',
      outcome: 'failed',
      severity: 'error',
      message: 'Not run: this workspace is not trusted. Runbooks from untrusted folders can be read but not executed; trust the workspace to run cells.',
    };
  }
  if (input.problems.length > 0) {
    return {
      action: 'refuse',
      outcome: 'failed',
      severity: 'error',
      message: `Not run: the cell's attributes could not be read, so its risk and settings are unknown. Fix the fence line in the Markdown source first (Reopen Editor With… → Text Editor).\n${input.problems.join('\n')}`,
    };
  }
  if (!input.hasExecutor) {
    return {
      action: 'refuse',
      outcome: 'skipped',
      severity: 'info',
      message: `Skipped: no executor runs \`${input.languageId}\` cells. Runnable cells are ${runnableLanguagesDescription()}.`,
    };
  }
  if (input.source.trim() === '') {
    return { action: 'refuse', outcome: 'skipped', severity: 'info', message: 'Skipped: the cell is empty.' };
  }
  if (input.attributes.timeout !== undefined) {
    const timeout = parseDuration(input.attributes.timeout);
    if ('error' in timeout) {
      return { action: 'refuse', outcome: 'failed', severity: 'error', message: `Not run: invalid "timeout" attribute. ${timeout.error}` };
    }
    return { action: 'run', timeoutMs: timeout.ms };
  }
  return { action: 'run' };
}
