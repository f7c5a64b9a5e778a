import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { SEEDED_ACCESS_KEY_ID, SEEDED_SECRET_ACCESS_KEY } from '../integration/support/awsBackend';
import { startAwsBackend, type AwsBackend } from './backend';
import { seedIncidentDemo } from './seed';

/**
 * AWS for the host suites: the test backend (moto + proxy) seeded with the incident
 * demo, and shared config files whose profiles point at it. The extension reads
 * them exactly as it reads a user's ~/.aws files.
 */
export async function startAwsForHost(): Promise<{ backend: AwsBackend; env: Record<string, string> }> {
  const backend = await startAwsBackend();
  await seedIncidentDemo(backend, 'us-east-1');
  // `regionless` lets the host suites check that a profile without a region is asked for one.
  const { env } = writeAwsProfiles(backend.endpoint, { regionlessProfile: true });
  return { backend, env };
}

export interface AwsProfileFiles {
  /** The temporary folder holding `config` and `credentials`. */
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** For the process that uses the profiles (code-server, and through it the extension host and its cells). */
  env: Record<string, string>;
  /** Deletes the folder. */
  remove(): void;
}

/**
 * Shared config and credentials files in a new temporary folder, for the AWS test
 * backend at `endpoint`: profile `demo` (region us-east-1, static keys) and
 * `other-account` (assumes a role in account 999999999999 from demo), both with
 * `endpoint_url` = the backend; with `regionlessProfile`, also `regionless`
 * (demo's keys, no region). Used by the host suites and by `npm start`.
 */
export function writeAwsProfiles(endpoint: string, options: { regionlessProfile?: boolean } = {}): AwsProfileFiles {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-aws-config-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  const config = ['[profile demo]', 'region = us-east-1', `endpoint_url = ${endpoint}`, '', '[profile other-account]', 'role_arn = arn:aws:iam::999999999999:role/responder', 'source_profile = demo', `endpoint_url = ${endpoint}`, 'region = us-east-1', ''];
  const keys = [`aws_access_key_id = ${SEEDED_ACCESS_KEY_ID}`, `aws_secret_access_key = ${SEEDED_SECRET_ACCESS_KEY}`];
  const credentials = ['[demo]', ...keys];
  if (options.regionlessProfile) {
    config.push('[profile regionless]', `endpoint_url = ${endpoint}`, '');
    credentials.push('[regionless]', ...keys);
  }
  writeFileSync(configFile, config.join('\n'));
  writeFileSync(credentialsFile, `${credentials.join('\n')}\n`);
  return {
    dir,
    configFile,
    credentialsFile,
    env: {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      SECURITY_RUNBOOKS_AWS_ENDPOINT: endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      // code-server runs with its own HOME; pyenv's shims (where the AWS CLI may live) find pyenv through PYENV_ROOT.
      ...pyenvRoot(),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function pyenvRoot(): Record<string, string> {
  const root = process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv');
  return existsSync(root) ? { PYENV_ROOT: root } : {};
}
