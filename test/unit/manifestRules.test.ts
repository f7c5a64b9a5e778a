/**
 * Every manifest rule against its fixtures, written for this project:
 * test/fixtures/manifests/<kind>/<RULE-ID>/fail-*.ext and pass-*.ext (at least two
 * of each per rule). A fail fixture must produce a finding of that rule, a pass
 * fixture none; a fixable rule's fixes are applied one by one (re-linting between)
 * and must leave a file that passes the rule and still parses. `context-*` files in
 * a rule's folder are not fixtures (and `fail-nofix-*` fixtures are not expected to be
 * fully fixable): they are the other workspace files whose
 * Namespaces and NetworkPolicies the cross-file rule sees.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES, lintManifest, manifestFacts } from '../../src/manifests/lint';
import type { Finding, NetworkPolicyFact, RuleDoc, WorkspaceFacts } from '../../src/manifests/model';
import { applyEdits } from '../../src/manifests/textEdits';
import { repoRoot } from './support/paths';

export const MANIFEST_FIXTURES = path.join(repoRoot, 'test/fixtures/manifests');

interface Fixture {
  file: string;
  name: string;
  expect: 'fail' | 'pass';
}

function fixturesOf(rule: RuleDoc): { fixtures: Fixture[]; context: string[] } {
  const dir = path.join(MANIFEST_FIXTURES, rule.kind, rule.id);
  if (!existsSync(dir)) return { fixtures: [], context: [] };
  const names = readdirSync(dir).sort();
  return {
    fixtures: names.filter((n) => /^(fail|pass)-/.test(n)).map((name) => ({ file: path.join(dir, name), name, expect: name.startsWith('fail-') ? 'fail' : 'pass' })),
    context: names.filter((n) => n.startsWith('context-')).map((n) => path.join(dir, n)),
  };
}

/** The workspace facts a fixture is linted with: its own and its folder's context files. */
function workspaceOf(files: string[]): WorkspaceFacts {
  const namespaces = new Set<string>();
  const networkPolicies: NetworkPolicyFact[] = [];
  for (const file of files) {
    const facts = manifestFacts(file, readFileSync(file, 'utf8'));
    facts.namespaces.forEach((n) => namespaces.add(n));
    networkPolicies.push(...facts.networkPolicies);
  }
  return { namespaces, networkPolicies };
}

async function lint(file: string, text: string, context: string[]): Promise<Finding[]> {
  const { findings } = await lintManifest({ path: file, text, workspace: workspaceOf([...context, file]) });
  return findings;
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`).join('\n') || '  (none)';
}

const SECURITY_RULES = ALL_RULES.filter((rule) => rule.id !== 'SR-PARSE' && rule.id !== 'SR-TEMPLATE');

describe('manifest rules against their fixtures', () => {
  it('every rule has an id, documentation, and at least two failing and two passing fixtures', () => {
    assert.ok(SECURITY_RULES.length > 0, 'rules are registered');
    assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length, 'rule ids are unique');
    for (const rule of SECURITY_RULES) {
      assert.match(rule.id, /^SR-(K8S|DOCKER|TF)-\d{3}$/, rule.id);
      assert.ok(rule.title && rule.rationale.length > 40 && rule.remediation.length > 20, `${rule.id} is documented`);
      const { fixtures } = fixturesOf(rule);
      assert.ok(fixtures.filter((f) => f.expect === 'fail').length >= 2, `${rule.id} has at least two failing fixtures`);
      assert.ok(fixtures.filter((f) => f.expect === 'pass').length >= 2, `${rule.id} has at least two passing fixtures`);
    }
  });

  for (const rule of SECURITY_RULES) {
    describe(`${rule.id} ${rule.title}`, () => {
      const { fixtures, context } = fixturesOf(rule);
      for (const fixture of fixtures) {
        it(`${fixture.expect === 'fail' ? 'fails' : 'passes'} ${fixture.name}`, async () => {
          const text = readFileSync(fixture.file, 'utf8');
          const findings = await lint(fixture.file, text, context);
          const own = findings.filter((f) => f.ruleId === rule.id);
          if (fixture.expect === 'fail') assert.ok(own.length > 0, `expected ${rule.id}, got:\n${describeFindings(findings)}`);
          else assert.deepEqual(own, [], `expected no ${rule.id}, got:\n${describeFindings(findings)}`);
          assert.deepEqual(findings.filter((f) => f.ruleId === 'SR-PARSE'), [], 'the fixture parses');
          for (const finding of own) {
            assert.ok(finding.range.end.line > finding.range.start.line || finding.range.end.character > finding.range.start.character, `${rule.id} points at text, not an empty range`);
            assert.equal(finding.severity, rule.severity);
          }
        });
      }
      if (rule.fixable) {
        it('its quick fix yields a file that passes the rule and still parses', async () => {
          let fixedSome = false;
          // `fail-nofix-*` fixtures hold findings that cannot be fixed safely (the fix is offered where it can be).
          for (const fixture of fixtures.filter((f) => f.expect === 'fail' && !f.name.startsWith('fail-nofix-'))) {
            let text = readFileSync(fixture.file, 'utf8');
            for (let round = 0; round < 50; round++) {
              const finding = (await lint(fixture.file, text, context)).find((f) => f.ruleId === rule.id && f.fix);
              if (!finding) break;
              text = applyEdits(text, finding.fix!.edits);
              fixedSome = true;
            }
            if (!fixedSome) continue;
            const after = await lint(fixture.file, text, context);
            assert.deepEqual(after.filter((f) => f.ruleId === rule.id || f.ruleId === 'SR-PARSE'), [], `${fixture.name} after its fixes:\n${text}\n${describeFindings(after)}`);
          }
          assert.ok(fixedSome, `${rule.id} is marked fixable but no failing fixture offered a fix`);
        });
      }
    });
  }
});
