import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { assessCellRisk, classifyShell, RISK_ORDER, type Risk } from '../../src/runbook/risk';

// Fixed seed: a failure reproduces on every machine; fast-check prints the counterexample.
const SEED = 20261129;

// From out/test/unit/ the repository is three levels up; shared/ sits beside it.
const SOURCE_DOCUMENT = path.resolve(__dirname, '../../../..', 'shared/seed/000_1ad095cc1990f612.txt');

/** Joins `\` continuations and collapses blanks, so a command compares however it was wrapped. */
function normalize(command: string): string {
  return command.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
}

function readSourceDocument(): string {
  assert.ok(existsSync(SOURCE_DOCUMENT), `the source document is missing: expected ${SOURCE_DOCUMENT} (shared/ beside the repository)`);
  return readFileSync(SOURCE_DOCUMENT, 'utf8');
}

/** Every `aws` command of the source document, as written there (continuations joined). */
const DOCUMENT_AWS: Array<[string, Risk]> = [
  ['aws cloudtrail create-trail --name titanic-api-trail --s3-bucket-name titanic-api-cloudtrail', 'mutating'],
  ['aws guardduty create-detector --enable', 'mutating'],
  ['aws securityhub enable-security-hub', 'mutating'],
  ['aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::ACCOUNT:role/config-role', 'mutating'],
  ['aws ec2 create-flow-logs --resource-type VPC --resource-ids vpc-xxx --traffic-type ALL --log-destination-type cloud-watch-logs --log-group-name /aws/vpc/flowlogs', 'mutating'],
  ['aws secretsmanager rotate-secret --secret-id prod/titanic/database --rotation-lambda-arn arn:aws:lambda:...', 'mutating'],
  ['aws ecr start-image-scan --repository-name titanic-api --image-id imageTag=latest', 'mutating'],
  ['aws logs put-retention-policy --log-group-name /aws/eks/prod-eks/cluster --retention-in-days 90', 'mutating'],
  // Starting a Logs Insights query changes nothing (the native logs-insights cell is read too).
  ["aws logs start-query --log-group-name /aws/eks/prod-eks/cluster --start-time $(date -u -d '1 hour ago' +%s) --end-time $(date -u +%s) --query-string 'fields @timestamp, @message | filter @message like /Forbidden/'", 'read'],
  ['aws ec2 modify-instance-attribute --instance-id i-xxx --groups sg-isolated', 'mutating'],
  ['aws iam update-access-key --access-key-id AKIA... --status Inactive', 'mutating'],
  ['aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=compromised-user', 'read'],
  [`aws logs filter-log-events --log-group-name /aws/vpc/flowlogs --filter-pattern '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="ACCEPT", flowlogstatus]'`, 'read'],
  // Reading findings is read; the redirection writes compliance-report.json, so the line is mutating.
  [`aws securityhub get-findings --filters '{"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]}' --output json > compliance-report.json`, 'mutating'],
];

const TABLE: Array<[string, Risk]> = [
  ...DOCUMENT_AWS,

  // The document's other commands.
  ['git secrets --install', 'mutating'],
  ['git secrets --register-aws', 'mutating'],
  ['git secrets --scan', 'read'],
  ['trivy image ghcr.io/username/titanic-api:latest', 'read'],
  [`aws securityhub get-findings --filters '{"ComplianceStatus":[{"Value":"FAILED","Comparison":"EQUALS"}]}' --output json`, 'read'],

  // aws: verbs, global options, s3, configure, --force.
  ['aws sts get-caller-identity', 'read'],
  ['aws --region us-east-1 --profile prod ec2 describe-instances --output json', 'read'],
  ['aws --no-cli-pager --endpoint-url http://localhost:5000 --query Buckets s3api list-buckets', 'read'],
  ['aws ec2 terminate-instances --instance-ids i-0123456789abcdef0', 'destructive'],
  ['aws iam delete-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --user-name compromised-user', 'destructive'],
  ['aws iam list-access-keys --user-name compromised-user', 'read'],
  ['aws iam deactivate-mfa-device --user-name bob --serial-number arn:aws:iam::123456789012:mfa/bob', 'destructive'],
  ['aws guardduty delete-detector --detector-id 12abc34d567e8fa901bc2d34e56789f0', 'destructive'],
  ['aws ec2 revoke-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr 0.0.0.0/0', 'mutating'],
  ['aws ec2 disassociate-address --association-id eipassoc-1', 'mutating'],
  ['aws ec2 stop-instances --instance-ids i-1', 'mutating'],
  ['aws ec2 wait instance-stopped --instance-ids i-1', 'read'],
  ['aws dynamodb batch-get-item --request-items file://keys.json', 'read'],
  ['aws ecr batch-delete-image --repository-name titanic-api --image-ids imageTag=old', 'destructive'],
  ['aws ecs update-service --cluster c --service s --force-new-deployment', 'mutating'],
  ['aws logs tail /aws/eks/prod-eks/cluster --since 1h', 'read'],
  ['aws sso login', 'mutating'],
  ['aws s3 ls s3://titanic-api-cloudtrail/AWSLogs/', 'read'],
  ['aws s3 presign s3://bucket/key --expires-in 300', 'read'],
  ['aws s3 cp report.json s3://bucket/report.json', 'mutating'],
  ['aws s3 mb s3://new-bucket', 'mutating'],
  ['aws s3 sync ./site s3://bucket', 'mutating'],
  ['aws s3 sync ./site s3://bucket --delete', 'destructive'],
  ['aws s3 rm s3://bucket/key --recursive', 'destructive'],
  ['aws s3 rb s3://titanic-api-cloudtrail --force', 'destructive'],
  ['aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=Enabled --force', 'destructive'],
  ['aws configure get region', 'read'],
  ['aws configure list', 'read'],
  ['aws configure set region eu-west-1', 'mutating'],
  ['aws --version', 'read'],
  ['/usr/local/bin/aws s3 rm s3://bucket/key', 'destructive'],

  // kubectl
  ['kubectl get pods -n prod -o wide', 'read'],
  ['kubectl -n prod describe networkpolicy titanic-api-netpol', 'read'],
  ['kubectl logs deploy/titanic-api -n prod --since=1h', 'read'],
  ['kubectl auth can-i list secrets --as system:serviceaccount:prod:titanic-api -n prod', 'read'],
  ['kubectl label namespace prod pod-security.kubernetes.io/enforce=restricted --overwrite', 'mutating'],
  ['kubectl apply -f netpol.yaml', 'mutating'],
  ['kubectl cordon ip-10-0-1-23.ec2.internal', 'mutating'],
  ['kubectl exec -it titanic-api-0 -n prod -- sh', 'mutating'],
  ['kubectl delete pod titanic-api-0 -n prod', 'destructive'],
  ['kubectl replace --force -f pod.yaml', 'destructive'],

  // terraform
  ['terraform plan -out=tfplan', 'read'],
  ['terraform -chdir=infra validate', 'read'],
  ['terraform fmt -check -recursive', 'read'],
  ['terraform fmt', 'mutating'],
  ['terraform apply tfplan', 'mutating'],
  ['terraform destroy -auto-approve', 'destructive'],
  ['terraform apply -destroy', 'destructive'],

  // docker
  ['docker ps -a', 'read'],
  ['docker images', 'read'],
  ['docker run --rm alpine:3.20 echo hi', 'mutating'],
  ['docker rm -f titanic-api', 'destructive'],
  ['docker system prune -af', 'destructive'],

  // Files.
  ['rm /tmp/report.json', 'mutating'],
  ['rm -rf ./build', 'destructive'],
  ['rm -fr ./build', 'destructive'],
  ['rm -r ./build', 'destructive'],
  ['shred -u key.pem', 'destructive'],
  ['dd if=/dev/zero of=disk.img bs=1M count=1', 'destructive'],
  ['truncate -s 0 app.log', 'destructive'],
  ['sed -i s/old/new/ config.yaml', 'mutating'],
  ["sed -n '1,5p' config.yaml", 'read'],
  ['echo done | tee -a audit.log', 'mutating'],
  ['mkdir -p out && touch out/.keep', 'mutating'],
  ['chmod 600 key.pem', 'mutating'],
  ['find . -name "*.pem" -print', 'read'],
  ['find /tmp -name "*.tmp" -delete', 'destructive'],
  ['find . -type f -exec grep -l AKIA {} +', 'read'],
  ["find . -name '*.bak' -exec rm {} \\;", 'destructive'],

  // Read-only tools.
  ['echo "aws ec2 terminate-instances"', 'read'],
  ["echo 'rm -rf /'", 'read'],
  ['jq -r ".Findings[].Title" findings.json | sort | uniq -c', 'read'],
  ['curl -s https://checkip.amazonaws.com', 'read'],
  ['curl -G -d q=1 https://example.com/search', 'read'],
  ['curl -X POST -d @payload.json https://hooks.example.com/alert', 'mutating'],
  ['curl -sSf --data-binary @payload.json https://hooks.example.com/alert', 'mutating'],
  ['wget -q https://example.com/file.tar.gz', 'read'],
  ['dig +short example.com', 'read'],
  ['whoami; id; hostname; uname -a', 'read'],
  ['printf "%s\\n" a b | wc -l', 'read'],
  ['base64 -d <<< "aGVsbG8="', 'read'],
  ['env', 'read'],

  // Redirections.
  ['echo hi > out.txt', 'mutating'],
  ['echo hi >> out.txt', 'mutating'],
  ['echo hi &> out.txt', 'mutating'],
  ['echo oops >&2', 'read'],
  ['aws sts get-caller-identity 2>/dev/null', 'read'],
  ['aws sts get-caller-identity > /dev/null 2>&1', 'read'],
  ['cat < input.txt', 'read'],

  // What cannot be read.
  ['somebinary --flag', 'mutating'],
  ['./cleanup.sh', 'mutating'],
  ['./cleanup.sh --force', 'destructive'],
  ['python3 rotate.py --all', 'mutating'],
  ['python3 -m json.tool < findings.json', 'read'],
  ['node scripts/seed.js', 'mutating'],
  ['eval "$(aws configure export-credentials --format env)"', 'mutating'],
  ['source ./env.sh', 'mutating'],
  ['. ./env.sh', 'mutating'],
  ["bash -c 'aws s3 ls'", 'mutating'],
  ["sh -c 'aws s3 rb s3://bucket --force'", 'destructive'],
  ['$AWS_CLI s3 ls', 'mutating'],
  ['"$(which aws)" s3 ls', 'mutating'],
  ['aws ec2 describe-instances | xargs echo', 'mutating'],
  ['aws ec2 describe-instances --query "Reservations[].Instances[].InstanceId" --output text | xargs -n1 aws ec2 terminate-instances --instance-ids', 'destructive'],
  ['curl -fsSL https://example.com/install.sh | sh', 'mutating'],
  ['ls $(frobnicate)', 'mutating'],
  ['ls `frobnicate`', 'mutating'],
  ['terminate_all() { aws ec2 describe-instances; }', 'mutating'],

  // Prefixes.
  ['sudo -u admin aws iam delete-user --user-name departed', 'destructive'],
  ['AWS_PROFILE=prod AWS_REGION=eu-west-1 aws ec2 describe-vpcs', 'read'],
  ['env AWS_PROFILE=prod aws s3 rb s3://bucket', 'destructive'],
  ['time aws s3 ls', 'read'],
  ['nohup aws ec2 stop-instances --instance-ids i-1 &', 'mutating'],
  ['exec aws sts get-caller-identity', 'read'],
  ['timeout 30 aws logs tail /aws/eks/prod-eks/cluster --follow', 'read'],
  ['X=1 Y=2', 'read'],

  // Several commands.
  ['aws sts get-caller-identity && aws ec2 stop-instances --instance-ids i-1', 'mutating'],
  ['aws s3 ls s3://bucket || aws s3 mb s3://bucket', 'mutating'],
  ['set -euo pipefail\nexport AWS_PAGER=""\naws ec2 describe-flow-logs', 'read'],
  ['INSTANCE=$(aws ec2 describe-instances --query "Reservations[0].Instances[0].InstanceId" --output text)\necho "$INSTANCE"', 'read'],
  ['ID=$(aws ec2 run-instances --image-id ami-12345678)', 'mutating'],
  ['for id in $(aws ec2 describe-instances --query "Reservations[].Instances[].InstanceId" --output text); do\n  aws ec2 terminate-instances --instance-ids "$id"\ndone', 'destructive'],
  ['while read -r user; do\n  aws iam list-access-keys --user-name "$user"\ndone < users.txt', 'read'],
  ['if aws s3api head-bucket --bucket b 2>/dev/null; then\n  echo exists\nelse\n  aws s3 mb s3://b\nfi', 'mutating'],
  ['case "$ENV" in\n  prod|staging) echo "careful" ;;\n  *) aws s3 ls ;;\nesac', 'read'],
  ['[[ -z "$PROFILE" && -n "$X" ]] && echo "no profile"', 'read'],
  ['diff <(aws s3 ls s3://a) <(aws s3 ls s3://b)', 'read'],
  ['aws ec2 describe-instances |\n  jq ".Reservations"', 'read'],
  ['aws ec2 describe-instances |\n  sh', 'mutating'],

  // Heredocs: the body is data, unless a shell reads it or an unquoted body runs a substitution.
  ['cat <<EOF > policy.json\n{"Version": "2012-10-17"}\nEOF', 'mutating'],
  ['cat <<EOF\naws s3 rb s3://bucket --force\nrm -rf /\nEOF\necho after', 'read'],
  ["cat <<'EOF'\n$(rm -rf /tmp/x)\nEOF", 'read'],
  ['cat <<EOF\n$(rm -rf /tmp/x)\nEOF', 'destructive'],
  ['bash <<EOF\naws s3 rb s3://bucket --force\nEOF', 'destructive'],
  ['cat <<-EOF\n\taws s3 rb s3://bucket\n\tEOF\necho after', 'read'],
  ['kubectl apply -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\nEOF', 'mutating'],

  // Comments and continuations.
  ['# aws s3 rb s3://bucket --force\naws s3 ls', 'read'],
  ['aws s3 ls # && rm -rf /', 'read'],
  ['aws s3 \\\n  rb s3://bucket \\\n  --force', 'destructive'],

  // Quoting tricks.
  ['echo a#b; rm -rf /tmp/x', 'destructive'],
  ['echo "#"; aws ec2 terminate-instances --instance-ids i-1', 'destructive'],
  ['"aws" ec2 terminate-instances --instance-ids i-1', 'destructive'],
  ["a'w's ec2 terminate-instances --instance-ids i-1", 'destructive'],
  ['\\rm -rf /tmp/x', 'destructive'],
  ['echo "$(aws s3 rb s3://bucket --force)"', 'destructive'],
  ["echo '$(aws s3 rb s3://bucket --force)'", 'read'],
  ['echo `aws s3 rb s3://bucket`', 'destructive'],
  ['echo \\|\nrm -rf /tmp/x', 'destructive'],
  ["echo 'unterminated\nrm -rf /", 'read'],

  // Ways to hide a command that bash would still run.
  ['for x do rm -rf /tmp/x; done', 'destructive'],
  ['for ((i = 0; i < 3; i++)) do aws ec2 stop-instances --instance-ids "i-$i"; done', 'mutating'],
  ['time (( x = 1 << 2 ))\nrm -rf /tmp/x', 'destructive'],
  ['{rm,-rf,/tmp/x}', 'destructive'],
  ["$'\\x72m' -rf /tmp/x", 'destructive'],
  ['coproc rm -rf /tmp/x', 'destructive'],
  ['cat <<EOF; rm -rf /tmp/x\nbody\nEOF', 'destructive'],
  ['echo ${X:-$(rm -rf /tmp/x)}', 'destructive'],
  ['echo $(( $(rm -rf /tmp/x) ))', 'destructive'],
  ['tee >(aws s3 rb s3://bucket)', 'destructive'],
  ['# a comment does not continue \\\nrm -rf /tmp/x', 'destructive'],
  ['exec > run.log', 'mutating'],
  ['git push --force origin main', 'destructive'],
  ['git log --oneline | head', 'read'],
];

describe('risk: RISK_ORDER', () => {
  it('orders read < mutating < destructive', () => {
    assert.deepEqual(RISK_ORDER, { read: 0, mutating: 1, destructive: 2 });
  });
});

describe('risk: shell command table', () => {
  it('has at least 60 real command lines', () => {
    assert.ok(TABLE.length >= 60, `only ${TABLE.length} rows`);
  });

  for (const [command, expected] of TABLE) {
    it(`${expected.padEnd(11)} ${JSON.stringify(command).slice(0, 110)}`, () => {
      const { risk, reasons } = classifyShell(command);
      assert.equal(risk, expected, `reasons: ${JSON.stringify(reasons)}`);
      assert.ok(reasons.length > 0, 'a classification always says why');
    });
  }
});

describe('risk: the source document', () => {
  it('has every aws command of the document in the table', () => {
    const commands = readSourceDocument()
      .replace(/\\\r?\n/g, ' ')
      .split(/\r?\n/)
      .map((line) => normalize(line))
      .filter((line) => line.startsWith('aws '));
    assert.ok(commands.length >= 14, `found only ${commands.length} aws commands in the document`);
    const table = new Set(TABLE.map(([command]) => normalize(command)));
    const missing = commands.filter((command) => !table.has(command));
    assert.deepEqual(missing, [], 'aws commands of the source document missing from the table');
  });

  it('classifies each bash block of the document as a whole cell', () => {
    const blocks = [...readSourceDocument().matchAll(/```bash\r?\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const risks = blocks.map((block) => classifyShell(block).risk);
    assert.deepEqual(risks, [
      'mutating', // Implementation: CloudTrail, GuardDuty, Security Hub, Config, flow logs
      'mutating', // git secrets --install / --register-aws
      'mutating', // rotate-secret
      'mutating', // trivy (read) + ecr start-image-scan
      'mutating', // put-retention-policy
      'read', // Logs Insights query for failed auth
      'mutating', // Containment
      'read', // Investigation
      'mutating', // Compliance report written to a file
    ]);
  });
});

describe('risk: reasons', () => {
  const reasonsOf = (command: string) => classifyShell(command).reasons;

  it('names the AWS operation', () => {
    assert.deepEqual(reasonsOf('aws ec2 terminate-instances --instance-ids i-1'), ['aws ec2 terminate-instances deletes']);
    assert.deepEqual(reasonsOf('aws s3 rb s3://bucket --force'), ['aws s3 rb --force deletes']);
    assert.deepEqual(reasonsOf('aws iam update-access-key --access-key-id AKIA... --status Inactive'), ['aws iam update-access-key changes resources']);
    assert.deepEqual(reasonsOf('aws sts get-caller-identity'), ['aws sts get-caller-identity reads']);
  });

  it('puts the worst first and leaves read commands out of a risky cell', () => {
    assert.deepEqual(reasonsOf('aws s3 ls\naws ec2 stop-instances --instance-ids i-1\naws ec2 terminate-instances --instance-ids i-1'), [
      'aws ec2 terminate-instances deletes',
      'aws ec2 stop-instances changes resources',
    ]);
  });

  it('says what it cannot read', () => {
    assert.deepEqual(reasonsOf('aws ec2 describe-instances | frobnicate'), ['pipes into an unknown program (frobnicate)']);
    assert.deepEqual(reasonsOf('frobnicate --all'), ['runs an unknown program (frobnicate)']);
    assert.ok(reasonsOf('aws ec2 describe-instances | xargs -n1 echo').includes('pipes into xargs, which runs echo for each input'));
    assert.ok(reasonsOf('curl -fsSL https://example.com/install.sh | sh').includes('pipes into a shell (sh), which runs its input'));
    assert.deepEqual(reasonsOf('$CMD --help'), ['runs a command named by a variable ($CMD), which cannot be read']);
    assert.deepEqual(reasonsOf('./cleanup.sh'), ['runs a script or program by path (./cleanup.sh)']);
    assert.deepEqual(reasonsOf('echo $(frobnicate)'), ['in $(frobnicate): runs an unknown program (frobnicate)']);
    assert.ok(reasonsOf('eval "$X"').includes('eval runs a string as a command'));
    assert.ok(reasonsOf('cleanup() { rm -f /tmp/x; }\ncleanup').includes('defines a shell function (cleanup)'));
    assert.ok(reasonsOf('cleanup() { rm -f /tmp/x; }\ncleanup').includes('calls cleanup, a shell function defined in the cell'));
  });

  it('names the file a redirection writes', () => {
    assert.deepEqual(reasonsOf(DOCUMENT_AWS[DOCUMENT_AWS.length - 1]![0]), ['writes a file (> compliance-report.json)']);
  });

  it('says when there is nothing to run', () => {
    assert.deepEqual(classifyShell(''), { risk: 'read', reasons: ['no commands'] });
    assert.deepEqual(classifyShell('# only a comment\n\n'), { risk: 'read', reasons: ['no commands'] });
  });
});

describe('risk: assessCellRisk', () => {
  const shell = (source: string, risk?: unknown) => assessCellRisk({ languageId: 'shellscript', source, attributes: risk === undefined ? {} : { risk } });

  it('infers the risk of a shell cell without an attribute', () => {
    assert.deepEqual(shell('aws s3 ls'), { risk: 'read', source: 'inferred', reasons: ['aws s3 ls reads'] });
    assert.equal((shell('aws s3 rb s3://b --force') as { risk: Risk }).risk, 'destructive');
  });

  it('lets a valid attribute raise the risk', () => {
    assert.deepEqual(shell('aws s3 ls', 'mutating'), { risk: 'mutating', source: 'attribute', reasons: ["declared mutating in the cell's risk attribute"] });
    assert.deepEqual(shell('echo hi', 'destructive'), { risk: 'destructive', source: 'attribute', reasons: ["declared destructive in the cell's risk attribute"] });
    assert.deepEqual(shell('aws ec2 stop-instances --instance-ids i-1', 'mutating'), { risk: 'mutating', source: 'attribute', reasons: ["declared mutating in the cell's risk attribute"] });
  });

  it('does not let an attribute declare a riskier cell harmless', () => {
    const assessed = shell('aws s3 rb s3://titanic-api-cloudtrail --force', 'read');
    assert.ok(!('error' in assessed));
    assert.equal(assessed.risk, 'destructive');
    assert.equal(assessed.source, 'inferred');
    assert.equal(assessed.reasons[0], 'declared read, but aws s3 rb --force deletes (destructive)');
    const retention = assessCellRisk({ languageId: 'log-retention', source: 'groups: [/aws/eks/prod-eks/cluster]', attributes: { risk: 'read' } });
    assert.ok(!('error' in retention));
    assert.equal(retention.risk, 'mutating');
    assert.equal(retention.source, 'native');
    assert.match(retention.reasons[0]!, /^declared read, but /);
  });

  it('rejects any other attribute value, naming the allowed ones', () => {
    for (const bad of ['safe', 'READ', '', 5, null, true, ['read'], { risk: 'read' }]) {
      const assessed = shell('aws s3 ls', bad);
      assert.ok('error' in assessed, `accepted ${JSON.stringify(bad)}`);
      for (const allowed of ['read', 'mutating', 'destructive']) assert.ok(assessed.error.includes(`"${allowed}"`), assessed.error);
    }
    const assessed = shell('aws s3 ls', 'safe');
    assert.ok('error' in assessed && assessed.error.includes('"safe"'));
  });

  it('takes native cells at their word', () => {
    for (const languageId of ['logs-insights', 'cloudtrail', 'securityhub']) {
      const assessed = assessCellRisk({ languageId, source: 'fields @timestamp', attributes: {} });
      assert.ok(!('error' in assessed));
      assert.equal(assessed.risk, 'read');
      assert.equal(assessed.source, 'native');
    }
    const retention = assessCellRisk({ languageId: 'log-retention', source: '', attributes: {} });
    assert.ok(!('error' in retention));
    assert.deepEqual([retention.risk, retention.source], ['mutating', 'native']);
  });

  it('reads non-executing languages as read, whatever they contain', () => {
    for (const languageId of ['json', 'yaml', 'plaintext', 'markdown', 'python', 'dockerfile']) {
      const assessed = assessCellRisk({ languageId, source: 'aws s3 rb s3://b --force\nrm -rf /', attributes: {} });
      assert.ok(!('error' in assessed));
      assert.deepEqual([assessed.risk, assessed.source], ['read', 'inferred']);
    }
  });

  it('survives malformed input', () => {
    const garbage = [undefined, null, {}, { languageId: 5, source: null, attributes: null }, { languageId: 'shellscript', source: {}, attributes: 'x' }];
    for (const input of garbage) {
      const assessed = assessCellRisk(input as never);
      assert.ok('error' in assessed || RISK_ORDER[assessed.risk] >= 0);
    }
  });
});

describe('risk: properties', function () {
  this.timeout(60_000);

  const RISKS = new Set<Risk>(['read', 'mutating', 'destructive']);
  const shellPieces = [
    'aws ', 's3 ', 'rb ', 'ec2 ', 'terminate-instances ', 'rm ', '-rf ', '--force ', 'echo ', '$(', ')', '(', '`', '"', "'", '\\', '\n', '<<', 'EOF', '<<-', "'EOF'",
    '${', '}', '{', '$((', '((', '))', '#', '|', '||', '&&', '&', ';', ';;', 'case ', 'esac', ' in ', ' ', 'x', '$', "$'", '[[', ']]', '>', '>>', '2>&1', '<(', '>(',
    'eval ', 'bash -c ', 'xargs ', 'find . -exec ', '\\;', 'function ', '()', '\t', '\r\n', 'sudo ', 'X=1 ', 'for ', 'do ', 'done', 'if ', 'then ', 'fi',
  ];

  it('never throws and always answers on shell-like text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...shellPieces), { maxLength: 80 }), (pieces) => {
        const result = classifyShell(pieces.join(''));
        assert.ok(RISKS.has(result.risk));
        assert.ok(result.reasons.length > 0);
      }),
      { numRuns: 5000, seed: SEED },
    );
  });

  it('never throws on arbitrary text, including control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        assert.ok(RISKS.has(classifyShell(text).risk));
        const assessed = assessCellRisk({ languageId: 'shellscript', source: text, attributes: {} });
        assert.ok(!('error' in assessed));
      }),
      { numRuns: 3000, seed: SEED },
    );
  });

  it('stays fast on pathological input', () => {
    const inputs = [
      '$('.repeat(20_000) + ')'.repeat(20_000),
      '`'.repeat(50_000),
      '${'.repeat(20_000),
      "$'".repeat(20_000),
      'cat <<EOF\n'.repeat(10_000),
      'eval '.repeat(10_000) + 'rm -rf /',
      'xargs '.repeat(10_000) + 'rm -rf /',
      '(('.repeat(20_000),
      'a#'.repeat(20_000),
      '"' + 'x'.repeat(200_000),
      'aws ec2 describe-instances --region us-east-1 | jq .\n'.repeat(5_000),
    ];
    for (const input of inputs) {
      const started = Date.now();
      const result = classifyShell(input);
      assert.ok(RISKS.has(result.risk));
      assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms on ${JSON.stringify(input.slice(0, 20))}…`);
    }
  });

  it('a cell is as risky as its riskiest line', () => {
    const oneLiners = TABLE.filter(([command]) => !command.includes('\n') && !command.includes('<<') && !command.includes('#'));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...oneLiners), { minLength: 1, maxLength: 6 }), (rows) => {
        const expected = rows.reduce<Risk>((worst, [, risk]) => (RISK_ORDER[risk] > RISK_ORDER[worst] ? risk : worst), 'read');
        assert.equal(classifyShell(rows.map(([command]) => command).join('\n')).risk, expected);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('a command quoted as an argument to echo is read; run by bash -c it is at least mutating', () => {
    const unquoted = TABLE.filter(([command]) => !command.includes("'"));
    fc.assert(
      fc.property(fc.constantFrom(...unquoted), ([command, risk]) => {
        assert.equal(classifyShell(`echo '${command}'`).risk, 'read');
        const wrapped = classifyShell(`bash -c '${command}'`).risk;
        assert.equal(wrapped, RISK_ORDER[risk] > RISK_ORDER.mutating ? risk : 'mutating');
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
