import * as vscode from 'vscode';
import type { NetworkPolicyFact, WorkspaceFacts } from '../manifests/model';
import { loadManifestsRuntime } from './manifestsRuntimeLoader';

type FileFacts = { namespaces: string[]; networkPolicies: NetworkPolicyFact[] };

export const YAML_GLOB = '**/*.{yaml,yml}';
export const EXCLUDE_GLOB = '**/{node_modules,.git,.terraform,vendor}/**';
/** Enough for any real repository; past it the cross-file rule works on what was read. */
const MAX_FILES = 20_000;

/**
 * The Namespaces and NetworkPolicies declared across the workspace's YAML files,
 * for the cross-file NetworkPolicy rule. Read once on first use, then kept current
 * from the file watcher (an open document counts once it is saved).
 */
export class ManifestWorkspaceFacts implements vscode.Disposable {
  private readonly byFile = new Map<string, FileFacts>();
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** The facts, after the first read of the workspace. */
  async facts(): Promise<WorkspaceFacts> {
    await (this.loading ??= this.load());
    const namespaces = new Set<string>();
    const networkPolicies: NetworkPolicyFact[] = [];
    for (const facts of this.byFile.values()) {
      facts.namespaces.forEach((n) => namespaces.add(n));
      networkPolicies.push(...facts.networkPolicies);
    }
    return { namespaces, networkPolicies };
  }

  private async load(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher(YAML_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.readFile(uri)),
      watcher.onDidChange((uri) => void this.readFile(uri)),
      watcher.onDidDelete((uri) => {
        if (this.byFile.delete(uri.toString())) this.changed.fire();
      }),
    );
    const files = await vscode.workspace.findFiles(YAML_GLOB, EXCLUDE_GLOB, MAX_FILES);
    await Promise.all(files.map((uri) => this.readFile(uri, false)));
  }

  private async readFile(uri: vscode.Uri, notify = true): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    try {
      text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return; // gone or unreadable: nothing to contribute
    }
    if (this.set(uri, loadManifestsRuntime().manifestFacts(uri.fsPath, text)) && notify) this.changed.fire();
  }

  /** True when the file's facts changed. */
  private set(uri: vscode.Uri, facts: FileFacts): boolean {
    const key = uri.toString();
    const before = this.byFile.get(key);
    const empty = facts.namespaces.length === 0 && facts.networkPolicies.length === 0;
    if (empty) return before !== undefined && this.byFile.delete(key);
    if (before && JSON.stringify(before) === JSON.stringify(facts)) return false;
    this.byFile.set(key, facts);
    return true;
  }
}
