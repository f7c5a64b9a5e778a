import * as vscode from 'vscode';
import { manifestKind } from '../manifests/manifestKind';
import type { Finding, ManifestKind, RuleSettings, Severity } from '../manifests/model';
import { loadManifestsRuntime } from './manifestsRuntimeLoader';
import { EXCLUDE_GLOB, ManifestWorkspaceFacts } from './manifestWorkspaceFacts';
import type { ProjectSettings } from './projectSettings';
import { ruleDocumentationUri } from './ruleDocumentation';
import { mergeRuleSettings } from '../config/projectConfig';

export const DIAGNOSTIC_SOURCE = 'Security Runbooks';
const DEBOUNCE_MS = 250;
const MANIFEST_GLOBS = ['**/*.{yaml,yml,tf}', '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}'];

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** What was found in a document, kept so code actions can offer the finding's own fix. */
export interface LintedDocument {
  kind: ManifestKind;
  text: string;
  findings: Finding[];
}

export interface WorkspaceLintSummary {
  files: number;
  manifests: number;
  findings: number;
  cancelled: boolean;
}

function editorSettings(): { enabled: boolean; rules: RuleSettings } {
  const config = vscode.workspace.getConfiguration('securityRunbooks.manifests');
  const rules = config.get<Record<string, unknown>>('rules') ?? {};
  const valid = Object.fromEntries(Object.entries(rules).filter((entry): entry is [string, 'off' | Severity] => ['off', 'error', 'warning', 'info'].includes(String(entry[1]))));
  return { enabled: config.get<boolean>('enabled') ?? true, rules: valid };
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const { start, end } = finding.range;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: ruleDocumentationUri(finding.ruleId) };
  return diagnostic;
}

/**
 * Kubernetes, Dockerfile and Terraform diagnostics on the live buffer: linted on
 * open, on change (debounced), on save, and for the whole workspace on demand.
 * The parsers load with the first manifest, not at activation.
 */
export class ManifestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('security-runbooks-manifests');
  private readonly linted = new Map<string, LintedDocument>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly facts = new ManifestWorkspaceFacts();
  /** Files linted by the workspace command: their diagnostics stay when their editor closes. */
  private readonly fromWorkspaceScan = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly project: ProjectSettings) {
    this.disposables.push(
      project.onDidChange(() => this.relintOpenDocuments()),
      this.collection,
      this.facts,
      vscode.workspace.onDidOpenTextDocument((doc) => void this.lintDocument(doc)),
      vscode.workspace.onDidChangeTextDocument((event) => this.lintSoon(event.document)),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.lintDocument(doc)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('securityRunbooks.manifests')) this.relintOpenDocuments();
      }),
      this.facts.onDidChange(() => this.relintOpenDocuments('kubernetes')),
    );
    vscode.workspace.textDocuments.forEach((doc) => void this.lintDocument(doc));
  }

  dispose(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.disposables.forEach((d) => d.dispose());
  }

  /** The findings behind a document's diagnostics at its current text (linting it now if they are not known yet). */
  async lintedFor(document: vscode.TextDocument): Promise<LintedDocument | undefined> {
    const current = () => {
      const linted = this.linted.get(document.uri.toString());
      return linted && linted.text === document.getText() ? linted : undefined;
    };
    if (current()) return current();
    await this.lintDocument(document);
    return current();
  }

  private kindOf(document: vscode.TextDocument): ManifestKind | undefined {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return undefined;
    return manifestKind(document.uri.path, document.getText());
  }

  private lintSoon(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(document);
      }, DEBOUNCE_MS),
    );
  }

  async lintDocument(document: vscode.TextDocument): Promise<Finding[] | undefined> {
    const key = document.uri.toString();
    const kind = this.kindOf(document);
    const config = editorSettings();
    if (!kind || !config.enabled) {
      if (this.linted.delete(key) || this.collection.has(document.uri)) this.collection.delete(document.uri);
      return undefined;
    }
    const settingsFile = this.project.forDocument(document.uri);
    if (settingsFile.excludes(document.uri.fsPath)) {
      this.linted.delete(key);
      this.collection.delete(document.uri);
      return undefined;
    }
    const text = document.getText();
    const runtime = loadManifestsRuntime();
    // The linter adds this buffer's own Namespaces and policies to the workspace's; other files see them once saved (the watcher).
    const workspace = kind === 'kubernetes' ? await this.facts.facts() : undefined;
    const settings = mergeRuleSettings(settingsFile.config.rules, config.rules);
    const { findings } = await runtime.lintManifest({ path: document.uri.path, text, settings, ...(workspace ? { workspace } : {}) });
    if (document.isClosed || document.getText() !== text) return findings; // a newer edit will lint again
    this.linted.set(key, { kind, text, findings });
    this.collection.set(document.uri, findings.map(toDiagnostic));
    return findings;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.linted.delete(key);
    if (!this.fromWorkspaceScan.has(key)) this.collection.delete(uri);
  }

  private relintOpenDocuments(only?: ManifestKind): void {
    for (const document of vscode.workspace.textDocuments) {
      if (!only || this.linted.get(document.uri.toString())?.kind === only) this.lintSoon(document);
    }
  }

  /** Lints every manifest in the workspace (the command), with cancellable progress. */
  async lintWorkspace(token?: vscode.CancellationToken): Promise<WorkspaceLintSummary> {
    const summary: WorkspaceLintSummary = { files: 0, manifests: 0, findings: 0, cancelled: false };
    const config = editorSettings();
    if (!config.enabled) return summary;
    const uris = new Map<string, vscode.Uri>();
    for (const glob of MANIFEST_GLOBS) for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE_GLOB)) uris.set(uri.toString(), uri);
    const runtime = loadManifestsRuntime();
    const workspace = await this.facts.facts();
    const queue = [...uris.values()];
    summary.files = queue.length;
    const worker = async () => {
      for (let uri = queue.shift(); uri; uri = queue.shift()) {
        if (token?.isCancellationRequested) {
          summary.cancelled = true;
          return;
        }
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
        let text: string;
        try {
          text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        } catch {
          continue;
        }
        const settingsFile = this.project.forDocument(uri);
        if (settingsFile.excludes(uri.fsPath)) continue;
        const result = await runtime.lintManifest({ path: uri.path, text, settings: mergeRuleSettings(settingsFile.config.rules, config.rules), workspace });
        if (!result.kind) continue;
        summary.manifests++;
        summary.findings += result.findings.length;
        this.fromWorkspaceScan.add(uri.toString());
        if (open) this.linted.set(uri.toString(), { kind: result.kind, text, findings: result.findings });
        this.collection.set(uri, result.findings.map(toDiagnostic));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return summary;
  }
}

/** The "Check Manifests in Workspace" command: progress in a notification, with Cancel. */
export function lintWorkspaceCommand(diagnostics: ManifestDiagnostics): Promise<WorkspaceLintSummary> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking manifests in the workspace…', cancellable: true },
      async (_progress, token) => {
        const summary = await diagnostics.lintWorkspace(token);
        const what = `${summary.manifests} manifest${summary.manifests === 1 ? '' : 's'} checked, ${summary.findings} finding${summary.findings === 1 ? '' : 's'}`;
        void vscode.window.showInformationMessage(summary.cancelled ? `Manifest check cancelled: ${what} so far.` : `${what}: see the Problems panel.`);
        return summary;
      },
    ),
  );
}
