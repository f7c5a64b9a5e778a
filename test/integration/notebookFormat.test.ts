import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { openRunbook, openRunbookDocument, waitFor, workspaceUri } from './support/notebooks';

/** Makes the notebook dirty without changing it, then saves, forcing the serializer to write the file. */
async function touchAndSave(notebook: vscode.NotebookDocument): Promise<void> {
  const cell = notebook.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code)!;
  const text = cell.document.getText();
  const edit = new vscode.WorkspaceEdit();
  edit.replace(cell.document.uri, new vscode.Range(cell.document.positionAt(0), cell.document.positionAt(text.length)), `${text} `);
  assert.ok(await vscode.workspace.applyEdit(edit));
  const undo = new vscode.WorkspaceEdit();
  undo.replace(cell.document.uri, new vscode.Range(cell.document.positionAt(0), cell.document.positionAt(text.length + 1)), text);
  assert.ok(await vscode.workspace.applyEdit(undo));
  assert.ok(notebook.isDirty, 'the notebook is dirty before saving');
  assert.ok(await notebook.save(), 'save succeeded');
}

describe('runbook notebooks in VS Code', () => {
  it('opens *.runbook.md as a Security Runbook notebook by default, with cells and attributes', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    assert.equal(notebook.notebookType, 'security-runbook');
    const cells = notebook.getCells();
    assert.deepEqual(
      cells.map((cell) => [cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'code', cell.document.languageId]),
      [
        ['markdown', 'markdown'],
        ['code', 'shellscript'],
        ['code', 'shellscript'],
        ['code', 'json'],
        ['code', 'shellscript'],
        ['code', 'shellscript'],
        ['code', 'shellscript'],
      ],
    );
    assert.equal(cells[0]!.document.getText(), '# Execution fixture');
    assert.deepEqual((cells[1]!.metadata as { attributes?: unknown }).attributes, { name: 'hello' });
    assert.equal(cells[1]!.document.getText(), 'echo "hello from $(basename "$PWD")"');
    const frontMatter = (notebook.metadata as { frontMatter?: { data?: unknown } }).frontMatter;
    assert.deepEqual(frontMatter?.data, { title: 'Execution fixture', kind: 'enablement' });
  });

  it('saves an unedited runbook byte for byte, including CRLF line endings and a BOM', async () => {
    for (const name of ['crlf-bom.runbook.md', 'execution.runbook.md', 'cis-enablement.runbook.md']) {
      const before = readFileSync(workspaceUri(name).fsPath);
      const notebook = await openRunbookDocument(name);
      assert.equal(notebook.notebookType, 'security-runbook');
      await touchAndSave(notebook);
      assert.deepEqual(readFileSync(workspaceUri(name).fsPath), before, `${name} changed on save`);
    }
  });

  it('writes only the edited cell back, and never writes outputs into the file', async () => {
    const name = 'crlf-bom.runbook.md';
    const before = readFileSync(workspaceUri(name).fsPath, 'utf8');
    const notebook = await openRunbook(name);
    const cell = notebook.getCells().find((c) => c.document.getText() === 'echo crlf')!;
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
    await waitFor(() => cell.outputs.length > 0, 'the cell to have output');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(cell.document.uri, new vscode.Position(0, 'echo crlf'.length), ' edited');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await notebook.save());
    const after = readFileSync(workspaceUri(name).fsPath, 'utf8');
    assert.equal(after, before.replace('echo crlf\r\n', 'echo crlf edited\r\n'));
    assert.ok(!after.includes('crlf\ncrlf'), 'no output text in the file');
  });

  it('opens a plain .md file as a runbook with the "Open as Runbook" command', async () => {
    const uri = workspaceUri('plain-notes.md');
    await vscode.commands.executeCommand('securityRunbooks.openAsRunbook', uri);
    await waitFor(() => vscode.window.activeNotebookEditor?.notebook.uri.toString() === uri.toString(), 'plain-notes.md as a notebook');
    const notebook = vscode.window.activeNotebookEditor!.notebook;
    assert.equal(notebook.notebookType, 'security-runbook');
    assert.deepEqual(
      notebook.getCells().map((cell) => cell.document.getText()),
      ['# Plain Markdown notes\n\nOpened with "Open as Runbook", this becomes a notebook.', 'echo "from a plain markdown file"'],
    );
  });
});
