/**
 * SR-K8S-013, the cross-file rule: a workload in a namespace where no NetworkPolicy
 * selects its pods. Decided only from the policies in the workspace, and only for a
 * namespace the workspace says something about (a NetworkPolicy in it, or its
 * Namespace object); otherwise silent. A policy selects a pod when its podSelector
 * is empty or its matchLabels and matchExpressions (In, NotIn, Exists,
 * DoesNotExist) match the pod template's labels.
 */
import type { LabelSelector, NetworkPolicyFact } from '../model';
import type { LintContext } from './lintContext';
import { inGroup, namespaceOf, type KubeObject } from './objects';
import type { PodTemplate } from './workloads';
import { isEmpty, isUnknown, spanOf, textOf, type DocumentNodes } from './yamlNodes';

export const NETWORK_POLICY = 'SR-K8S-013';

/** Thrown away as soon as something cannot be read; `unknown` when a template sets it. */
class Unreadable {
  constructor(readonly templated: boolean) {}
}

function stringMap(nodes: DocumentNodes, node: unknown): Array<[string, string]> {
  if (isUnknown(node)) throw new Unreadable(true);
  if (isEmpty(node)) return [];
  const map = nodes.map(node);
  if (!map) throw new Unreadable(false);
  const entries: Array<[string, string]> = [];
  for (const pair of map.items) {
    const value = nodes.resolve(pair.value);
    if (isUnknown(pair.key) || isUnknown(value)) throw new Unreadable(true);
    const key = textOf(pair.key);
    const text = isEmpty(value) ? '' : textOf(value);
    if (key === undefined || text === undefined) throw new Unreadable(false);
    entries.push([key, text]);
  }
  return entries;
}

function selectorOf(nodes: DocumentNodes, node: unknown): LabelSelector {
  if (isUnknown(node)) throw new Unreadable(true);
  if (isEmpty(node)) return {};
  if (!nodes.map(node)) throw new Unreadable(false);
  const selector: LabelSelector = {};
  const matchLabels = nodes.lookup(node, 'matchLabels');
  if (matchLabels) selector.matchLabels = Object.fromEntries(stringMap(nodes, matchLabels.value));
  const matchExpressions = nodes.lookup(node, 'matchExpressions');
  if (matchExpressions && !isEmpty(matchExpressions.value)) {
    if (isUnknown(matchExpressions.value)) throw new Unreadable(true);
    if (!nodes.seq(matchExpressions.value)) throw new Unreadable(false);
    selector.matchExpressions = nodes.items(matchExpressions.value).map((expression) => {
      const key = nodes.get(expression, 'key');
      const operator = nodes.get(expression, 'operator');
      const values = nodes.get(expression, 'values');
      if (isUnknown(key) || isUnknown(operator) || isUnknown(values)) throw new Unreadable(true);
      const items = nodes.items(values);
      if (items.some(isUnknown)) throw new Unreadable(true);
      const keyText = textOf(key);
      const operatorText = textOf(operator);
      if (keyText === undefined || operatorText === undefined) throw new Unreadable(false);
      const result: { key: string; operator: string; values?: string[] } = { key: keyText, operator: operatorText };
      if (!isEmpty(values)) result.values = items.map((item) => textOf(item)).filter((text): text is string => text !== undefined);
      return result;
    });
  }
  return selector;
}

/**
 * The NetworkPolicy an object declares. A podSelector set by a template counts as
 * selecting every pod (so it can never cause a finding); an invalid one (which the
 * API server would reject) makes the policy count for nothing.
 */
export function networkPolicyFact(object: KubeObject): NetworkPolicyFact | undefined {
  if (object.kind !== 'NetworkPolicy' || !inGroup(object, ['networking.k8s.io', 'extensions'])) return undefined;
  const namespace = namespaceOf(object);
  if (namespace === undefined) return undefined;
  const nodes = object.nodes;
  const name = textOf(object.nameNode) ?? '';
  const spec = nodes.get(object.node, 'spec');
  try {
    if (isUnknown(spec)) throw new Unreadable(true);
    return { namespace, name, podSelector: selectorOf(nodes, nodes.get(spec, 'podSelector')) };
  } catch (error) {
    if (error instanceof Unreadable) return error.templated ? { namespace, name, podSelector: {} } : undefined;
    throw error;
  }
}

/** The Namespace an object declares, when its name is known. */
export function namespaceFact(object: KubeObject): string | undefined {
  if (object.kind !== 'Namespace' || !inGroup(object, [''])) return undefined;
  const name = textOf(object.nameNode);
  return name ? name : undefined;
}

/** Whether a label selector selects a pod with these labels. */
export function selects(selector: LabelSelector | undefined, labels: ReadonlyMap<string, string>): boolean {
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (labels.get(key) !== String(value)) return false;
  }
  for (const expression of selector?.matchExpressions ?? []) {
    const key = expression?.key;
    const has = labels.has(key);
    const values = Array.isArray(expression?.values) ? expression.values.map(String) : [];
    switch (expression?.operator) {
      case 'In':
        if (!has || !values.includes(labels.get(key)!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels.get(key)!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Policies by namespace, and the namespaces the workspace declares. */
export class NetworkPolicyIndex {
  private readonly byNamespace = new Map<string, NetworkPolicyFact[]>();
  private readonly namespaces = new Set<string>();

  constructor(sources: ReadonlyArray<{ namespaces: Iterable<string>; networkPolicies: readonly NetworkPolicyFact[] }>) {
    for (const source of sources) {
      for (const namespace of source.namespaces) this.namespaces.add(namespace);
      for (const policy of source.networkPolicies) {
        if (!policy || typeof policy.namespace !== 'string') continue;
        const list = this.byNamespace.get(policy.namespace) ?? [];
        list.push(policy);
        this.byNamespace.set(policy.namespace, list);
      }
    }
  }

  policies(namespace: string): readonly NetworkPolicyFact[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** Whether the workspace says anything about this namespace. */
  knows(namespace: string): boolean {
    return this.namespaces.has(namespace) || this.byNamespace.has(namespace);
  }
}

export function checkNetworkPolicy(pod: PodTemplate, index: NetworkPolicyIndex, ctx: LintContext): void {
  const object = pod.object;
  const namespace = namespaceOf(object, ctx);
  if (namespace === undefined || !index.knows(namespace)) return;
  const labels = new Map<string, string>();
  const labelsNode = pod.nodes.lookup(pod.metadata, 'labels');
  if (labelsNode) {
    if (ctx.unknown(labelsNode.value, () => `the pod labels of ${object.label}`)) return;
    try {
      for (const [key, value] of stringMap(pod.nodes, labelsNode.value)) labels.set(key, value);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      // A label set by a template (or unreadable labels): which policies select the pod is unknown.
      if (error.templated) ctx.unknown(firstTemplated(pod.nodes, labelsNode.value), () => `the pod labels of ${object.label}`);
      return;
    }
  }
  const policies = index.policies(namespace);
  if (policies.some((policy) => selects(policy.podSelector, labels))) return;
  const shown = [...labels].map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
  const considered = policies.length === 0 ? `the workspace has no NetworkPolicy in "${namespace}"` : `none of the ${policies.length} NetworkPolicies in "${namespace}" in the workspace selects its pods`;
  ctx.report(
    NETWORK_POLICY,
    spanOf(object.nameNode) ?? spanOf(object.kindNode),
    `${object.label} in namespace "${namespace}" has no NetworkPolicy selecting its pods (labels: ${shown}): ${considered}. This is decided from the policies in the workspace only.`,
  );
}

function firstTemplated(nodes: DocumentNodes, node: unknown): unknown {
  const map = nodes.map(node);
  if (!map) return node;
  for (const pair of map.items) {
    if (isUnknown(pair.key)) return pair.key;
    const value = nodes.resolve(pair.value);
    if (isUnknown(value)) return value;
  }
  return node;
}
