import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AwsSession } from '../../src/aws/awsSession';
import { describeAwsError } from '../../src/aws/awsErrors';
import { listProfiles, type SharedFilePaths } from '../../src/aws/profiles';
import { startMoto, type Moto } from '../aws-backend/moto';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const STATIC_KEY = 'AKIASEEDEDSTATIC0001';
const STATIC_SECRET = 'seeded/static/secret/value/never-shown-0001';

/** Shared config files whose every profile talks to moto through endpoint_url. */
function writeProfiles(endpoint: string): SharedFilePaths {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-session-'));
  const processScript = path.join(dir, 'creds.sh');
  writeFileSync(processScript, `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIAPROCESS000000001","SecretAccessKey":"process-secret-value-0001"}'\n`);
  chmodSync(processScript, 0o755);
  const config = [
    '[profile base]', 'region = us-east-1', `endpoint_url = ${endpoint}`,
    '[profile responder]', 'role_arn = arn:aws:iam::210987654321:role/responder', 'source_profile = base', `endpoint_url = ${endpoint}`, 'region = eu-west-1',
    '[profile chained]', 'role_arn = arn:aws:iam::333333333333:role/second-hop', 'source_profile = responder', `endpoint_url = ${endpoint}`,
    '[profile mfa]', 'role_arn = arn:aws:iam::444444444444:role/break-glass', 'source_profile = base', 'mfa_serial = arn:aws:iam::123456789012:mfa/oncall', `endpoint_url = ${endpoint}`,
    '[profile process]', `credential_process = ${processScript}`, `endpoint_url = ${endpoint}`,
    '[profile failing-process]', 'credential_process = /bin/false', `endpoint_url = ${endpoint}`,
    '[profile sso-expired]', 'sso_start_url = https://example.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 111122223333', 'sso_role_name = ReadOnly', `endpoint_url = ${endpoint}`,
    '',
  ].join('\n');
  const paths = { configFile: path.join(dir, 'config'), credentialsFile: path.join(dir, 'credentials') };
  writeFileSync(paths.configFile, config);
  writeFileSync(paths.credentialsFile, `[base]\naws_access_key_id = ${STATIC_KEY}\naws_secret_access_key = ${STATIC_SECRET}\n`);
  return paths;
}

describe('AWS sessions: credentials resolved by the SDK, against moto over HTTP', function () {
  this.timeout(30_000);
  let moto: Moto;
  let paths: SharedFilePaths;

  before(async () => {
    moto = await startMoto();
    paths = writeProfiles(moto.url);
  });
  after(async () => moto?.stop());

  async function session(name: string, region = 'us-east-1', mfaCodeProvider?: (serial: string) => Promise<string>) {
    const profile = (await listProfiles(paths)).profiles.find((p) => p.name === name);
    assert.ok(profile, `profile ${name}`);
    return new AwsSession({ profile, region, paths, ...(mfaCodeProvider ? { mfaCodeProvider } : {}) });
  }

  it('static keys: the identity comes from STS at the profile endpoint', async () => {
    const identity = await (await session('base')).identity();
    assert.equal(identity.account, '123456789012');
  });

  it('assume-role, and a chain of two roles, with the inner STS client at the endpoint too', async () => {
    assert.match((await (await session('responder')).identity()).arn, /^arn:aws:sts::210987654321:assumed-role\/responder\//);
    assert.match((await (await session('chained')).identity()).arn, /^arn:aws:sts::333333333333:assumed-role\/second-hop\//);
  });

  it('MFA: the code provider is asked with the profile mfa_serial, once per session', async () => {
    const asked: string[] = [];
    const s = await session('mfa', 'us-east-1', async (serial) => {
      asked.push(serial);
      return '123456';
    });
    assert.equal((await s.identity()).account, '444444444444');
    await s.identity(true);
    assert.deepEqual(asked, ['arn:aws:iam::123456789012:mfa/oncall']);
  });

  it('credential_process', async () => {
    assert.equal((await (await session('process')).identity()).account, '123456789012');
  });

  it('reports the resolved secret values for redaction', async () => {
    const s = await session('base');
    await s.identity();
    assert.deepEqual((await s.secretValues()).sort(), [STATIC_KEY, STATIC_SECRET].sort());
  });

  it('failing credential_process, expired SSO and a missing profile give clear messages without secrets', async () => {
    for (const [name, pattern] of [
      ['failing-process', /could not load credentials|credential_process/i],
      ['sso-expired', /aws sso login --profile sso-expired/],
    ] as const) {
      const error = await (await session(name)).identity().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error, `${name} should fail`);
      const message = describeAwsError(error, { profile: name });
      assert.match(message, pattern);
      assert.ok(!message.includes(STATIC_SECRET));
    }
    const ghost = new AwsSession({ profile: { name: 'ghost', kind: 'other', definedIn: [] }, region: 'us-east-1', paths });
    const error = await ghost.identity().then(() => undefined, (e: unknown) => e);
    assert.match(describeAwsError(error, { profile: 'ghost' }), /could not load credentials \(profile "ghost"\)/i);
  });

  it('an unreachable endpoint is a clear message, not a hang', async () => {
    const s = new AwsSession({ profile: { name: 'base', kind: 'static', endpointUrl: 'http://127.0.0.1:9', definedIn: ['config'] }, region: 'us-east-1', paths });
    const error = await s.identity().then(() => undefined, (e: unknown) => e);
    assert.match(describeAwsError(error, { endpoint: 'http://127.0.0.1:9' }), /could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });
});
