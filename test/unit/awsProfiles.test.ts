import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { environmentProfile, listProfiles, sharedFilePaths } from '../../src/aws/profiles';
import { profileEnvironment } from '../../src/aws/regions';

function sharedFiles(config: string, credentials: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-aws-'));
  const paths = { configFile: path.join(dir, 'config'), credentialsFile: path.join(dir, 'credentials') };
  writeFileSync(paths.configFile, config);
  writeFileSync(paths.credentialsFile, credentials);
  return paths;
}

describe('AWS profiles', () => {
  it('lists profiles from both files with how they get credentials, default first, never their secrets', async () => {
    const paths = sharedFiles(
      [
        '[default]', 'region = us-east-1',
        '[profile responder]', 'role_arn = arn:aws:iam::210987654321:role/responder', 'source_profile = default', 'mfa_serial = arn:aws:iam::123456789012:mfa/oncall',
        '[profile local]', 'region = eu-west-1', 'endpoint_url = http://127.0.0.1:4566',
        '[profile tool]', 'credential_process = /usr/local/bin/get-creds',
        '[profile sso-user]', 'sso_session = corp', 'sso_account_id = 111122223333', 'sso_role_name = ReadOnly',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = us-east-1',
        '',
      ].join('\n'),
      '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n[local]\naws_access_key_id = test\naws_secret_access_key = test\n',
    );
    const { profiles, warnings } = await listProfiles(paths);
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      profiles.map((p) => [p.name, p.kind, p.region ?? '-']),
      [
        ['default', 'static', 'us-east-1'],
        ['local', 'static', 'eu-west-1'],
        ['responder', 'assume-role', '-'],
        ['sso-user', 'sso', '-'],
        ['tool', 'process', '-'],
      ],
    );
    const responder = profiles.find((p) => p.name === 'responder');
    assert.equal(responder?.mfaSerial, 'arn:aws:iam::123456789012:mfa/oncall');
    assert.equal(responder?.sourceProfile, 'default');
    assert.equal(profiles.find((p) => p.name === 'local')?.endpointUrl, 'http://127.0.0.1:4566');
    assert.ok(!JSON.stringify(profiles).includes('wJalrXUtnFEMI'), 'a secret key leaked into the listing');
  });

  it('gives no profiles (not an error) when the files do not exist', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-aws-none-'));
    const { profiles } = await listProfiles({ configFile: path.join(dir, 'nope'), credentialsFile: path.join(dir, 'nope2') });
    assert.deepEqual(profiles, []);
  });

  it('warns about malformed lines the SDK would silently skip, without echoing possible secrets', async () => {
    const paths = sharedFiles('[profile ok]\nregion = us-east-1\n[profile broken\nregion = us-west-2\n', '[ok]\nwJalrXUtnFEMI/K7MDENG/pasted-without-key\n');
    const { profiles, warnings } = await listProfiles(paths);
    assert.ok(profiles.some((p) => p.name === 'ok'));
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /config:3: section header is not closed: \[profile broken/);
    assert.match(warnings[1] ?? '', /credentials:2: not a "key = value" line/);
    assert.ok(!warnings.join('\n').includes('wJalrXUtnFEMI'));
  });

  it('honours AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE', () => {
    assert.deepEqual(sharedFilePaths({ AWS_CONFIG_FILE: '/x/config', AWS_SHARED_CREDENTIALS_FILE: '/x/creds', HOME: '/home/u' }), {
      configFile: '/x/config',
      credentialsFile: '/x/creds',
    });
    assert.deepEqual(sharedFilePaths({ HOME: '/home/u' }), { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' });
    assert.equal(environmentProfile({ AWS_PROFILE: 'prod' }), 'prod');
    assert.equal(environmentProfile({}), undefined);
  });

  it('gives shell cells the profile, region, files and endpoint override', () => {
    assert.deepEqual(
      profileEnvironment({ profile: 'local', region: 'eu-west-1', endpointUrl: 'http://127.0.0.1:4566', configFile: '/c', credentialsFile: '/k' }),
      {
        AWS_PROFILE: 'local',
        AWS_REGION: 'eu-west-1',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: '/c',
        AWS_SHARED_CREDENTIALS_FILE: '/k',
        AWS_PAGER: '',
        AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      },
    );
  });
});
