/**
 * Kubernetes manifest rules beyond the per-rule fixtures (manifestRules.test.ts):
 * Helm/Go templates, syntax errors in one document of several, a 5,000-line file,
 * the workspace facts, exact finding ranges, the quick fixes' edits, and inputs of
 * every odd shape.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { kubernetesFacts, lintKubernetes } from '../../src/manifests/kubernetes/lintKubernetes';
import { selects } from '../../src/manifests/kubernetes/networkPolicy';
import { scanTemplates } from '../../src/manifests/kubernetes/templates';
import { unpinnedReason } from '../../src/manifests/kubernetes/imageTag';
import { looksSecret } from '../../src/manifests/kubernetes/envSecrets';
import { LineIndex } from '../../src/manifests/lineIndex';
import { lintManifest } from '../../src/manifests/lint';
import type { Finding, Range, WorkspaceFacts } from '../../src/manifests/model';
import { applyEdits } from '../../src/manifests/textEdits';
import { repoRoot } from './support/paths';

const FIXTURES = path.join(repoRoot, 'test/fixtures/manifests/kubernetes');
const TEMPLATES = path.join(FIXTURES, 'templates');

function lint(text: string, workspace?: WorkspaceFacts): Finding[] {
  return lintKubernetes(text, new LineIndex(text), workspace);
}

function slice(text: string, range: Range): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offset(range.start), lines.offset(range.end));
}

function only(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((finding) => finding.ruleId === ruleId);
}

function securityFindings(findings: Finding[]): Finding[] {
  return findings.filter((finding) => finding.ruleId.startsWith('SR-K8S-'));
}

function yamlErrors(text: string): number {
  return parseAllDocuments(text).reduce((count, doc) => count + doc.errors.length, 0);
}

/** Every Kubernetes fixture (templates aside), with its name. */
function fixtures(): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  for (const dir of readdirSync(FIXTURES).sort()) {
    if (dir === 'templates') continue;
    for (const file of readdirSync(path.join(FIXTURES, dir)).sort()) {
      found.push({ name: `${dir}/${file}`, text: readFileSync(path.join(FIXTURES, dir, file), 'utf8') });
    }
  }
  return found;
}

describe('Kubernetes manifests', () => {
  describe('Helm/Go templates', () => {
    const files = readdirSync(TEMPLATES)
      .filter((name) => name.endsWith('.yaml'))
      .sort();

    it('has template fixtures', () => assert.ok(files.length >= 4));

    for (const name of files) {
      it(`${name}: at most one SR-TEMPLATE, no syntax error, nothing reported on a templated value`, () => {
        const text = readFileSync(path.join(TEMPLATES, name), 'utf8');
        const findings = lint(text);
        assert.ok(only(findings, 'SR-TEMPLATE').length <= 1, JSON.stringify(findings, null, 1));
        assert.deepEqual(only(findings, 'SR-PARSE'), []);
        const templates = [...text.matchAll(/\{\{[\s\S]*?\}\}/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
        const lines = new LineIndex(text);
        for (const finding of securityFindings(findings)) {
          const start = lines.offset(finding.range.start);
          const end = lines.offset(finding.range.end);
          const overlapping = templates.find(([s, e]) => start < e && s < end);
          assert.equal(overlapping, undefined, `${finding.ruleId} points into a template: ${slice(text, finding.range)}`);
        }
      });
    }

    it('skips a document whose templates form whole lines, with one SR-TEMPLATE at its first template', () => {
      const text = readFileSync(path.join(TEMPLATES, 'deployment.yaml'), 'utf8');
      const findings = lint(text);
      assert.deepEqual(securityFindings(findings), []);
      const [template] = only(findings, 'SR-TEMPLATE');
      assert.ok(template);
      assert.equal(template.severity, 'info');
      assert.equal(slice(text, template.range), '{{ include "shop.fullname" . }}');
      assert.match(template.message, /document 1 \(Deployment, lines \d+-\d+\)/);
    });

    it('checks around templates that sit inside values, and never judges those values', () => {
      const text = readFileSync(path.join(TEMPLATES, 'inline-values.yaml'), 'utf8');
      const findings = lint(text);
      const privileged = only(findings, 'SR-K8S-004');
      assert.equal(privileged.length, 1);
      assert.equal(slice(text, privileged[0]!.range), 'true');
      assert.deepEqual(only(findings, 'SR-K8S-010').map((f) => slice(text, f.range)), ['busybox']);
      // hostNetwork, the api container's password and allowPrivilegeEscalation come from templates.
      for (const rule of ['SR-K8S-003', 'SR-K8S-009', 'SR-K8S-012']) assert.deepEqual(only(findings, rule), [], rule);
      // The pod securityContext is templated: what the containers inherit is unknown.
      for (const rule of ['SR-K8S-002', 'SR-K8S-008']) assert.deepEqual(only(findings, rule), [], rule);
      assert.ok(securityFindings(findings).every((f) => !f.message.includes('container "api"')), 'nothing about the fully templated container');
      const [template] = only(findings, 'SR-TEMPLATE');
      assert.match(template!.message, /image of container "api"/);
      assert.match(template!.message, /securityContext of container "api"/);
    });

    it('skips a conditional document but still checks the plain one after it', () => {
      const text = readFileSync(path.join(TEMPLATES, 'rbac-conditional.yaml'), 'utf8');
      const findings = lint(text);
      assert.deepEqual(only(findings, 'SR-K8S-016'), []);
      assert.deepEqual(only(findings, 'SR-K8S-010').map((f) => slice(text, f.range)), ['nginx:latest']);
      const [template] = only(findings, 'SR-TEMPLATE');
      assert.equal(slice(text, template!.range), '{{- if .Values.rbac.create }}');
      assert.match(template!.message, /1 of 2 documents.*document 1 \(ClusterRoleBinding/);
    });

    it('says nothing when templates cost no check (a ConfigMap holding Go templates)', () => {
      const text = readFileSync(path.join(TEMPLATES, 'configmap-go-template.yaml'), 'utf8');
      assert.deepEqual(lint(text), []);
    });

    it('treats a templated label value as unknown', () => {
      const text = readFileSync(path.join(TEMPLATES, 'namespace-templated-label.yaml'), 'utf8');
      const findings = lint(text);
      assert.deepEqual(only(findings, 'SR-K8S-001'), []);
      assert.match(only(findings, 'SR-TEMPLATE')[0]!.message, /pod-security\.kubernetes\.io\/enforce label/);
    });

    it('classifies templates: values inline, whole lines and keys structural, comments harmless', () => {
      const text = [
        'a: {{ .x }}',
        '{{- if .y }}',
        '  {{ .key }}: v',
        '- {{ .item }}',
        'b: "{{ .p }}:{{ .q }}"',
        '# {{ .comment }}',
        'c: {{ toYaml .m',
        '  | nindent 2 }}',
      ].join('\n');
      const scan = scanTemplates(text)!;
      assert.deepEqual(
        scan.spans.map((span) => span.place),
        ['inline', 'structural', 'structural', 'inline', 'inline', 'inline', 'comment', 'structural'],
      );
      assert.equal(scan.masked.length, text.length);
      assert.equal(scan.masked.split('\n').length, text.split('\n').length);
      assert.equal(scanTemplates('a: 1\n'), undefined);
    });

    it('gives one SR-TEMPLATE for a document with a templated key, and checks the others', () => {
      const text = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: one',
        '  labels:',
        '    {{ .Values.key }}: x',
        'spec:',
        '  hostPID: true',
        '---',
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: two}',
        'spec:',
        '  hostIPC: true',
        '',
      ].join('\n');
      const findings = lint(text);
      assert.equal(only(findings, 'SR-TEMPLATE').length, 1);
      assert.deepEqual(only(findings, 'SR-K8S-009').map((f) => f.message), ["Pod/two shares the host's IPC namespace (hostIPC: true)."]);
    });

    it('reports no syntax error for a templated document that does not parse', () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [{{ .Values.c }}\n  hostPID: true\n';
      const findings = lint(text);
      assert.deepEqual(only(findings, 'SR-PARSE'), []);
      assert.equal(only(findings, 'SR-TEMPLATE').length, 1);
      assert.deepEqual(securityFindings(findings), []);
    });
  });

  describe('syntax errors', () => {
    const privilegedPod = (name: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        privileged: true\n`;

    it('gives one SR-PARSE at the right line for a broken document of three; the other two are checked', () => {
      const broken = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n    extra: bad\nspec:\n  hostPID: true\n';
      const text = `${privilegedPod('first')}---\n${broken}---\n${privilegedPod('third')}`;
      const findings = lint(text);
      const parse = only(findings, 'SR-PARSE');
      assert.equal(parse.length, 1);
      assert.equal(parse[0]!.severity, 'error');
      const brokenLine = text.split('\n').indexOf('  name: broken');
      assert.equal(parse[0]!.range.start.line, brokenLine);
      assert.match(parse[0]!.message, /document 2 of 3/);
      assert.deepEqual(only(findings, 'SR-K8S-004').map((f) => f.message.match(/Pod\/\w+/)![0]), ['Pod/first', 'Pod/third']);
      assert.deepEqual(only(findings, 'SR-K8S-009'), [], 'nothing from the broken document');
    });

    it('reports an unclosed quote (which runs to the end) once', () => {
      const text = `${privilegedPod('first')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: "broken\n`;
      const findings = lint(text);
      assert.equal(only(findings, 'SR-PARSE').length, 1);
      assert.equal(only(findings, 'SR-K8S-004').length, 1);
    });

    it('reports a duplicate key at its second occurrence', () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\nspec:\n  hostPID: true\n';
      const [parse, ...more] = only(lint(text), 'SR-PARSE');
      assert.deepEqual(more, []);
      assert.equal(parse!.range.start.line, 4);
      assert.equal(slice(text, parse!.range), 'name');
      assert.match(parse!.message, /unique/);
    });

    it('ignores documents that are not Kubernetes objects', () => {
      assert.deepEqual(lint('just: a mapping\n---\n- a\n- list\n---\nscalar\n---\n'), []);
      assert.deepEqual(lint(''), []);
      assert.deepEqual(lint('# only a comment\n'), []);
    });
  });

  describe('a 5,000-line manifest', () => {
    it('lints without error, and the rules cost little beyond the YAML parse', function () {
      this.timeout(60_000);
      const documents: string[] = [];
      let count = 0;
      const sources = fixtures().flatMap((f) => f.text.split(/^---[ \t]*$/m).map((doc) => doc.trim()).filter((doc) => /^kind:/m.test(doc)));
      for (let i = 0; count < 5000; i++) {
        const doc = sources[i % sources.length]!;
        documents.push(doc);
        count += doc.split('\n').length + 1;
      }
      const text = `${documents.join('\n---\n')}\n`;
      const workspace = { namespaces: new Set(['shop', 'data', 'payments']), networkPolicies: [] };
      const findings = lint(text, workspace);
      assert.deepEqual(only(findings, 'SR-PARSE'), []);
      assert.ok(findings.length > 500, `${findings.length} findings`);
      // Timing is measured by bench/manifestLint.ts (the brief's target is 20 ms beyond the parse); tests assert behaviour only.
    });
  });

  describe('kubernetesFacts', () => {
    it('lists Namespaces and NetworkPolicies, with selectors, namespaces and List items', () => {
      const text = [
        'apiVersion: v1',
        'kind: Namespace',
        'metadata: {name: shop}',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        '  name: web',
        '  namespace: shop',
        'spec:',
        '  podSelector:',
        '    matchLabels: {app: web, version: 2}',
        '    matchExpressions:',
        '      - {key: tier, operator: In, values: [front, edge]}',
        '      - {key: canary, operator: DoesNotExist}',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: deny-all}',
        'spec: {podSelector: {}}',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - {apiVersion: v1, kind: Namespace, metadata: {name: data}}',
        '---',
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: broken',
        '    oops: 1',
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: {name: not-a-namespace}',
        '',
      ].join('\n');
      assert.deepEqual(kubernetesFacts(text), {
        namespaces: ['shop', 'data'],
        networkPolicies: [
          {
            namespace: 'shop',
            name: 'web',
            podSelector: {
              matchLabels: { app: 'web', version: '2' },
              matchExpressions: [
                { key: 'tier', operator: 'In', values: ['front', 'edge'] },
                { key: 'canary', operator: 'DoesNotExist' },
              ],
            },
          },
          { namespace: 'default', name: 'deny-all', podSelector: {} },
        ],
      });
    });

    it('counts a policy whose selector a template sets as selecting every pod, and skips one whose namespace is templated', () => {
      const text = [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: chart, namespace: shop}',
        'spec:',
        '  podSelector:',
        '    matchLabels: {app: "{{ .Release.Name }}"}',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: other, namespace: "{{ .Release.Namespace }}"}',
        'spec: {podSelector: {}}',
        '',
      ].join('\n');
      assert.deepEqual(kubernetesFacts(text), { namespaces: [], networkPolicies: [{ namespace: 'shop', name: 'chart', podSelector: {} }] });
    });

    it('never throws', () => {
      for (const text of ['', '{', 'kind: [', 'apiVersion: v1\nkind: NetworkPolicy\nspec: 5\n', 'apiVersion: v1\nkind: NetworkPolicy\nspec: {podSelector: {matchExpressions: 3}}\n']) {
        assert.doesNotThrow(() => kubernetesFacts(text), text);
      }
    });
  });

  describe('label selectors', () => {
    const labels = new Map([
      ['app', 'web'],
      ['tier', 'front'],
    ]);
    it('matches like Kubernetes', () => {
      assert.ok(selects({}, labels));
      assert.ok(selects({ matchLabels: { app: 'web' } }, labels));
      assert.ok(!selects({ matchLabels: { app: 'api' } }, labels));
      assert.ok(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels));
      assert.ok(!selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels));
      assert.ok(selects({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels));
      assert.ok(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels));
      assert.ok(!selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels));
      assert.ok(!selects({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels));
      assert.ok(!selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels));
    });
  });

  describe('finding ranges point at the exact text', () => {
    const text = [
      'apiVersion: v1', // 0
      'kind: Namespace',
      'metadata:',
      '  name: shop',
      '  labels: {pod-security.kubernetes.io/enforce: baseline}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      '  namespace: shop',
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {app: api}',
      '    spec:',
      '      hostPID: true',
      '      containers:',
      '        - name: web',
      '          image: nginx:latest',
      '          env:',
      '            - name: API_TOKEN',
      '              value: abc123',
      '          securityContext:',
      '            privileged: true',
      '            allowPrivilegeEscalation: true',
      '            readOnlyRootFilesystem: false',
      '            capabilities:',
      '              add: [SYS_ADMIN]',
      '              drop: [NET_RAW]',
      '            seccompProfile: {type: Unconfined}',
      '            runAsUser: 0',
      '          resources:',
      '            limits: {cpu: 1}',
      '        - name: plain',
      '          image: registry.example.com/plain@sha256:4c1e8f2a9b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata: {name: too-much}',
      'rules:',
      '  - apiGroups: [""]',
      '    resources: ["secrets"]',
      '    verbs: ["*"]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata: {name: ci}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
      'subjects: [{kind: ServiceAccount, name: ci, namespace: build}]',
      '',
    ].join('\n');
    const lineOf = (needle: string): number => text.split('\n').findIndex((line) => line.includes(needle));
    const findings = lint(text, { namespaces: new Set(['shop']), networkPolicies: [] });
    const at = (ruleId: string, container?: string): Array<[number, string]> =>
      only(findings, ruleId)
        .filter((f) => !container || f.message.includes(`"${container}"`))
        .map((f) => [f.range.start.line, slice(text, f.range)]);

    const expectations: Array<[string, string | undefined, Array<[number, string]>]> = [
      ['SR-K8S-001', undefined, [[lineOf('enforce: baseline'), 'baseline']]],
      ['SR-K8S-002', 'web', [[lineOf('runAsUser: 0'), '0']]],
      ['SR-K8S-002', 'plain', [[lineOf('name: plain'), 'plain']]],
      ['SR-K8S-003', 'web', [[lineOf('allowPrivilegeEscalation: true'), 'true']]],
      ['SR-K8S-004', undefined, [[lineOf('privileged: true'), 'true']]],
      ['SR-K8S-005', 'web', [[lineOf('drop: [NET_RAW]'), 'drop']]],
      ['SR-K8S-006', undefined, [[lineOf('add: [SYS_ADMIN]'), 'SYS_ADMIN']]],
      ['SR-K8S-007', 'web', [[lineOf('readOnlyRootFilesystem: false'), 'false']]],
      ['SR-K8S-008', 'web', [[lineOf('type: Unconfined'), 'Unconfined']]],
      ['SR-K8S-009', undefined, [[lineOf('hostPID: true'), 'true']]],
      ['SR-K8S-010', undefined, [[lineOf('nginx:latest'), 'nginx:latest']]],
      ['SR-K8S-011', 'web', [[lineOf('limits: {cpu: 1}'), 'limits']]],
      ['SR-K8S-011', 'plain', [[lineOf('name: plain'), 'plain']]],
      ['SR-K8S-012', undefined, [[lineOf('value: abc123'), 'abc123']]],
      ['SR-K8S-013', undefined, [[lineOf('name: api'), 'api']]],
      ['SR-K8S-014', undefined, [[lineOf('verbs: ["*"]'), '"*"']]],
      ['SR-K8S-015', undefined, [[lineOf('resources: ["secrets"]'), '"secrets"']]],
      ['SR-K8S-016', undefined, [[lineOf('name: cluster-admin'), 'cluster-admin']]],
    ];
    for (const [ruleId, container, expected] of expectations) {
      it(`${ruleId}${container ? ` (${container})` : ''}`, () => assert.deepEqual(at(ruleId, container), expected));
    }

    it('names the object and never repeats a secret value', () => {
      const secret = only(findings, 'SR-K8S-012')[0]!;
      assert.match(secret.message, /container "web" in Deployment\/api sets API_TOKEN/);
      assert.ok(!secret.message.includes('abc123'));
    });

    it('SR-K8S-011 says which limits are missing', () => {
      assert.match(only(findings, 'SR-K8S-011').find((f) => f.message.includes('"web"'))!.message, /no memory limit/);
      assert.match(only(findings, 'SR-K8S-011').find((f) => f.message.includes('"plain"'))!.message, /no cpu and memory limits/);
    });

    it('SR-K8S-013 says the decision rests on the workspace', () => {
      assert.match(only(findings, 'SR-K8S-013')[0]!.message, /policies in the workspace/);
      assert.deepEqual(only(lint(text), 'SR-K8S-013'), [], 'silent without workspace facts');
    });
  });

  describe('quick fixes', () => {
    const FIXABLE = new Set(['SR-K8S-001', 'SR-K8S-002', 'SR-K8S-003', 'SR-K8S-005', 'SR-K8S-007', 'SR-K8S-008']);

    it('every fix offered on a fixture applies cleanly, keeps the YAML valid and removes its finding', () => {
      let applied = 0;
      for (const fixture of fixtures()) {
        const findings = lint(fixture.text);
        for (const finding of findings.filter((f) => f.fix)) {
          assert.ok(FIXABLE.has(finding.ruleId), `${fixture.name}: ${finding.ruleId} is not fixable`);
          const fixed = applyEdits(fixture.text, finding.fix!.edits);
          applied++;
          assert.equal(yamlErrors(fixed), 0, `${fixture.name}: ${finding.fix!.title}\n${fixed}`);
          const same = (f: Finding): boolean => f.ruleId === finding.ruleId && f.message === finding.message;
          assert.ok(lint(fixed).filter(same).length < findings.filter(same).length, `${fixture.name}: ${finding.message} survives its fix\n${fixed}`);
        }
      }
      assert.ok(applied > 50, `${applied} fixes applied`);
    });

    it('adds a restricted securityContext in the file\'s indentation, keeping what is there', () => {
      const text = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '    name: p',
        'spec:',
        '    containers:',
        '    -   name: app',
        '        image: app:1.0.0',
        '        securityContext:',
        '            allowPrivilegeEscalation: true',
        '            runAsUser: 1000',
        '',
      ].join('\n');
      const fix = lint(text).find((f) => f.ruleId === 'SR-K8S-003')!.fix!;
      assert.equal(
        applyEdits(text, fix.edits),
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '    name: p',
          'spec:',
          '    containers:',
          '    -   name: app',
          '        image: app:1.0.0',
          '        securityContext:',
          '            allowPrivilegeEscalation: false',
          '            runAsUser: 1000',
          '            capabilities:',
          '                drop:',
          '                    - ALL',
          '            readOnlyRootFilesystem: true',
          '            seccompProfile:',
          '                type: RuntimeDefault',
          '',
        ].join('\n'),
      );
    });

    it('keeps comments after empty values where they were', () => {
      const text = [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: p}',
        'spec:',
        '  containers:',
        '    - name: a',
        '      image: a:1.0.0',
        '      securityContext: # to be decided',
        '    - name: b',
        '      image: b:1.0.0',
        '      securityContext:',
        '        readOnlyRootFilesystem: # later',
        '        runAsNonRoot: true',
        '        allowPrivilegeEscalation: false',
        '        capabilities: {drop: [ALL]}',
        '        seccompProfile: {type: RuntimeDefault}',
        '',
      ].join('\n');
      let fixed = text;
      for (let round = 0; round < 5; round++) {
        const finding = lint(fixed).find((f) => f.fix);
        if (!finding) break;
        fixed = applyEdits(fixed, finding.fix!.edits);
      }
      assert.match(fixed, /^ {6}securityContext: # to be decided\n {8}runAsNonRoot: true\n/m);
      assert.match(fixed, /^ {8}readOnlyRootFilesystem: true # later$/m);
      assert.equal(yamlErrors(fixed), 0);
      assert.deepEqual(securityFindings(lint(fixed)).filter((f) => f.fix), []);
    });

    it('keeps CRLF line endings', () => {
      const text = 'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n    - name: app\r\n      image: app:1.0.0\r\n';
      const fix = lint(text).find((f) => f.ruleId === 'SR-K8S-007')!.fix!;
      const fixed = applyEdits(text, fix.edits);
      assert.ok(!/[^\r]\n/.test(fixed), JSON.stringify(fixed));
      assert.equal(yamlErrors(fixed), 0);
      assert.deepEqual(only(lint(fixed), 'SR-K8S-007'), []);
    });

    it('fixes a flow-style container inside its braces', () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: "app:1.0.0"}]\n';
      const fix = lint(text).find((f) => f.ruleId === 'SR-K8S-002')!.fix!;
      const fixed = applyEdits(text, fix.edits);
      assert.equal(
        fixed,
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: "app:1.0.0", securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true, seccompProfile: {type: RuntimeDefault}}}]\n',
      );
      assert.deepEqual(securityFindings(lint(fixed)).filter((f) => ['SR-K8S-002', 'SR-K8S-003', 'SR-K8S-005', 'SR-K8S-007', 'SR-K8S-008'].includes(f.ruleId)), []);
    });

    it('offers no fix where an edit would reach through an anchor, an alias or a merge key', () => {
      const text = readFileSync(path.join(FIXTURES, 'SR-K8S-002/fail-nofix-anchored-container.yaml'), 'utf8');
      const findings = only(lint(text), 'SR-K8S-002');
      assert.equal(findings.length, 2);
      assert.ok(findings.every((f) => !f.fix));
      const aliased = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: app:1.0.0\n      securityContext: &sc\n        runAsNonRoot: true\n  initContainers:\n    - name: init\n      image: app:1.0.0\n      securityContext: *sc\n';
      for (const finding of lint(aliased).filter((f) => f.ruleId === 'SR-K8S-007')) assert.equal(finding.fix, undefined, finding.message);
    });

    it('gives the Namespace fix for missing, empty, flow and block labels', () => {
      for (const labels of ['', '  labels: {}\n', '  labels: {team: a}\n', '  labels:\n    team: a\n', '  labels:\n', '  labels:\n    pod-security.kubernetes.io/enforce: privileged\n    pod-security.kubernetes.io/enforce-version: v1.29\n']) {
        const text = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n${labels}`;
        const [finding] = only(lint(text), 'SR-K8S-001');
        assert.ok(finding?.fix, labels);
        const fixed = applyEdits(text, finding.fix.edits);
        assert.equal(yamlErrors(fixed), 0, fixed);
        assert.deepEqual(only(lint(fixed), 'SR-K8S-001'), [], fixed);
        const parsed = parseAllDocuments(fixed)[0]!.toJS() as { metadata: { labels: Record<string, string> } };
        assert.equal(parsed.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
        assert.ok(parsed.metadata.labels['pod-security.kubernetes.io/enforce-version']);
      }
    });
  });

  describe('robustness', () => {
    it('reads odd shapes without throwing', () => {
      const bodies = [
        'spec:\n  containers: "not a list"',
        'spec:\n  containers: [1, "two", null, [3], {name: 5, image: 6, securityContext: 7}]',
        'spec:\n  securityContext: null\n  containers:\n    - name: a\n      securityContext: null',
        'spec:\n  securityContext: [1]\n  containers:\n    - securityContext: {capabilities: "ALL", runAsUser: "x", seccompProfile: 3}',
        'spec:\n  containers:\n    - securityContext: {capabilities: {add: "SYS_ADMIN", drop: {a: 1}}}\n      env: "x"\n      resources: {limits: [1]}',
        'spec:\n  containers:\n    - env: [{name: {a: 1}, value: 1}, {name: PASSWORD, value: [1]}, 5, null]\n      image: {a: b}',
        'spec: 5',
        'spec:\n  template: [1]',
        'metadata: [x]\nspec: {containers: [{name: x}]}',
        'spec:\n  containers:\n    - &a {name: a, env: [*a], securityContext: {<<: *a}}\n    - *a\n    - <<: [*a, *a]\n      name: b',
        'spec:\n  containers:\n    - <<: [*missing, 5, {name: x}]\n      securityContext: {<<: *missing}',
        'spec:\n  hostNetwork: [true]\n  os: 5',
      ];
      for (const kind of ['Pod', 'Deployment', 'CronJob', 'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'NetworkPolicy', 'List']) {
        for (const body of bodies) {
          const text = `apiVersion: v1\nkind: ${kind}\n${body}\nrules: ${body.includes('5') ? '[{verbs: 5, resources: [null]}]' : 'x'}\nroleRef: [1]\nsubjects: 3\nitems: [1, {kind: 5}]\n`;
          assert.doesNotThrow(() => lint(text, { namespaces: new Set(['default']), networkPolicies: [] }), text);
          assert.doesNotThrow(() => kubernetesFacts(text), text);
        }
      }
    });

    it('survives 2,000 random mutations of the fixtures', function () {
      this.timeout(120_000);
      const sources = [...fixtures(), ...readdirSync(TEMPLATES).map((name) => ({ name, text: readFileSync(path.join(TEMPLATES, name), 'utf8') }))];
      const tokens = ['null', '~', '[]', '{}', '"x"', '5', '- ', ': ', '*a', '&a ', '<<: *a', '\n', '{{ .x }}', '{{- if .y }}\n', '\t', '---\n', 'true', '[ALL]', '"*"', '\r\n', '#', '|', '?', '!!str ', '"', ',', ']', '}'];
      let seed = 12345;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let i = 0; i < 2000; i++) {
        let text = sources[i % sources.length]!.text;
        for (let m = 0; m < 1 + Math.floor(random() * 3); m++) {
          const at = Math.floor(random() * (text.length + 1));
          text = random() < 0.4 ? text.slice(0, at) + text.slice(at + Math.floor(random() * 12)) : text.slice(0, at) + tokens[Math.floor(random() * tokens.length)] + text.slice(at);
        }
        let findings: Finding[] = [];
        assert.doesNotThrow(() => {
          findings = lint(text, { namespaces: new Set(['shop']), networkPolicies: [] });
          kubernetesFacts(text);
        }, text);
        for (const finding of findings) {
          assert.ok(finding.range.end.line > finding.range.start.line || finding.range.end.character > finding.range.start.character, `${finding.ruleId} has an empty range`);
          if (finding.fix) assert.doesNotThrow(() => applyEdits(text, finding.fix!.edits));
        }
      }
    });

    it('stays linear on wide mappings, many aliases and long template lines', function () {
      this.timeout(30_000);
      const head = 'apiVersion: v1\nkind: Pod\n';
      const texts = [
        `${head}spec:\n  containers:\n    - name: x\n${Array.from({ length: 20_000 }, (_, i) => `      k${i}: v`).join('\n')}\n`,
        `${head}x: &a [1]\n${Array.from({ length: 5_000 }, (_, i) => `k${i}: *a`).join('\n')}\n`,
        `${head}a: ${'{{ .x }}'.repeat(50_000)}\n`,
        `${head}a: ${'{{ '.repeat(100_000)}\n`,
      ];
      // A quadratic step would blow the test's time-out; the timings themselves are the benchmark's business.
      for (const text of texts) assert.doesNotThrow(() => lint(text));
    });

    it('runs through lintManifest by content, whatever the file name', async () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: []\n';
      const result = await lintManifest({ path: 'deploy/pod.yml', text });
      assert.equal(result.kind, 'kubernetes');
      assert.deepEqual(result.findings.map((f) => f.ruleId), ['SR-K8S-009']);
    });
  });

  describe('small pieces', () => {
    it('image references', () => {
      assert.equal(unpinnedReason('nginx:1.27'), undefined);
      assert.equal(unpinnedReason('registry:5000/app:2.0'), undefined);
      assert.match(unpinnedReason('registry:5000/app')!, /no tag/);
      assert.match(unpinnedReason('nginx')!, /no tag/);
      assert.match(unpinnedReason('nginx:latest')!, /latest/);
      assert.equal(unpinnedReason('nginx:latest@sha256:4c1e8f2a9b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f'), undefined);
      assert.match(unpinnedReason('nginx@sha256:short')!, /no tag/);
    });

    it('secret-looking env names', () => {
      for (const name of ['DB_PASSWORD', 'dbPassword', 'API_KEY', 'apikey', 'GITHUB_TOKEN', 'CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'MYSQL_PWD', 'GOOGLE_CREDENTIALS', 'jwt.secret']) {
        assert.ok(looksSecret(name), name);
      }
      for (const name of ['TOKEN_FILE', 'SECRET_NAME', 'OIDC_TOKEN_URL', 'AWS_ACCESS_KEY_ID', 'PASSWORD_PATH', 'LOG_LEVEL', 'PWDIR']) {
        assert.ok(!looksSecret(name), name);
      }
    });
  });
});
