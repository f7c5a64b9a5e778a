import * as vscode from 'vscode';
import { RUNBOOK_NOTEBOOK_TYPE } from './runbookSerializer';

/** Opens a Markdown file (the one given, or the active editor's) as a runbook notebook. */
export async function openAsRunbook(resource?: vscode.Uri): Promise<void> {
  const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showWarningMessage('Open a Markdown file first, or choose one in the Explorer, to open it as a runbook.');
    return;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, RUNBOOK_NOTEBOOK_TYPE);
}
