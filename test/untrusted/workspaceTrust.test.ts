import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allOutputText, cellNamed, openRunbook, runCells } from '../integration/support/notebooks';

describe('an untrusted workspace', () => {
  it('is untrusted (the harness opened it without trust)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still opens and renders runbooks as notebooks', async () => {
    const notebook = await openRunbook('cloned.runbook.md');
    assert.equal(notebook.notebookType, 'security-runbook');
    assert.equal(notebook.cellCount, 2);
  });

  it('executes no cell: running one does not start it', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sr-untrusted-')), 'marker');
    process.env.UNTRUSTED_MARKER = marker;
    const notebook = await openRunbook('cloned.runbook.md');
    const cell = cellNamed(notebook, 'would-write');
    // VS Code asks for trust before it hands an untrusted notebook to a controller; the
    // test host refuses that dialog, so the request never completes. Our execute handler
    // refuses too (see the cell preflight unit tests); here we check what the user sees:
    // nothing ran, no output, no success.
    void runCells(notebook, cell).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(existsSync(marker), false, 'the cell executed in an untrusted workspace');
    assert.ok(!allOutputText(cell).includes('executed'));
    assert.notEqual(cell.executionSummary?.success, true);
  });

  it('Run All and the extension commands execute nothing either', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sr-untrusted-all-')), 'marker');
    process.env.UNTRUSTED_MARKER = marker;
    const notebook = await openRunbook('cloned.runbook.md');
    void Promise.resolve(vscode.commands.executeCommand('notebook.execute', notebook.uri)).catch(() => undefined);
    void Promise.resolve(vscode.commands.executeCommand('securityRunbooks.openAsRunbook', notebook.uri)).catch(() => undefined);
    void Promise.resolve(vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile: 'nobody' })).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    assert.equal(existsSync(marker), false, 'a cell executed in an untrusted workspace');
    assert.notEqual(cellNamed(notebook, 'would-write').executionSummary?.success, true);
  });
});

describe('manifest diagnostics in an untrusted workspace', () => {
  it('still show: linting reads the file and runs nothing', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'Dockerfile'));
    await vscode.window.showTextDocument(document);
    const deadline = Date.now() + 20_000;
    const rules = () => vscode.languages.getDiagnostics(document.uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
    while (!rules().includes('SR-DOCKER-002') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(rules().includes('SR-DOCKER-001'), `no USER: ${rules().join(', ')}`);
    assert.ok(rules().includes('SR-DOCKER-002'), `python:latest: ${rules().join(', ')}`);
  });
});
