import * as vscode from 'vscode';
import { CONFIG_FILE_NAMES } from '../config/projectConfig';
import { DEFAULT_CONFIG, ProjectConfigResolver, type LoadedConfig } from '../config/projectConfigFiles';
import { DIAGNOSTIC_SOURCE } from './manifestDiagnostics';
import { loadManifestsRuntime } from './manifestsRuntimeLoader';

const SETTINGS_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

/**
 * The repository's `.security-runbooks.yaml` as the editor sees it: the nearest one
 * above each file (the command line resolves it the same way), re-read when one is
 * created, changed or deleted, with its problems shown on the file itself. Nothing
 * is read or watched until the first manifest is linted.
 */
export class ProjectSettings implements vscode.Disposable {
  private readonly resolver = new ProjectConfigResolver((id) => loadManifestsRuntime().ruleDoc(id) !== undefined);
  private readonly problems = vscode.languages.createDiagnosticCollection('security-runbooks-settings');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.problems, this.changed];
  private watching = false;

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** The settings that govern a document (defaults for anything not on disk). */
  forDocument(uri: vscode.Uri): LoadedConfig {
    if (uri.scheme !== 'file') return DEFAULT_CONFIG;
    this.watch();
    const loaded = this.resolver.forFile(uri.fsPath);
    if (loaded.file) this.showProblems(loaded);
    return loaded;
  }

  /** Watches the settings files from the first manifest on (not at activation). */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = vscode.workspace.createFileSystemWatcher(SETTINGS_GLOB);
    const reload = () => {
      this.resolver.clear();
      this.problems.clear();
      this.changed.fire();
    };
    this.disposables.push(watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload));
  }

  private showProblems(loaded: LoadedConfig): void {
    const uri = vscode.Uri.file(loaded.file!);
    if (this.problems.has(uri)) return;
    this.problems.set(
      uri,
      loaded.config.problems.map((problem) => {
        const position = new vscode.Position(problem.line - 1, Math.max(0, problem.column - 1));
        const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position.translate(0, 1)), problem.message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        return diagnostic;
      }),
    );
  }
}
