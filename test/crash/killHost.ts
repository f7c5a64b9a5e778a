/**
 * Phase 1 of the crash test, loaded in the real extension host: finish one cell,
 * start a long one, then kill this extension host process with SIGKILL (as a
 * crash would) while the cell runs. Nothing after the kill can report back, so the
 * runner judges phase 1 by the marker file and checks the journal in phase 2.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allOutputText, cellNamed, openRunbook, runCells, waitFor, workspaceFolder } from '../integration/support/notebooks';

export async function run(): Promise<void> {
  const notebook = await openRunbook('crash.runbook.md');
  await runCells(notebook, cellNamed(notebook, 'finished'));
  const interrupted = cellNamed(notebook, 'interrupted');
  void runCells(notebook, interrupted);
  await waitFor(() => allOutputText(interrupted).includes('started'), 'the long cell to start');
  writeFileSync(path.join(workspaceFolder(), 'killed-at.txt'), new Date().toISOString());
  process.kill(process.pid, 'SIGKILL');
  await new Promise(() => undefined);
  void vscode; // the module is loaded for its side effect on the host only
}
