import * as assert from 'node:assert/strict';
import { describeAwsError } from '../../src/aws/awsErrors';
import { checkTargetAccount, readTargets } from '../../src/aws/targets';
import { REDACTED, StreamRedactor, redactKnownSecrets } from '../../src/records/knownSecrets';

const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe('AWS error messages', () => {
  it('names the missing action on AccessDenied', () => {
    const message = describeAwsError(
      awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:StartQuery on resource: arn:aws:logs:us-east-1:123456789012:log-group:/x'),
      { profile: 'dev', operation: 'Logs Insights query' },
    );
    assert.match(message, /^Logs Insights query: access denied \(profile "dev"\): the identity lacks permission for logs:StartQuery/);
  });

  it('tells how to refresh expired credentials and SSO sessions', () => {
    assert.match(describeAwsError(awsError('ExpiredTokenException', 'The security token included in the request is expired'), { profile: 'prod' }), /expired.*aws sso login --profile prod/);
    assert.match(describeAwsError(awsError('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid.'), { profile: 'corp' }), /aws sso login --profile corp/);
  });

  it('explains missing credentials, throttling, unreachable endpoints and unknown resources', () => {
    assert.match(describeAwsError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), { profile: 'x' }), /could not load credentials \(profile "x"\)/);
    assert.match(describeAwsError(awsError('ThrottlingException', 'Rate exceeded')), /throttling.*retried with backoff/);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.match(describeAwsError(refused, { endpoint: 'http://127.0.0.1:1' }), /could not reach http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    assert.match(describeAwsError(awsError('ResourceNotFoundException', 'Log group /nope does not exist')), /not found: Log group \/nope/);
    assert.match(describeAwsError(awsError('UnrecognizedClientException', 'The security token included in the request is invalid.'), { region: 'ap-east-1' }), /region ap-east-1 may not be enabled/);
  });

  it('never throws on odd values', () => {
    for (const value of [undefined, null, 42, 'text', {}, { name: 5 }]) assert.equal(typeof describeAwsError(value), 'string');
  });
});

describe('runbook target accounts', () => {
  it('reads lists, maps per environment and single values', () => {
    assert.deepEqual(readTargets({ targets: ['111122223333'] }), [{ accountId: '111122223333' }]);
    assert.deepEqual(readTargets({ targets: { production: ['111122223333'], staging: 444455556666 } }), [
      { accountId: '111122223333', environment: 'production' },
      { accountId: '444455556666', environment: 'staging' },
    ]);
    assert.deepEqual(readTargets({}), []);
    assert.deepEqual(readTargets(undefined), []);
  });

  it('blocks a run as an account the runbook is not meant for, naming both accounts', () => {
    const frontMatter = { targets: { production: '111122223333' } };
    assert.deepEqual(checkTargetAccount(frontMatter, '111122223333', 'prod'), { allowed: true, target: { accountId: '111122223333', environment: 'production' } });
    const blocked = checkTargetAccount(frontMatter, '999999999999', 'dev');
    assert.equal(blocked.allowed, false);
    assert.match(blocked.allowed ? '' : blocked.message, /meant for account 111122223333 \(production\), but profile "dev" is account 999999999999/);
    assert.deepEqual(checkTargetAccount({}, '999999999999', 'dev'), { allowed: true });
  });
});

describe('known secret redaction', () => {
  const secrets = ['AKIAABCDEFGHIJKLMNOP', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

  it('replaces every occurrence and counts them', () => {
    const { text, count } = redactKnownSecrets(`id=AKIAABCDEFGHIJKLMNOP secret=${secrets[1]} again AKIAABCDEFGHIJKLMNOP`, secrets);
    assert.equal(text, `id=${REDACTED} secret=${REDACTED} again ${REDACTED}`);
    assert.equal(count, 3);
  });

  it('catches a secret split across streamed chunks, without holding back ordinary output', () => {
    const redactor = new StreamRedactor(secrets);
    assert.equal(redactor.push('line one\n'), 'line one\n');
    assert.equal(redactor.push('key: AKIAABCD'), 'key: ');
    assert.equal(redactor.push('EFGHIJKLMNOP done\n'), `${REDACTED} done\n`);
    assert.equal(redactor.push('tail wJalr'), 'tail ');
    assert.equal(redactor.end(), 'wJalr');
  });
});
