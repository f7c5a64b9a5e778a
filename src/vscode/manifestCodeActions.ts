import * as vscode from 'vscode';
import { findRemediationCell } from '../compliance/remediation';
import type { Finding, TextEdit } from '../manifests/model';
import { DIAGNOSTIC_SOURCE, type ManifestDiagnostics } from './manifestDiagnostics';
import { loadManifestsRuntime } from './manifestsRuntimeLoader';
import { ruleDocumentationUri } from './ruleDocumentation';
import type { RunbookLibrary } from './runbookLibrary';

export const OPEN_RUNBOOK_CELL_COMMAND = 'securityRunbooks.openRunbookCell';

function sameRange(finding: Finding, range: vscode.Range): boolean {
  const { start, end } = finding.range;
  return start.line === range.start.line && start.character === range.start.character && end.line === range.end.line && end.character === range.end.character;
}

function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const { range, newText } of edits) {
    edit.replace(uri, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), newText);
  }
  return edit;
}

/**
 * Quick fixes for manifest diagnostics: the rule's own fix where it has one,
 * "suppress for this line", the rule's documentation, and — where the rule relates
 * to a compliance control — the runbook cell that remediates it in the account.
 */
export class ManifestCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly diagnostics: ManifestDiagnostics,
    private readonly library: RunbookLibrary,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const linted = await this.diagnostics.lintedFor(document);
    if (!linted) return [];
    const actions: vscode.CodeAction[] = [];
    const fixes = new Map<string, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const ruleId = ruleIdOf(diagnostic);
      const finding = linted.findings.find((f) => f.ruleId === ruleId && sameRange(f, diagnostic.range));
      if (!finding) continue;
      if (finding.fix) {
        // One fix often resolves several findings (the restricted securityContext): offer it once.
        const key = JSON.stringify(finding.fix);
        const same = fixes.get(key);
        if (same) same.diagnostics!.push(diagnostic);
        else {
          const fix = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
          fix.edit = toWorkspaceEdit(document.uri, finding.fix.edits);
          fix.diagnostics = [diagnostic];
          fix.isPreferred = true;
          fixes.set(key, fix);
          actions.push(fix);
        }
      }
      if (finding.ruleId !== 'SR-PARSE') {
        const runtime = loadManifestsRuntime();
        const suppress = new vscode.CodeAction(`Suppress ${finding.ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        suppress.edit = toWorkspaceEdit(document.uri, [runtime.suppressionEdit(finding, new runtime.LineIndex(linted.text), linted.kind)]);
        suppress.diagnostics = [diagnostic];
        actions.push(suppress);
        const controls = runtime.ruleDoc(finding.ruleId)?.controls ?? [];
        const cell = controls.length > 0 ? findRemediationCell(await this.library.runbooks(), { controls, remediationCell: '' }) : undefined;
        if (cell) {
          const open = new vscode.CodeAction(`Open runbook cell "${cell.cellName}" (${controls.join(', ')})`, vscode.CodeActionKind.QuickFix);
          open.command = { command: OPEN_RUNBOOK_CELL_COMMAND, title: open.title, arguments: [cell] };
          open.diagnostics = [diagnostic];
          actions.push(open);
        }
      }
      const docs = new vscode.CodeAction(`Show documentation for ${finding.ruleId}`, vscode.CodeActionKind.QuickFix);
      docs.command = { command: 'markdown.showPreview', title: docs.title, arguments: [ruleDocumentationUri(finding.ruleId)] };
      docs.diagnostics = [diagnostic];
      actions.push(docs);
    }
    return actions;
  }
}
