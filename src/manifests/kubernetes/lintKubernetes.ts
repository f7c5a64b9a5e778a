// Placeholder: being written (Kubernetes rules).
import type { LineIndex } from '../lineIndex';
import type { Finding, NetworkPolicyFact, RuleDoc, WorkspaceFacts } from '../model';

export const KUBERNETES_RULES: readonly RuleDoc[] = [];

export function lintKubernetes(text: string, lines: LineIndex, workspace?: WorkspaceFacts): Finding[] {
  void text;
  void lines;
  void workspace;
  return [];
}

/** What this file declares that other files' findings depend on (Namespaces, NetworkPolicies). */
export function kubernetesFacts(text: string): { namespaces: string[]; networkPolicies: NetworkPolicyFact[] } {
  void text;
  return { namespaces: [], networkPolicies: [] };
}
