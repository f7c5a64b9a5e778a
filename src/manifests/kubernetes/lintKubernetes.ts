/**
 * Kubernetes manifests: one parse of the whole (multi-document) file, then one pass
 * over each document's objects. A syntax error becomes one SR-PARSE finding for its
 * document and the other documents are still checked. Templates: see "TEMPLATE
 * handling" in templates.ts (documents they make unreadable are skipped with one
 * SR-TEMPLATE finding; values they set are never judged).
 */
import type { LineIndex } from '../lineIndex';
import type { Finding, NetworkPolicyFact, RuleDoc, WorkspaceFacts } from '../model';
import { LintContext } from './lintContext';
import { checkNetworkPolicy, namespaceFact, networkPolicyFact, NetworkPolicyIndex } from './networkPolicy';
import { checkNamespaceLabels } from './namespaceLabels';
import { objectsOf } from './objects';
import { checkPod } from './podChecks';
import { checkClusterAdminBinding, checkRoleRules } from './rbac';
import { KUBERNETES_RULES as RULES } from './rules';
import { reportTemplates } from './templateSummary';
import { parseStream, type YamlDocument } from './yamlDocuments';
import { podTemplateOf, type PodTemplate } from './workloads';

export const KUBERNETES_RULES: readonly RuleDoc[] = RULES;

const PARSE = 'SR-PARSE';

function reportSyntaxError(doc: YamlDocument, count: number, ctx: LintContext): void {
  const error = doc.error!;
  const which = count > 1 ? ` in document ${doc.index + 1} of ${count}` : '';
  const rest = count > 1 ? ' The other documents are still checked.' : '';
  ctx.report(PARSE, [error.start, error.end], `YAML syntax error${which}: ${error.message}.${rest}`);
}

export function lintKubernetes(text: string, lines: LineIndex, workspace?: WorkspaceFacts): Finding[] {
  const stream = parseStream(text);
  const ctx = new LintContext(text, lines, stream);
  const own = { namespaces: [] as string[], networkPolicies: [] as NetworkPolicyFact[] };
  const pods: PodTemplate[] = [];
  for (const doc of stream.docs) {
    if (doc.templateSkip) continue;
    if (doc.error) {
      reportSyntaxError(doc, stream.docs.length, ctx);
      continue;
    }
    for (const object of objectsOf(doc, ctx)) {
      checkNamespaceLabels(object, ctx);
      checkRoleRules(object, ctx);
      checkClusterAdminBinding(object, ctx);
      const namespace = namespaceFact(object);
      if (namespace) own.namespaces.push(namespace);
      const policy = networkPolicyFact(object);
      if (policy) own.networkPolicies.push(policy);
      const pod = podTemplateOf(object, ctx);
      if (pod) {
        checkPod(pod, ctx);
        pods.push(pod);
      }
    }
  }
  if (workspace && pods.length > 0) {
    // The workspace's facts may predate this buffer: this file's own declarations are added to them.
    const index = new NetworkPolicyIndex([workspace, own]);
    for (const pod of pods) checkNetworkPolicy(pod, index, ctx);
  }
  reportTemplates(ctx);
  return ctx.findings;
}

/**
 * What this file declares that other files' findings depend on: Namespaces (by name)
 * and NetworkPolicies. Documents with syntax errors count for nothing; documents
 * skipped for their templates still count when their namespace can be read (a
 * podSelector set by a template counts as selecting every pod).
 */
export function kubernetesFacts(text: string): { namespaces: string[]; networkPolicies: NetworkPolicyFact[] } {
  const namespaces: string[] = [];
  const networkPolicies: NetworkPolicyFact[] = [];
  for (const doc of parseStream(text).docs) {
    if (doc.error) continue;
    for (const object of objectsOf(doc)) {
      const namespace = namespaceFact(object);
      if (namespace) namespaces.push(namespace);
      const policy = networkPolicyFact(object);
      if (policy) networkPolicies.push(policy);
    }
  }
  return { namespaces, networkPolicies };
}
