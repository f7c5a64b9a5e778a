import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allOutputText, cellNamed, openRunbook, runCells } from './support/notebooks';

function freshLog(): string {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'sr-guard-')), 'log');
  process.env.GUARD_LOG = log;
  return log;
}
const logLines = (log: string): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);

describe('guardrails in VS Code', () => {
  it('Run All runs read cells and skips destructive ones with a visible note', async () => {
    const log = freshLog();
    const notebook = await openRunbook('guardrails.runbook.md');
    await vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile: 'demo' });
    const readCells = ['look', 'wipe', 'look-again'].map((name) => cellNamed(notebook, name));
    // Run All over the read and destructive cells (the mutating one would ask; the UI tests answer that modal).
    await runCells(notebook, ...readCells);
    assert.match(allOutputText(readCells[0]!), /looked\n123456789012/);
    assert.match(allOutputText(readCells[2]!), /looked again/);
    assert.deepEqual(logLines(log), [], 'the destructive cell ran');
    assert.match(allOutputText(cellNamed(notebook, 'wipe')), /Skipped by Run All: destructive cells never run as part of Run All/);
    assert.notEqual(cellNamed(notebook, 'wipe').executionSummary?.success, true);
  });

  it('read-only mode refuses every non-read cell with a clear message', async () => {
    const log = freshLog();
    const settings = vscode.workspace.getConfiguration('securityRunbooks');
    await settings.update('readOnlyProfiles', ['demo'], vscode.ConfigurationTarget.Global);
    try {
      const notebook = await openRunbook('guardrails.runbook.md');
      await vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile: 'demo' });
      await runCells(notebook, cellNamed(notebook, 'change'));
      assert.match(allOutputText(cellNamed(notebook, 'change')), /Not run: profile "demo" is in read-only mode and this cell is mutating/);
      await runCells(notebook, cellNamed(notebook, 'look'));
      assert.match(allOutputText(cellNamed(notebook, 'look')), /123456789012/);
      assert.deepEqual(logLines(log), [], 'the mutating cell ran');
    } finally {
      await settings.update('readOnlyProfiles', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
