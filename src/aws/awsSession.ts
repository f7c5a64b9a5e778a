import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain, fromSSO } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsProfile, SharedFilePaths } from './profiles';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface AwsSessionOptions {
  profile: AwsProfile;
  region: string;
  paths: SharedFilePaths;
  /** Asks the person for an MFA code (the glue shows an input box). */
  mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
  /**
   * Credentials from the SDK's default chain (environment variables, web identity,
   * container and instance roles) instead of the named profile: what pipelines give.
   */
  defaultCredentialChain?: boolean;
}

/** Settings every SDK client of a session shares. */
export interface AwsClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
}

/**
 * One chosen profile in one region: resolves credentials with the SDK's own ini
 * provider (static keys, assume-role chains, credential_process, SSO, MFA) and
 * hands out client settings. The profile's endpoint_url is applied to every client,
 * the credential provider's inner STS/SSO clients included — the SDK ignores it
 * when a profile is selected by name.
 */
export class AwsSession {
  readonly profile: AwsProfile;
  readonly region: string;
  private readonly credentialProvider: AwsCredentialIdentityProvider;
  private resolved: Promise<AwsCredentialIdentity> | undefined;
  private identityPromise: Promise<CallerIdentity> | undefined;

  constructor(options: AwsSessionOptions) {
    this.profile = options.profile;
    this.region = options.region;
    const endpoint = options.profile.endpointUrl;
    const common = {
      profile: options.profile.name,
      filepath: options.paths.credentialsFile,
      configFilepath: options.paths.configFile,
      ignoreCache: true,
      // The credential provider's own STS/SSO calls get timeouts too: a silent endpoint must not hold a session forever.
      clientConfig: { region: options.region, ...(endpoint ? { endpoint } : {}), requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 } },
    };
    // fromIni hands SSO profiles to fromSSO without the file paths (it then reads the
    // default files and says the profile does not exist), so SSO goes to fromSSO directly.
    const provider = options.defaultCredentialChain
      ? fromNodeProviderChain({ ignoreCache: true, clientConfig: common.clientConfig })
      : options.profile.kind === 'sso'
        ? fromSSO(common)
        : fromIni({ ...common, ...(options.mfaCodeProvider ? { mfaCodeProvider: options.mfaCodeProvider } : {}) });
    // Resolve once and reuse until the credentials near expiry (one MFA prompt per session, not per call).
    this.credentialProvider = async () => {
      const current = this.resolved ? await this.resolved.catch(() => undefined) : undefined;
      if (current && !expiresSoon(current)) return current;
      this.resolved = provider();
      return this.resolved;
    };
  }

  clientConfig(): AwsClientConfig {
    return {
      region: this.region,
      credentials: this.credentialProvider,
      // The SDK's standard retry: throttling and transient errors back off and retry.
      maxAttempts: 3,
      ...(this.profile.endpointUrl ? { endpoint: this.profile.endpointUrl } : {}),
    };
  }

  /**
   * Who these credentials are (STS GetCallerIdentity), asked once per session unless
   * refreshed. `abortSignal` cancels the call on the wire (a cancelled answer is not kept).
   */
  identity(refresh = false, abortSignal?: AbortSignal): Promise<CallerIdentity> {
    if (refresh || !this.identityPromise) {
      const sts = new STSClient(this.clientConfig());
      this.identityPromise = sts
        .send(new GetCallerIdentityCommand({}), abortSignal ? { abortSignal } : {})
        .then((answer) => ({ account: answer.Account ?? '', arn: answer.Arn ?? '', userId: answer.UserId ?? '' }))
        .finally(() => sts.destroy());
      this.identityPromise.catch(() => (this.identityPromise = undefined));
    }
    return this.identityPromise;
  }

  /** The secret values of the resolved credentials, for redacting them from anything shown or written. */
  async secretValues(): Promise<string[]> {
    const credentials = this.resolved ? await this.resolved.catch(() => undefined) : undefined;
    if (!credentials) return [];
    return [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken].filter((v): v is string => typeof v === 'string' && v.length >= 8);
  }
}

function expiresSoon(credentials: AwsCredentialIdentity): boolean {
  return credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 60_000;
}
