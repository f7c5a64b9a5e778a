import * as vscode from 'vscode';
import type { AwsClientConfig, CallerIdentity } from '../awsRuntime';
import { regionAndIdentityNote } from '../aws/identityNote';
import { profileEnvironment } from '../aws/regions';
import { checkTargetAccount, readTargets } from '../aws/targets';
import { isProductionTarget } from '../cells/runPolicy';
import { parameterEnvironment, readParameterSpecs, referencedParameters, type ParameterSpec } from '../runbook/parameters';
import { askParameters } from './parameterPrompt';
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
  /** The account or profile is production (settings, or a production target environment). */
  production: boolean;
  /** The profile is in read-only mode. */
  readOnly: boolean;
  /** The run's parameters (asked once per run) and their values, kept in memory only. */
  parameters: { specs: ParameterSpec[]; values: Record<string, string> };
}

export type RunPreparation = { ok: true; context: RunContext } | { ok: false; message: string };

/**
 * Before the first cell of a run: which profile, who it is (STS, asked fresh for
 * every run), whether that account is one the runbook is meant for, and the
 * values of the parameters the run's cells use (asked once per run).
 */
export async function prepareRun(
  notebook: vscode.NotebookDocument,
  cells: readonly vscode.NotebookCell[],
  profiles: ProfileSelection,
  presetParameters: Record<string, string> = {},
): Promise<RunPreparation> {
  const aws = await prepareAws(notebook, cells, profiles);
  if (!aws.ok || !vscode.workspace.isTrusted) return aws;
  const frontMatter = (notebook.metadata as { frontMatter?: { data?: unknown } }).frontMatter?.data;
  const { specs, problems } = readParameterSpecs(frontMatter);
  if (problems.length > 0) return { ok: false, message: `Not run: the runbook's parameters are not valid.\n${problems.join('\n')}` };
  const used = referencedParameters(specs, cells.map((cell) => ({ languageId: cell.document.languageId, source: cell.document.getText() })));
  let values: Record<string, string> | undefined;
  try {
    values = await askParameters(used, presetParameters);
  } catch (error) {
    return { ok: false, message: `Not run: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!values) return { ok: false, message: 'Not run: the run needs its parameters, and they were not all given.' };
  const context = aws.context;
  return {
    ok: true,
    context: { ...context, env: { ...context.env, ...parameterEnvironment(used, values) }, parameters: { specs, values } },
  };
}

async function prepareAws(notebook: vscode.NotebookDocument, cells: readonly vscode.NotebookCell[], profiles: ProfileSelection): Promise<RunPreparation> {
  // In an untrusted workspace nothing runs; do not prompt or call AWS either (cells explain).
  if (!vscode.workspace.isTrusted) return { ok: true, context: NO_AWS };
  const frontMatter = (notebook.metadata as { frontMatter?: { data?: unknown } }).frontMatter?.data;
  const needsProfile = cells.some((cell) => isNativeLanguage(cell.document.languageId)) || readTargets(frontMatter).length > 0;
  const choice = await profiles.ensureChoice(notebook.uri, needsProfile);
  if (choice === 'none') return { ok: true, context: NO_AWS };
  if (!choice) return { ok: false, message: 'Not run: choose the AWS profile this runbook runs as (status bar, or "Security Runbooks: Choose AWS Profile").' };
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
  const guardrails = vscode.workspace.getConfiguration('securityRunbooks');
  const production = isProductionTarget({
    profile: choice.profile,
    accountId: aws.identity.account,
    productionProfiles: guardrails.get<string[]>('production.profiles') ?? [],
    productionAccounts: guardrails.get<string[]>('production.accounts') ?? [],
    ...(target.target?.environment ? { targetEnvironment: target.target.environment } : {}),
    productionEnvironments: productionEnvironmentsOf(frontMatter),
  });
  const readOnly = (guardrails.get<string[]>('readOnlyProfiles') ?? []).includes(choice.profile);
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
      production,
      readOnly,
      parameters: { specs: [], values: {} },
    },
  };
}

/** A run without an AWS profile: the ambient environment, no production, no read-only mode. */
const NO_AWS: RunContext = { env: {}, note: '', production: false, readOnly: false, parameters: { specs: [], values: {} } };

function productionEnvironmentsOf(frontMatter: unknown): string[] {
  const value = (frontMatter as { productionEnvironments?: unknown } | undefined)?.productionEnvironments;
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}
