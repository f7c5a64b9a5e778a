/**
 * `security-runbooks lint`, run as a pipeline runs it: the built dist/cli.js as a
 * child process, no terminal. Exit codes, the three formats (SARIF validated
 * against the SARIF 2.1.0 JSON schema shipped in test/fixtures/sarif), folder
 * walking with .gitignore, the settings file, and agreement with the library the
 * editor uses.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { lintManifest } from '../../src/manifests/lint';
import { parseProjectConfig } from '../../src/config/projectConfig';
import { repoRoot } from './support/paths';
import { runCli } from './support/runCli';

const SARIF_SCHEMA = path.join(repoRoot, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json');

/** Checks a document against the SARIF 2.1.0 schema: undefined when it validates, else the first errors. */
function sarifErrors(document: unknown): string | undefined {
  // The published schema is draft-04 and has a pattern that is not valid with the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  return validate(document) ? undefined : JSON.stringify(validate.errors?.slice(0, 3), null, 2);
}

const ROOT_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: tools
spec:
  hostPID: true
  containers:
    - name: shell
      image: busybox:latest
`;

const GOOD_DOCKERFILE = `FROM python:3.12-slim
USER 10001
HEALTHCHECK CMD ["python", "-c", "print(1)"]
CMD ["python", "app.py"]
`;

const INFO_ONLY_DOCKERFILE = `FROM python:3.12-slim
USER 10001
CMD ["python", "app.py"]
`;

describe('security-runbooks lint (the built CLI, as a child process)', function () {
  this.timeout(60_000);
  let dir: string;
  const write = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), text);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sr-cli-lint-'));
    mkdirSync(path.join(dir, '.git'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0 and "no findings" when the files are clean; the summary goes to stderr, not stdout', async () => {
    write('Dockerfile', GOOD_DOCKERFILE);
    const run = await runCli(['lint'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no findings in 1 manifest/);
  });

  it('exit 1 with one "path:line:column: severity message [RULE]" line per finding', async () => {
    write('k8s/debug.yaml', ROOT_POD);
    const run = await runCli(['lint'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.ok(lines.includes("k8s/debug.yaml:7:12: error Pod/debug shares the host's process ID namespace (hostPID: true). [SR-K8S-009]"), run.stdout);
    assert.ok(lines.some((l) => /^k8s\/debug\.yaml:10:\d+: warning .*:latest.*\[SR-K8S-010\]$/.test(l)), run.stdout);
    assert.ok(lines.every((l) => /^k8s\/debug\.yaml:\d+:\d+: (error|warning|info) .+ \[SR-[A-Z0-9-]+\]( \(quick fix in the editor\))?$/.test(l)), run.stdout);
    assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colours when stdout is not a terminal');
    assert.match(run.stderr, /1 error, \d+ warnings in 1 of 1 manifest \(failing at warning and above\)/);
  });

  it('--severity sets the threshold: info findings fail only at --severity info', async () => {
    write('Dockerfile', INFO_ONLY_DOCKERFILE);
    assert.equal((await runCli(['lint'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['lint', '--severity', 'error'], { cwd: dir })).code, 0);
    const strict = await runCli(['lint', '--severity', 'info'], { cwd: dir });
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /info .*\[SR-DOCKER-006\]/);
    write('k8s/debug.yaml', ROOT_POD);
    assert.equal((await runCli(['lint', '--severity', 'error'], { cwd: dir })).code, 1, 'hostPID is an error');
  });

  it('colours on a terminal only: FORCE_COLOR turns them on, NO_COLOR wins', async () => {
    write('k8s/debug.yaml', ROOT_POD);
    const forced = await runCli(['lint'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\x1b\[31merror\x1b\[39m/);
    const off = await runCli(['lint'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.doesNotMatch(off.stdout, /\x1b\[/);
  });

  it('--format json: every finding with its rule, severity, 1-based position, exact range and fix', async () => {
    write('k8s/debug.yaml', ROOT_POD);
    const run = await runCli(['lint', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1);
    const json = JSON.parse(run.stdout);
    assert.equal(json.schema, 'security-runbooks/lint-result');
    assert.equal(json.files.length, 1);
    assert.equal(json.files[0].path, 'k8s/debug.yaml');
    assert.equal(json.files[0].kind, 'kubernetes');
    // The same findings the editor gets from the library for this text.
    const library = await lintManifest({ path: path.join(dir, 'k8s/debug.yaml'), text: ROOT_POD, workspace: { namespaces: new Set(), networkPolicies: [] } });
    assert.deepEqual(
      json.files[0].findings.map((f: { ruleId: string; severity: string; message: string; range: unknown; fix?: unknown }) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, ...(f.fix ? { fix: f.fix } : {}) })),
      library.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, ...(f.fix ? { fix: f.fix } : {}) })),
    );
    const first = json.files[0].findings[0];
    assert.equal(first.line, first.range.start.line + 1);
    assert.equal(first.column, first.range.start.character + 1);
    assert.deepEqual(json.summary, { manifests: 1, error: library.findings.filter((f) => f.severity === 'error').length, warning: library.findings.filter((f) => f.severity === 'warning').length, info: library.findings.filter((f) => f.severity === 'info').length, failing: library.findings.filter((f) => f.severity !== 'info').length });
  });

  it('--format sarif validates against the SARIF 2.1.0 schema, with rule metadata, exact regions and fixes', async () => {
    write('k8s/debug.yaml', ROOT_POD);
    write('infra/db.tf', 'resource "aws_db_instance" "orders" {\n  engine = "postgres"\n}\n');
    write('Dockerfile', INFO_ONLY_DOCKERFILE);
    const run = await runCli(['lint', '--format', 'sarif'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarifErrors(sarif), undefined);
    const [runResult] = sarif.runs;
    assert.equal(runResult.tool.driver.name, 'security-runbooks');
    const rules = runResult.tool.driver.rules as Array<{ id: string; help: { markdown: string }; defaultConfiguration: { level: string }; properties: { 'security-severity': string } }>;
    const hostPid = rules.find((r) => r.id === 'SR-K8S-009')!;
    assert.match(hostPid.help.markdown, /^# SR-K8S-009/);
    assert.equal(hostPid.defaultConfiguration.level, 'error');
    const results = runResult.results as Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>; fixes?: unknown[] }>;
    for (const result of results) assert.equal(rules[result.ruleIndex]!.id, result.ruleId);
    const rds = results.find((r) => r.ruleId === 'SR-TF-001')!;
    assert.deepEqual(rds.locations[0]!.physicalLocation.artifactLocation, { uri: 'infra/db.tf', uriBaseId: '%SRCROOT%' });
    assert.equal(rds.locations[0]!.physicalLocation.region.startLine, 1);
    assert.ok(rds.fixes && rds.fixes.length === 1, 'the quick fix travels as a SARIF fix');
    assert.equal(results.find((r) => r.ruleId === 'SR-DOCKER-006')!.level, 'note');
    assert.equal(runResult.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'), true);
    const invalid = JSON.parse(JSON.stringify(sarif));
    invalid.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.notEqual(sarifErrors(invalid), undefined, 'the validator does reject a bad region');
  });

  it('acceptance: `npx security-runbooks lint` on the project\'s own test fixtures gives SARIF that validates', async () => {
    const output = path.join(dir, 'fixtures.sarif');
    const run = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile('npx', ['--no-install', 'security-runbooks', 'lint', 'test/fixtures', '--format', 'sarif', '--output', output], { cwd: repoRoot }, (error, _stdout, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    assert.equal(run.code, 1, `the fixtures have findings: ${run.stderr}`);
    const sarif = JSON.parse(readFileSync(output, 'utf8'));
    assert.equal(sarifErrors(sarif), undefined);
    const results = sarif.runs[0].results as Array<{ ruleId: string }>;
    const rulesSeen = new Set(results.map((r) => r.ruleId));
    for (const id of ['SR-K8S-001', 'SR-K8S-016', 'SR-DOCKER-001', 'SR-DOCKER-006', 'SR-TF-001', 'SR-TF-009', 'SR-TEMPLATE']) assert.ok(rulesSeen.has(id), `${id} among the fixtures' results`);
  });

  it('walks folders honouring .gitignore; named files are always linted; not-manifests are said so', async () => {
    write('.gitignore', 'rendered/\n');
    write('k8s/debug.yaml', ROOT_POD);
    write('rendered/debug.yaml', ROOT_POD);
    write('notes/config.yaml', 'name: not a manifest\n');
    const walked = JSON.parse((await runCli(['lint', '--format', 'json'], { cwd: dir })).stdout);
    assert.deepEqual(
      walked.files.map((f: { path: string }) => f.path),
      ['k8s/debug.yaml'],
    );
    const named = await runCli(['lint', '--format', 'json', 'rendered/debug.yaml', 'notes/config.yaml'], { cwd: dir });
    assert.deepEqual(
      JSON.parse(named.stdout).files.map((f: { path: string }) => f.path),
      ['rendered/debug.yaml'],
    );
    assert.match(named.stderr, /notes\/config\.yaml: not a Kubernetes manifest, Dockerfile or Terraform file; not checked/);
    const everything = JSON.parse((await runCli(['lint', '--format', 'json', '--no-gitignore'], { cwd: dir })).stdout);
    assert.equal(everything.files.length, 2);
  });

  it('the settings file applies as in the editor: rules off, severities, exclusions, suppression comments', async () => {
    write('.security-runbooks.yaml', 'manifests:\n  rules:\n    SR-K8S-010: off\n    SR-K8S-009: info\n  exclude:\n    - generated/\n');
    write('k8s/debug.yaml', ROOT_POD.replace('  hostPID: true', '  hostPID: true # security-runbooks-ignore: SR-K8S-009'));
    write('k8s/other.yaml', ROOT_POD.replace('name: debug', 'name: other'));
    write('generated/debug.yaml', ROOT_POD);
    const run = await runCli(['lint', '--format', 'json', '--severity', 'info'], { cwd: dir });
    const json = JSON.parse(run.stdout);
    assert.deepEqual(
      json.files.map((f: { path: string }) => f.path),
      ['k8s/debug.yaml', 'k8s/other.yaml'],
    );
    const rules = (i: number) => json.files[i].findings.map((f: { ruleId: string; severity: string }) => `${f.ruleId}:${f.severity}`);
    assert.ok(!rules(0).some((r: string) => r.startsWith('SR-K8S-009')), 'suppressed on its line');
    assert.ok(rules(1).includes('SR-K8S-009:info'), 'severity from the settings file');
    assert.ok(![...rules(0), ...rules(1)].some((r: string) => r.startsWith('SR-K8S-010')), 'turned off by the settings file');
    // The same as the library with the file's settings: what the editor computes.
    const settings = parseProjectConfig(readFileSync(path.join(dir, '.security-runbooks.yaml'), 'utf8')).rules;
    const library = await lintManifest({ path: path.join(dir, 'k8s/other.yaml'), text: readFileSync(path.join(dir, 'k8s/other.yaml'), 'utf8'), settings, workspace: { namespaces: new Set(), networkPolicies: [] } });
    assert.deepEqual(rules(1), library.findings.map((f) => `${f.ruleId}:${f.severity}`));
    // --config points every file at one settings file.
    write('strict.yaml', 'manifests:\n  rules:\n    SR-K8S-009: error\n');
    const strict = JSON.parse((await runCli(['lint', '--format', 'json', '--config', 'strict.yaml', 'k8s/other.yaml'], { cwd: dir })).stdout);
    assert.ok(strict.files[0].findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'SR-K8S-009' && f.severity === 'error'));
  });

  it('a mistake in the settings file is reported on stderr with its line; the rest still applies', async () => {
    write('.security-runbooks.yaml', 'manifests:\n  rules:\n    SR-K8S-010: loud\n    SR-K8S-009: off\n');
    write('k8s/debug.yaml', ROOT_POD);
    const run = await runCli(['lint'], { cwd: dir });
    assert.match(run.stderr, /\.security-runbooks\.yaml:3:17: SR-K8S-010: "loud" is not one of off, error, warning, info/);
    assert.doesNotMatch(run.stdout, /SR-K8S-009/);
    assert.match(run.stdout, /SR-K8S-010/);
  });

  it('--output writes the results to a file (no colour codes) and says so', async () => {
    write('k8s/debug.yaml', ROOT_POD);
    const run = await runCli(['lint', '--output', 'lint.txt'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    const written = readFileSync(path.join(dir, 'lint.txt'), 'utf8');
    assert.match(written, /k8s\/debug\.yaml:7:12: error/);
    assert.doesNotMatch(written, /\x1b\[/);
    assert.match(run.stderr, /written to lint\.txt/);
  });

  it('malformed files are findings (SR-PARSE), never a crash', async () => {
    write('k8s/broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
    write('Dockerfile', 'FROM\nRUN\n');
    write('main.tf', 'resource "aws_db_instance" "x" {\n  engine = \n');
    write('bin.yaml', '\u0000\u0001\u0002apiVersion: v1\nkind: Pod\n');
    const run = await runCli(['lint', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    const json = JSON.parse(run.stdout);
    for (const file of ['Dockerfile', 'k8s/broken.yaml', 'main.tf']) {
      const found = json.files.find((f: { path: string }) => f.path === file);
      assert.ok(found?.findings.some((f: { ruleId: string }) => f.ruleId === 'SR-PARSE'), `${file}: ${JSON.stringify(found)}`);
    }
  });

  it('bad arguments and missing paths exit 2 with a message naming the problem', async () => {
    const missing = await runCli(['lint', 'no-such-folder'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: no-such-folder/);
    const format = await runCli(['lint', '--format', 'xml'], { cwd: dir });
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json, sarif \(got "xml"\)/);
    assert.match(format.stderr, /See security-runbooks lint --help/);
    const unknown = await runCli(['lint', '--colour'], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--colour'/);
  });

  it('--help describes the command, its settings file and its exit codes', async () => {
    const run = await runCli(['lint', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: security-runbooks lint \[paths\.\.\.\] \[options\]/);
    for (const text of ['--format text|json|sarif', '--severity', '.security-runbooks.yaml', 'security-runbooks-ignore', 'Exit codes']) assert.ok(run.stdout.includes(text), text);
  });
});

describe('security-runbooks (the executable itself)', function () {
  this.timeout(30_000);

  it('--version prints the package version; --help lists every command', async () => {
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['lint', 'scan', 'runbook check', 'record verify', 'record export']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  it('every command answers --help with its usage', async () => {
    for (const command of [['lint'], ['scan'], ['runbook', 'check'], ['record', 'verify'], ['record', 'export']]) {
      const run = await runCli([...command, '--help']);
      assert.equal(run.code, 0, command.join(' '));
      assert.match(run.stdout, new RegExp(`^Usage: security-runbooks ${command.join(' ')}`, 'm'), command.join(' '));
    }
  });

  it('no command, an unknown command, or a group without its command: exit 2 with a pointer to help', async () => {
    const none = await runCli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^Usage: security-runbooks <command>/m);
    const unknown = await runCli(['deploy']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "deploy"/);
    const group = await runCli(['record']);
    assert.equal(group.code, 2);
    assert.match(group.stderr, /security-runbooks record <verify\|export>/);
  });

  it('the bundle carries a shebang and is executable, as package.json `bin` needs', () => {
    const cli = path.join(repoRoot, 'dist/cli.js');
    assert.equal(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'), true);
    assert.deepEqual(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).bin, { 'security-runbooks': 'dist/cli.js' });
  });
});
