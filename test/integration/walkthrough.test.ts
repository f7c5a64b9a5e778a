import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from './support/notebooks';

interface WalkthroughStep {
  id: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

/** The "Get started" walkthrough: every button and completion event names a real command, every page exists; its runbook button opens the runbook. */
describe('the Get started walkthrough', () => {
  const extension = () => vscode.extensions.all.find((e) => e.packageJSON?.name === 'security-runbooks')!;

  it('every button and onCommand completion event names a command that exists; every step has its Markdown page', async () => {
    await extension().activate();
    const commands = new Set(await vscode.commands.getCommands(false));
    const [walkthrough] = extension().packageJSON.contributes.walkthroughs as { steps: WalkthroughStep[] }[];
    assert.ok(walkthrough && walkthrough.steps.length === 5);
    for (const step of walkthrough.steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
      const events = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      for (const command of [...linked, ...events]) assert.ok(commands.has(command), `${step.id}: no command ${command}`);
      assert.ok(step.media.markdown && existsSync(path.join(extension().extensionPath, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
    }
  });

  it('"Open a Shipped Runbook" with a name opens that runbook, the workspace copy first', async () => {
    const opened = (await vscode.commands.executeCommand('securityRunbooks.openShippedRunbook', 'cis-enablement')) as string;
    assert.equal(opened, workspaceUri('cis-enablement.runbook.md').toString());
    await waitFor(() => vscode.window.activeNotebookEditor?.notebook.uri.toString() === opened, 'the runbook to open as a notebook');
    assert.equal(vscode.window.activeNotebookEditor!.notebook.notebookType, 'security-runbook');
  });
});
