import * as vscode from 'vscode';
import type { DefaultProfile } from '../aws/defaultProfile';
import type { ProfileSelection } from './profileSelection';
import { RUNBOOK_NOTEBOOK_TYPE } from './runbookSerializer';

export const SELECT_PROFILE_COMMAND = 'securityRunbooks.selectProfile';

/** Always shows, for the active runbook, which profile, account and region its cells run as. */
export class ProfileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('securityRunbooks.profile', vscode.StatusBarAlignment.Left, 100);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly selection: ProfileSelection) {
    this.item.name = 'Security Runbooks: AWS profile';
    this.item.command = SELECT_PROFILE_COMMAND;
    this.disposables.push(
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      selection.onDidChange(() => this.update()),
    );
    this.update();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }

  update(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    if (!notebook || notebook.notebookType !== RUNBOOK_NOTEBOOK_TYPE) {
      this.item.hide();
      return;
    }
    const choice = this.selection.choiceFor(notebook.uri);
    const fallback = this.selection.defaultProfile();
    if (!choice) {
      this.item.text = '$(cloud) Choose AWS profile';
      this.item.tooltip = `No AWS profile is chosen for this runbook. Click to choose the profile its cells run as.${defaultNote(fallback)}`;
    } else {
      const identity = this.selection.identityFor(notebook.uri);
      this.item.text = `$(cloud) ${choice.profile} · ${identity?.account ?? 'account unknown'} · ${choice.region}`;
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`**AWS profile** ${choice.profile}\n\n**Region** ${choice.region}\n\n`);
      if (this.selection.usesDefault(notebook.uri)) tooltip.appendMarkdown('The default profile (setting `securityRunbooks.defaultProfile`): none was chosen for this runbook.\n\n');
      tooltip.appendMarkdown(identity ? `**Identity** \`${identity.arn}\`` : 'Identity not checked yet: it is asked before the next run.');
      tooltip.appendMarkdown('\n\nClick to choose another profile.');
      this.item.tooltip = tooltip;
    }
    this.item.show();
  }
}

/** Why the default profile setting does not apply, if it is set. */
function defaultNote(fallback: DefaultProfile): string {
  if (fallback.kind === 'ask-region') return ` The default profile "${fallback.profile}" names no region: the region is asked for before the first run.`;
  if (fallback.kind === 'missing') return ` The default profile "${fallback.profile}" (setting securityRunbooks.defaultProfile) is not in your shared AWS config or credentials file.`;
  return '';
}
