/** The manifest framework's own parts: positions, edits, suppression comments, settings, which files are linted. */
import * as assert from 'node:assert/strict';
import { lintManifest } from '../../src/manifests/lint';
import { LineIndex } from '../../src/manifests/lineIndex';
import { manifestKind } from '../../src/manifests/manifestKind';
import type { Finding } from '../../src/manifests/model';
import { ruleDocMarkdown } from '../../src/manifests/ruleDocs';
import { applyRuleSettings } from '../../src/manifests/ruleSettings';
import { suppressionEdit, withoutSuppressed } from '../../src/manifests/suppression';
import { applyEdits } from '../../src/manifests/textEdits';
import { ALL_RULES } from '../../src/manifests/lint';

function finding(ruleId: string, line: number, character = 2): Finding {
  return { ruleId, severity: 'warning', message: 'm', range: { start: { line, character }, end: { line, character: character + 3 } } };
}

describe('manifest framework', () => {
  it('LineIndex: LF, CRLF and lone CR lines; an offset inside CRLF belongs to its line end', () => {
    const lines = new LineIndex('ab\r\ncd\ref\ngh');
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.position(3), { line: 0, character: 2 }, 'between \\r and \\n');
    assert.deepEqual(lines.position(4), { line: 1, character: 0 });
    assert.deepEqual(lines.position(7), { line: 2, character: 0 });
    assert.equal(lines.lineText(1), 'cd');
    assert.equal(lines.offset({ line: 3, character: 99 }), 12, 'clamped to the end');
  });

  it('applyEdits applies edits last first and refuses overlaps', () => {
    const text = 'one\ntwo\nthree\n';
    const at = (line: number, character: number) => ({ line, character });
    assert.equal(
      applyEdits(text, [
        { range: { start: at(0, 0), end: at(0, 3) }, newText: '1' },
        { range: { start: at(2, 0), end: at(2, 0) }, newText: '# ' },
      ]),
      '1\ntwo\n# three\n',
    );
    assert.throws(() => applyEdits(text, [{ range: { start: at(0, 0), end: at(1, 2) }, newText: '' }, { range: { start: at(0, 2), end: at(0, 3) }, newText: '' }]), /overlapping/);
  });

  it('suppression comments: above the line or at its end, for all rules or named ones', () => {
    const text = ['a: 1', '# security-runbooks-ignore: SR-K8S-003', 'b: 2', 'c: 3 # security-runbooks-ignore', '# security-runbooks-ignore', '# another comment', 'd: 4'].join('\n');
    const lines = new LineIndex(text);
    const kept = withoutSuppressed([finding('SR-K8S-003', 0), finding('SR-K8S-003', 2), finding('SR-K8S-007', 2), finding('SR-K8S-001', 3), finding('SR-K8S-010', 6)], lines);
    assert.deepEqual(
      kept.map((f) => `${f.ruleId}@${f.range.start.line}`),
      ['SR-K8S-003@0', 'SR-K8S-007@2'],
    );
  });

  it('the suppress edit adds a comment line above at the same indentation, or extends one there', () => {
    const text = 'spec:\n  containers:\n    - name: api\n';
    const edited = applyEdits(text, [suppressionEdit(finding('SR-K8S-003', 2, 6), new LineIndex(text), 'kubernetes')]);
    assert.equal(edited, 'spec:\n  containers:\n    # security-runbooks-ignore: SR-K8S-003\n    - name: api\n');
    const again = applyEdits(edited, [suppressionEdit(finding('SR-K8S-007', 3, 6), new LineIndex(edited), 'kubernetes')]);
    assert.match(again, /# security-runbooks-ignore: SR-K8S-003, SR-K8S-007\n {4}- name: api/);
    const crlf = 'FROM x\r\nUSER root\r\n';
    assert.equal(applyEdits(crlf, [suppressionEdit(finding('SR-DOCKER-001', 1, 5), new LineIndex(crlf), 'dockerfile')]), 'FROM x\r\n# security-runbooks-ignore: SR-DOCKER-001\r\nUSER root\r\n');
  });

  it('rule settings turn rules off and change severities', () => {
    const findings = [finding('SR-K8S-003', 0), finding('SR-K8S-007', 1)];
    assert.deepEqual(applyRuleSettings(findings, { 'SR-K8S-003': 'off', 'SR-K8S-007': 'error' }).map((f) => `${f.ruleId}:${f.severity}`), ['SR-K8S-007:error']);
  });

  it('decides the kind by name (Dockerfile, Terraform) and by content (Kubernetes); skips chart and kustomize metadata', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n';
    assert.equal(manifestKind('/w/Dockerfile', ''), 'dockerfile');
    assert.equal(manifestKind('/w/api.Dockerfile', ''), 'dockerfile');
    assert.equal(manifestKind('/w/Containerfile.prod', ''), 'dockerfile');
    assert.equal(manifestKind('/w/main.tf', ''), 'terraform');
    assert.equal(manifestKind('/w/deploy/pod.yml', pod), 'kubernetes');
    assert.equal(manifestKind('/w/.github/workflows/ci.yaml', 'on: push\njobs: {}\n'), undefined);
    assert.equal(manifestKind('/w/chart/Chart.yaml', 'apiVersion: v2\nname: x\nkind: nothing\n'), undefined);
    assert.equal(manifestKind('/w/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'), undefined);
    assert.equal(manifestKind('/w/other.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n'), undefined);
    assert.equal(manifestKind('/w/notes.md', pod), undefined);
  });

  it('lintManifest sorts by position, applies settings, and never throws', async () => {
    const text = 'FROM python:latest\nCOPY . /app\n';
    const result = await lintManifest({ path: '/w/Dockerfile', text, settings: { 'SR-DOCKER-006': 'off' } });
    assert.equal(result.kind, 'dockerfile');
    assert.ok(result.findings.every((f) => f.ruleId !== 'SR-DOCKER-006'));
    const lines = result.findings.map((f) => f.range.start.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
    assert.deepEqual(await lintManifest({ path: '/w/readme.txt', text }), { findings: [] });
  });

  it('every rule renders documentation with how to silence it', () => {
    for (const rule of ALL_RULES) {
      const markdown = ruleDocMarkdown(rule);
      assert.match(markdown, new RegExp(`^# ${rule.id}: `));
      assert.match(markdown, /security-runbooks-ignore/);
    }
  });
});
