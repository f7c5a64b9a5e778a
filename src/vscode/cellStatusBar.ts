import * as vscode from 'vscode';
import { assessCellRisk, type Risk } from '../runbook/risk';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import { RUNBOOK_NOTEBOOK_TYPE } from './runbookSerializer';

const RISK_ICONS: Record<Risk, string> = { read: '$(eye)', mutating: '$(edit)', destructive: '$(flame)' };

/**
 * Under each code cell: its risk (declared or classified, with the reasons in the
 * tooltip), and a warning when its fence attributes could not be read.
 */
export class CellStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (cell.kind !== vscode.NotebookCellKind.Code) return [];
    const metadata = cell.metadata as RunbookCellMetadata;
    const problems = metadata.problems ?? [];
    if (problems.length > 0) {
      const item = new vscode.NotebookCellStatusBarItem('$(warning) Invalid cell attributes', vscode.NotebookCellStatusBarAlignment.Left);
      item.tooltip = `${problems.join('\n')}\n\nThis cell will not run until its fence line is fixed in the Markdown source (Reopen Editor With… → Text Editor).`;
      return [item];
    }
    const assessed = assessCellRisk({ languageId: cell.document.languageId, source: cell.document.getText(), attributes: metadata.attributes ?? {} });
    if ('error' in assessed) {
      const item = new vscode.NotebookCellStatusBarItem('$(warning) Invalid risk', vscode.NotebookCellStatusBarAlignment.Left);
      item.tooltip = assessed.error;
      return [item];
    }
    const item = new vscode.NotebookCellStatusBarItem(`${RISK_ICONS[assessed.risk]} ${assessed.risk}`, vscode.NotebookCellStatusBarAlignment.Left);
    const origin = assessed.source === 'attribute' ? 'declared by the cell' : assessed.source === 'native' ? 'of this cell kind' : 'inferred from its commands';
    item.tooltip = [`Risk: ${assessed.risk} (${origin})`, ...assessed.reasons.map((reason) => `• ${reason}`)].join('\n');
    return [item];
  }
}

/** Tells the user when a runbook's front matter is not valid YAML (the runbook still opens). */
export function warnAboutFrontMatter(notebook: vscode.NotebookDocument): void {
  if (notebook.notebookType !== RUNBOOK_NOTEBOOK_TYPE) return;
  const error = (notebook.metadata as { frontMatter?: { error?: string } }).frontMatter?.error;
  if (error) void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(notebook.uri)}: ${error}`);
}
