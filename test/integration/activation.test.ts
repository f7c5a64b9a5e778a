import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { cellNamed, openRunbook, runCells } from './support/notebooks';

/** Runs first (files run in name order): nothing AWS has been used yet in this extension host. */
describe('activation', () => {
  it('loads no AWS SDK code: opening a runbook and running a shell cell leaves dist/aws.js unloaded', async () => {
    const notebook = await openRunbook('execution.runbook.md');
    await runCells(notebook, cellNamed(notebook, 'hello'));
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'security-runbooks');
    assert.ok(extension?.isActive, 'the extension is active');
    const loaded = Object.keys(require.cache);
    assert.ok(loaded.some((file) => file.endsWith('/dist/extension.js')), 'the activation bundle is loaded');
    assert.deepEqual(loaded.filter((file) => file.endsWith('/dist/aws.js') || file.includes('@aws-sdk')), []);
  });
});
