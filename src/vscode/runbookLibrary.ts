import * as vscode from 'vscode';
import type { RemediationCell, RunbookText } from '../compliance/remediation';
import type { RunbookSource } from '../runbook/library';
import type { RunbookCellMetadata } from '../runbook/notebookShape';

/** How long a read of the runbooks is reused (code actions ask on every cursor move). */
const REUSE_MS = 10_000;

/**
 * The runbooks remediation cells are looked up in: the workspace's `*.runbook.md`
 * files first (sorted by path), then the ones shipped with the extension; and
 * opening one of their cells, selected and in view.
 */
export class RunbookLibrary {
  private cached: { at: number; runbooks: Promise<RunbookSource[]> } | undefined;

  /** The extension's folder: its runbooks/ hold the shipped cells. */
  constructor(private readonly extensionUri: vscode.Uri) {}

  /** Unreadable files are skipped. Reused for a few seconds. */
  runbooks(): Promise<RunbookText[]> {
    return this.sources();
  }

  /** The same runbooks, each marked as the workspace's or shipped with the extension. */
  sources(): Promise<RunbookSource[]> {
    if (!this.cached || Date.now() - this.cached.at > REUSE_MS) this.cached = { at: Date.now(), runbooks: this.read() };
    return this.cached.runbooks;
  }

  private async read(): Promise<RunbookSource[]> {
    const inWorkspace = (await vscode.workspace.findFiles('**/*.runbook.md', '**/node_modules/**', 1000)).sort((a, b) => a.toString().localeCompare(b.toString()));
    const shippedFolder = vscode.Uri.joinPath(this.extensionUri, 'runbooks');
    const shipped = (await Promise.resolve(vscode.workspace.fs.readDirectory(shippedFolder)).catch(() => [] as [string, vscode.FileType][]))
      .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.runbook.md'))
      .map(([name]) => vscode.Uri.joinPath(shippedFolder, name))
      .sort((a, b) => a.toString().localeCompare(b.toString()));
    const seen = new Set<string>();
    const decoder = new TextDecoder('utf-8');
    const runbooks: RunbookSource[] = [];
    const workspaceKeys = new Set(inWorkspace.map((uri) => uri.toString()));
    for (const uri of [...inWorkspace, ...shipped]) {
      const key = uri.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      try {
        runbooks.push({ uri: key, text: decoder.decode(await vscode.workspace.fs.readFile(uri)), shipped: !workspaceKeys.has(key) });
      } catch {
        // gone or unreadable: it offers no cell
      }
    }
    return runbooks;
  }

  /** Opens the runbook and selects the cell, scrolled into view. */
  async reveal(found: RemediationCell): Promise<RemediationCell | undefined> {
    let notebook: vscode.NotebookDocument;
    try {
      notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.parse(found.uri));
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not open the runbook ${found.uri}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    // The notebook may be open with edits the file does not have yet: the cell's name wins over its index.
    const cells = notebook.getCells();
    const nameOf = (cell: vscode.NotebookCell | undefined) => (cell?.metadata as RunbookCellMetadata | undefined)?.attributes?.name;
    const byName = cells.findIndex((cell) => nameOf(cell) === found.cellName);
    const index = nameOf(cells[found.cellIndex]) === found.cellName || byName < 0 ? Math.max(0, Math.min(found.cellIndex, cells.length - 1)) : byName;
    const range = new vscode.NotebookRange(index, index + 1);
    const editor = await vscode.window.showNotebookDocument(notebook, { selections: [range], preview: false });
    editor.selections = [range];
    editor.revealRange(range, vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
    return { uri: notebook.uri.toString(), cellIndex: index, cellName: found.cellName };
  }
}
