import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { SEEDED_ACCESS_KEY_ID, SEEDED_SECRET_ACCESS_KEY } from './support/awsBackend';
import { cellNamed, openRunbook, runCells } from './support/notebooks';

describe('post-incident records in VS Code', () => {
  it('journals each execution as it happens, verifies the chain and exports a redacted record with a timeline', async () => {
    const notebook = await openRunbook('records.runbook.md');
    await vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile: 'demo' });
    await vscode.commands.executeCommand('securityRunbooks.startIncident', { notebook: notebook.uri, incident: 'INC-2026-1129-demo' });
    await runCells(notebook, cellNamed(notebook, 'identity'));
    await runCells(notebook, cellNamed(notebook, 'leaky'));
    await vscode.commands.executeCommand('securityRunbooks.addNote', { notebook: notebook.uri, text: 'Paged by GuardDuty finding at 03:12' });

    const verified = (await vscode.commands.executeCommand('securityRunbooks.verifyJournal', { notebook: notebook.uri })) as { ok: boolean; entries: number };
    assert.equal(verified.ok, true);
    assert.ok(verified.entries >= 8, `${verified.entries} entries`);

    const target = (await vscode.commands.executeCommand('securityRunbooks.exportRecord', { notebook: notebook.uri, format: 'markdown', confirm: false })) as string;
    assert.match(target, /[/\\]\.security-runbooks[/\\]records[/\\]INC-2026-1129-demo\.record\.md$/);
    const record = readFileSync(target, 'utf8');
    const journal = readFileSync(target.replace(/\.record\.md$/, '.jsonl'), 'utf8');
    for (const text of [record, journal]) {
      assert.ok(!text.includes(SEEDED_SECRET_ACCESS_KEY), 'a secret reached the record or journal');
      assert.ok(!text.includes(SEEDED_ACCESS_KEY_ID), 'an access key id reached the record or journal');
    }
    assert.match(record, /Timeline/);
    assert.match(record, /identity/);
    assert.match(record, /leaky/);
    assert.match(record, /123456789012/);
    assert.match(record, /Paged by GuardDuty finding/);
    const types = journal.trim().split('\n').map((line) => (JSON.parse(line) as { type: string }).type);
    assert.deepEqual(types.slice(0, 5), ['journal.start', 'run.start', 'profile.resolved', 'cell.start', 'cell.end']);
    assert.equal(types[types.length - 1], 'export');
  });
});
