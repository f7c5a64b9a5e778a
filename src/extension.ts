import * as vscode from 'vscode';
import { CellStatusBar, warnAboutFrontMatter } from './vscode/cellStatusBar';
import { openAsRunbook } from './vscode/openAsRunbook';
import { addNoteCommand, exportRecordCommand, verifyJournalCommand } from './vscode/recordCommands';
import { ProfileSelection, type SelectProfileArgs } from './vscode/profileSelection';
import { ProfileStatusBar, SELECT_PROFILE_COMMAND } from './vscode/profileStatusBar';
import { RunbookController } from './vscode/runbookController';
import { startIncidentCommand } from './vscode/runRecorder';
import { RUNBOOK_NOTEBOOK_TYPE, RUNBOOK_SERIALIZER_OPTIONS, RunbookSerializer } from './vscode/runbookSerializer';

/** Composition root: wires the pieces together and nothing else. */
export function activate(context: vscode.ExtensionContext): void {
  const profiles = new ProfileSelection(context.workspaceState);
  const controller = new RunbookController(profiles);
  context.subscriptions.push(
    profiles,
    vscode.workspace.registerNotebookSerializer(RUNBOOK_NOTEBOOK_TYPE, new RunbookSerializer(), RUNBOOK_SERIALIZER_OPTIONS),
    controller,
    new ProfileStatusBar(profiles),
    vscode.commands.registerCommand('securityRunbooks.openAsRunbook', openAsRunbook),
    vscode.commands.registerCommand(SELECT_PROFILE_COMMAND, (args?: SelectProfileArgs) => profiles.select(args)),
    vscode.commands.registerCommand('securityRunbooks.setRunParameters', (args: { notebook: vscode.Uri; values: Record<string, string> }) =>
      controller.setRunParameters(args.notebook, args.values),
    ),
    vscode.commands.registerCommand('securityRunbooks.exportRecord', exportRecordCommand),
    vscode.commands.registerCommand('securityRunbooks.verifyJournal', verifyJournalCommand),
    vscode.commands.registerCommand('securityRunbooks.addNote', addNoteCommand),
    vscode.commands.registerCommand('securityRunbooks.startIncident', startIncidentCommand),
    vscode.notebooks.registerNotebookCellStatusBarItemProvider(RUNBOOK_NOTEBOOK_TYPE, new CellStatusBar()),
    vscode.workspace.onDidOpenNotebookDocument(warnAboutFrontMatter),
  );
  vscode.workspace.notebookDocuments.forEach(warnAboutFrontMatter);
}

export function deactivate(): void {}
