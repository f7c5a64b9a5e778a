import * as vscode from 'vscode';
import type { RemediationCell } from './compliance/remediation';
import { CellStatusBar, warnAboutFrontMatter } from './vscode/cellStatusBar';
import { COMPLIANCE_COMMANDS, ComplianceCommands, type ChooseProfileCommandArgs, type ItemTarget } from './vscode/complianceCommands';
import { ComplianceProfile } from './vscode/complianceProfile';
import { ComplianceScans } from './vscode/complianceScans';
import { ComplianceTreeProvider, createComplianceTreeView } from './vscode/complianceTree';
import { DefaultProfileSetting } from './vscode/defaultProfileSetting';
import { ManifestCodeActions, OPEN_RUNBOOK_CELL_COMMAND } from './vscode/manifestCodeActions';
import { ManifestDiagnostics, lintWorkspaceCommand } from './vscode/manifestDiagnostics';
import { openAsRunbook } from './vscode/openAsRunbook';
import { OPEN_SHIPPED_RUNBOOK_COMMAND, openShippedRunbook } from './vscode/openShippedRunbook';
import { addNoteCommand, exportRecordCommand, verifyJournalCommand } from './vscode/recordCommands';
import { ProjectSettings } from './vscode/projectSettings';
import { ProfileSelection, type SelectProfileArgs } from './vscode/profileSelection';
import { ProfileStatusBar, SELECT_PROFILE_COMMAND } from './vscode/profileStatusBar';
import { RunbookController } from './vscode/runbookController';
import { startIncidentCommand } from './vscode/runRecorder';
import { RunbookLibrary } from './vscode/runbookLibrary';
import { RUNBOOK_NOTEBOOK_TYPE, RUNBOOK_SERIALIZER_OPTIONS, RunbookSerializer } from './vscode/runbookSerializer';
import { RULE_DOC_SCHEME, RuleDocumentationProvider } from './vscode/ruleDocumentation';

/** What `activate` returns: only for tests, which read the tree exactly as the UI gets it. */
export interface ExtensionTestApi {
  complianceTree: ComplianceTreeProvider;
  /** Evaluating dist/extension.js plus running activate(), in ms (bench/activation.ts); VS Code's own work between the two is not counted. */
  activationMs: number;
}

/** Composition root: wires the pieces together and nothing else. */
export function activate(context: vscode.ExtensionContext): ExtensionTestApi {
  const started = performance.now();
  const defaultProfile = new DefaultProfileSetting();
  const profiles = new ProfileSelection(context.workspaceState, defaultProfile);
  const controller = new RunbookController(profiles);
  const complianceProfile = new ComplianceProfile(context.workspaceState, defaultProfile);
  const complianceScans = new ComplianceScans(context.workspaceState, complianceProfile);
  const complianceTree = new ComplianceTreeProvider(complianceScans);
  const runbookLibrary = new RunbookLibrary(context.extensionUri);
  const compliance = new ComplianceCommands(complianceProfile, complianceScans, runbookLibrary);
  const projectSettings = new ProjectSettings();
  const manifests = new ManifestDiagnostics(projectSettings);
  context.subscriptions.push(
    defaultProfile,
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
    complianceProfile,
    complianceScans,
    complianceTree,
    createComplianceTreeView(complianceTree, complianceScans),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.chooseProfile, (args?: ChooseProfileCommandArgs) => compliance.chooseProfile(args)),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.refresh, () => compliance.refresh()),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.cancel, () => compliance.cancel()),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.recheckItem, (target?: ItemTarget) => compliance.recheckItem(target)),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.openRemediation, (target?: ItemTarget) => compliance.openRemediation(target)),
    vscode.commands.registerCommand(COMPLIANCE_COMMANDS.exportReport, (args?: { folder?: string }) => compliance.exportReport(args)),
    projectSettings,
    manifests,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new ManifestCodeActions(manifests, runbookLibrary), ManifestCodeActions.metadata),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOC_SCHEME, new RuleDocumentationProvider()),
    vscode.commands.registerCommand('securityRunbooks.manifests.lintWorkspace', () => lintWorkspaceCommand(manifests)),
    vscode.commands.registerCommand(OPEN_RUNBOOK_CELL_COMMAND, (cell: RemediationCell) => runbookLibrary.reveal(cell)),
    vscode.commands.registerCommand(OPEN_SHIPPED_RUNBOOK_COMMAND, (name?: unknown) => openShippedRunbook(runbookLibrary, name)),
  );
  vscode.workspace.notebookDocuments.forEach(warnAboutFrontMatter);
  const load = (globalThis as { __securityRunbooksLoad?: { start: number; end?: number } }).__securityRunbooksLoad;
  const loadMs = load?.end !== undefined ? load.end - load.start : 0;
  return { complianceTree, activationMs: loadMs + performance.now() - started };
}

export function deactivate(): void {}
