import * as vscode from 'vscode';
import type { AwsSession, CallerIdentity } from '../awsRuntime';
import { listProfiles, sharedFilePaths, type AwsProfile, type SharedFilePaths } from '../aws/profiles';
import { KNOWN_REGIONS, isRegionId } from '../aws/regions';
import type { DefaultProfile } from '../aws/defaultProfile';
import { loadAwsRuntime } from './awsRuntimeLoader';
import type { DefaultProfileSetting } from './defaultProfileSetting';

/** What is remembered per notebook (workspace state): names only, never credentials. */
export interface ProfileChoice {
  profile: string;
  region: string;
}

/** A notebook's chosen profile, its live session and, once asked, the identity. */
export interface NotebookAws {
  choice: ProfileChoice;
  profile: AwsProfile;
  paths: SharedFilePaths;
  session: AwsSession;
  identity?: CallerIdentity;
}

const STATE_KEY = 'securityRunbooks.profileChoices';

/** Arguments for running the select command programmatically (tests, walkthroughs). */
export interface SelectProfileArgs {
  notebook?: vscode.Uri;
  profile?: string;
  region?: string;
}

/**
 * Per-notebook AWS profile selection: the choice is persisted in workspace state,
 * sessions are created on demand (loading the AWS runtime only then), and the
 * identity is asked from STS when a profile is chosen and before each run. A
 * notebook with no choice uses the `securityRunbooks.defaultProfile` setting, when
 * it names a profile with a region, as if it had been chosen (never persisted).
 */
export class ProfileSelection implements vscode.Disposable {
  private readonly sessions = new Map<string, NotebookAws>();
  /** Fires with the notebook whose choice changed, or undefined for every notebook (the default changed). */
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: vscode.Memento,
    private readonly defaults: DefaultProfileSetting,
  ) {
    this.subscription = defaults.onDidChange(() => this.changed.fire(undefined));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The notebook's own choice, else the default profile when it can be used. */
  choiceFor(notebook: vscode.Uri): ProfileChoice | undefined {
    return this.choices()[notebook.toString()] ?? this.defaults.choice();
  }

  /** True when the notebook runs as the default profile because none was chosen for it. */
  usesDefault(notebook: vscode.Uri): boolean {
    return this.choices()[notebook.toString()] === undefined && this.defaults.choice() !== undefined;
  }

  /** The default profile setting as last resolved (for the status bar). */
  defaultProfile(): DefaultProfile {
    return this.defaults.current();
  }

  /**
   * Before a run: the notebook's choice, else the default profile (re-read now).
   * With neither, asks for the profile and region (only the region when the default
   * profile names none); `'none'` when nothing was set and the run needs no AWS
   * (`needed` false); undefined when the person cancelled.
   */
  async ensureChoice(notebook: vscode.Uri, needed: boolean): Promise<ProfileChoice | 'none' | undefined> {
    const fallback = await this.defaults.refresh();
    const existing = this.choiceFor(notebook);
    if (existing) return existing;
    if (fallback.kind === 'ask-region') return this.select({ notebook, profile: fallback.profile });
    return needed ? this.select({ notebook }) : 'none';
  }

  /** The notebook's AWS context if a profile was chosen (the session is created on first use). */
  async awsFor(notebook: vscode.Uri): Promise<NotebookAws | undefined> {
    const choice = this.choiceFor(notebook);
    if (!choice) return undefined;
    const key = notebook.toString();
    const cached = this.sessions.get(key);
    if (cached && cached.choice.profile === choice.profile && cached.choice.region === choice.region) return cached;
    const paths = sharedFilePaths();
    const { profiles } = await listProfiles(paths);
    const profile = profiles.find((p) => p.name === choice.profile);
    if (!profile) throw new Error(`The AWS profile "${choice.profile}" chosen for this runbook no longer exists in ${paths.configFile} or ${paths.credentialsFile}.`);
    const session = new (loadAwsRuntime().AwsSession)({ profile, region: choice.region, paths, mfaCodeProvider: askForMfaCode });
    const aws: NotebookAws = { choice, profile, paths, session };
    this.sessions.set(key, aws);
    return aws;
  }

  /** Asks STS who the notebook's profile is; remembers it for the status bar. */
  async refreshIdentity(notebook: vscode.Uri): Promise<NotebookAws | undefined> {
    const aws = await this.awsFor(notebook);
    if (!aws) return undefined;
    aws.identity = await aws.session.identity(true);
    this.changed.fire(notebook);
    return aws;
  }

  /** The identity last asked for the notebook's current choice. */
  identityFor(notebook: vscode.Uri): CallerIdentity | undefined {
    const aws = this.sessions.get(notebook.toString());
    const choice = this.choiceFor(notebook);
    return aws && choice && aws.choice.profile === choice.profile && aws.choice.region === choice.region ? aws.identity : undefined;
  }

  /**
   * The "Choose AWS Profile" command: a quick pick of the profiles in the shared
   * files, then a region when the profile has none, then an identity check.
   * Returns the choice, or undefined when the person cancelled.
   */
  async select(args: SelectProfileArgs = {}): Promise<ProfileChoice | undefined> {
    const notebook = args.notebook ?? vscode.window.activeNotebookEditor?.notebook.uri;
    if (!notebook) {
      void vscode.window.showWarningMessage('Open a runbook first: the AWS profile is chosen per runbook.');
      return undefined;
    }
    const picked = await chooseProfileAndRegion(args, RUNBOOK_PICKER_TEXTS);
    if (!picked) return undefined;
    const { profile, region } = picked;
    const choice: ProfileChoice = { profile: profile.name, region };
    await this.state.update(STATE_KEY, { ...this.choices(), [notebook.toString()]: choice });
    this.sessions.delete(notebook.toString());
    this.changed.fire(notebook);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking who profile "${profile.name}" is…` },
      async () => {
        try {
          await this.refreshIdentity(notebook);
        } catch (error) {
          const { describeAwsError } = loadAwsRuntime();
          void vscode.window.showErrorMessage(describeAwsError(error, { profile: profile.name, region, operation: 'STS GetCallerIdentity' }));
        }
      },
    );
    return choice;
  }

  private choices(): Record<string, ProfileChoice> {
    return this.state.get<Record<string, ProfileChoice>>(STATE_KEY) ?? {};
  }
}

/** What the profile and region pickers say: who will act as the profile. */
export interface PickerTexts {
  profileTitle: string;
  profilePlaceHolder: string;
  regionPlaceHolder: string;
}

const RUNBOOK_PICKER_TEXTS: PickerTexts = {
  profileTitle: 'AWS profile for this runbook',
  profilePlaceHolder: 'Cells of this runbook will run as this profile',
  regionPlaceHolder: 'The profile names no region: choose the one the cells act on',
};

/**
 * A profile from the shared files and a region: the given names (checked), else
 * quick picks; the profile's own region is used when it has one. Shows what went
 * wrong and returns undefined when nothing was chosen.
 */
export async function chooseProfileAndRegion(
  args: { profile?: string; region?: string },
  texts: PickerTexts,
): Promise<{ profile: AwsProfile; region: string; paths: SharedFilePaths } | undefined> {
  const paths = sharedFilePaths();
  const { profiles, warnings } = await listProfiles(paths);
  for (const warning of warnings) void vscode.window.showWarningMessage(`AWS config: ${warning}`);
  const profile = args.profile !== undefined ? profiles.find((p) => p.name === args.profile) : await pickProfile(profiles, paths, texts);
  if (args.profile !== undefined && !profile) {
    void vscode.window.showErrorMessage(`There is no AWS profile "${args.profile}" in ${paths.configFile} or ${paths.credentialsFile}.`);
    return undefined;
  }
  if (!profile) return undefined;
  const region = args.region ?? profile.region ?? (await pickRegion(profile.name, texts));
  if (!region) return undefined;
  if (!isRegionId(region)) {
    void vscode.window.showErrorMessage(`"${region}" is not an AWS region id.`);
    return undefined;
  }
  return { profile, region, paths };
}

export async function pickProfile(profiles: AwsProfile[], paths: SharedFilePaths, texts: PickerTexts = RUNBOOK_PICKER_TEXTS): Promise<AwsProfile | undefined> {
  if (profiles.length === 0) {
    void vscode.window.showErrorMessage(`No AWS profiles found in ${paths.configFile} or ${paths.credentialsFile}. Run "aws configure" or set AWS_CONFIG_FILE.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    profiles.map((profile) => ({
      label: profile.name,
      description: [profile.region ?? 'no region', profile.kind, profile.endpointUrl ? `endpoint ${profile.endpointUrl}` : ''].filter(Boolean).join(' · '),
      detail: profile.roleArn ? `assumes ${profile.roleArn}${profile.mfaSerial ? ' with MFA' : ''}` : undefined,
      profile,
    })),
    { title: texts.profileTitle, placeHolder: texts.profilePlaceHolder, ignoreFocusOut: true },
  );
  return picked?.profile;
}

export async function pickRegion(profile: string, texts: PickerTexts = RUNBOOK_PICKER_TEXTS): Promise<string | undefined> {
  const fromEnvironment = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const regions = fromEnvironment ? [fromEnvironment, ...KNOWN_REGIONS.filter((r) => r !== fromEnvironment)] : [...KNOWN_REGIONS];
  return vscode.window.showQuickPick(regions, {
    title: `Region for profile "${profile}"`,
    placeHolder: texts.regionPlaceHolder,
    ignoreFocusOut: true,
  });
}

/** Asks for the current code of an MFA device (profiles that assume a role with MFA). */
export function askForMfaCode(mfaSerial: string): Promise<string> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title: 'MFA code',
      prompt: `Enter the current code of ${mfaSerial}`,
      ignoreFocusOut: true,
      validateInput: (value) => (/^\d{6}$/.test(value.trim()) ? undefined : 'Six digits'),
    }),
  ).then((code) => {
    if (!code) throw new Error(`An MFA code for ${mfaSerial} is needed to use this profile.`);
    return code.trim();
  });
}
