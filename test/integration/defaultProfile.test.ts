import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { allOutputText, cellNamed, openRunbook, runCells, workspaceUri } from './support/notebooks';

const RUNBOOK = 'default-profile.runbook.md';
const TEXT = ['# Default profile', '', '```sh {"name":"where"}', 'echo "profile=${AWS_PROFILE:-none} region=${AWS_REGION:-none}"', '```', ''].join('\n');

/**
 * `securityRunbooks.defaultProfile`: a runbook with no profile chosen runs as the
 * default profile, in that profile's region, as if it had been chosen. The host's
 * AWS config has `demo` and `other-account` (us-east-1) and `regionless`. The
 * setting is only ever set here, and reset after each test.
 */
describe('the default AWS profile setting', function () {
  this.timeout(120_000);
  let notebook: vscode.NotebookDocument;
  const settings = () => vscode.workspace.getConfiguration('securityRunbooks');
  const setDefault = (profile: string | undefined) => settings().update('defaultProfile', profile, vscode.ConfigurationTarget.Global);

  async function runWhere(): Promise<string> {
    const cell = cellNamed(notebook, 'where');
    await runCells(notebook, cell);
    return allOutputText(cell);
  }

  before(async () => {
    writeFileSync(workspaceUri(RUNBOOK).fsPath, TEXT);
    notebook = await openRunbook(RUNBOOK);
  });

  afterEach(async () => setDefault(undefined));

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    rmSync(workspaceUri(RUNBOOK).fsPath, { force: true });
  });

  it('unset, or naming a profile that does not exist: a runbook with no profile chosen runs without AWS', async () => {
    let text = await runWhere();
    assert.match(text, /profile=none/);
    assert.doesNotMatch(text, /Ran as/);
    await setDefault('no-such-profile');
    text = await runWhere();
    assert.match(text, /profile=none/);
    assert.doesNotMatch(text, /Ran as/);
  });

  it('set to demo: the runbook runs as demo in its region, checked with STS, and nothing is stored', async () => {
    await setDefault('demo');
    const text = await runWhere();
    assert.match(text, /profile=demo region=us-east-1/);
    assert.match(text, /Ran as arn:aws:sts::123456789012:user\/\S+ in us-east-1\./);
    await setDefault(undefined);
    assert.match(await runWhere(), /profile=none/, 'unset again, the runbook has no profile: the default was not stored as its choice');
  });

  it('a default profile that names no region: the region is asked for, and when nobody answers nothing runs', async () => {
    await setDefault('regionless');
    const cell = cellNamed(notebook, 'where');
    let finished = false;
    const run = runCells(notebook, cell).finally(() => (finished = true));
    // The region quick pick is open while the run waits: dismiss it as a person pressing Escape would.
    while (!finished) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await run;
    const text = allOutputText(cell);
    assert.match(text, /Not run: choose the AWS profile this runbook runs as/);
    assert.doesNotMatch(text, /profile=/, 'the cell did not run');
  });

  it('a profile chosen for the runbook outranks the default', async () => {
    await setDefault('demo');
    assert.deepEqual(await vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: notebook.uri, profile: 'other-account' }), { profile: 'other-account', region: 'us-east-1' });
    const text = await runWhere();
    assert.match(text, /profile=other-account region=us-east-1/);
    assert.match(text, /Ran as arn:aws:sts::999999999999:assumed-role\/responder\/\S+ in us-east-1\./);
  });
});
