/**
 * One entry point for every manifest: decides the kind, runs that kind's rules,
 * then drops suppressed findings and applies the rule settings. Never throws: a
 * linter failure becomes one finding saying the file could not be checked.
 */
import { COMMON_RULES } from './commonRules';
import { DOCKERFILE_RULES, lintDockerfile } from './dockerfile/lintDockerfile';
import { KUBERNETES_RULES, kubernetesFacts, lintKubernetes } from './kubernetes/lintKubernetes';
import { LineIndex } from './lineIndex';
import { manifestKind } from './manifestKind';
import type { Finding, LintRequest, LintResult, NetworkPolicyFact, RuleDoc } from './model';
import { applyRuleSettings } from './ruleSettings';
import { withoutSuppressed } from './suppression';
import { TERRAFORM_RULES, lintTerraform } from './terraform/lintTerraform';

export const ALL_RULES: readonly RuleDoc[] = [...COMMON_RULES, ...KUBERNETES_RULES, ...DOCKERFILE_RULES, ...TERRAFORM_RULES];

export function ruleDoc(id: string): RuleDoc | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

export async function lintManifest(request: LintRequest): Promise<LintResult> {
  const kind = manifestKind(request.path, request.text);
  if (!kind) return { findings: [] };
  const lines = new LineIndex(request.text);
  let findings: Finding[];
  try {
    if (kind === 'kubernetes') findings = lintKubernetes(request.text, lines, request.workspace);
    else if (kind === 'dockerfile') findings = lintDockerfile(request.text, lines);
    else findings = await lintTerraform(request.text, lines);
  } catch (error) {
    findings = [
      {
        ruleId: 'SR-PARSE',
        severity: 'error',
        message: `This file could not be checked: ${error instanceof Error ? error.message : String(error)}`,
        range: lines.range(0, 0),
      },
    ];
  }
  return { kind, findings: applyRuleSettings(withoutSuppressed(findings, lines), request.settings).sort(byPosition) };
}

/** The Namespaces and NetworkPolicies a file declares (empty for anything but Kubernetes manifests, and on any error). */
export function manifestFacts(path: string, text: string): { namespaces: string[]; networkPolicies: NetworkPolicyFact[] } {
  if (manifestKind(path, text) !== 'kubernetes') return { namespaces: [], networkPolicies: [] };
  try {
    return kubernetesFacts(text);
  } catch {
    return { namespaces: [], networkPolicies: [] };
  }
}
