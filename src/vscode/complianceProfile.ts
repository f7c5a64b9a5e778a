import * as vscode from 'vscode';
import type { AwsSession } from '../awsRuntime';
import { listProfiles, sharedFilePaths } from '../aws/profiles';
import { loadAwsRuntime } from './awsRuntimeLoader';
import type { DefaultProfileSetting } from './defaultProfileSetting';
import { askForMfaCode, chooseProfileAndRegion, type PickerTexts, type ProfileChoice } from './profileSelection';

const STATE_KEY = 'securityRunbooks.compliance.profile';
/** Set while a profile is chosen: the welcome view shows otherwise. */
export const PROFILE_CHOSEN_CONTEXT = 'securityRunbooks.compliance.profileChosen';

const PICKER_TEXTS: PickerTexts = {
  profileTitle: 'AWS profile for the compliance checklist',
  profilePlaceHolder: 'The Compliance view scans the account of this profile, in every enabled region',
  regionPlaceHolder: 'The profile names no region: choose the region the scan starts from',
};

/** Arguments for choosing programmatically (tests, walkthroughs). */
export interface ChooseComplianceProfileArgs {
  profile?: string;
  region?: string;
}

/**
 * Which profile the Compliance view scans as: one for the workspace, remembered in
 * workspace state (names only, never credentials); until one is chosen, the
 * `securityRunbooks.defaultProfile` setting when it names a profile with a region.
 * The session is created on first use, loading the AWS runtime only then.
 */
export class ComplianceProfile implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProfileChoice | undefined>();
  readonly onDidChange = this.changed.event;
  private cached?: { choice: ProfileChoice; session: AwsSession };
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly defaults: DefaultProfileSetting,
  ) {
    this.subscription = defaults.onDidChange(async () => {
      if (this.stored()) return; // a chosen profile outranks the default
      await this.updateContext();
      this.changed.fire(this.choice());
    });
    void this.updateContext();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The chosen profile, else the default profile when it can be used. */
  choice(): ProfileChoice | undefined {
    return this.stored() ?? this.defaults.choice();
  }

  /** The profile to scan as, asking for one when there is none (only its region when the default profile names none). */
  async ensureChoice(): Promise<ProfileChoice | undefined> {
    const fallback = await this.defaults.refresh();
    return this.choice() ?? (await this.choose(fallback.kind === 'ask-region' ? { profile: fallback.profile } : {}));
  }

  private stored(): ProfileChoice | undefined {
    const stored = this.state.get<ProfileChoice>(STATE_KEY);
    return stored && typeof stored.profile === 'string' && typeof stored.region === 'string' ? stored : undefined;
  }

  /** "Choose Profile for Compliance": the profile and region pickers of the runbooks, or the names given. */
  async choose(args: ChooseComplianceProfileArgs = {}): Promise<ProfileChoice | undefined> {
    const picked = await chooseProfileAndRegion(args, PICKER_TEXTS);
    if (!picked) return undefined;
    const choice: ProfileChoice = { profile: picked.profile.name, region: picked.region };
    await this.state.update(STATE_KEY, choice);
    this.cached = undefined;
    await this.updateContext();
    this.changed.fire(choice);
    return choice;
  }

  /** The session for the chosen profile (undefined when none is chosen); throws when the profile has gone from the shared files. */
  async session(): Promise<{ choice: ProfileChoice; session: AwsSession } | undefined> {
    const choice = this.choice();
    if (!choice) return undefined;
    if (this.cached && this.cached.choice.profile === choice.profile && this.cached.choice.region === choice.region) return this.cached;
    const paths = sharedFilePaths();
    const { profiles } = await listProfiles(paths);
    const profile = profiles.find((p) => p.name === choice.profile);
    if (!profile) throw new MissingProfileError(`The AWS profile "${choice.profile}" chosen for the Compliance view no longer exists in ${paths.configFile} or ${paths.credentialsFile}. Choose another profile.`);
    const session = new (loadAwsRuntime().AwsSession)({ profile, region: choice.region, paths, mfaCodeProvider: askForMfaCode });
    this.cached = { choice, session };
    return this.cached;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', PROFILE_CHOSEN_CONTEXT, this.choice() !== undefined);
  }
}

/** The chosen profile is gone from the shared files: said as is, not as an AWS error. */
export class MissingProfileError extends Error {
  override readonly name = 'MissingProfileError';
}
