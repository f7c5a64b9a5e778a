import * as vscode from 'vscode';
import { loadManifestsRuntime } from './manifestsRuntimeLoader';

export const RULE_DOC_SCHEME = 'security-runbooks-rule';

/** Where a diagnostic's code links to: the rule's documentation, as a read-only Markdown document. */
export function ruleDocumentationUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOC_SCHEME, path: `/${ruleId}.md` });
}

/** Serves `security-runbooks-rule:/SR-K8S-001.md` from the rule's documentation. */
export class RuleDocumentationProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const runtime = loadManifestsRuntime();
    const rule = runtime.ruleDoc(id);
    return rule ? runtime.ruleDocMarkdown(rule) : `# ${id}\n\nNo such rule in Security Runbooks.\n`;
  }
}
