import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KNOWN_CONTROL_IDS, RELATED_CONTROL_IDS } from '../../src/compliance/catalog';
import { ALL_RULES } from '../../src/manifests/lint';
import { validateRunbook, type RunbookProblem } from '../../src/runbook/validate';
import { CITABLE_CONTROL_IDS } from '../../src/runbook/validateCells';
import { runCli } from './support/runCli';
import { runbooksDir } from './support/paths';

const NOW = new Date('2026-11-29T12:00:00Z');

/** The file's lines joined: line N of a test runbook is the N-th argument. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

/** Front matter without problems, lines 1–10; the body starts on line 11. */
const HEAD = [
  '---',
  'title: Test runbook',
  'kind: incident',
  'targets:',
  '  demo: "123456789012"',
  'parameters:',
  '  - name: userName',
  '    default: alice',
  '  - name: days',
  '    type: number',
  '---',
];

const check = (text: string): RunbookProblem[] => validateRunbook(text, { now: NOW });
/** `line:column severity code` of each problem, in order. */
const where = (text: string): string[] => check(text).map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`);
const only = (text: string): RunbookProblem => {
  const problems = check(text);
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 1));
  return problems[0]!;
};
const withCell = (fence: string, ...body: string[]): string => lines(...HEAD, '', fence, ...body, '```');
const FENCE_LINE = HEAD.length + 2;
/** The 1-based column of the first `needle` in a line. */
const col = (line: string, needle: string): number => line.indexOf(needle) + 1;

describe('runbook check: validateRunbook', () => {
  it('finds nothing in a runbook that only uses what is declared', () => {
    assert.deepEqual(check(withCell('```sh {"name":"who","risk":"read","timeout":"5m","region":"eu-west-1","excludeFromRunAll":true}', 'aws iam get-user --user-name {{ userName }}')), []);
  });

  describe('front matter', () => {
    it('reports YAML that does not parse at its line', () => {
      const problem = only(lines('---', 'title: x', 'kind: [incident', '---'));
      assert.equal(problem.code, 'front-matter');
      assert.equal(problem.severity, 'error');
      assert.ok(problem.line >= 3, String(problem.line));
      assert.match(problem.message, /^Front matter is not valid YAML: /);
      assert.deepEqual(where(lines('---', 'title: x', 'title: y', 'kind: incident', '---')), ['3:1 error front-matter']);
    });

    it('wants a mapping with a title and a kind', () => {
      assert.deepEqual(where('# No front matter\n'), ['1:1 warning front-matter']);
      assert.deepEqual(where(lines('---', '- a', '---')), ['2:1 error front-matter']);
      assert.deepEqual(where(lines('---', 'description: only', '---')), ['1:1 warning front-matter', '1:1 warning front-matter']);
      assert.match(check(lines('---', 'kind: incident', '---'))[0]!.message, /no `title`/);
    });

    it('checks title, kind and description values at their keys', () => {
      assert.deepEqual(where(lines('---', 'title: [a]', 'kind: investigation', 'description: 3', '---')), [
        '2:1 error front-matter',
        '3:1 error front-matter',
        '4:1 error front-matter',
      ]);
      assert.match(check(lines('---', 'title: T', 'kind: investigation', '---'))[0]!.message, /`kind` must be one of incident, enablement, compliance, not "investigation"/);
    });

    it('warns about keys nothing reads, with the key it resembles', () => {
      const problem = only(lines('---', 'title: T', 'kind: incident', 'parameter: []', '---'));
      assert.deepEqual([problem.line, problem.column, problem.severity, problem.code], [4, 1, 'warning', 'unknown-key']);
      assert.match(problem.message, /`parameter`.*did you mean `parameters`\?/);
    });

    it('wants 12-digit account ids in targets, each reported at its value', () => {
      const text = lines('---', 'title: T', 'kind: incident', 'targets:', '  prod: ["111122223333", "12345"]', '  staging: 012345678901', '  dev:', '    nested: 1', '---');
      assert.deepEqual(where(text), [`5:${col(text.split('\n')[4]!, '"12345"')} error target`, '6:12 error target', '8:5 error target']);
      const [short, number, nested] = check(text);
      assert.match(short!.message, /"12345" for environment "prod" is not a 12-digit AWS account id/);
      assert.match(number!.message, /YAML read it as a number; put it in quotes/);
      assert.match(nested!.message, /environment "dev" must be an account id or a list of account ids, not a nested mapping/);
      assert.deepEqual(check(lines('---', 'title: T', 'kind: incident', 'targets: ["111122223333", "444455556666"]', '---')), []);
      assert.deepEqual(where(lines('---', 'title: T', 'kind: incident', 'targets: "1234"', '---')), ['4:10 error target']);
    });

    it('reports each parameter problem at its entry, or at the key it is about', () => {
      const text = lines(
        '---',
        'title: T',
        'kind: incident',
        'parameters:',
        '  - name: days',
        '    type: number',
        '    default: soon',
        '  - name: level',
        '    type: colour',
        '  - name: days',
        '  - name: region',
        '    colour: red',
        '---',
      );
      assert.deepEqual(where(text), ['7:5 error parameter', '9:5 error parameter', '10:5 error parameter', '12:5 error parameter']);
      const messages = check(text).map((p) => p.message);
      assert.match(messages[0]!, /Parameter "days": the default is not valid/);
      assert.match(messages[1]!, /type "colour" is not one of/);
      assert.match(messages[2]!, /declared more than once/);
      assert.match(messages[3]!, /unknown key `colour`/);
      assert.deepEqual(where(lines('---', 'title: T', 'kind: incident', 'parameters: 3', '---')), ['4:1 error parameter']);
    });

    it('resolves the time range', () => {
      const problem = only(lines('---', 'title: T', 'kind: incident', 'timeRange: 3x', '---'));
      assert.deepEqual([problem.line, problem.code, problem.severity], [4, 'time-range', 'error']);
      assert.match(problem.message, /Front matter `timeRange`: Time range "3x"/);
      assert.deepEqual(check(lines('---', 'title: T', 'kind: incident', 'timeRange: { start: 2026-11-28T00:00Z, end: now }', '---')), []);
    });
  });

  describe('cell attributes', () => {
    it('reports attributes that are not JSON at the brace', () => {
      assert.deepEqual(where(withCell('```sh {name: x}', 'echo')), [`${FENCE_LINE}:7 error attribute`]);
    });

    it('warns about attributes the cell language does not read', () => {
      const fence = '```sh {"name":"a","colour":"red","limit":3}';
      const problems = check(withCell(fence, 'echo'));
      assert.deepEqual(problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`), [`${FENCE_LINE}:${col(fence, '"colour"')} warning unknown-key`, `${FENCE_LINE}:${col(fence, '"limit"')} warning unknown-key`]);
      assert.match(problems[0]!.message, /"colour" is ignored: `sh` cells read name, risk/);
      assert.deepEqual(check(withCell('```securityhub {"name":"a","limit":3}', 'SeverityLabel = HIGH')), []);
    });

    it('wants kebab-case names, each used once', () => {
      // ```sh {"name": the key at column 8.
      assert.deepEqual(where(withCell('```sh {"name":"Bad_Name"}', 'echo')), [`${FENCE_LINE}:8 error cell-name`]);
      assert.deepEqual(where(withCell('```sh {"name":7}', 'echo')), [`${FENCE_LINE}:8 error cell-name`]);
      const twice = lines(...HEAD, '', '```sh {"name":"same"}', 'echo 1', '```', '', '```text {"name":"same"}', 'shown', '```');
      const problem = only(twice);
      assert.deepEqual([problem.line, problem.column, problem.code], [FENCE_LINE + 4, col('```text {"name":"same"}', '"name"'), 'duplicate-name']);
      assert.match(problem.message, new RegExp(`already used by the cell on line ${FENCE_LINE}`));
    });

    it('wants a risk that is one of the three and not below what the commands show', () => {
      assert.deepEqual(where(withCell('```sh {"risk":"high"}', 'echo')), [`${FENCE_LINE}:8 error risk`]);
      const fence = '```sh {"name":"stop","risk":"read"}';
      const lower = only(withCell(fence, 'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0'));
      assert.deepEqual([lower.line, lower.column, lower.code], [FENCE_LINE, col(fence, '"risk"'), 'risk']);
      assert.match(lower.message, /Cell "stop" declares risk "read", but aws ec2 terminate-instances deletes, which is destructive/);
      assert.match(only(withCell('```log-retention {"risk":"read"}', '/aws/x = 30')).message, /log-retention cells change log group retention, which is mutating/);
      // Higher than the classifier's is the author's call.
      assert.deepEqual(check(withCell('```sh {"risk":"destructive"}', 'aws sts get-caller-identity')), []);
    });

    it('checks timeout, region and excludeFromRunAll values', () => {
      const fence = '```sh {"timeout":-1,"region":"Europe","excludeFromRunAll":"yes"}';
      assert.deepEqual(where(withCell(fence, 'echo')), [
        `${FENCE_LINE}:${col(fence, '"timeout"')} error attribute`,
        `${FENCE_LINE}:${col(fence, '"region"')} error attribute`,
        `${FENCE_LINE}:${col(fence, '"excludeFromRunAll"')} error attribute`,
      ]);
      assert.match(check(withCell(fence, 'echo'))[1]!.message, /"region" must be an AWS region id such as "eu-west-1", not "Europe"/);
      assert.deepEqual(check(withCell('```sh {"timeout":90,"region":"us-gov-west-1","excludeFromRunAll":false}', 'echo')), []);
    });

    it('wants controls that some compliance item, related control or manifest rule names', () => {
      assert.deepEqual(where(withCell('```sh {"controls":"GuardDuty.1"}', 'echo')), [`${FENCE_LINE}:8 error control`]);
      const fence = '```sh {"controls":["GuardDuty.1","Nope.1"]}';
      const unknown = only(withCell(fence, 'echo'));
      assert.deepEqual([unknown.line, unknown.column, unknown.code], [FENCE_LINE, col(fence, '"Nope.1"'), 'control']);
      assert.match(unknown.message, /Control "Nope.1" matches no compliance checklist item/);
      // A checklist item's, a related one, one only a Terraform rule cites.
      assert.deepEqual(check(withCell('```sh {"controls":["CIS 3.1","EKS.8","RDS.3"]}', 'echo')), []);
    });

    it('knows the controls of the catalog, the related list and every manifest rule', () => {
      const expected = new Set([...KNOWN_CONTROL_IDS, ...RELATED_CONTROL_IDS, ...ALL_RULES.flatMap((rule) => rule.controls)]);
      assert.deepEqual([...CITABLE_CONTROL_IDS].sort(), [...expected].sort());
    });
  });

  describe('languages', () => {
    it('warns about a block no executor runs, unless it only shows something', () => {
      const problem = only(withCell('```python', 'print(1)'));
      assert.deepEqual([problem.line, problem.column, problem.severity, problem.code], [FENCE_LINE, 1, 'warning', 'language']);
      assert.match(problem.message, /No executor runs `python` cells/);
      assert.match(only(withCell('```logsinsights', 'fields @message')).message, /did you mean `logs-insights`\?/);
      for (const fence of ['```', '```text', '```json', '```yaml', '```yml', '```hcl', '```terraform', '```dockerfile', '```diff', '~~~']) {
        assert.deepEqual(check(lines(...HEAD, '', fence, 'x', fence.slice(0, 3))), [], fence);
      }
    });

    it('does not hold fenced blocks inside lists to be cells', () => {
      assert.deepEqual(check(lines(...HEAD, '', '1. Step', '', '   ```python', '   print(1)', '   ```')), []);
    });
  });

  describe('placeholders', () => {
    it('reports a placeholder naming no parameter at its line and column', () => {
      const problem = only(withCell('```sh', 'echo start', 'aws iam get-user --user-name {{ user }}'));
      assert.deepEqual([problem.line, problem.column, problem.code], [FENCE_LINE + 2, 30, 'placeholder']);
      assert.match(problem.message, /\{\{ user \}\} names no parameter of this runbook \(the parameters are userName, days\)/);
      assert.deepEqual(where(withCell('```cloudtrail', 'Username = {{user}}')), [`${FENCE_LINE + 1}:12 error placeholder`]);
    });

    it('reports a placeholder where the shell cannot substitute it', () => {
      const problem = only(withCell('```sh', "echo '{{ userName }}'"));
      assert.deepEqual([problem.line, problem.column, problem.code], [FENCE_LINE + 1, 7, 'placeholder']);
      assert.match(problem.message, /inside single quotes/);
      const second = "echo {{ userName }} '{{ days }}'";
      assert.deepEqual(where(withCell('```sh', 'true', second)), [`${FENCE_LINE + 2}:${col(second, "{{ days }}")} error placeholder`]);
    });

    it('leaves escaped placeholders, markdown and display-only blocks alone', () => {
      assert.deepEqual(check(lines(...HEAD, '', 'Text with {{ nothing }}.', '', '```sh', 'echo \\{{ literal }}', '```', '', '```text', '{{ shown }}', '```')), []);
    });

    it('does not report a placeholder twice when its parameter is already reported', () => {
      const text = lines('---', 'title: T', 'kind: incident', 'parameters:', '  - name: tier', '    type: enum', '---', '', '```sh', 'echo {{ tier }}', '```');
      assert.deepEqual(where(text), ['5:5 error parameter']);
    });
  });

  describe('native cells', () => {
    it('reports what the cell readers refuse, at the cell line or the attribute', () => {
      const securityHub = only(withCell('```securityhub', 'RecordState = ACTIVE', 'Colour = red'));
      assert.deepEqual([securityHub.line, securityHub.column, securityHub.code], [FENCE_LINE + 2, 1, 'native-cell']);
      assert.match(securityHub.message, /^"Colour" is not a filter this cell understands/);
      assert.deepEqual(where(withCell('```securityhub {"limit":0}', '')), [`${FENCE_LINE}:${col('```securityhub {"limit":0}', '"limit"')} error native-cell`]);
      assert.deepEqual(where(withCell('```logs-insights', 'fields @message')), [`${FENCE_LINE}:1 error native-cell`]);
      assert.deepEqual(check(withCell('```logs-insights {"logGroups":["/aws/x"]}', 'fields @message')), []);
    });

    it('reads a cell with the parameters\' defaults, and says so when a sample stood in', () => {
      assert.deepEqual(check(withCell('```cloudtrail', 'Username = {{ userName }}')), []);
      assert.deepEqual(check(withCell('```log-retention {"risk":"mutating"}', '/aws/x = {{ days }}')), []);
      const sampled = only(withCell('```securityhub', 'RecordState = ACTIVE', 'SeverityLabel = {{ days }}'));
      assert.deepEqual([sampled.line, sampled.column, sampled.code], [FENCE_LINE + 2, 1, 'native-cell']);
      assert.match(sampled.message, /^"1" is not a SeverityLabel.* \(read with days = "1", as it has no default\)$/);
    });

    it('resolves a query cell\'s own time range', () => {
      assert.deepEqual(where(withCell('```cloudtrail {"timeRange":"2q"}', 'Username = bob')), [`${FENCE_LINE}:${col('```cloudtrail {"timeRange"', '"timeRange"')} error time-range`]);
    });
  });

  describe('positions', () => {
    const text = withCell('```sh {"risk":"read"}', 'rm -rf /tmp/x');

    it('counts CRLF files and a byte order mark like LF ones', () => {
      const expected = where(text);
      assert.equal(expected.length, 1);
      assert.deepEqual(where(text.replace(/\n/g, '\r\n')), expected);
      assert.deepEqual(where(`\uFEFF${text}`), expected);
      const frontMatter = lines('---', 'title: T', 'parameters: 3', 'kind: nope', '---');
      assert.deepEqual(where(frontMatter.replace(/\n/g, '\r\n')), ['3:1 error parameter', '4:1 error front-matter']);
    });

    it('counts the indentation of an indented fence', () => {
      const indented = lines(...HEAD, '', '  ```sh {"risk":"read"}', '  echo {{ nobody }}', '  rm -rf /tmp/x', '  ```');
      assert.deepEqual(where(indented), [`${FENCE_LINE}:10 error risk`, `${FENCE_LINE + 1}:8 error placeholder`]);
    });

    it('never throws', () => {
      for (const odd of ['', '---', '---\n---\n', '```', '~~~sh {"risk":', '---\n: :\n---\n```sh\n{{', '\r\r\n\n```\r']) {
        assert.ok(Array.isArray(check(odd)), JSON.stringify(odd));
      }
    });
  });

  describe('the shipped runbooks', () => {
    for (const file of readdirSync(runbooksDir).filter((name) => name.endsWith('.runbook.md'))) {
      it(`${file} has no problems`, () => {
        assert.deepEqual(validateRunbook(readFileSync(path.join(runbooksDir, file), 'utf8')), []);
      });
    }
  });
});

describe('runbook check: the command', () => {
  let workspace: string;
  const write = (relative: string, text: string) => {
    const file = path.join(workspace, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const GOOD = lines(...HEAD, '', '```sh {"name":"who","risk":"read"}', 'aws sts get-caller-identity', '```');
  const WARNS = lines(...HEAD, '', '```python', 'print(1)', '```');
  const BAD_FENCE = '```sh {"name":"stop","risk":"read"}';
  const BAD = lines(...HEAD, '', BAD_FENCE, 'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0', '```');

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'runbook-check-'));
    write('good.runbook.md', GOOD);
    write('ops/warns.runbook.md', WARNS);
    write('ops/deep/bad.runbook.md', BAD);
    write('ops/notes.md', BAD);
    write('node_modules/pkg/x.runbook.md', BAD);
    write('.git/y.runbook.md', BAD);
    write('.gitignore', 'rendered/\n');
    write('rendered/z.runbook.md', BAD);
    mkdirSync(path.join(workspace, 'empty'));
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('exits 0 with a summary on stderr and nothing on stdout for the shipped runbooks', async () => {
    const count = readdirSync(runbooksDir).filter((name) => name.endsWith('.runbook.md')).length;
    const run = await runCli(['runbook', 'check', 'runbooks']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `${count} runbooks checked: no problems\n`);
  });

  it('walks the current directory when given no path, honouring .gitignore and skipping node_modules and .git, and exits 1 on errors', async () => {
    const run = await runCli(['runbook', 'check'], { cwd: workspace });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(
      run.stdout,
      [
        `ops/deep/bad.runbook.md:${FENCE_LINE}:${col(BAD_FENCE, '"risk"')}: error [risk] Cell "stop" declares risk "read", but aws ec2 terminate-instances deletes, which is destructive; declare "destructive" or change the command.`,
        `ops/warns.runbook.md:${FENCE_LINE}:1: warning [language] No executor runs \`python\` cells, so this cell is skipped; cells that run are \`sh\` / \`bash\`, \`logs-insights\`, \`cloudtrail\`, \`securityhub\`, \`log-retention\`; use \`text\` for a block to read only.`,
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, '3 runbooks checked: 1 error, 1 warning\n');
  });

  it('prints paths relative to the working directory and checks a named file whatever its name', async () => {
    const run = await runCli(['runbook', 'check', 'deep/bad.runbook.md', 'notes.md'], { cwd: path.join(workspace, 'ops') });
    assert.equal(run.code, 1);
    assert.deepEqual(
      run.stdout.trim().split('\n').map((line) => line.split(':')[0]),
      ['deep/bad.runbook.md', 'notes.md'],
    );
    assert.equal(run.stderr, '2 runbooks checked: 2 errors\n');
  });

  it('fails on warnings only with --strict', async () => {
    const relaxed = await runCli(['runbook', 'check', 'ops/warns.runbook.md'], { cwd: workspace });
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.equal(relaxed.stderr, '1 runbook checked: 1 warning\n');
    const strict = await runCli(['runbook', 'check', '--strict', 'ops/warns.runbook.md'], { cwd: workspace });
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, relaxed.stdout);
  });

  it('writes JSON with --format json', async () => {
    const run = await runCli(['runbook', 'check', '--format', 'json', 'good.runbook.md', 'ops'], { cwd: workspace });
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as { runbooks: { path: string; problems: RunbookProblem[] }[]; errors: number; warnings: number };
    assert.deepEqual(
      report.runbooks.map((r) => [r.path, r.problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.code}`)]),
      [
        ['good.runbook.md', []],
        ['ops/deep/bad.runbook.md', [`${FENCE_LINE}:${col(BAD_FENCE, '"risk"')} error risk`]],
        ['ops/warns.runbook.md', [`${FENCE_LINE}:1 warning language`]],
      ],
    );
    assert.deepEqual(Object.keys(report.runbooks[1]!.problems[0]!), ['line', 'column', 'severity', 'code', 'message']);
    assert.equal(report.errors, 1);
    assert.equal(report.warnings, 1);
    assert.equal(run.stderr, '3 runbooks checked: 1 error, 1 warning\n');
  });

  it('colours the severity only when asked (FORCE_COLOR), never in a pipe by default', async () => {
    const plain = await runCli(['runbook', 'check', 'ops/deep'], { cwd: workspace });
    assert.doesNotMatch(plain.stdout + plain.stderr, /\x1b\[/);
    const coloured = await runCli(['runbook', 'check', 'ops/deep'], { cwd: workspace, env: { FORCE_COLOR: '1' } });
    assert.match(coloured.stdout, /: \x1b\[31merror\x1b\[39m \[risk\]/);
  });

  it('exits 2 for a path that does not exist, a folder without runbooks, or a bad option', async () => {
    const missing = await runCli(['runbook', 'check', 'good.runbook.md', 'nowhere'], { cwd: workspace });
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /runbook check: no such file or directory: nowhere/);
    const empty = await runCli(['runbook', 'check', 'empty'], { cwd: workspace });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no runbook \(\*\.runbook\.md\) found in empty/);
    const format = await runCli(['runbook', 'check', '--format', 'xml'], { cwd: workspace });
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json/);
  });

  it('explains itself with --help', async () => {
    const run = await runCli(['runbook', 'check', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: security-runbooks runbook check \[paths\.\.\.\] \[options\]/);
    for (const code of ['front-matter', 'unknown-key', 'target', 'parameter', 'time-range', 'attribute', 'cell-name', 'duplicate-name', 'risk', 'language', 'placeholder', 'control', 'native-cell']) {
      assert.match(run.stdout, new RegExp(`\\n  ${code} `), code);
    }
    assert.match(run.stdout, /--format text\|json/);
    assert.match(run.stdout, /--strict/);
    assert.match(run.stdout, /Example:\n  security-runbooks runbook check runbooks\/ --strict/);
    assert.match(run.stdout, /Exit codes: 0 .*1 problems found,\n2 /);
  });
});
