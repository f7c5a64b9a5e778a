import * as vscode from 'vscode';
import type { AwsClientConfig, CallerIdentity } from '../awsRuntime';
import { regionAndIdentityNote } from '../aws/identityNote';
import { profileEnvironment } from '../aws/regions';
import { checkTargetAccount, readTargets } from '../aws/targets';
import { isNativeLanguage } from '../cells/nativeLanguages';
import { loadAwsRuntime } from './awsRuntimeLoader';
import type { ProfileSelection } from './profileSelection';

/** What every cell of one run shares: its AWS identity and environment. */
export interface RunContext {
  /** Extra environment for shell cells (the profile's AWS variables). */
  env: Record<string, string>;
  aws?: {
    profile: string;
    region: string;
    identity: CallerIdentity;
    clientConfig(): AwsClientConfig;
    secretValues(): Promise<string[]>;
  };
  /** Appended to each cell's closing line: who ran it, where. */
  note: string;
}

export type RunPreparation = { ok: true; context: RunContext } | { ok: false; message: string };

/**
 * Before the first cell of a run: which profile, who it is (STS, asked fresh for
 * every run), and whether that account is one the runbook is meant for.
 */
export async function prepareRun(notebook: vscode.NotebookDocument, cells: readonly vscode.NotebookCell[], profiles: ProfileSelection): Promise<RunPreparation> {
  // In an untrusted workspace nothing runs; do not prompt or call AWS either (cells explain).
  if (!vscode.workspace.isTrusted) return { ok: true, context: { env: {}, note: '' } };
  const frontMatter = (notebook.metadata as { frontMatter?: { data?: unknown } }).frontMatter?.data;
  const needsProfile = cells.some((cell) => isNativeLanguage(cell.document.languageId)) || readTargets(frontMatter).length > 0;
  if (!profiles.choiceFor(notebook.uri)) {
    if (!needsProfile) return { ok: true, context: { env: {}, note: '' } };
    const chosen = await profiles.select({ notebook: notebook.uri });
    if (!chosen) return { ok: false, message: 'Not run: choose the AWS profile this runbook runs as (status bar, or "Security Runbooks: Choose AWS Profile").' };
  }
  const choice = profiles.choiceFor(notebook.uri)!;
  let aws;
  try {
    aws = await profiles.refreshIdentity(notebook.uri);
  } catch (error) {
    const describe = loadAwsRuntime().describeAwsError;
    return { ok: false, message: `Not run: ${describe(error, { profile: choice.profile, region: choice.region, operation: 'checking the identity (STS GetCallerIdentity)' })}` };
  }
  if (!aws?.identity) return { ok: false, message: `Not run: the identity of profile "${choice.profile}" is unknown.` };
  const target = checkTargetAccount(frontMatter, aws.identity.account, choice.profile);
  if (!target.allowed) return { ok: false, message: target.message };
  const session = aws.session;
  return {
    ok: true,
    context: {
      env: profileEnvironment({
        profile: choice.profile,
        region: choice.region,
        ...(aws.profile.endpointUrl ? { endpointUrl: aws.profile.endpointUrl } : {}),
        configFile: aws.paths.configFile,
        credentialsFile: aws.paths.credentialsFile,
      }),
      aws: {
        profile: choice.profile,
        region: choice.region,
        identity: aws.identity,
        clientConfig: () => session.clientConfig(),
        secretValues: () => session.secretValues(),
      },
      note: regionAndIdentityNote(aws.identity.arn, choice.region),
    },
  };
}
