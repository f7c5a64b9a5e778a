/**
 * SR-K8S-001: a Namespace should enforce the Pod Security Standards restricted
 * profile (`pod-security.kubernetes.io/enforce: restricted`).
 */
import { ENFORCE_LABEL, namespaceLabelFix } from './fixes';
import type { LintContext } from './lintContext';
import { inGroup, type KubeObject } from './objects';
import { spanOf, textOf, valueSpan } from './yamlNodes';

export const NAMESPACE_LABELS = 'SR-K8S-001';

export function checkNamespaceLabels(object: KubeObject, ctx: LintContext): void {
  if (object.kind !== 'Namespace' || !inGroup(object, [''])) return;
  const nodes = object.nodes;
  const labels = nodes.lookup(object.metadata, 'labels');
  if (labels && ctx.unknown(labels.value, () => `the labels of ${object.label}`)) return;
  const enforce = nodes.lookup(labels?.value, ENFORCE_LABEL);
  if (enforce && ctx.unknown(enforce.value, () => `the ${ENFORCE_LABEL} label of ${object.label}`)) return;
  const value = textOf(enforce?.value);
  if (value === 'restricted') return;
  const at = valueSpan(enforce) ?? spanOf(object.nameNode) ?? spanOf(object.kindNode);
  const message =
    value !== undefined && value !== ''
      ? `${object.label} enforces the "${value}" Pod Security Standards profile, not "restricted".`
      : `${object.label} does not enforce the Pod Security Standards restricted profile (label ${ENFORCE_LABEL}: restricted).`;
  ctx.report(NAMESPACE_LABELS, at, message, namespaceLabelFix(object, ctx));
}
