import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mergeRuleSettings, parseProjectConfig } from '../../src/config/projectConfig';
import { loadConfigFile, ProjectConfigResolver } from '../../src/config/projectConfigFiles';
import { ruleDoc } from '../../src/manifests/lint';

const known = (id: string) => ruleDoc(id) !== undefined;

describe('.security-runbooks.yaml: reading the settings', () => {
  it('reads rule settings and exclusions', () => {
    const config = parseProjectConfig('manifests:\n  rules:\n    SR-K8S-011: off\n    SR-DOCKER-006: Warning\n  exclude:\n    - test/fixtures/\n    - "*.generated.yaml"\n', known);
    assert.deepEqual(config.rules, { 'SR-K8S-011': 'off', 'SR-DOCKER-006': 'warning' });
    assert.deepEqual(config.exclude, ['test/fixtures/', '*.generated.yaml']);
    assert.deepEqual(config.problems, []);
  });

  it('an empty file, or one with only comments, means the defaults', () => {
    for (const text of ['', '# nothing yet\n', 'manifests:\n', 'manifests:\n  rules:\n']) {
      assert.deepEqual(parseProjectConfig(text, known), { rules: {}, exclude: [], problems: [] }, JSON.stringify(text));
    }
  });

  it('reports each mistake with its line, and keeps what can be used', () => {
    const config = parseProjectConfig(
      ['manifests:', '  rules:', '    SR-K8S-011: off', '    SR-K8S-010: loud', '    SR-K8S-999: error', '  exlude: [a]', 'diagnostics: true', ''].join('\n'),
      known,
    );
    assert.deepEqual(config.rules, { 'SR-K8S-011': 'off', 'SR-K8S-999': 'error' });
    assert.deepEqual(
      config.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '4:17 SR-K8S-010: "loud" is not one of off, error, warning, info',
        '5:5 unknown rule id "SR-K8S-999"',
        '6:3 unknown setting "manifests.exlude" (known: rules, exclude)',
        '7:1 unknown setting "diagnostics" (known: manifests)',
      ],
    );
  });

  it('YAML that does not parse is a problem with its line, never a throw', () => {
    const config = parseProjectConfig('manifests:\n  rules:\n    SR-K8S-011: [off\n', known);
    assert.deepEqual(config.rules, {});
    assert.equal(config.problems.length > 0, true);
    assert.match(config.problems[0]!.message, /^not valid YAML/);
    assert.equal(config.problems[0]!.line >= 3, true);
    for (const text of ['- a\n- b\n', 'manifests: 3\n', 'manifests:\n  rules: [a]\n  exclude: {a: 1}\n', 'a: &x\n  b: *x\n', '\u0000\u0001']) {
      assert.doesNotThrow(() => parseProjectConfig(text, known));
      assert.ok(parseProjectConfig(text, known).problems.length > 0, JSON.stringify(text));
    }
  });

  it('the editor\'s own settings win over the file, rule by rule', () => {
    assert.deepEqual(mergeRuleSettings({ 'SR-K8S-011': 'off', 'SR-K8S-010': 'error' }, { 'SR-K8S-010': 'info' }), { 'SR-K8S-011': 'off', 'SR-K8S-010': 'info' });
  });
});

describe('.security-runbooks.yaml: which file governs a manifest', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sr-config-'));
    mkdirSync(path.join(root, 'repo/.git'), { recursive: true });
    mkdirSync(path.join(root, 'repo/k8s/team/deep'), { recursive: true });
    writeFileSync(path.join(root, '.security-runbooks.yaml'), 'manifests:\n  rules:\n    SR-K8S-001: off\n'); // outside the repository
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('the nearest file in the folder or above wins; the search stops at the repository root', () => {
    const resolver = new ProjectConfigResolver(known);
    const file = path.join(root, 'repo/k8s/team/deep/app.yaml');
    assert.equal(resolver.forFile(file).file, undefined, 'the file above the repository root does not apply');
    writeFileSync(path.join(root, 'repo/.security-runbooks.yaml'), 'manifests:\n  rules:\n    SR-K8S-002: off\n');
    writeFileSync(path.join(root, 'repo/k8s/team/.security-runbooks.yml'), 'manifests:\n  rules:\n    SR-K8S-003: off\n');
    resolver.clear();
    assert.equal(resolver.forFile(file).file, path.join(root, 'repo/k8s/team/.security-runbooks.yml'));
    assert.deepEqual(resolver.forFile(path.join(root, 'repo/k8s/app.yaml')).config.rules, { 'SR-K8S-002': 'off' });
  });

  it('exclusions are .gitignore patterns relative to the settings file', () => {
    writeFileSync(path.join(root, 'repo/.security-runbooks.yaml'), 'manifests:\n  exclude:\n    - k8s/team/\n    - "*.generated.yaml"\n    - "!keep.generated.yaml"\n');
    const loaded = loadConfigFile(path.join(root, 'repo/.security-runbooks.yaml'), known);
    const excluded = (p: string) => loaded.excludes(path.join(root, 'repo', p));
    assert.equal(excluded('k8s/team/deep/app.yaml'), true);
    assert.equal(excluded('k8s/app.yaml'), false);
    assert.equal(excluded('k8s/app.generated.yaml'), true);
    assert.equal(excluded('k8s/keep.generated.yaml'), false);
    assert.equal(loaded.excludes(path.join(root, 'elsewhere/k8s/team/a.yaml')), false, 'files outside its folder are not its business');
  });

  it('an unreadable settings file is a problem, not a crash', () => {
    mkdirSync(path.join(root, 'repo/.security-runbooks.yaml')); // a folder where the file should be
    const loaded = loadConfigFile(path.join(root, 'repo/.security-runbooks.yaml'), known);
    assert.match(loaded.config.problems[0]!.message, /cannot be read/);
    assert.deepEqual(loaded.config.rules, {});
  });
});
