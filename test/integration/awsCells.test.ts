import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SEEDED_ACCESS_KEY_ID, SEEDED_SECRET_ACCESS_KEY, recordedRequests, setFault } from './support/awsBackend';
import { allOutputText, cellNamed, openRunbook, outputItems, outputText, runCells, waitFor } from './support/notebooks';

/** The records beside each table of a cell (see TABLE_RECORDS_MIME), parsed. */
function jsonOutputs(cell: vscode.NotebookCell): unknown[] {
  const decoder = new TextDecoder();
  return cell.outputs
    .filter((output) => (output.metadata as { securityRunbooksTable?: boolean } | undefined)?.securityRunbooksTable)
    .map((output) => {
      const [shown, records] = output.items;
      assert.equal(shown?.mime, 'text/markdown', 'the table is what the output shows');
      assert.equal(records?.mime, 'text/plain');
      return JSON.parse(decoder.decode(records.data)) as unknown;
    });
}

async function chooseProfile(notebook: vscode.NotebookDocument, profile: string, region?: string): Promise<unknown> {
  return vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile, ...(region ? { region } : {}) });
}

describe('AWS profiles and native cells in VS Code (against the AWS test backend)', () => {
  let notebook: vscode.NotebookDocument;

  before(async () => {
    notebook = await openRunbook('aws-cells.runbook.md');
    assert.deepEqual(await chooseProfile(notebook, 'demo'), { profile: 'demo', region: 'us-east-1' });
  });

  it('runs shell cells with the chosen profile environment and says who they ran as', async () => {
    const cell = cellNamed(notebook, 'who-am-i');
    await runCells(notebook, cell);
    const text = allOutputText(cell);
    assert.match(text, /profile=demo region=us-east-1/);
    assert.match(text, /"Account": "123456789012"/, `the AWS CLI did not reach the profile endpoint: ${text}`);
    assert.match(text, /Ran as arn:aws:sts::123456789012:user\/\S+ in us-east-1\./);
    assert.equal(cell.executionSummary?.success, true);
  });

  it('redacts resolved credential values from anything a cell prints', async () => {
    const cell = cellNamed(notebook, 'print-credentials-file');
    await runCells(notebook, cell);
    const text = allOutputText(cell);
    assert.match(text, /aws_access_key_id = \[REDACTED\]/);
    assert.ok(!text.includes(SEEDED_SECRET_ACCESS_KEY) && !text.includes(SEEDED_ACCESS_KEY_ID));
  });

  it('Logs Insights: only the Forbidden lines, newest first, as a table', async () => {
    const cell = cellNamed(notebook, 'failed-auth');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, true, allOutputText(cell));
    const [records] = jsonOutputs(cell) as { '@timestamp': string; '@message': string }[][];
    assert.ok(records && records.length > 0, 'rows returned');
    for (const record of records) assert.match(record['@message'], /Forbidden/);
    const times = records.map((record) => record['@timestamp']);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    const markdown = outputItems(cell).find((item) => item.mime === 'text/markdown' && item.text.startsWith('| @timestamp'));
    assert.ok(markdown, 'a Markdown table is shown');
    assert.match(allOutputText(cell), /\d+ rows? · \d[\d,]* records matched/);
  });

  it('Logs Insights: cancelling a running query sends StopQuery', async () => {
    const cell = cellNamed(notebook, 'slow-query');
    const run = runCells(notebook, cell);
    await waitFor(() => allOutputText(cell).includes('Running'), 'the query to report Running');
    await vscode.commands.executeCommand('notebook.cell.cancelExecution', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
    await run;
    await waitFor(() => cell.executionSummary?.timing?.endTime !== undefined, 'the cell to end');
    assert.match(allOutputText(cell), /Cancelled after .*StopQuery/);
    const stops = (await recordedRequests()).filter((request) => request.operation === 'StopQuery');
    assert.equal(stops.length, 1, 'StopQuery reached the backend');
  });

  it('CloudTrail: Username = compromised-user lists only that user', async () => {
    const cell = cellNamed(notebook, 'compromised-user-events');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, true, allOutputText(cell));
    const [events] = jsonOutputs(cell) as { Username?: string; CloudTrailEvent?: { sourceIPAddress?: string } }[][];
    assert.ok(events && events.length > 0, 'events returned');
    for (const event of events) assert.equal(event.Username, 'compromised-user');
    assert.ok(events.every((event) => typeof event.CloudTrailEvent === 'object'), 'the raw event JSON is there for drill-down');
    assert.match(allOutputText(cell), /\| Time \| Event \| User \| Source IP \| Resources \|/);
  });

  it('Security Hub: failed findings only, counted by severity', async () => {
    const cell = cellNamed(notebook, 'failed-findings');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, true, allOutputText(cell));
    const [findings] = jsonOutputs(cell) as { Compliance?: { Status?: string } }[][];
    assert.ok(findings && findings.length > 0, 'findings returned');
    for (const finding of findings) assert.equal(finding.Compliance?.Status, 'FAILED');
    assert.match(allOutputText(cell), /Findings by severity:.*critical/i);
  });

  it('log retention: shows before and after, and AWS now has the desired retention', async () => {
    const cell = cellNamed(notebook, 'set-retention');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, true, allOutputText(cell));
    const [before, after] = jsonOutputs(cell) as { logGroup: string; current?: number | null; desired: number }[][];
    assert.notEqual(before?.[0]?.current, 365);
    assert.equal(after?.[0]?.current, 365);
    assert.ok((await recordedRequests()).some((request) => request.operation === 'PutRetentionPolicy'));
  });

  it('log retention: an invalid number of days is refused with the allowed values, before any call', async () => {
    const calls = (await recordedRequests()).length;
    const cell = cellNamed(notebook, 'bad-retention');
    await runCells(notebook, cell);
    assert.equal(cell.executionSummary?.success, false);
    assert.match(allOutputText(cell), /42.*1, 3, 5, 7, 14, 30/s);
    const newCalls = (await recordedRequests()).slice(calls).filter((request) => request.service !== 'sts');
    assert.deepEqual(newCalls.map((r) => r.operation), []);
  });

  it('AccessDenied names the missing action in the cell', async () => {
    await setFault('StartQuery', 'AccessDenied');
    try {
      const cell = cellNamed(notebook, 'failed-auth');
      await runCells(notebook, cell);
      assert.equal(cell.executionSummary?.success, false);
      assert.match(allOutputText(cell), /access denied \(profile "demo"\): the identity lacks permission for logs:StartQuery/);
    } finally {
      await setFault('StartQuery', null);
    }
  });

  it('blocks a runbook meant for another account, naming both accounts', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sr-target-')), 'marker');
    process.env.TARGET_MARKER = marker;
    const targeted = await openRunbook('targeted.runbook.md');
    await chooseProfile(targeted, 'demo');
    const cell = cellNamed(targeted, 'targeted-cell');
    await runCells(targeted, cell);
    assert.match(allOutputText(cell), /meant for account 111122223333 \(production\), but profile "demo" is account 123456789012/);
    assert.equal(cell.executionSummary?.success, false);
    assert.equal(existsSync(marker), false, 'the cell ran against the wrong account');
  });

  it('never shows a credential value in any output of any cell', () => {
    for (const cell of notebook.getCells()) {
      const text = outputItems(cell).map((item) => item.text).join('\n') + outputText(cell);
      assert.ok(!text.includes(SEEDED_SECRET_ACCESS_KEY), `secret key shown by ${cell.index}`);
      assert.ok(!text.includes(SEEDED_ACCESS_KEY_ID), `access key id shown by ${cell.index}`);
    }
  });
});
