/**
 * A profile and a region turned into an AwsSession without VS Code: the profile
 * from the shared files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE; AWS_PROFILE
 * when --profile is absent), the home region from the profile, --region or the
 * environment, MFA codes asked on the terminal. Every failure becomes a CliError
 * with one sentence a pipeline's log can show: never a credential value.
 */
import { describeAwsError } from '../aws/awsErrors';
import { AwsSession, type CallerIdentity } from '../aws/awsSession';
import { environmentProfile, listProfiles, sharedFilePaths, type AwsProfile, type SharedFilePaths } from '../aws/profiles';
import type { CliIo } from './cliIo';
import { CliError } from './command';

export interface CliSession {
  session: AwsSession;
  profile: AwsProfile;
  /** Where STS and the account-wide services are called. */
  region: string;
  paths: SharedFilePaths;
}

export interface CliSessionRequest {
  /** --profile; AWS_PROFILE, then `default`, when absent. */
  profile?: string;
  /** --region values: the first is the home region when the profile names none. */
  regions: readonly string[];
}

export async function openCliSession(io: CliIo, request: CliSessionRequest): Promise<CliSession> {
  const paths = sharedFilePaths(io.env);
  const files = `${paths.configFile} and ${paths.credentialsFile}`;
  let listing;
  try {
    listing = await listProfiles(paths);
  } catch (error) {
    throw new CliError(`could not read the AWS shared files (${files}): ${error instanceof Error ? error.message : String(error)}`);
  }
  const names = listing.profiles.map((p) => p.name);
  const available = names.length > 0 ? `Profiles there: ${names.join(', ')}.` : 'There are no profiles there.';
  const warnings = listing.warnings.length > 0 ? `\n${listing.warnings.map((w) => `  ${w}`).join('\n')}` : '';

  const named = request.profile ?? environmentProfile(io.env);
  // As the AWS CLI does: without a named profile, credentials in the environment come before the default profile.
  if (named === undefined && hasEnvironmentCredentials(io.env)) return environmentSession(io, request, paths);
  const name = named ?? (names.includes('default') ? 'default' : undefined);
  if (name === undefined) {
    throw new CliError(
      `no AWS credentials: pass --profile or set AWS_PROFILE (read from ${files}), or provide credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a web identity token, a container role). ${available}${warnings}`,
    );
  }
  const profile = listing.profiles.find((p) => p.name === name);
  if (!profile) throw new CliError(`no AWS profile "${name}" in ${files}. ${available}${warnings}`);

  const region = profile.region?.trim() || request.regions[0] || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION;
  if (!region) throw new CliError(`no region: the profile "${name}" has none; pass --region (for example --region us-east-1).`);

  // Only assume-role profiles use mfa_serial; the SDK asks for the code when it assumes the role.
  const needsMfa = profile.kind === 'assume-role' && profile.mfaSerial !== undefined;
  if (needsMfa && !io.prompt) {
    throw new CliError(`the profile "${name}" needs an MFA code (mfa_serial ${profile.mfaSerial}), and MFA needs a terminal to type it: run on a terminal, or use a profile without MFA in pipelines.`);
  }
  const session = new AwsSession({
    profile,
    region,
    paths,
    mfaCodeProvider: async (serial) => {
      if (!io.prompt) throw new CliError(`the profile "${name}" needs an MFA code (${serial}), and MFA needs a terminal to type it.`);
      return (await io.prompt(`MFA code for ${serial}: `)).trim();
    },
  });
  return { session, profile, region, paths };
}

/** Whether the environment holds credentials the SDK's default chain reads (values are never looked at beyond presence). */
export function hasEnvironmentCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(
    (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) || env.AWS_WEB_IDENTITY_TOKEN_FILE || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
  );
}

/** Credentials from the environment (CI's usual way): shown as the profile "environment"; AWS_ENDPOINT_URL is honoured like a profile's endpoint_url. */
function environmentSession(io: CliIo, request: CliSessionRequest, paths: SharedFilePaths): CliSession {
  const region = request.regions[0] || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION;
  if (!region) throw new CliError('no region: credentials come from the environment; set AWS_REGION or pass --region (for example --region us-east-1).');
  const endpointUrl = io.env.AWS_ENDPOINT_URL?.trim();
  const profile: AwsProfile = { name: 'environment', kind: 'other', definedIn: [], region, ...(endpointUrl ? { endpointUrl } : {}) };
  return { session: new AwsSession({ profile, region, paths, defaultCredentialChain: true }), profile, region, paths };
}

/**
 * Who the session is (STS GetCallerIdentity): the first call, so credential and
 * network problems show here. Bounded by `timeoutMs`, cancelled with `signal`
 * (an AbortError then propagates).
 */
export async function callerIdentity(cli: CliSession, options: { signal: AbortSignal; timeoutMs: number }): Promise<CallerIdentity> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const abortSignal = AbortSignal.any([options.signal, timeout]);
  try {
    return await unlessAborted(cli.session.identity(false, abortSignal), abortSignal);
  } catch (error) {
    if (options.signal.aborted || error instanceof CliError) throw error;
    const where = cli.profile.endpointUrl ?? `STS in ${cli.region}`;
    if (timeout.aborted) {
      throw new CliError(`no answer from ${where} within ${formatSeconds(options.timeoutMs)} (STS GetCallerIdentity, profile "${cli.profile.name}"). Check the network, a proxy or VPN, and the profile's endpoint_url; --timeout sets the limit.`);
    }
    throw new CliError(
      describeAwsError(error, {
        profile: cli.profile.name,
        region: cli.region,
        operation: 'checking the credentials (STS GetCallerIdentity)',
        ...(cli.profile.endpointUrl ? { endpoint: cli.profile.endpointUrl } : {}),
      }),
    );
  }
}

/**
 * `work`, or a rejection as soon as `signal` aborts. The SDK notices an abort only
 * once a request is on the wire; resolving credentials (an assume-role's own STS
 * call) ignores it, so a silent endpoint would otherwise hold the command forever.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
