import * as vscode from 'vscode';
import { findRunbookEntry, runbookEntries, type RunbookEntry } from '../runbook/library';
import type { RunbookLibrary } from './runbookLibrary';

export const OPEN_SHIPPED_RUNBOOK_COMMAND = 'securityRunbooks.openShippedRunbook';

/**
 * "Open a Shipped Runbook": the runbook named (`incident-response`, from the
 * walkthrough) or one picked from the workspace's and the extension's runbooks,
 * opened as a notebook. Returns the opened runbook's URI string.
 */
export async function openShippedRunbook(library: RunbookLibrary, name?: unknown): Promise<string | undefined> {
  const entries = runbookEntries(await library.sources());
  const wanted = typeof name === 'string' ? name : typeof (name as { name?: unknown } | undefined)?.name === 'string' ? (name as { name: string }).name : undefined;
  let entry = wanted ? findRunbookEntry(entries, wanted) : undefined;
  if (wanted && !entry) void vscode.window.showWarningMessage(`There is no runbook "${wanted}" in the workspace or among the shipped runbooks: choose one.`);
  entry ??= await pick(entries);
  if (!entry) return undefined;
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.parse(entry.uri));
  await vscode.window.showNotebookDocument(notebook, { preview: false });
  return entry.uri;
}

async function pick(entries: RunbookEntry[]): Promise<RunbookEntry | undefined> {
  if (entries.length === 0) {
    void vscode.window.showWarningMessage('No runbooks found: neither *.runbook.md files in the workspace nor shipped ones.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((entry) => ({
      label: entry.title,
      description: entry.shipped ? `${entry.fileName} · shipped with the extension` : vscode.workspace.asRelativePath(vscode.Uri.parse(entry.uri)),
      entry,
    })),
    { title: 'Open a runbook', placeHolder: 'Runbooks in the workspace, then the ones shipped with Security Runbooks' },
  );
  return picked?.entry;
}
