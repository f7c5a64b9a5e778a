import * as vscode from 'vscode';
import { decideDefaultProfile, sameDefault, type DefaultProfile } from '../aws/defaultProfile';
import { listProfiles, sharedFilePaths } from '../aws/profiles';
import type { ProfileChoice } from './profileSelection';

export const DEFAULT_PROFILE_SETTING = 'securityRunbooks.defaultProfile';

/**
 * The `securityRunbooks.defaultProfile` setting, resolved against the shared AWS
 * files: the profile runbooks and the Compliance view use until one is chosen for
 * them. Re-read when the setting changes and whenever a caller is about to rely on
 * it (`refresh()`), so an edited config file is picked up too.
 */
export class DefaultProfileSetting implements vscode.Disposable {
  private value: DefaultProfile = { kind: 'none' };
  private latest = 0;
  private pending: Promise<DefaultProfile> = Promise.resolve({ kind: 'none' });
  private readonly changed = new vscode.EventEmitter<DefaultProfile>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(DEFAULT_PROFILE_SETTING)) void this.refresh();
    });
    void this.refresh();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The last resolution (`none` until the first one ends). */
  current(): DefaultProfile {
    return this.value;
  }

  /** The default as a choice, when it can be used as one (it names a region). */
  choice(): ProfileChoice | undefined {
    return this.value.kind === 'use' ? { profile: this.value.profile, region: this.value.region } : undefined;
  }

  /** Reads the setting and the shared files again; fires onDidChange when the outcome differs. */
  refresh(): Promise<DefaultProfile> {
    const call = ++this.latest;
    this.pending = resolveSetting().then((next) => {
      // A refresh started meanwhile read the newer setting: it decides.
      if (call !== this.latest) return this.pending;
      if (!sameDefault(next, this.value)) {
        this.value = next;
        this.changed.fire(next);
      }
      return next;
    });
    return this.pending;
  }
}

async function resolveSetting(): Promise<DefaultProfile> {
  const name = vscode.workspace.getConfiguration().get<string>(DEFAULT_PROFILE_SETTING, '');
  if (typeof name !== 'string' || !name.trim()) return { kind: 'none' };
  try {
    return decideDefaultProfile(name, (await listProfiles(sharedFilePaths())).profiles);
  } catch {
    return { kind: 'missing', profile: name.trim() }; // unreadable files: as if it were not there
  }
}
