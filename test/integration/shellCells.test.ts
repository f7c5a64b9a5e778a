import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { liveGroupMembers } from '../../src/cells/processGroup';
import { STDERR_MIME, allOutputText, cellNamed, openRunbook, outputItems, outputText, runCells, waitFor, workspaceFolder } from './support/notebooks';

describe('shell cells in VS Code', () => {
  it('runs a shell cell in the runbook folder and shows its output, exit code and success', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    const cell = cellNamed(notebook, 'hello');
    await runCells(notebook, cell);
    assert.equal(outputText(cell), `hello from ${path.basename(workspaceFolder())}\n`);
    assert.match(allOutputText(cell), /Exit code 0 after/);
    assert.equal(cell.executionSummary?.success, true);
    assert.ok(cell.executionSummary?.timing, 'the run has a start and end time');
  });

  it('marks a cell that exits non-zero as failed and shows stderr', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    const cell = cellNamed(notebook, 'fails');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, false);
    assert.equal(outputText(cell), 'about to fail\n');
    assert.match(outputText(cell, STDERR_MIME), /something went wrong/);
    assert.match(allOutputText(cell), /Exit code 3 after/);
    // VS Code shows one item per output (items are alternative renderings), so stdout and stderr must not share one.
    for (const output of cell.outputs) assert.equal(new Set(output.items.map((item) => item.mime)).size, 1);
  });

  it('streams output: the first line shows before the second line exists', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sr-stream-')), 'second-line-written');
    process.env.STREAM_MARKER = marker;
    const notebook = await openRunbook('streaming.runbook.md');
    const cell = cellNamed(notebook, 'stream');
    const run = runCells(notebook, cell);
    await waitFor(() => outputText(cell).includes('first line'), 'the first line to show');
    assert.equal(existsSync(marker), false, 'the second line does not exist yet');
    assert.ok(!outputText(cell).includes('second line'));
    await run;
    assert.equal(outputText(cell), 'first line\nsecond line\n');
    assert.equal(cell.executionSummary?.success, true);
  });

  it('cancels a running cell: marked cancelled, and no process of its group survives', async () => {
    const pidFile = path.join(mkdtempSync(path.join(tmpdir(), 'sr-cancel-')), 'pid');
    process.env.CANCEL_PID_FILE = pidFile;
    const notebook = await openRunbook('cancel.runbook.md');
    const cell = cellNamed(notebook, 'long-running');
    const run = runCells(notebook, cell);
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the cell to start');
    const groupId = Number(readFileSync(pidFile, 'utf8'));
    assert.ok((liveGroupMembers(groupId) ?? []).length >= 2, 'bash and its sleeps are running');
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
    await run;
    await waitFor(() => cell.executionSummary?.timing?.endTime !== undefined, 'the execution to end');
    assert.equal(cell.executionSummary?.success, false);
    assert.match(allOutputText(cell), /Cancelled after/);
    assert.deepEqual(liveGroupMembers(groupId), [], 'processes of the cancelled cell are still alive');
    assert.ok(!allOutputText(cell).includes('not reached'));
  });

  it('Run All stops at the first failing cell: later cells do not run', async () => {
    const notebook = await openRunbook('run-all.runbook.md');
    await vscode.commands.executeCommand('notebook.execute', notebook.uri);
    await waitFor(() => cellNamed(notebook, 'failing').executionSummary?.success === false, 'the failing cell to fail');
    assert.equal(outputText(cellNamed(notebook, 'first')), 'first ran\n');
    assert.equal(outputText(cellNamed(notebook, 'failing')), 'failing ran\n');
    const after = cellNamed(notebook, 'after-failure');
    assert.equal(after.outputs.length, 0, 'the cell after the failure ran');
    assert.notEqual(after.executionSummary?.success, true);
  });

  it('runs the cells of one notebook one at a time, in the order they were started', async () => {
    const log = path.join(mkdtempSync(path.join(tmpdir(), 'sr-queue-')), 'log');
    process.env.QUEUE_LOG = log;
    const notebook = await openRunbook('queue.runbook.md');
    await Promise.all([runCells(notebook, cellNamed(notebook, 'one')), runCells(notebook, cellNamed(notebook, 'two'))]);
    const events = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ').slice(0, 2).join(' '));
    assert.deepEqual(events, ['one start', 'one end', 'two start', 'two end']);
  });

  it('explains instead of failing: a language with no executor, an empty cell, malformed attributes', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    const cells = notebook.getCells();
    const json = cells.find((cell) => cell.document.languageId === 'json')!;
    const empty = cellNamed(notebook, 'empty');
    const broken = cells.find((cell) => cell.document.getText().includes('must not run'))!;
    await runCells(notebook, json);
    await runCells(notebook, empty);
    await runCells(notebook, broken);
    assert.match(allOutputText(json), /Skipped: no executor runs `json` cells/);
    assert.match(allOutputText(empty), /Skipped: the cell is empty/);
    assert.match(allOutputText(broken), /Not run: the cell's attributes could not be read/);
    assert.equal(broken.executionSummary?.success, false);
    assert.ok(!allOutputText(broken).includes('must not run\n'), 'the malformed cell did not execute');
  });

  it('says clearly when bash cannot be found, instead of throwing', async () => {
    const shell = vscode.workspace.getConfiguration('securityRunbooks.shell');
    await shell.update('path', '/nonexistent/bin/bash', vscode.ConfigurationTarget.Global);
    try {
      const notebook = await openRunbook('execution.runbook.md');
      const cell = cellNamed(notebook, 'hello');
      await runCells(notebook, cell);
      assert.match(allOutputText(cell), /Could not start bash: "\/nonexistent\/bin\/bash" was not found/);
      assert.equal(cell.executionSummary?.success, false);
    } finally {
      await shell.update('path', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('pretty-prints JSON output', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    const cell = cellNamed(notebook, 'json-output');
    await runCells(notebook, cell);
    const json = outputItems(cell).find((item) => item.mime === 'application/json');
    assert.ok(json, 'a JSON output item');
    assert.equal(json.text, '{\n  "Account": "123456789012",\n  "Arn": "arn:aws:iam::123456789012:user/demo"\n}');
  });
});
