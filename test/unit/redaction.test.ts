import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { REDACTED } from '../../src/records/knownSecrets';
import { REDACTION_KINDS, redact, redactValue } from '../../src/records/redaction';

// Fake secrets are generated here rather than written out, so no secret-shaped
// literal sits in the repository (secret scanners would rightly complain), and every
// run sees the same values (seeded).
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const from = (alphabet: string) => (length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  const alnum = from(upper + lower + digits);
  return {
    alnum,
    upperDigits: from(upper + digits),
    base64: from(upper + lower + digits + '+/'),
    base64url: from(upper + lower + digits + '-_'),
    hex: from('0123456789abcdef'),
    /** 40 base64 characters with both cases and a slash, like a real secret access key. */
    secretAccessKey: () => `${alnum(12)}/${from(upper)(1)}${from(lower)(1)}${from(digits)(1)}+${alnum(23)}`,
  };
}

const g = generator(20261129);
const AK = 'AK' + 'IA';
const AS = 'AS' + 'IA';
const accessKeyId = () => AK + g.upperDigits(16);
const tempKeyId = () => AS + g.upperDigits(16);
const sessionToken = () => 'IQoJb3JpZ2luX2Vj' + g.base64(620);
const jwtToken = () =>
  `eyJ${g.base64url(30)}.eyJ${g.base64url(90)}.${g.base64url(43)}`;
const pemBody = (lines: number, eol = '\n') => Array.from({ length: lines }, () => g.base64(64)).join(eol);
const pem = (label: string, eol = '\n') => {
  const body = pemBody(8, eol);
  return { text: `-----BEGIN ${label}-----${eol}${body}${eol}-----END ${label}-----`, body };
};

interface SecretCase {
  name: string;
  line: string;
  /** Substrings that must be gone. */
  secrets: string[];
  /** Kinds that must be counted. */
  kinds: string[];
  /** Substrings that must stay (names, users, hosts): the record still says what was there. */
  keeps?: string[];
}

function secretCases(): SecretCase[] {
  const cases: SecretCase[] = [];
  const add = (name: string, kinds: string | string[], build: (s: string) => string, secret: string, keeps: string[] = []) =>
    cases.push({ name, line: build(secret), secrets: [secret], kinds: typeof kinds === 'string' ? [kinds] : kinds, keeps });

  // AWS access key ids (AKIA long-term, ASIA temporary).
  add('access key id in an env dump', 'aws-access-key-id', (s) => `HOME=/home/oncall\nAWS_ACCESS_KEY_ID=${s}\nAWS_DEFAULT_REGION=eu-west-1`, accessKeyId(), ['AWS_ACCESS_KEY_ID=']);
  add('temporary key id in assume-role JSON', 'aws-access-key-id', (s) => `    "Credentials": {\n        "AccessKeyId": "${s}",`, tempKeyId(), ['"AccessKeyId": "']);
  add('access key id in a credentials file', 'aws-access-key-id', (s) => `[incident]\naws_access_key_id = ${s}\nregion = eu-west-1`, accessKeyId());
  add('access key id in a CloudTrail event', 'aws-access-key-id', (s) => `{"userIdentity":{"type":"AssumedRole","principalId":"AROA${g.upperDigits(17)}:bob","accessKeyId":"${s}"}}`, tempKeyId(), ['principalId']);
  add('access key id in a presigned URL', 'aws-access-key-id', (s) => `https://evidence.s3.amazonaws.com/x.log?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${s}%2F20261129%2Feu-west-1%2Fs3%2Faws4_request`, accessKeyId());
  add('access key id in list-access-keys table', 'aws-access-key-id', (s) => `||  ${s}  |  2026-01-04T09:12:55+00:00  |  Active  |  bob  ||`, accessKeyId());

  // Secret access keys next to their names.
  add('secret key in a credentials file', 'aws-secret-access-key', (s) => `[default]\naws_secret_access_key = ${s}`, g.secretAccessKey(), ['aws_secret_access_key = ']);
  add('secret key in an env dump', 'aws-secret-access-key', (s) => `AWS_SECRET_ACCESS_KEY=${s}\nSHELL=/bin/bash`, g.secretAccessKey(), ['AWS_SECRET_ACCESS_KEY=']);
  add('secret key in create-access-key JSON', 'aws-secret-access-key', (s) => `        "SecretAccessKey": "${s}",\n        "CreateDate": "2026-11-29T14:03:07+00:00"`, g.secretAccessKey(), ['"SecretAccessKey": "']);
  add('secret key set with aws configure', 'aws-secret-access-key', (s) => `$ aws configure set aws_secret_access_key ${s} --profile incident`, g.secretAccessKey(), ['--profile incident']);
  add('secret key in an STS XML response', 'aws-secret-access-key', (s) => `<Credentials><SecretAccessKey>${s}</SecretAccessKey>`, g.secretAccessKey(), ['<SecretAccessKey>']);
  add('secret key passed to boto3', 'aws-secret-access-key', (s) => `client = boto3.client("s3", aws_secret_access_key='${s}')`, g.secretAccessKey());
  add('secret key in CLI table output', 'aws-secret-access-key', (s) => `||  SecretAccessKey  |  ${s}   ||`, g.secretAccessKey(), ['SecretAccessKey']);
  add('secret key in Terraform provider block', 'aws-secret-access-key', (s) => `  secret_key = "${s}"`, g.secretAccessKey(), ['secret_key = "']);
  add('secret key in escaped CloudTrail JSON', 'aws-secret-access-key', (s) => `"CloudTrailEvent": "{\\"credentials\\":{\\"secretAccessKey\\":\\"${s}\\"}}"`, g.secretAccessKey());
  {
    const id = accessKeyId();
    const secret = g.secretAccessKey();
    cases.push({ name: 'create-access-key --output text', line: `ACCESSKEY\t${id}\t2026-11-29T14:03:07+00:00\t${secret}\tActive\tbob`, secrets: [id, secret], kinds: ['aws-access-key-id', 'aws-secret-access-key'], keeps: ['ACCESSKEY', 'Active\tbob'] });
  }
  {
    const id = accessKeyId();
    const secret = g.secretAccessKey();
    cases.push({ name: 'console credentials CSV', line: `User name,Password,Access key ID,Secret access key,Console login link\nbob,,${id},${secret},https://123456789012.signin.aws.amazon.com/console`, secrets: [id, secret], kinds: ['aws-access-key-id', 'aws-secret-access-key'], keeps: ['bob,,'] });
  }

  // Session tokens.
  add('session token in a credentials file', 'aws-session-token', (s) => `aws_session_token = ${s}\nregion = eu-west-1`, sessionToken(), ['aws_session_token = ', 'region']);
  add('session token in an env dump', 'aws-session-token', (s) => `AWS_SESSION_TOKEN=${s}`, sessionToken());
  add('session token in assume-role JSON', 'aws-session-token', (s) => `        "SessionToken": "${s}",\n        "Expiration": "2026-11-29T15:03:07+00:00"`, sessionToken(), ['Expiration']);
  add('session token in an HTTP header', 'aws-session-token', (s) => `> X-Amz-Security-Token: ${s}\n> User-Agent: aws-cli/2.17.0`, sessionToken(), ['X-Amz-Security-Token: ', 'User-Agent']);
  {
    const token = sessionToken();
    const encoded = encodeURIComponent(token);
    cases.push({ name: 'session token URL-encoded in a presigned URL', line: `https://evidence.s3.eu-west-1.amazonaws.com/dump.tar?X-Amz-Date=20261129T140307Z&X-Amz-Security-Token=${encoded}&X-Amz-SignedHeaders=host`, secrets: [encoded, token.slice(16, 80)], kinds: ['aws-session-token'], keeps: ['X-Amz-SignedHeaders=host'] });
  }
  add('session token in escaped CloudTrail JSON', 'aws-session-token', (s) => `"responseElements":"{\\"credentials\\":{\\"sessionToken\\":\\"${s}\\",\\"expiration\\":\\"Nov 29, 2026\\"}}"`, sessionToken());
  {
    const id = tempKeyId();
    const secret = g.secretAccessKey();
    const token = sessionToken();
    cases.push({ name: 'assume-role --output text', line: `CREDENTIALS\t${id}\t2026-11-29T15:03:07+00:00\t${secret}\t${token}`, secrets: [id, secret, token], kinds: ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'], keeps: ['CREDENTIALS'] });
  }

  // Private keys.
  for (const label of ['RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'DSA PRIVATE KEY']) {
    const key = pem(label);
    cases.push({ name: `${label} block`, line: `$ cat leaked/id\n${key.text}\n$ echo done`, secrets: [key.body, key.body.slice(65, 129)], kinds: ['private-key'], keeps: [`-----BEGIN ${label}-----`, '$ echo done'] });
  }
  {
    const key = pem('RSA PRIVATE KEY', '\r\n');
    cases.push({ name: 'private key with CRLF', line: `${key.text}\r\n`, secrets: [key.body.slice(0, 64)], kinds: ['private-key'] });
  }
  {
    const key = pem('PRIVATE KEY', '\\n');
    cases.push({ name: 'private key in a service-account JSON', line: `{"type": "service_account", "private_key_id": "${g.hex(40)}", "private_key": "${key.text}\\n", "client_email": "ir@example.iam.gserviceaccount.com"}`, secrets: [key.body.slice(0, 64), key.body.slice(-64)], kinds: ['private-key'], keeps: ['client_email', 'private_key_id'] });
  }
  {
    const body = pemBody(6);
    cases.push({ name: 'encrypted PEM cut short (no END line)', line: `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,${g.hex(32).toUpperCase()}\n\n${body}\n[output truncated]`, secrets: [body.slice(0, 64), body.slice(-64)], kinds: ['private-key'], keeps: ['[output truncated]'] });
  }
  {
    const key = pem('PGP PRIVATE KEY BLOCK');
    cases.push({ name: 'PGP private key block', line: key.text, secrets: [key.body.slice(0, 64)], kinds: ['private-key'] });
  }

  // JWTs.
  add('JWT as a bearer token', 'jwt', (s) => `curl -s -H "Authorization: Bearer ${s}" https://api.internal/v1/users`, jwtToken(), ['https://api.internal/v1/users']);
  add('JWT in an OIDC token response', 'jwt', (s) => `{"token_type":"Bearer","expires_in":3600,"id_token":"${s}"}`, jwtToken(), ['"expires_in":3600']);
  add('JWT in a Set-Cookie header', 'jwt', (s) => `< Set-Cookie: session=${s}; Path=/; HttpOnly`, jwtToken(), ['Path=/']);
  add('service account token printed by kubectl', 'jwt', (s) => `$ kubectl create token ir-reader -n prod\n${s}`, jwtToken(), ['kubectl create token']);

  // Passwords in URLs.
  add('postgres URL in an env dump', 'password-in-url', (s) => `DATABASE_URL=postgres://app:${s}@titanic-db.cluster-abc.eu-west-1.rds.amazonaws.com:5432/titanic`, g.alnum(20), ['postgres://app:', '@titanic-db.cluster-abc']);
  add('mongodb+srv URL', 'password-in-url', (s) => `mongodb+srv://admin:${s}@cluster0.x1y2z.mongodb.net/?retryWrites=true`, `${g.alnum(10)}!${g.alnum(4)}`, ['admin:', 'cluster0']);
  add('git remote with a password', 'password-in-url', (s) => `origin\thttps://deploy:${s}@git.example.com/platform/infra.git (fetch)`, g.alnum(24));
  add('redis URL with only a password', 'password-in-url', (s) => `REDIS_URL=redis://:${s}@cache.internal:6379/0`, g.alnum(18));
  add('AMQP URL whose password holds an @', 'password-in-url', (s) => `amqp://guest:${s}@rabbit.internal:5672/`, `p@${g.alnum(10)}`, ['@rabbit.internal']);

  // Secrets Manager values.
  {
    const password = g.alnum(24);
    cases.push({ name: 'get-secret-value JSON', line: `{\n    "ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/titanic/database-AbCdEf",\n    "Name": "prod/titanic/database",\n    "SecretString": "{\\"username\\":\\"titanic\\",\\"password\\":\\"${password}\\"}",\n    "VersionStages": ["AWSCURRENT"]\n}`, secrets: [password, 'username\\":\\"titanic'], kinds: ['secretsmanager-secret-string'], keeps: ['"Name": "prod/titanic/database"', '"SecretString": "', 'AWSCURRENT'] });
  }
  add('get-secret-value YAML', 'secretsmanager-secret-string', (s) => `Name: prod/titanic/database\nSecretString: '{"username":"titanic","password":"${s}"}'\nVersionId: 7c9a6e2e-1b2c-4d5e-8f90-123456789abc`, g.alnum(20), ['VersionId']);
  add('put-secret-value command', 'secretsmanager-secret-string', (s) => `aws secretsmanager put-secret-value --secret-id prod/titanic/database --secret-string '{"password":"${s}"}'`, g.alnum(20), ['--secret-id prod/titanic/database']);
  add('create-secret with a bare value', 'secretsmanager-secret-string', (s) => `aws secretsmanager create-secret --name ci/deploy --secret-string ${s} --region eu-west-1`, g.alnum(30), ['--region eu-west-1']);
  add('SecretBinary in JSON', 'secretsmanager-secret-string', (s) => `    "SecretBinary": "${s}",`, g.base64(88));
  add('SecretString in CLI table output', 'secretsmanager-secret-string', (s) => `||  SecretString  |  ${s}  ||`, g.alnum(26));

  // Generic secret assignments.
  add('.env password', 'password', (s) => `DB_HOST=titanic-db.internal\nDB_PASSWORD=${s}\nDB_PORT=5432`, g.alnum(16), ['DB_PASSWORD=', 'DB_PORT=5432']);
  add('YAML password', 'password', (s) => `database:\n  user: titanic\n  password: ${s}\n  port: 5432`, g.alnum(16), ['  password: ']);
  add('JSON password', 'password', (s) => `{"username": "admin", "password": "${s}"}`, `${g.alnum(8)} ${g.alnum(6)}`, ['"username": "admin"']);
  add('Spring properties password', 'password', (s) => `spring.datasource.password=${s}`, g.alnum(14));
  add('RDS master password in CloudFormation output', 'password', (s) => `MasterUserPassword: ${s}`, g.alnum(20));
  add('mysql --password=', 'password', (s) => `mysql -h titanic-db -u admin --password=${s} -e 'select 1'`, g.alnum(12), ["-e 'select 1'"]);
  add('docker login --password', 'password', (s) => `docker login -u deploy --password ${s} registry.example.com`, g.alnum(20), ['registry.example.com']);
  add('PGPASSWORD on a command line', 'password', (s) => `PGPASSWORD=${s} psql -h titanic-db -U titanic`, g.alnum(16), ['psql -h titanic-db']);
  add('Terraform literal password', 'password', (s) => `resource "aws_db_instance" "titanic" {\n  password = "${s}"\n}`, g.alnum(18));
  add('db_pwd in an INI file', 'password', (s) => `[db]\ndb_pwd = ${s}`, g.alnum(12));
  add('passphrase', 'password', (s) => `ssh_key_passphrase: "${s}"`, `${g.alnum(6)} ${g.alnum(6)} ${g.alnum(6)}`);
  add('kubectl --from-literal password', 'password', (s) => `kubectl create secret generic titanic-db --from-literal=username=titanic --from-literal=password=${s}`, g.alnum(16), ['--from-literal=username=titanic']);
  add('Kubernetes Secret data', 'password', (s) => `apiVersion: v1\nkind: Secret\ndata:\n  password: ${s}\n  username: dGl0YW5pYw==`, Buffer.from(g.alnum(12)).toString('base64'), ['username: dGl0YW5pYw==']);
  add('password in escaped JSON in a log line', 'password', (s) => `level=info msg="{\\"user\\":\\"bob\\",\\"password\\":\\"${s}\\"}"`, g.alnum(14));
  add('api_key in YAML', 'generic-secret', (s) => `datadog:\n  api_key: ${s}`, g.hex(32), ['api_key: ']);
  add('X-Api-Key header', 'generic-secret', (s) => `> X-Api-Key: ${s}\n> Accept: */*`, g.alnum(40), ['Accept']);
  add('client_secret in an OAuth form body', 'generic-secret', (s) => `grant_type=client_credentials&client_id=3n4b5c6d&client_secret=${s}&scope=read`, g.alnum(32), ['client_id=3n4b5c6d', '&scope=read']);
  add('access_token in a query string', 'generic-secret', (s) => `GET /callback?state=af0ifjsldkj&access_token=${s}&expires_in=3600 HTTP/1.1`, g.alnum(30), ['&expires_in=3600']);
  add('Vault token in an env dump', 'generic-secret', (s) => `VAULT_ADDR=https://vault.internal:8200\nVAULT_TOKEN=${s}`, `hvs.${g.alnum(24)}`, ['VAULT_ADDR=https://vault.internal:8200']);
  add('ECR authorization token', 'generic-secret', (s) => `            "authorizationToken": "${s}",\n            "proxyEndpoint": "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com"`, g.base64(120), ['proxyEndpoint']);
  add('docker config auth', 'generic-secret', (s) => `{"auths": {"registry.example.com": {"auth": "${s}"}}}`, Buffer.from(`deploy:${g.alnum(16)}`).toString('base64'));
  add('Cognito ClientSecret', 'generic-secret', (s) => `        "ClientId": "4k5l6m7n8o9p", "ClientSecret": "${s}",`, g.alnum(50).toLowerCase(), ['"ClientId": "4k5l6m7n8o9p"']);
  add('Authorization: Basic', 'authorization-header', (s) => `> Authorization: Basic ${s}\n> Host: api.internal`, Buffer.from(`admin:${g.alnum(10)}`).toString('base64'), ['Authorization: Basic ', 'Host: api.internal']);
  add('Authorization: Bearer with an opaque token', 'authorization-header', (s) => `"headers": {"Authorization": "Bearer ${s}"}`, g.alnum(40));

  // Tokens recognisable by their prefix.
  add('GitHub token in an env dump', 'github-token', (s) => `GITHUB_TOKEN=${s}`, 'gh' + 'p_' + g.alnum(36));
  add('GitHub token in a curl header', 'github-token', (s) => `curl -H "Authorization: token ${s}" https://api.github.com/user`, 'gh' + 's_' + g.alnum(36));
  add('GitHub OAuth token in JSON', 'github-token', (s) => `{"oauth": "${s}"}`, 'gh' + 'o_' + g.alnum(36));
  add('fine-grained GitHub PAT', 'github-token', (s) => `git clone https://x-access-token@github.com/org/repo.git # using ${s}`, 'github' + '_pat_' + `${g.alnum(22)}_${g.alnum(59)}`);
  add('Slack bot token', 'slack-token', (s) => `SLACK_BOT=${s}`, 'xo' + `xb-${g.upperDigits(11)}-${g.upperDigits(13)}-${g.alnum(24)}`);
  add('Slack user token in a log', 'slack-token', (s) => `posting incident update with ${s} to #incident-2026-11`, 'xo' + `xp-${g.upperDigits(11)}-${g.upperDigits(11)}-${g.upperDigits(12)}-${g.hex(32)}`);
  add('Stripe live key', 'stripe-key', (s) => `stripe.api_key = os.getenv("STRIPE_KEY", "${s}")`, 's' + `k_live_${g.alnum(24)}`);
  add('Google API key', 'google-api-key', (s) => `https://maps.googleapis.com/maps/api/geocode/json?address=x&key=${s}`, 'AI' + `za${g.base64url(35)}`);
  add('npm token in .npmrc', 'npm-token', (s) => `//registry.npmjs.org/:_authToken=${s}`, 'np' + `m_${g.alnum(36)}`);

  return cases;
}

// Look-alikes: evidence that must come back byte for byte.
const LOOK_ALIKES: [string, string][] = [
  ['role ARN', 'arn:aws:iam::123456789012:role/IncidentResponder'],
  ['assumed-role ARN', '"Arn": "arn:aws:sts::123456789012:assumed-role/IncidentResponder/bob@example.com"'],
  ['account id', '{"Account": "123456789012", "UserId": "AROA3XFRBF23ZEXAMPLE1:bob"}'],
  ['role id (AROA)', 'RoleId: AROAJQABLZS4A3QDU576Q'],
  ['user id (AIDA)', '"UserId": "AIDACKCEVSQ6C2EXAMPLE",'],
  ['group and policy ids', 'GroupId AGPAJ5S2JBYLAEXAMPLE  PolicyId ANPAJ2UCCR6DPCEXAMPLE  InstanceProfileId AIPAJ3VCKM7EXAMPLE01'],
  ['CloudFront public key id', 'Id: APKAEIBAERJR2EXAMPLE'],
  ['CloudTrail principal', '"principalId": "AIDACKCEVSQ6C2EXAMPLE", "type": "IAMUser", "userName": "compromised-bob"'],
  ['instance ids', 'i-0abcd1234ef567890  running  t3.large  eu-west-1a'],
  ['network ids', 'vpc-0a1b2c3d4e5f67890 subnet-0123456789abcdef0 sg-0fedcba9876543210 eni-0a1b2c3d4e5f6a7b8'],
  ['KMS key id', '"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "KeyManager": "CUSTOMER"'],
  ['request id', 'RequestId: 7a62c49f-347e-4fc4-9331-6e8eEXAMPLE'],
  ['SHA-256 hash', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  incident-2026-11-29.tar.gz'],
  ['SHA-1 hash', 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3  runbooks/incident.runbook.md'],
  ['MD5 hash', 'MD5 (evidence.log) = d41d8cd98f00b204e9800998ecf8427e'],
  ['git log', 'commit 3f5e2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f\nAuthor: Bob <bob@example.com>\nDate:   Sat Nov 29 14:03:07 2026 +0100'],
  ['git commit in JSON', '{"git": {"commit": "3f5e2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f", "dirty": false}}'],
  ['40-character base64 without a key id', 'nonce=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9v in the handshake log'],
  ['base64 of ordinary text', 'echo aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEgc2VjcmV0 | base64 -d'],
  ['CloudTrail event id', '"eventID": "3038ebd2-c98a-4c65-9b6e-e22506292313", "eventType": "AwsApiCall", "sharedEventID": "a3d3e2c1-1234-4c65-9b6e-e22506292313"'],
  ['log stream name', '2026/11/29/[$LATEST]0123456789abcdef0123456789abcdef'],
  ['S3 ETag', '"ETag": "\\"d41d8cd98f00b204e9800998ecf8427e\\"", "Size": 1048576'],
  ['S3 host id', '"x-amz-id-2": "Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg=="'],
  ['Kubernetes names', 'secret/titanic-db-credentials configured\nserviceaccount/default-token-x7k2p unchanged'],
  ['kubectl get secret', "kubectl get secret db-password -n prod -o jsonpath='{.data}'"],
  ['image digest', 'image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/titanic@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
  ['password in prose', 'Next, reset the password policy so that every user must change their password at next sign-in.'],
  ['password reuse prevention', 'PasswordReusePrevention: 24'],
  ['password policy JSON', '{\n    "PasswordPolicy": {\n        "MinimumPasswordLength": 14,\n        "RequireSymbols": true,\n        "ExpirePasswords": true,\n        "MaxPasswordAge": 90,\n        "PasswordReusePrevention": 24,\n        "HardExpiry": false\n    }\n}'],
  ['password last used', '"PasswordLastUsed": "2026-11-28T22:14:09+00:00",'],
  ['password reset required', '"LoginProfile": {"UserName": "bob", "PasswordResetRequired": false}'],
  ['update-account-password-policy', 'aws iam update-account-password-policy --minimum-password-length 14 --password-reuse-prevention 24 --require-symbols'],
  ['credential report header', 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active'],
  ['Terraform password policy', 'resource "aws_iam_account_password_policy" "cis" {\n  minimum_password_length        = 14\n  allow_users_to_change_password = true\n  password_reuse_prevention      = 24\n}'],
  ['token in prose', 'The token expired at 14:02; the on-call engineer requested a new token from the identity team.'],
  ['URL with a user but no password', 'git clone https://bob@git.example.com/platform/infra.git'],
  ['ssh URL', 'ssh://git@github.com:22/org/repo.git and git@github.com:org/repo.git'],
  ['URLs with ports', 'http://localhost:4566/ and https://vault.internal:8200/v1/sys/health?standbyok=true'],
  ['secret id', 'aws secretsmanager get-secret-value --secret-id prod/titanic/database'],
  ['secret id with a query', 'aws secretsmanager get-secret-value --secret-id prod/titanic/database --query SecretString --output text'],
  ['secret ARN', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/titanic/database-AbCdEf'],
  ['SecretId in JSON', '"SecretId": "prod/titanic/database", "VersionStage": "AWSCURRENT"'],
  ['jq over SecretString', "jq -r '.SecretString | fromjson | .password'"],
  ['dynamic reference', "MasterUserPassword: '{{resolve:secretsmanager:prod/titanic/database:SecretString:password}}'"],
  ['pagination token', '"NextToken": "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="'],
  ['idempotency token', '"ClientToken": "5f8a3b2c-7d4e-4f6a-9b8c-1d2e3f4a5b6c"'],
  ['masked secret in aws configure list', '    secret_key     ****************EKEY shared-credentials-file'],
  ['masked prompt', 'Password: ********'],
  ['Terraform variable reference', '  password = var.db_password'],
  ['Terraform sensitive value in a plan', '      + password = (sensitive value)'],
  ['GitHub Actions secret', '      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}'],
  ['shell variable', 'export PGPASSWORD="$DB_PASSWORD"'],
  ['CloudTrail hidden parameter', '"requestParameters": {"userName": "bob", "password": "HIDDEN_DUE_TO_SECURITY_REASONS"}'],
  ['GetSessionToken event and action', '"eventName": "GetSessionToken", "Action": "sts:GetSessionToken", "iam:ChangePassword"'],
  ['MFA token code', 'aws sts get-session-token --serial-number arn:aws:iam::123456789012:mfa/bob --token-code 123456'],
  ['ECR login pipeline', 'aws ecr get-login-password --region eu-west-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
  ['sshd log', 'Nov 29 14:03:07 bastion sshd[4242]: Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2'],
  ['PWD in an env dump', 'PWD=/home/oncall/runbooks\nOLDPWD=/home/oncall'],
  ['token type', '{"token_type": "Bearer", "expires_in": 3600}'],
  ['command searching for private keys', "git grep -n -e '-----BEGIN RSA PRIVATE KEY-----' -e '-----END RSA PRIVATE KEY-----'"],
  ['public key', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC7vbqajDhA3QEXAMPLEvbqajDhA3QEXAMPLEvbqajDhA3QEXAMPLE bob@laptop'],
  ['certificate', `-----BEGIN CERTIFICATE-----\n${'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ'}\n-----END CERTIFICATE-----`],
  ['Authorization header with a variable', 'curl -H "Authorization: Bearer $TOKEN" https://api.internal/v1/users'],
  ['NoEcho parameter', '"ParameterKey": "DBPassword", "ParameterValue": "****"'],
  ['TypeScript type', 'interface Login { password: string; token?: string }'],
  ['EKS audit log', '{"kind":"Event","verb":"get","objectRef":{"resource":"secrets","namespace":"prod","name":"titanic-db"},"responseStatus":{"code":403},"user":{"username":"system:serviceaccount:prod:default"}}'],
  ['Logs Insights query', 'fields @timestamp, @message | filter @message like /Forbidden/ | stats count(*) by userIdentity.arn'],
];

describe('redaction: secret shapes', () => {
  const cases = secretCases();

  it('has a corpus of at least 60 secret shapes', () => {
    assert.ok(cases.length >= 60, `only ${cases.length}`);
  });

  for (const c of cases) {
    it(`redacts: ${c.name}`, () => {
      const result = redact(c.line);
      for (const secret of c.secrets) {
        assert.ok(!result.text.includes(secret), `"${secret}" survived in:\n${result.text}`);
      }
      for (const kind of c.kinds) {
        assert.ok((result.kinds[kind] ?? 0) >= 1, `${kind} not counted: ${JSON.stringify(result.kinds)}\n${result.text}`);
        assert.ok(result.text.includes(`[REDACTED:${kind}]`), result.text);
      }
      for (const kept of c.keeps ?? []) {
        assert.ok(result.text.includes(kept), `"${kept}" lost from:\n${result.text}`);
      }
      assert.equal(result.count, Object.values(result.kinds).reduce((a, b) => a + b, 0));
      for (const kind of Object.keys(result.kinds)) assert.ok(REDACTION_KINDS.includes(kind), kind);
    });
  }

  it('is idempotent: redacting redacted text finds nothing more', () => {
    for (const c of cases) {
      const once = redact(c.line);
      const twice = redact(once.text);
      assert.equal(twice.count, 0, `${c.name}: ${JSON.stringify(twice.kinds)}\n${once.text}`);
      assert.equal(twice.text, once.text);
    }
  });
});

describe('redaction: look-alikes survive', () => {
  it('has a corpus of at least 60 look-alikes', () => {
    assert.ok(LOOK_ALIKES.length >= 60, `only ${LOOK_ALIKES.length}`);
  });

  for (const [name, line] of LOOK_ALIKES) {
    it(`keeps: ${name}`, () => {
      const result = redact(line);
      assert.equal(result.text, line);
      assert.equal(result.count, 0);
      assert.deepEqual(result.kinds, {});
    });
  }

  it('keeps the look-alikes when they share a document with secrets', () => {
    const cases = secretCases();
    const document = LOOK_ALIKES.map(([, line]) => line).join('\n') + '\n' + cases.map((c) => c.line).join('\n');
    const result = redact(document);
    for (const [, line] of LOOK_ALIKES) assert.ok(result.text.includes(line), line);
    for (const c of cases) for (const secret of c.secrets) assert.ok(!result.text.includes(secret), c.name);
  });
});

describe('redaction: exact known values and counts', () => {
  it('replaces known values first, with [REDACTED], and counts them', () => {
    const parameter = 'correct horse battery staple';
    const result = redact(`echo "${parameter}" | psql; echo ${parameter}`, [parameter]);
    assert.equal(result.text, `echo "${REDACTED}" | psql; echo ${REDACTED}`);
    assert.equal(result.count, 2);
    assert.deepEqual(result.kinds, { 'known-secret': 2 });
  });

  it('does not redact a known value twice when a pattern would also see it', () => {
    const secret = g.secretAccessKey();
    const result = redact(`aws_secret_access_key = ${secret}\npassword=${secret}`, [secret]);
    assert.equal(result.text, `aws_secret_access_key = ${REDACTED}\npassword=${REDACTED}`);
    assert.deepEqual(result.kinds, { 'known-secret': 2 });
  });

  it('counts every hit per kind', () => {
    const a = accessKeyId();
    const b = tempKeyId();
    const token = jwtToken();
    const result = redact(`${a} ${b} ${a}\nid_token=${token}\nDB_PASSWORD=${g.alnum(12)}`);
    assert.deepEqual(result.kinds, { 'aws-access-key-id': 3, jwt: 1, password: 1 });
    assert.equal(result.count, 5);
  });

  it('leaves text without secrets untouched and returns zero counts', () => {
    assert.deepEqual(redact(''), { text: '', count: 0, kinds: {} });
    assert.deepEqual(redact('all quiet'), { text: 'all quiet', count: 0, kinds: {} });
  });

  it('lists the kinds it can report', () => {
    for (const kind of ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token', 'private-key', 'jwt', 'password-in-url', 'secretsmanager-secret-string', 'known-secret']) {
      assert.ok(REDACTION_KINDS.includes(kind), kind);
    }
  });
});

describe('redaction: deep values (journal entries)', () => {
  it('redacts strings inside objects and arrays, keeps keys and other values, and does not modify the input', () => {
    const keyId = accessKeyId();
    const secret = g.secretAccessKey();
    const prompted = g.alnum(16);
    const dbPassword = g.alnum(16);
    const entry = {
      seq: 7,
      type: 'cell.end',
      time: '2026-11-29T14:03:07.125+01:00',
      prev: 'a'.repeat(64),
      runId: 'run-1',
      cell: { name: 'rotate-keys', index: 3, language: 'sh', risk: 'mutating' },
      command: `aws iam create-access-key --user-name bob # then export PGPASSWORD=${prompted}`,
      status: 'succeeded',
      exitCode: 0,
      durationMs: 812,
      message: '',
      output: `{"AccessKey": {"UserName": "bob", "AccessKeyId": "${keyId}", "Status": "Active", "SecretAccessKey": "${secret}"}}`,
      outputTruncated: false,
      outputSha256: 'b'.repeat(64),
      values: { user: 'bob', dbPassword, secretId: 'prod/titanic/database' },
      notes: [`postgres://app:${dbPassword}@db`, { token: 'opaque-value-1234' }, null, true],
    };
    const frozen = JSON.stringify(entry);
    const { value, count } = redactValue(entry, [prompted]);
    assert.equal(JSON.stringify(entry), frozen, 'input modified');

    assert.equal(value.seq, 7);
    assert.equal(value.prev, entry.prev);
    assert.equal(value.outputSha256, entry.outputSha256);
    assert.deepEqual(value.cell, entry.cell);
    assert.equal(value.exitCode, 0);
    assert.equal(value.outputTruncated, false);
    assert.deepEqual(Object.keys(value), Object.keys(entry));
    assert.equal(value.command, `aws iam create-access-key --user-name bob # then export PGPASSWORD=${REDACTED}`);
    assert.equal(value.output, '{"AccessKey": {"UserName": "bob", "AccessKeyId": "[REDACTED:aws-access-key-id]", "Status": "Active", "SecretAccessKey": "[REDACTED:aws-secret-access-key]"}}');
    // A value under a key that names a secret is redacted whole: its key is the context.
    assert.deepEqual(value.values, { user: 'bob', dbPassword: '[REDACTED:password]', secretId: 'prod/titanic/database' });
    assert.deepEqual(value.notes, ['postgres://app:[REDACTED:password-in-url]@db', { token: '[REDACTED:generic-secret]' }, null, true]);
    assert.equal(count, 1 + 2 + 1 + 1 + 1);
    assert.ok(!JSON.stringify(value).includes(dbPassword));
  });

  it('handles plain strings, primitives, placeholders under secret keys and cycles', () => {
    assert.deepEqual(redactValue(`id ${accessKeyId()}`), { value: 'id [REDACTED:aws-access-key-id]', count: 1 });
    assert.deepEqual(redactValue(42), { value: 42, count: 0 });
    assert.deepEqual(redactValue(null), { value: null, count: 0 });
    assert.deepEqual(redactValue({ password: '********', NextToken: 'abc123abc123' }), { value: { password: '********', NextToken: 'abc123abc123' }, count: 0 });
    const known = g.alnum(10);
    assert.deepEqual(redactValue({ password: known }, [known]), { value: { password: REDACTED }, count: 1 });
    const date = new Date(0);
    assert.equal(redactValue({ at: date }).value.at, date);
    const cyclic: { name: string; self?: unknown } = { name: `key ${accessKeyId()}` };
    cyclic.self = cyclic;
    const result = redactValue(cyclic);
    assert.equal(result.value.name, 'key [REDACTED:aws-access-key-id]');
    assert.equal((result.value.self as { name: string }).name, 'key [REDACTED:aws-access-key-id]');
  });
});

describe('redaction: robustness', function () {
  this.timeout(120_000);
  const SEED = 20261129;

  it('never throws on arbitrary text, and a second pass finds nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.array(fc.string()), (text, secrets) => {
        const once = redact(text, secrets);
        assert.equal(typeof once.text, 'string');
        assert.equal(once.count, Object.values(once.kinds).reduce((a, b) => a + b, 0));
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  // Text built from the pieces the patterns look for, to reach their corners.
  const fragments = fc.constantFrom(
    'password', 'PASSWORD', 'token', 'Token', 'secret', 'api_key', 'auth', 'SecretString', 'SessionToken', 'aws_secret_access_key', 'x-amz-security-token',
    'Authorization', 'Bearer ', '=', ':', ': ', '"', "'", '\\"', '\\', ' ', '\n', '\r\n', '\\n', '|', '>', '<', '{', '}', '[', ']', '(', '$', '{{', '--', '--password ', '--secret-string ',
    '://', '@', 'user', 'eyJ', '.', 'AKIA', 'ASIA', 'AROA', 'ghp_', 'xoxb-', 'sk_live_', 'AIza', 'npm_', '-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----',
    '-----BEGIN PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', '[REDACTED]', '[REDACTED:jwt]', 'A'.repeat(16), 'abcDEF0123456789+/abcDEF0123456789+/abcD', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', '==',
  );
  const patternish = fc.array(fc.oneof(fragments, fc.string({ maxLength: 6 })), { maxLength: 60 }).map((parts) => parts.join(''));

  it('never throws on text made of pattern pieces, counts consistently and is idempotent', () => {
    fc.assert(
      fc.property(patternish, (text) => {
        const once = redact(text);
        assert.equal(once.count, Object.values(once.kinds).reduce((a, b) => a + b, 0));
        const twice = redact(once.text);
        assert.equal(twice.count, 0, `second pass on ${JSON.stringify(once.text)} found ${JSON.stringify(twice.kinds)}`);
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('removes an access key id, a JWT and a private key whatever text surrounds them', () => {
    const key = accessKeyId();
    const token = jwtToken();
    const block = pem('OPENSSH PRIVATE KEY');
    fc.assert(
      fc.property(patternish, patternish, (before, after) => {
        const text = redact(`${before} ${key} ${token}\n${block.text}\n${after}`).text;
        assert.ok(!text.includes(key), text);
        assert.ok(!text.includes(token), text);
        assert.ok(!text.includes(block.body.slice(0, 64)), text);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('completes on 5 MB of realistic output and on 5 MB of each adversarial shape', () => {
    const size = 5 * 1024 * 1024;
    const fill = (unit: string) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    const realistic = fill([...LOOK_ALIKES.map(([, line]) => line), ...secretCases().map((c) => c.line)].join('\n') + '\n');
    const inputs: [string, string][] = [
      ['realistic', realistic],
      ['one long line of letters', fill('a')],
      ['one long base64 line', fill('abcDEF0123456789+/')],
      ['repeated eyJ', fill('eyJ')],
      ['repeated eyJ segments', fill('eyJabcd.')],
      ['repeated key id prefix', fill('AKIA')],
      ['key ids on one line without a brace', fill(`${accessKeyId()} `)],
      ['repeated BEGIN markers', fill('-----BEGIN RSA PRIVATE KEY-----\n')],
      ['BEGIN markers then one END', fill('-----BEGIN PRIVATE KEY-----') + '-----END PRIVATE KEY-----'],
      ['unterminated base64 body', '-----BEGIN PRIVATE KEY-----\n' + fill('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1\n')],
      ['repeated password=', fill('password=')],
      ['repeated password:', fill('password:')],
      ['repeated quoted names', fill('"password": "')],
      ['repeated escaped names', fill('\\"token\\":\\"')],
      ['unclosed quoted value', 'password="' + fill('x')],
      ['repeated SecretString', fill('"SecretString": "')],
      ['unclosed SecretString', '"SecretString": "' + fill('\\"x')],
      ['repeated SessionToken', fill('SessionToken ')],
      ['session token name then a huge value', 'aws_session_token = ' + fill('QUJD')],
      ['repeated scheme and user', fill('a://b:')],
      ['repeated URL userinfo without @', fill('https://u:p')],
      ['repeated Authorization', fill('Authorization: Bearer ')],
      ['repeated flags', fill('--password ')],
      ['repeated table bars', fill('| SecretString | ')],
      ['identifier soup', fill('a_b.c-d')],
      ['binary-ish', fill('\u0000\u00ff\ud800=:"\'\\')],
    ];
    for (const [name, input] of inputs) {
      const started = Date.now();
      const result = redact(input);
      assert.equal(typeof result.text, 'string', name);
      // Measured, not asserted: timings depend on the machine.
      if (process.env.REDACTION_TIMINGS) console.log(`      ${name}: ${Date.now() - started} ms, ${result.count} redactions`);
    }
  });
});
