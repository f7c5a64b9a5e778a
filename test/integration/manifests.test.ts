import * as assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { ours, ruleOf } from './support/diagnostics';
import { waitFor, workspaceUri } from './support/notebooks';



function rules(uri: vscode.Uri): string[] {
  return [...new Set(ours(uri).map(ruleOf))].sort();
}

async function open(...parts: string[]): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(...parts));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

async function diagnosticsShowing(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  await waitFor(() => ours(uri).some((d) => ruleOf(d) === rule), `${rule} on ${uri.path} (has ${rules(uri).join(', ') || 'none'})`);
  return ours(uri).find((d) => ruleOf(d) === rule)!;
}

/** The quick fixes VS Code's lightbulb offers at a diagnostic's range. */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
}

/** The rule's own fix: the action with an edit that is not a suppression. */
async function ruleFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction> {
  const actions = await quickFixes(uri, diagnostic);
  const fix = actions.find((a) => a.edit && !a.title.startsWith('Suppress '));
  assert.ok(fix, `a fix for ${ruleOf(diagnostic)} among: ${actions.map((a) => a.title).join(' | ')}`);
  return fix;
}

async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `${action.title} has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

describe('manifest diagnostics in VS Code', function () {
  this.timeout(60_000);

  it('a Kubernetes Deployment shows the restricted-profile findings; the securityContext quick fix removes them', async () => {
    const document = await open('manifests', 'deployment.yaml');
    const escalation = await diagnosticsShowing(document.uri, 'SR-K8S-003');
    for (const rule of ['SR-K8S-002', 'SR-K8S-005', 'SR-K8S-007', 'SR-K8S-008']) assert.ok(rules(document.uri).includes(rule), `${rule} in ${rules(document.uri).join(', ')}`);
    assert.equal(escalation.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(escalation.message, /api/, 'the message names the container');
    assert.equal(document.getText(escalation.range).length > 0, true);
    const target = (escalation.code as { target: vscode.Uri }).target;
    assert.equal(target.scheme, 'security-runbooks-rule');

    const fixes = await quickFixes(document.uri, escalation);
    const fix = await ruleFix(document.uri, escalation);
    assert.match(fix.title, /^Add a restricted securityContext to container "api"/);
    assert.equal(fixes.filter((a) => a.title === fix.title).length, 1, 'one fix for the five findings it resolves, not five copies');
    assert.ok(fixes.some((a) => /^Suppress SR-K8S-003 for this line$/.test(a.title)));
    await apply(fix);
    await waitFor(
      () => !rules(document.uri).some((r) => ['SR-K8S-002', 'SR-K8S-003', 'SR-K8S-005', 'SR-K8S-007', 'SR-K8S-008'].includes(r)),
      `the restricted-profile findings to go (left: ${rules(document.uri).join(', ')})`,
    );
    assert.match(document.getText(), /allowPrivilegeEscalation: false/);
    assert.match(document.getText(), /runAsNonRoot: true/);
  });

  it('the rule documentation opens from the diagnostic code', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('security-runbooks-rule:/SR-K8S-003.md'));
    assert.match(doc.getText(), /^# SR-K8S-003: /);
    assert.match(doc.getText(), /## How to fix it/);
  });

  it('a Dockerfile that runs as root: adding USER with the quick fix clears it', async () => {
    const document = await open('manifests', 'Dockerfile');
    const root = await diagnosticsShowing(document.uri, 'SR-DOCKER-001');
    await apply(await ruleFix(document.uri, root));
    await waitFor(() => !rules(document.uri).includes('SR-DOCKER-001'), 'SR-DOCKER-001 to go');
    assert.match(document.getText(), /^USER \S+/m);
  });

  it('Terraform: unencrypted RDS and EKS without audit logs; each fix clears its finding', async () => {
    const document = await open('manifests', 'main.tf');
    const eks = await diagnosticsShowing(document.uri, 'SR-TF-005');
    const openCell = (await quickFixes(document.uri, eks)).find((a) => a.title === 'Open runbook cell "enable-eks-audit-logs" (EKS.8)');
    assert.ok(openCell?.command, 'the rule cites EKS.8 and a workspace runbook cell remediates it');
    await vscode.commands.executeCommand(openCell.command.command, ...(openCell.command.arguments ?? []));
    await waitFor(() => vscode.window.activeNotebookEditor?.notebook.uri.path.endsWith('eks-logging.runbook.md') === true, 'the runbook to open');
    const editor = vscode.window.activeNotebookEditor!;
    assert.equal((editor.notebook.cellAt(editor.selection.start).metadata as { attributes?: { name?: string } }).attributes?.name, 'enable-eks-audit-logs');
    await vscode.window.showTextDocument(document);
    for (const rule of ['SR-TF-001', 'SR-TF-005']) {
      const diagnostic = await diagnosticsShowing(document.uri, rule);
      await apply(await ruleFix(document.uri, diagnostic));
      await waitFor(() => !rules(document.uri).includes(rule), `${rule} to go`);
    }
    assert.match(document.getText(), /storage_encrypted\s*=\s*true/);
    assert.match(document.getText(), /"audit"/);
  });

  it('"suppress for this line" silences one finding and leaves the rest', async () => {
    const file = workspaceUri('manifests', 'debug-pod.yaml');
    writeFileSync(file.fsPath, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  hostNetwork: true\n  containers:\n    - name: shell\n      image: busybox\n');
    const document = await open('manifests', 'debug-pod.yaml');
    const host = await diagnosticsShowing(document.uri, 'SR-K8S-009');
    const before = ours(document.uri).length;
    const suppress = (await quickFixes(document.uri, host)).find((a) => a.title === 'Suppress SR-K8S-009 for this line');
    assert.ok(suppress);
    await apply(suppress);
    await waitFor(() => !rules(document.uri).includes('SR-K8S-009'), 'SR-K8S-009 to be silenced');
    assert.equal(ours(document.uri).length, before - 1, 'only that one');
    assert.match(document.getText(), /  # security-runbooks-ignore: SR-K8S-009\n  hostNetwork: true/);
  });

  it('a Helm template is tolerated: no wall of false errors', async () => {
    const document = await open('manifests', 'chart', 'templates', 'deployment.yaml');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // linted on open; nothing (or one note) should arrive
    const shown = ours(document.uri);
    assert.ok(shown.every((d) => ruleOf(d) === 'SR-TEMPLATE' && d.severity === vscode.DiagnosticSeverity.Information), shown.map((d) => `${ruleOf(d)} ${d.message}`).join('\n'));
    assert.ok(shown.length <= 1);
  });

  it('settings turn a rule off and change a severity', async () => {
    const document = await open('manifests', 'debug-pod.yaml');
    await diagnosticsShowing(document.uri, 'SR-K8S-010');
    const config = vscode.workspace.getConfiguration('securityRunbooks.manifests');
    try {
      await config.update('rules', { 'SR-K8S-010': 'off' }, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => !rules(document.uri).includes('SR-K8S-010'), 'SR-K8S-010 to be off');
      await config.update('rules', { 'SR-K8S-010': 'error' }, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => ours(document.uri).some((d) => ruleOf(d) === 'SR-K8S-010' && d.severity === vscode.DiagnosticSeverity.Error), 'SR-K8S-010 as an error');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('a NetworkPolicy added in another file updates the cross-file finding', async () => {
    const document = await open('manifests', 'deployment.yaml');
    await diagnosticsShowing(document.uri, 'SR-K8S-013');
    const policy = workspaceUri('manifests', 'network-policy.yaml');
    writeFileSync(
      policy.fsPath,
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: titanic\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n',
    );
    try {
      await waitFor(() => !rules(document.uri).includes('SR-K8S-013'), 'SR-K8S-013 to go once a policy selects the pods', 20_000);
    } finally {
      rmSync(policy.fsPath, { force: true });
    }
  });

  it('"Check Manifests in Workspace" lints files that are not open', async () => {
    const summary = (await vscode.commands.executeCommand('securityRunbooks.manifests.lintWorkspace')) as { manifests: number; findings: number };
    assert.ok(summary.manifests >= 4, JSON.stringify(summary));
    const unopened = workspaceUri('manifests', 'namespace.yaml');
    assert.deepEqual(rules(unopened), [], 'a compliant Namespace has no findings');
  });
});
