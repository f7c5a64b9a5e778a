import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-aws-config-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  writeFileSync(
    configFile,
    ['[profile demo]', 'region = us-east-1', `endpoint_url = ${backend.endpoint}`, '', '[profile other-account]', 'role_arn = arn:aws:iam::999999999999:role/responder', 'source_profile = demo', `endpoint_url = ${backend.endpoint}`, 'region = us-east-1', ''].join('\n'),
  );
  writeFileSync(credentialsFile, `[demo]\naws_access_key_id = ${SEEDED_ACCESS_KEY_ID}\naws_secret_access_key = ${SEEDED_SECRET_ACCESS_KEY}\n`);
  return {
    backend,
    env: {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      SECURITY_RUNBOOKS_AWS_ENDPOINT: backend.endpoint,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      // code-server runs with its own HOME; pyenv's shims (where the AWS CLI may live) find pyenv through PYENV_ROOT.
      ...pyenvRoot(),
    },
  };
}

function pyenvRoot(): Record<string, string> {
  const root = process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv');
  return existsSync(root) ? { PYENV_ROOT: root } : {};
}

