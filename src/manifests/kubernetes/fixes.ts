/**
 * The quick fixes: a restricted securityContext for a container (offered on SR-K8S-002,
 * 003, 005, 007 and 008) and the Pod Security Standards labels for a Namespace
 * (SR-K8S-001). Both are minimal edits of the original text (see yamlEdits.ts); none
 * is offered for a container or Namespace reached through an alias, anchor or merge key.
 */
import type { Fix } from '../model';
import type { LintContext } from './lintContext';
import type { KubeObject } from './objects';
import { capabilityName } from './securityContext';
import type { Container } from './workloads';
import { EditPlan, indentUnit, type Want } from './yamlEdits';
import { boolOf, isUnknown, textOf } from './yamlNodes';

export type WantEntry = readonly [string, Want];

function scalar(text: string, ok: (node: unknown) => boolean): Want {
  return { type: 'scalar', text, ok };
}

/** The restricted settings, in the order they are written. */
export const RESTRICTED = {
  runAsNonRoot: ['runAsNonRoot', scalar('true', (n) => boolOf(n) === true)],
  allowPrivilegeEscalation: ['allowPrivilegeEscalation', scalar('false', (n) => boolOf(n) === false)],
  capabilities: ['capabilities', { type: 'map', entries: [['drop', { type: 'seqWith', item: 'ALL', has: (item) => capabilityName(textOf(item) ?? '') === 'ALL' }]] }],
  readOnlyRootFilesystem: ['readOnlyRootFilesystem', scalar('true', (n) => boolOf(n) === true)],
  seccompProfile: ['seccompProfile', { type: 'map', entries: [['type', scalar('RuntimeDefault', (n) => textOf(n) === 'RuntimeDefault' || textOf(n) === 'Localhost')]] }],
} satisfies Record<string, WantEntry>;

const ORDER: readonly string[] = Object.keys(RESTRICTED);

/** One fix adding what the container lacks of the restricted settings (`wants`, any order). */
export function restrictedFix(container: Container, wants: readonly WantEntry[], ctx: LintContext): Fix | undefined {
  if (!container.direct || wants.length === 0) return undefined;
  const entries = [...wants].sort((a, b) => ORDER.indexOf(a[0]) - ORDER.indexOf(b[0]));
  const plan = new EditPlan(ctx.text, ctx.lines, indentUnit(container.pod.object.node, ctx.lines));
  if (!plan.patchMap(container.node, [['securityContext', { type: 'map', entries }]])) return undefined;
  const edits = plan.result();
  if (!edits) return undefined;
  return { title: `Add a restricted securityContext to ${container.label} (${entries.map(([key]) => key).join(', ')})`, edits };
}

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const ENFORCE_VERSION_LABEL = 'pod-security.kubernetes.io/enforce-version';

/** Sets `enforce: restricted` (and `enforce-version: latest` when it has none) on a Namespace. */
export function namespaceLabelFix(object: KubeObject, ctx: LintContext): Fix | undefined {
  if (!object.direct) return undefined;
  const labels: Want = {
    type: 'map',
    entries: [
      [ENFORCE_LABEL, scalar('restricted', (n) => textOf(n) === 'restricted')],
      [ENFORCE_VERSION_LABEL, scalar('latest', (n) => isUnknown(n) || !!textOf(n))],
    ],
  };
  const plan = new EditPlan(ctx.text, ctx.lines, indentUnit(object.node, ctx.lines));
  if (!plan.patchMap(object.node, [['metadata', { type: 'map', entries: [['labels', labels]] }]])) return undefined;
  const edits = plan.result();
  return edits ? { title: `Label ${object.label} with the Pod Security Standards restricted profile`, edits } : undefined;
}
