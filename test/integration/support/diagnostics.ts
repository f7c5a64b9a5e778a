import * as vscode from 'vscode';

/** The diagnostics of the extension (not of other extensions) on a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Security Runbooks');
}

/** A diagnostic's rule id (`SR-K8S-003`), from its code link. */
export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}
