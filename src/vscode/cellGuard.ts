import * as vscode from 'vscode';
import { decideRun } from '../cells/runPolicy';
import type { SequenceOutcome } from '../cells/runSequence';
import { assessCellRisk, type Risk } from '../runbook/risk';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import { confirmRun } from './runConfirmation';
import type { RunContext } from './runPreparation';

export type GuardResult = ({ allowed: true } | { allowed: false; outcome: SequenceOutcome; message: string; severity: 'info' | 'error' }) & { risk?: Risk };

/**
 * The guardrails between "the user pressed run" and "the cell executes": the
 * cell's risk (declared or classified), read-only mode, Run All's policy and the
 * production confirmations. `command` is what will run, after substitution.
 */
export async function guardCell(cell: vscode.NotebookCell, context: RunContext, batch: boolean, command: string): Promise<GuardResult> {
  const metadata = cell.metadata as RunbookCellMetadata;
  const assessed = assessCellRisk({ languageId: cell.document.languageId, source: command, attributes: metadata.attributes ?? {} });
  if ('error' in assessed) return { allowed: false, outcome: 'failed', severity: 'error', message: `Not run: ${assessed.error}` };
  const decision = decideRun({ risk: assessed.risk, batch, production: context.production, readOnly: context.readOnly, ...(context.aws ? { profile: context.aws.profile } : {}) });
  const risk = assessed.risk;
  switch (decision.action) {
    case 'run':
      return { allowed: true, risk };
    case 'refuse':
      return { allowed: false, outcome: 'failed', severity: 'error', message: decision.message, risk };
    case 'skip':
      return { allowed: false, outcome: 'skipped', severity: 'info', message: decision.message, risk };
    default: {
      // A confirmation that cannot be shown (a host refusing dialogs) counts as "no".
      const confirmed = await confirmRun(decision, {
        cellName: metadata.attributes?.name ?? `cell ${cell.index + 1}`,
        risk: assessed.risk,
        command,
        ...(context.aws ? { account: context.aws.identity.account, region: context.aws.region, principal: context.aws.identity.arn } : {}),
      }).catch(() => false);
      return confirmed ? { allowed: true, risk } : { allowed: false, outcome: 'cancelled', severity: 'info', message: 'Not run: declined at the confirmation.', risk };
    }
  }
}
