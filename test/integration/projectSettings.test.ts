/**
 * The repository's `.security-runbooks.yaml` seen by the editor and by the command
 * line: the same file linted both ways gives the same findings (issue 9: editor and
 * CI agree), its exclusions hold in both, and editing it updates the diagnostics.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ours, ruleOf } from './support/diagnostics';
import { waitFor, workspaceFolder, workspaceUri } from './support/notebooks';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };

interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}


/** What a person sees in the Problems panel, one comparable line per finding. */
function shownInEditor(uri: vscode.Uri): string[] {
  return ours(uri)
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${ruleOf(d)} ${d.message}`)
    .sort();
}

function shownByCli(findings: CliFinding[]): string[] {
  return findings.map((f) => `${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${SEVERITY[f.severity]} ${f.ruleId} ${f.message}`).sort();
}

/** `security-runbooks lint --format json` on files of the workspace, run as a pipeline would (the built dist/cli.js). */
function lintWithCli(...files: string[]): Promise<{ code: number; json: { files: Array<{ path: string; findings: CliFinding[] }> }; stderr: string }> {
  const cli = path.join(vscode.extensions.all.find((e) => e.packageJSON?.name === 'security-runbooks')!.extensionPath, 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'lint', '--format', 'json', ...files], { cwd: workspaceFolder(), env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      try {
        resolve({ code, json: JSON.parse(stdout), stderr });
      } catch {
        reject(new Error(`the CLI printed no JSON (exit ${code}): ${stderr}`));
      }
    });
  });
}

describe('.security-runbooks.yaml: the editor and the command line agree', function () {
  this.timeout(60_000);
  const settingsFile = () => workspaceUri('ci-settings', '.security-runbooks.yaml').fsPath;

  it('the same file linted both ways gives the same findings, with the file\'s rule settings applied', async () => {
    const uri = workspaceUri('ci-settings', 'worker.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    await waitFor(() => ours(uri).some((d) => ruleOf(d) === 'SR-K8S-010'), 'diagnostics on ci-settings/worker.yaml');
    const editor = shownInEditor(uri);
    // The settings file turns SR-K8S-011 off and makes SR-K8S-010 an error.
    assert.ok(!editor.some((line) => line.includes(' SR-K8S-011 ')), editor.join('\n'));
    assert.ok(ours(uri).some((d) => ruleOf(d) === 'SR-K8S-010' && d.severity === vscode.DiagnosticSeverity.Error), editor.join('\n'));

    const cli = await lintWithCli('ci-settings/worker.yaml');
    assert.equal(cli.code, 1, cli.stderr);
    assert.equal(cli.json.files.length, 1);
    assert.deepEqual(shownByCli(cli.json.files[0]!.findings), editor);
  });

  it('a file the settings exclude gets no diagnostics in the editor and is not linted by the CLI', async () => {
    const uri = workspaceUri('ci-settings', 'generated', 'pod.yaml');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    // A manifest outside the excluded folder is linted, so the linter has had its turn here too.
    const control = workspaceUri('manifests', 'deployment.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(control), { preview: false });
    await waitFor(() => ours(control).length > 0, 'diagnostics on manifests/deployment.yaml');
    assert.deepEqual(shownInEditor(uri), []);
    const cli = await lintWithCli('ci-settings');
    assert.deepEqual(
      cli.json.files.map((f) => f.path),
      ['ci-settings/worker.yaml'],
    );
  });

  it('editing the settings file updates the diagnostics of open manifests', async () => {
    const uri = workspaceUri('ci-settings', 'worker.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await waitFor(() => ours(uri).some((d) => ruleOf(d) === 'SR-K8S-012'), 'SR-K8S-012 on worker.yaml');
    const original = readFileSync(settingsFile(), 'utf8');
    try {
      writeFileSync(settingsFile(), original.replace('SR-K8S-010: error', 'SR-K8S-010: error\n    SR-K8S-012: off'));
      await waitFor(() => !ours(uri).some((d) => ruleOf(d) === 'SR-K8S-012'), 'SR-K8S-012 to be turned off by the settings file');
      const cli = await lintWithCli('ci-settings/worker.yaml');
      assert.deepEqual(shownByCli(cli.json.files[0]!.findings), shownInEditor(uri));
    } finally {
      writeFileSync(settingsFile(), original);
    }
    await waitFor(() => ours(uri).some((d) => ruleOf(d) === 'SR-K8S-012'), 'SR-K8S-012 back once the settings file is restored');
  });

  it('a mistake in the settings file shows on the file itself', async () => {
    const original = readFileSync(settingsFile(), 'utf8');
    try {
      writeFileSync(settingsFile(), original.replace('SR-K8S-010: error', 'SR-K8S-010: loud\n    SR-K8S-999: off'));
      const settingsUri = vscode.Uri.file(settingsFile());
      // Read again when the open worker.yaml is linted after the change.
      await waitFor(() => vscode.languages.getDiagnostics(settingsUri).length >= 2, 'problems on .security-runbooks.yaml');
      const messages = vscode.languages.getDiagnostics(settingsUri).map((d) => `${d.range.start.line + 1}: ${d.message}`);
      assert.ok(messages.some((m) => /"loud" is not one of off, error, warning, info/.test(m)), messages.join('\n'));
      assert.ok(messages.some((m) => /unknown rule id "SR-K8S-999"/.test(m)), messages.join('\n'));
    } finally {
      writeFileSync(settingsFile(), original);
    }
  });
});
