import * as path from 'node:path';
import * as vscode from 'vscode';

export const STDOUT_MIME = 'application/vnd.code.notebook.stdout';
export const STDERR_MIME = 'application/vnd.code.notebook.stderr';

export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri.fsPath;
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceFolder(), ...parts));
}

/** Opens a runbook in a notebook editor, as a user would, and returns its document. */
export async function openRunbook(name: string): Promise<vscode.NotebookDocument> {
  const uri = workspaceUri(name);
  await vscode.commands.executeCommand('vscode.open', uri);
  await waitFor(() => vscode.window.activeNotebookEditor?.notebook.uri.toString() === uri.toString(), `${name} to open as a notebook`);
  return vscode.window.activeNotebookEditor!.notebook;
}

/**
 * Opens a runbook as a notebook document without an editor. Tests that only read and
 * save use this: code-server's webview service worker can stall a newly opened
 * notebook editor for 30 s when another editor's webview was torn down mid-load.
 */
export async function openRunbookDocument(name: string): Promise<vscode.NotebookDocument> {
  return vscode.workspace.openNotebookDocument(workspaceUri(name));
}

/** Every output item of a cell decoded as text, with its mime type. */
export function outputItems(cell: vscode.NotebookCell): { mime: string; text: string }[] {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((output) => output.items.map((item) => ({ mime: item.mime, text: decoder.decode(item.data) })));
}

/** A cell's output of one kind (stdout by default) as the user reads it. */
export function outputText(cell: vscode.NotebookCell, mime = STDOUT_MIME): string {
  return outputItems(cell)
    .filter((item) => item.mime === mime)
    .map((item) => item.text)
    .join('');
}

/** All text a cell shows, whatever its kind. */
export function allOutputText(cell: vscode.NotebookCell): string {
  return outputItems(cell)
    .map((item) => item.text)
    .join('\n');
}

export function cellNamed(notebook: vscode.NotebookDocument, name: string): vscode.NotebookCell {
  const cell = notebook.getCells().find((c) => (c.metadata as { attributes?: { name?: string } }).attributes?.name === name);
  if (!cell) throw new Error(`no cell named ${name} in ${notebook.uri.fsPath}`);
  return cell;
}

/** Runs cells through the workbench command the Run button uses; resolves when they finish. */
export async function runCells(notebook: vscode.NotebookDocument, ...cells: vscode.NotebookCell[]): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', {
    ranges: cells.map((cell) => ({ start: cell.index, end: cell.index + 1 })),
    document: notebook.uri,
  });
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
