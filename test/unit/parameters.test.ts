import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readFrontMatter } from '../../src/runbook/frontMatter';
import {
  envNameFor,
  maskParameters,
  parameterEnvironment,
  readParameterSpecs,
  referencedParameters,
  secretValues,
  validateParameterValue,
  type ParameterSpec,
  type ParameterType,
} from '../../src/runbook/parameters';
import { displayCommand, shellQuote, substituteShell, substituteText } from '../../src/runbook/shellPlaceholders';
import { runbooksDir } from './support/paths';

function spec(name: string, type: ParameterType = 'string', extra: Partial<ParameterSpec> = {}): ParameterSpec {
  return { name, envName: envNameFor(name), type, prompt: name, secret: type === 'secret', ...extra };
}

function substituted(source: string, specs: ParameterSpec[]): string {
  const result = substituteShell(source, specs);
  if ('error' in result) assert.fail(`substituteShell failed: ${result.error}`);
  return result.source;
}

function substitutionError(source: string, specs: ParameterSpec[]): string {
  const result = substituteShell(source, specs);
  if ('source' in result) assert.fail(`expected an error, got ${JSON.stringify(result.source)}`);
  return result.error;
}

const CIS_FRONT_MATTER = `---
title: CIS AWS Foundations — enable the account-level controls
kind: enablement
parameters:
  - name: trailName
    type: string
    prompt: Name of the multi-region CloudTrail trail
    default: titanic-api-trail
  - name: trailBucket
    type: string
    prompt: S3 bucket that receives CloudTrail logs
    default: titanic-api-cloudtrail
  - name: configRoleArn
    type: string
    prompt: IAM role AWS Config records with
    default: arn:aws:iam::ACCOUNT:role/config-role
  - name: flowLogGroup
    type: logGroup
    prompt: CloudWatch Logs group for VPC flow logs
    default: /aws/vpc/flowlogs
  - name: severity
    type: enum
    prompt: Lowest severity to show
    values: [LOW, MEDIUM, HIGH, CRITICAL]
    default: HIGH
  - name: dbPassword
    type: secret
    prompt: Database password
  - name: apiToken
    type: string
    secret: true
    pattern: '^[A-Za-z0-9]+$'
---
`;

function frontMatterData(text: string): unknown {
  const matter = readFrontMatter(text);
  assert.ok(matter && !matter.error, matter?.error);
  return matter.data;
}

function problemsFor(parametersYaml: string): { specs: ParameterSpec[]; problems: string[] } {
  return readParameterSpecs(frontMatterData(`---\nparameters:\n${parametersYaml}\n---\n`));
}

describe('runbook parameters', () => {
  describe('reading specs from front matter', () => {
    it('reads a realistic parameters block', () => {
      const { specs, problems } = readParameterSpecs(frontMatterData(CIS_FRONT_MATTER));
      assert.deepEqual(problems, []);
      assert.deepEqual(
        specs.map((s) => [s.name, s.envName, s.type, s.secret, s.default]),
        [
          ['trailName', 'TRAIL_NAME', 'string', false, 'titanic-api-trail'],
          ['trailBucket', 'TRAIL_BUCKET', 'string', false, 'titanic-api-cloudtrail'],
          ['configRoleArn', 'CONFIG_ROLE_ARN', 'string', false, 'arn:aws:iam::ACCOUNT:role/config-role'],
          ['flowLogGroup', 'FLOW_LOG_GROUP', 'logGroup', false, '/aws/vpc/flowlogs'],
          ['severity', 'SEVERITY', 'enum', false, 'HIGH'],
          ['dbPassword', 'DB_PASSWORD', 'secret', true, undefined],
          ['apiToken', 'API_TOKEN', 'string', true, undefined],
        ],
      );
      assert.equal(specs[0]!.prompt, 'Name of the multi-region CloudTrail trail');
      assert.deepEqual(specs[4]!.values, ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
      assert.equal(specs[6]!.pattern, '^[A-Za-z0-9]+$');
    });

    it('reads the shipped CIS enablement runbook without problems', () => {
      const data = frontMatterData(readFileSync(path.join(runbooksDir, 'cis-enablement.runbook.md'), 'utf8'));
      const { specs, problems } = readParameterSpecs(data);
      assert.deepEqual(problems, []);
      const trail = specs.find((s) => s.name === 'trailName');
      assert.ok(trail);
      assert.equal(trail.envName, 'TRAIL_NAME');
      assert.equal(trail.default, 'titanic-api-trail');
    });

    it('has no specs and no problems without a parameters block, and never throws on odd input', () => {
      for (const input of [undefined, null, 42, 'text', [], {}, { title: 'x' }, { parameters: null }]) {
        assert.deepEqual(readParameterSpecs(input), { specs: [], problems: [] });
      }
      fc.assert(
        fc.property(fc.anything(), (anything) => {
          const result = readParameterSpecs({ parameters: anything });
          assert.ok(Array.isArray(result.specs) && Array.isArray(result.problems));
          const nested = readParameterSpecs({ parameters: [anything, { name: 'x', type: anything, default: anything, values: anything, pattern: anything }] });
          assert.ok(Array.isArray(nested.specs));
        }),
        { seed: 20240611, numRuns: 300 },
      );
    });

    it('names the environment variable in UPPER_SNAKE_CASE', () => {
      assert.equal(envNameFor('trailName'), 'TRAIL_NAME');
      assert.equal(envNameFor('logGroup2'), 'LOG_GROUP2');
      assert.equal(envNameFor('configRoleArn'), 'CONFIG_ROLE_ARN');
      assert.equal(envNameFor('s3Bucket'), 'S3_BUCKET');
      assert.equal(envNameFor('instanceID'), 'INSTANCE_ID');
      assert.equal(envNameFor('trail_name'), 'TRAIL_NAME');
      assert.equal(envNameFor('bucket'), 'BUCKET');
    });

    const cases: { title: string; yaml: string; problem: RegExp; kept: string[] }[] = [
      { title: 'parameters that are not a list', yaml: '  trailName: x', problem: /must be a list/, kept: [] },
      { title: 'an entry that is not a mapping', yaml: '  - trailName', problem: /Parameter 1 must be a mapping/, kept: [] },
      { title: 'a missing name', yaml: '  - type: string', problem: /Parameter 1 has no `name`/, kept: [] },
      { title: 'an invalid name', yaml: '  - name: trail-name\n  - name: 2fast', problem: /"trail-name" is not valid; use letters, digits and underscores/, kept: [] },
      { title: 'a duplicate name', yaml: '  - name: bucket\n  - name: bucket\n    type: number', problem: /"bucket" is declared more than once/, kept: ['bucket'] },
      { title: 'an unknown type', yaml: '  - name: bucket\n    type: strng', problem: /type "strng" is not one of string, number, duration, enum/, kept: [] },
      { title: 'an enum without values', yaml: '  - name: level\n    type: enum', problem: /an `enum` needs a non-empty `values` list/, kept: [] },
      { title: 'an enum with an empty values list', yaml: '  - name: level\n    type: enum\n    values: []', problem: /non-empty `values`/, kept: [] },
      { title: 'a pattern that is not a regular expression', yaml: "  - name: bucket\n    pattern: '^[a-z'", problem: /`pattern` is not a valid regular expression/, kept: [] },
      {
        title: 'two names with the same environment variable',
        yaml: '  - name: trailName\n  - name: trail_name',
        problem: /"trail_name" and parameter "trailName" would both be passed to shell cells as \$TRAIL_NAME/,
        kept: ['trailName'],
      },
      { title: 'an environment variable the AWS profile sets', yaml: '  - name: awsRegion\n    type: region', problem: /as \$AWS_REGION, which would replace/, kept: [] },
      { title: 'an environment variable bash relies on', yaml: '  - name: bashEnv\n  - name: path\n  - name: ifs', problem: /\$BASH_ENV/, kept: [] },
      {
        title: 'a default that does not fit the type',
        yaml: '  - name: account\n    type: accountId\n    default: 012345678901',
        problem: /"account": the default is not valid \(YAML read it as a number; put it in quotes[^)]*\): "12345678901" is not an AWS account id/,
        kept: ['account'],
      },
      { title: 'a default outside the enum', yaml: '  - name: level\n    type: enum\n    values: [low, high]\n    default: medium', problem: /"medium" is not one of the allowed values for level: low, high/, kept: ['level'] },
      { title: 'a default for a secret', yaml: '  - name: token\n    type: secret\n    default: hunter2', problem: /is secret, so it cannot have a `default`/, kept: ['token'] },
      { title: 'a misspelt key', yaml: '  - name: bucket\n    defualt: x', problem: /unknown key `defualt`/, kept: ['bucket'] },
      { title: 'values on a non-enum', yaml: '  - name: bucket\n    values: [a, b]', problem: /`values` only applies to type `enum`/, kept: ['bucket'] },
    ];
    for (const c of cases) {
      it(`reports ${c.title}`, () => {
        const { specs, problems } = problemsFor(c.yaml);
        assert.ok(
          problems.some((problem) => c.problem.test(problem)),
          `no problem matching ${c.problem} in ${JSON.stringify(problems)}`,
        );
        assert.deepEqual(
          specs.map((s) => s.name),
          c.kept,
        );
      });
    }

    it('drops a bad default but keeps the parameter usable', () => {
      const { specs } = problemsFor('  - name: account\n    type: accountId\n    default: "12345"');
      assert.equal(specs[0]!.default, undefined);
      const { specs: quoted, problems } = problemsFor('  - name: account\n    type: accountId\n    default: "012345678901"');
      assert.deepEqual(problems, []);
      assert.equal(quoted[0]!.default, '012345678901');
    });

    it('never puts a secret default into a message', () => {
      const { problems } = problemsFor('  - name: token\n    type: secret\n    default: hunter2-s3cr3t');
      assert.ok(problems.every((problem) => !problem.includes('hunter2-s3cr3t')));
    });
  });

  describe('validating values', () => {
    const accept = (s: ParameterSpec, raw: string, expected = raw.trim()) => assert.deepEqual(validateParameterValue(s, raw), { value: expected }, `rejected ${JSON.stringify(raw)} for ${s.type}`);
    const reject = (s: ParameterSpec, raw: string, message?: RegExp) => {
      const result = validateParameterValue(s, raw);
      assert.ok('error' in result, `accepted ${JSON.stringify(raw)} for ${s.type}`);
      if (message) assert.match(result.error, message);
    };

    it('string: trimmed, non-empty, no NUL, pattern when given', () => {
      const s = spec('trailName');
      accept(s, '  titanic-api-trail \n', 'titanic-api-trail');
      accept(s, 'with spaces inside and $(odd) `chars`');
      reject(s, '   ', /trailName needs a value/);
      reject(s, 'a\0b', /NUL/);
      const patterned = spec('bucket', 'string', { pattern: '^[a-z-]+$' });
      accept(patterned, 'titanic-api');
      reject(patterned, 'Titanic', /"Titanic" does not match the pattern \^\[a-z-\]\+\$/);
    });

    it('number: finite decimal numbers only', () => {
      const s = spec('days', 'number');
      for (const good of ['90', '-1', '+2.5', '0.25', '.5', '1e3']) accept(s, good);
      for (const bad of ['ninety', '0x10', '1e999', 'NaN', 'Infinity', '1,000', '1 2']) reject(s, bad, /is not a number/);
    });

    it('duration: 30s, 5m, 1h, 7d, compounds', () => {
      const s = spec('lookback', 'duration');
      for (const good of ['30s', '5m', '1h', '7d', '2w', '1h30m', '1d12h']) accept(s, good);
      for (const bad of ['30', '0s', '5 minutes', 'm', '1.5h', '30m1h', '-5m']) reject(s, bad, /is not a duration/);
    });

    it('enum: exactly one of the values', () => {
      const s = spec('severity', 'enum', { values: ['LOW', 'HIGH'] });
      accept(s, ' HIGH ', 'HIGH');
      reject(s, 'high', /not one of the allowed values for severity: LOW, HIGH/);
    });

    it('logGroup: 1 to 512 of the allowed characters', () => {
      const s = spec('group', 'logGroup');
      for (const good of ['/aws/eks/titanic/cluster', 'app.log-group_1#x', 'a'.repeat(512)]) accept(s, good);
      for (const bad of ['has space', 'a;b', 'a'.repeat(513), '/aws/$(x)']) reject(s, bad, /not a CloudWatch Logs group name/);
    });

    it('accountId: exactly 12 digits', () => {
      const s = spec('account', 'accountId');
      accept(s, '012345678901');
      for (const bad of ['12345678901', '1234567890123', '12345678901a', '1234-5678-9012']) reject(s, bad, /exactly 12 digits/);
    });

    it('instanceId: i- and 8 or 17 hex digits', () => {
      const s = spec('instance', 'instanceId');
      accept(s, 'i-0123abcd');
      accept(s, 'i-0123456789abcdef0');
      for (const bad of ['i-0123abc', 'i-0123456789abcdef', 'i-0123ABCD', 'i-0123abcg', '0123abcd']) reject(s, bad, /not an EC2 instance id/);
    });

    it('region: the xx-name-N shape', () => {
      const s = spec('region', 'region');
      for (const good of ['us-east-1', 'eu-west-2', 'ap-southeast-3', 'us-gov-west-1', 'il-central-1']) accept(s, good);
      for (const bad of ['useast1', 'US-EAST-1', 'us-east', 'us-east-1a', 'mars']) reject(s, bad, /not an AWS region/);
    });

    it('secret: non-empty, no NUL, pattern; the value never appears in a message', () => {
      const value = 'hunter2-$(touch)-S3CR3T';
      const secrets = [
        spec('dbPassword', 'secret'),
        spec('dbPassword', 'secret', { pattern: '^[0-9]+$' }),
        spec('account', 'accountId', { secret: true }),
        spec('level', 'enum', { secret: true, values: ['a', 'b'] }),
        spec('n', 'number', { secret: true }),
        spec('d', 'duration', { secret: true }),
        spec('g', 'logGroup', { secret: true }),
        spec('i', 'instanceId', { secret: true }),
        spec('r', 'region', { secret: true }),
      ];
      accept(secrets[0]!, ` ${value} `, value);
      for (const s of secrets.slice(1)) {
        for (const raw of [value, `${value}\0`, `  ${value}  `]) {
          const result = validateParameterValue(s, raw);
          assert.ok('error' in result, `${s.type} accepted the value`);
          assert.ok(!result.error.includes(value) && !result.error.includes('hunter2') && !result.error.includes('S3CR3T'), `${s.type} echoed the secret: ${result.error}`);
        }
      }
      fc.assert(
        // A distinctive start, so a message can only contain the value by echoing it.
        fc.property(fc.string({ unit: 'binary' }).map((rest) => `ZQ${rest}`), (secret) => {
          for (const s of secrets.slice(1)) {
            const result = validateParameterValue(s, secret);
            if ('error' in result) assert.ok(!result.error.includes('ZQ'), `${s.type} echoed ${JSON.stringify(secret)}`);
          }
        }),
        { seed: 7, numRuns: 200 },
      );
    });
  });

  describe('environment, redaction, masking, references', () => {
    const specs = [spec('trailName', 'string', { default: 'titanic-api-trail' }), spec('dbPassword', 'secret'), spec('apiToken', 'string', { secret: true }), spec('lookback', 'duration')];

    it('passes each parameter as its environment variable, falling back to defaults', () => {
      assert.deepEqual(parameterEnvironment(specs, { dbPassword: 'pw', apiToken: 'tok' }), { TRAIL_NAME: 'titanic-api-trail', DB_PASSWORD: 'pw', API_TOKEN: 'tok' });
      assert.deepEqual(parameterEnvironment(specs, { trailName: 'other', lookback: '1h' }), { TRAIL_NAME: 'other', LOOKBACK: '1h' });
      assert.deepEqual(parameterEnvironment(specs, { toString: 'x' } as Record<string, string>), { TRAIL_NAME: 'titanic-api-trail' });
    });

    it('lists secret values for redaction', () => {
      assert.deepEqual(secretValues(specs, { trailName: 't', dbPassword: 'pw', apiToken: 'tok' }), ['pw', 'tok']);
      assert.deepEqual(secretValues(specs, { dbPassword: '', apiToken: 'same' }), ['same']);
    });

    it('masks secrets (and anything undeclared) for records', () => {
      assert.deepEqual(maskParameters(specs, { trailName: 't', dbPassword: 'pw', apiToken: 'tok', stray: 'x' }), {
        trailName: 't',
        dbPassword: '••••••',
        apiToken: '••••••',
        stray: '••••••',
      });
    });

    it('finds the parameters cells use, by placeholder or environment variable', () => {
      const used = (cells: { languageId: string; source: string }[]) => referencedParameters(specs, cells).map((s) => s.name);
      assert.deepEqual(used([{ languageId: 'shellscript', source: 'aws cloudtrail get-trail-status --name "$TRAIL_NAME"' }]), ['trailName']);
      assert.deepEqual(used([{ languageId: 'shellscript', source: 'echo "${DB_PASSWORD:?}" ${#API_TOKEN}' }]), ['dbPassword', 'apiToken']);
      assert.deepEqual(used([{ languageId: 'shellscript', source: 'echo $TRAIL_NAMES $LOOKBACK_X \\{{ lookback }}' }]), []);
      assert.deepEqual(used([{ languageId: 'logs-insights', source: 'fields @message | limit {{ lookback }} # $TRAIL_NAME' }]), ['lookback']);
      assert.deepEqual(
        used([
          { languageId: 'cloudtrail', source: '{{apiToken}}' },
          { languageId: 'shellscript', source: 'echo {{ trailName }}' },
        ]),
        ['trailName', 'apiToken'],
      );
    });
  });

  describe('placeholders in shell cells', () => {
    const specs = [spec('trailName'), spec('bucket'), spec('days', 'number')];

    it('quotes by context', () => {
      assert.equal(substituted('aws cloudtrail get-trail-status --name {{ trailName }}', specs), 'aws cloudtrail get-trail-status --name "${TRAIL_NAME}"');
      assert.equal(substituted('echo "trail: {{trailName}}!"', specs), 'echo "trail: ${TRAIL_NAME}!"');
      assert.equal(substituted('x=s3://{{bucket}}/logs', specs), 'x=s3://"${BUCKET}"/logs');
      assert.equal(substituted('echo "$(aws s3 ls {{bucket}})"', specs), 'echo "$(aws s3 ls "${BUCKET}")"');
      assert.equal(substituted('echo "${X:-{{bucket}}}" ${X:-{{bucket}}}', specs), 'echo "${X:-${BUCKET}}" ${X:-"${BUCKET}"}');
      assert.equal(substituted('cat <<EOF\nname: {{trailName}} "{{bucket}}"\nEOF\necho {{bucket}}', specs), 'cat <<EOF\nname: ${TRAIL_NAME} "${BUCKET}"\nEOF\necho "${BUCKET}"');
      assert.equal(substituted('cat <<-EOF\n\t{{bucket}}\n\tEOF\n', specs), 'cat <<-EOF\n\t${BUCKET}\n\tEOF\n');
      assert.equal(substituted('echo $(( {{days}} * 86400 ))', specs), 'echo $(( ${DAYS} * 86400 ))');
      assert.equal(substituted("echo 'it'\\''s' {{bucket}} \\' {{bucket}}", specs), `echo 'it'\\''s' "\${BUCKET}" \\' "\${BUCKET}"`);
      assert.equal(substituted("echo $'a\\'b' {{bucket}}", specs), `echo $'a\\'b' "\${BUCKET}"`);
      assert.equal(substituted('echo ${#x} a#b {{bucket}} # note', specs), 'echo ${#x} a#b "${BUCKET}" # note');
      assert.equal(substituted('echo `ls {{bucket}}`', specs), 'echo `ls "${BUCKET}"`');
      assert.equal(substituted('cat <<<{{bucket}}', specs), 'cat <<<"${BUCKET}"');
    });

    it('leaves other {{ }} text, like Go templates, alone', () => {
      const source = "docker inspect --format '{{.State.Status}} {{ json .Config }}' x\nkubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}'";
      assert.equal(substituted(source, specs), source);
    });

    it('turns \\{{ into a literal {{', () => {
      assert.equal(substituted("echo '\\{{ end }}' \\{{bucket}} # \\{{ trailName }}", specs), "echo '{{ end }}' {{bucket}} # {{ trailName }}");
      assert.deepEqual(substituteText('limit \\{{ x }} {{days}}', specs, { days: '5' }), { source: 'limit {{ x }} 5' });
    });

    it('refuses placeholders inside single quotes, naming the line and the variable', () => {
      const error = substitutionError("echo ok\naws s3 ls 's3://{{ bucket }}/x'", specs);
      assert.match(error, /^Line 2: \{\{ bucket \}\} is inside single quotes/);
      assert.match(error, /"\$BUCKET"/);
      assert.match(substitutionError("echo $'{{bucket}}'", specs), /Line 1: .*inside \$'\.\.\.' quotes/);
    });

    it('refuses placeholders in a here-document with a quoted delimiter', () => {
      for (const operator of ["<<'EOF'", '<<"EOF"', '<<\\EOF', "<< 'EOF'", "<<-'EOF'"]) {
        const error = substitutionError(`cat ${operator}\nfirst\n{{trailName}}\nEOF\n`, specs);
        assert.match(error, /^Line 3: \{\{trailName\}\} is inside a here-document with a quoted delimiter/, operator);
        assert.match(error, /"\$TRAIL_NAME"/);
      }
      // After the quoted here-document ends, placeholders work again.
      assert.equal(substituted("cat <<'EOF'\n$literal\nEOF\necho {{bucket}}", specs), 'cat <<\'EOF\'\n$literal\nEOF\necho "${BUCKET}"');
    });

    it('refuses placeholders in comments', () => {
      const error = substitutionError('aws s3 ls # lists {{ bucket }}', specs);
      assert.match(error, /^Line 1: \{\{ bucket \}\} is in a comment/);
      assert.match(error, /"\$BUCKET"/);
    });

    it('refuses a non-number parameter inside arithmetic', () => {
      assert.match(substitutionError('echo $(( {{bucket}} + 1 ))', specs), /inside an arithmetic expression.*type: number/);
      assert.match(substitutionError('(( {{bucket}} > 1 )) && echo big', specs), /inside an arithmetic expression/);
    });

    it('refuses an unknown placeholder, naming it and the declared parameters', () => {
      const error = substitutionError('echo ok\necho "{{ bukket }}"', specs);
      assert.match(error, /Line 2: \{\{ bukket \}\} names no parameter of this runbook\. The declared parameters are trailName, bucket, days\./);
      assert.match(substitutionError('echo {{x}}', []), /declares no parameters/);
      assert.match(substitutionError("echo '{{ end }}'", specs), /\{\{ end \}\} names no parameter/);
    });

    it('reports every problem, one per line', () => {
      const error = substitutionError("echo '{{bucket}}'\necho {{nope}}\n# {{days}}", specs);
      assert.equal(error.split('\n').length, 3);
    });

    it('never throws or hangs on arbitrary text', () => {
      const shellish = fc.string({ unit: fc.constantFrom('{{bucket}}', '{{', '}}', "'", '"', '\\', '$', '(', ')', '{', '}', '`', '#', ' ', '\n', '<<', 'EOF', '-', '\t', 'a', '$((', ')))') });
      fc.assert(
        fc.property(fc.oneof(shellish, fc.string()), (source) => {
          const result = substituteShell(source, specs);
          assert.ok('source' in result || 'error' in result);
        }),
        { seed: 42, numRuns: 2000 },
      );
    });
  });

  describe('placeholders in native cells', () => {
    const specs = [spec('logGroup', 'logGroup'), spec('limit', 'number', { default: '20' })];

    it('inserts values (or defaults)', () => {
      assert.deepEqual(substituteText('fields @message\n| limit {{ limit }}', specs, {}), { source: 'fields @message\n| limit 20' });
      assert.deepEqual(substituteText('{{logGroup}}: {{limit}}', specs, { logGroup: '/aws/eks/x', limit: '5' }), { source: '/aws/eks/x: 5' });
    });

    it('reports unknown names and missing values', () => {
      const result = substituteText('a\n{{ nope }} {{logGroup}}', specs, {});
      assert.ok('error' in result);
      assert.match(result.error, /Line 2: \{\{ nope \}\} names no parameter.*logGroup, limit/);
      assert.match(result.error, /Line 2: \{\{logGroup\}\} has no value/);
    });
  });

  describe('the command shown for confirmation', () => {
    const specs = [spec('trailName', 'string', { default: 'titanic-api-trail' }), spec('dbPassword', 'secret'), spec('note')];

    it('shows the substituted command and the values it will see, secrets masked', () => {
      const shown = displayCommand('aws cloudtrail start-logging --name {{trailName}}\nmysql -p"$DB_PASSWORD"\n', specs, { dbPassword: 'hunter2', note: "it's" });
      assert.equal(shown, 'aws cloudtrail start-logging --name "${TRAIL_NAME}"\nmysql -p"$DB_PASSWORD"\n# TRAIL_NAME=\'titanic-api-trail\'\n# DB_PASSWORD=••••••');
      assert.ok(!shown.includes('hunter2'));
      assert.equal(displayCommand('echo {{note}}', specs, { note: "it's" }), 'echo "${NOTE}"\n# NOTE=\'it\'\\\'\'s\'');
      assert.equal(displayCommand('echo {{note}}', specs, {}), 'echo "${NOTE}"\n# NOTE is not set');
      assert.equal(displayCommand('echo hi', specs, {}), 'echo hi');
    });

    it('cannot be made to show fake lines by a value', () => {
      const shown = displayCommand('echo {{note}}', specs, { note: 'x\nrm -rf / \u202e' });
      assert.equal(shown.split('\n').length, 2);
      assert.match(shown, /# NOTE=\$'x\\nrm -rf \/ \\u202e'$/);
    });

    it('shows errors as comments when substitution fails', () => {
      assert.match(displayCommand("echo '{{note}}'", specs, {}), /^echo '\{\{note\}\}'\n# Line 1: .*single quotes/);
    });

    it('quotes values so bash reads them back exactly', () => {
      for (const value of ["it's", 'a\nb', 'tab\there', '\\$`"', 'bell\u0007', '\u0085next', '\u202eevil', 'naïve 日本 🚀']) {
        const result = spawnSync('bash', ['--noprofile', '--norc', '-c', `printf '%s' ${shellQuote(value)}`], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' } });
        assert.equal(result.stdout, value, JSON.stringify(value));
      }
    });
  });

  describe('injection safety, run for real with bash', function () {
    this.timeout(60_000);
    let sandbox: string;
    let markers: string;
    let home: string;
    let cwd: string;

    before(() => {
      sandbox = mkdtempSync(path.join(tmpdir(), 'sr-params-'));
      markers = path.join(sandbox, 'markers');
      home = path.join(sandbox, 'home');
      cwd = path.join(sandbox, 'cwd');
      for (const dir of [markers, home, cwd]) mkdirSync(dir);
      writeFileSync(path.join(home, 'keep'), 'must survive');
      // So an unquoted `*` would visibly glob.
      writeFileSync(path.join(cwd, 'a-file'), '');
      writeFileSync(path.join(cwd, 'b-file'), '');
    });
    after(() => rmSync(sandbox, { recursive: true, force: true }));

    function run(source: string, env: Record<string, string>): { stdout: string; stderr: string; status: number | null } {
      const result = spawnSync('bash', ['--noprofile', '--norc', '-c', source], {
        cwd,
        encoding: 'utf8',
        // A sandbox HOME, so even a successful `rm -rf ~` could only hit the sandbox.
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LC_ALL: 'C.UTF-8', ...env },
        timeout: 10_000,
      });
      return { stdout: result.stdout, stderr: result.stderr, status: result.status };
    }

    const hostile = (m: string): string[] => [
      `$(touch ${m}/pwned-1); rm -rf ~`,
      `\`touch ${m}/pwned-2\``,
      `'; touch ${m}/pwned-3; '`,
      `" && touch ${m}/pwned-4 && "`,
      `\n touch ${m}/pwned-5`,
      `x\nEOF\ntouch ${m}/pwned-6\ncat <<EOF`,
      `> ${m}/pwned-7`,
      `; touch ${m}/pwned-8 #`,
      `$(( a[$(touch ${m}/pwned-9)] ))`,
      `\${IFS}touch\${IFS}${m}/pwned-10`,
      `'"\`$(touch ${m}/pwned-11)\`"'`,
      `\\" ; touch ${m}/pwned-12 ; \\"`,
      '*',
      '-rf /',
      '$HOME',
      '~',
      '%s%n',
      'a  b\tc',
      '  padded  ',
      '{{bucket}}',
      '}}',
      '!!',
      '\\',
      'EOF',
      'naïve – 日本語 🚀 \u202e evil',
      '',
    ];

    const shapes: { title: string; source: string; expected: (v: string) => string }[] = [
      { title: 'unquoted argument', source: 'aws() { printf \'%s\\n\' "$#" "$@"; }\naws s3 ls {{bucket}}', expected: (v) => `3\ns3\nls\n${v}\n` },
      { title: 'printf argument', source: "printf '%s\\n' {{bucket}}", expected: (v) => `${v}\n` },
      { title: 'double quotes', source: 'printf \'%s\\n\' "{{bucket}}"', expected: (v) => `${v}\n` },
      { title: 'inside a double-quoted word', source: 'printf \'%s\\n\' "prefix-{{bucket}}-suffix"', expected: (v) => `prefix-${v}-suffix\n` },
      { title: 'unquoted here-document', source: 'cat <<EOF\n{{bucket}}\nEOF', expected: (v) => `${v}\n` },
      { title: 'assignment', source: 'x={{bucket}}; printf \'%s\\n\' "$x"', expected: (v) => `${v}\n` },
      { title: 'adjacent to unquoted text', source: "printf '%s\\n' s3://{{bucket}}/key", expected: (v) => `s3://${v}/key\n` },
      { title: 'command substitution in double quotes', source: 'printf \'%s\\n\' "got: $(printf \'%s\' {{bucket}})"', expected: (v) => `got: ${v.replace(/\n+$/, '')}\n` },
      { title: 'parameter default', source: 'printf \'%s\\n\' "${UNSET:-{{bucket}}}" ${UNSET:-{{bucket}}}', expected: (v) => `${v}\n${v}\n` },
      { title: 'environment variable', source: 'printf \'%s\\n\' "$BUCKET"', expected: (v) => `${v}\n` },
    ];

    it('would notice an injection (the harness itself works)', () => {
      const value = `$(touch ${markers}/naive)`;
      run(`printf '%s\\n' ${value}`, {});
      assert.deepEqual(readdirSync(markers), ['naive']);
      rmSync(path.join(markers, 'naive'));
      assert.notEqual(run("printf '%s\\n' ${BUCKET}", { BUCKET: 'a  *' }).stdout, 'a  *\n', 'unquoted expansion splits and globs');
    });

    it('never runs a value and passes it as exactly one argument', () => {
      const specs = [spec('bucket')];
      for (const value of hostile(markers)) {
        for (const shape of shapes) {
          const source = substituted(shape.source, specs);
          assert.ok(!source.includes(markers), 'the value must not be in the source');
          const result = run(source, parameterEnvironment(specs, { bucket: value }));
          const label = `${shape.title} with ${JSON.stringify(value)}\n${source}\nstderr: ${result.stderr}`;
          assert.deepEqual(readdirSync(markers), [], `a marker was created: ${label}`);
          assert.equal(result.status, 0, label);
          assert.equal(result.stdout, shape.expected(value), label);
          assert.ok(existsSync(path.join(home, 'keep')), `HOME was touched: ${label}`);
        }
      }
    });

    it('property: printf prints exactly the value, for arbitrary values', () => {
      const specs = [spec('p')];
      const meta = fc.constantFrom('$', '`', '"', "'", '\\', '\n', ' ', '\t', '*', '?', '[', ']', '(', ')', '{', '}', '#', ';', '&', '|', '<', '>', '~', '!', '%', '=', 'EOF', '$(', '{{p}}');
      const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
      const values = fc.string({ unit: fc.oneof(meta, anyChar), maxLength: 40 }).filter((v) => !v.includes('\0'));
      const cellShapes = ["printf '%s' {{p}}", 'printf \'%s\' "{{p}}"', "printf '%s' x{{p}}y", 'cat <<EOF\n{{p}}\nEOF'];
      fc.assert(
        fc.property(values, fc.nat(cellShapes.length - 1), (value, shapeIndex) => {
          const shape = cellShapes[shapeIndex]!;
          const result = run(substituted(shape, specs), parameterEnvironment(specs, { p: value }));
          const expected = shapeIndex === 2 ? `x${value}y` : shapeIndex === 3 ? `${value}\n` : value;
          assert.equal(result.stdout, expected, `${shape} with ${JSON.stringify(value)}: ${result.stderr}`);
          assert.deepEqual(readdirSync(markers), []);
        }),
        { seed: 1337, numRuns: 200 },
      );
    });
  });
});
