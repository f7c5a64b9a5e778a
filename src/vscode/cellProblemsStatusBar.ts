import * as vscode from 'vscode';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import { RUNBOOK_NOTEBOOK_TYPE } from './runbookSerializer';

/** Shows, under a code cell, that its fence attributes could not be read, before anyone tries to run it. */
export class CellProblemsStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    const problems = (cell.metadata as RunbookCellMetadata).problems ?? [];
    if (cell.kind !== vscode.NotebookCellKind.Code || problems.length === 0) return [];
    const item = new vscode.NotebookCellStatusBarItem('$(warning) Invalid cell attributes', vscode.NotebookCellStatusBarAlignment.Left);
    item.tooltip = `${problems.join('\n')}\n\nThis cell will not run until its fence line is fixed in the Markdown source (Reopen Editor With… → Text Editor).`;
    return [item];
  }
}

/** Tells the user when a runbook's front matter is not valid YAML (the runbook still opens). */
export function warnAboutFrontMatter(notebook: vscode.NotebookDocument): void {
  if (notebook.notebookType !== RUNBOOK_NOTEBOOK_TYPE) return;
  const error = (notebook.metadata as { frontMatter?: { error?: string } }).frontMatter?.error;
  if (error) void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(notebook.uri)}: ${error}`);
}
