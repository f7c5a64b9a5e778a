/**
 * Pod specs of workloads and their containers: Pod, PodTemplate, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job (spec.template)
 * and CronJob (spec.jobTemplate.spec.template); containers, initContainers and
 * ephemeralContainers.
 */
import { isMap, isScalar } from 'yaml';
import type { Pair, YAMLMap } from 'yaml';
import type { LintContext } from './lintContext';
import { inGroup, type KubeObject } from './objects';
import { anchorOf, hasMergeKey, isEmpty, spanOf, textOf, type DocumentNodes, type Found, type Span } from './yamlNodes';

/** Where each workload kind keeps its pod template, and its API groups. */
const WORKLOADS: Record<string, { path: readonly string[]; groups: readonly string[] }> = {
  Pod: { path: [], groups: [''] },
  PodTemplate: { path: ['template'], groups: [''] },
  ReplicationController: { path: ['spec', 'template'], groups: [''] },
  Deployment: { path: ['spec', 'template'], groups: ['apps', 'extensions'] },
  StatefulSet: { path: ['spec', 'template'], groups: ['apps'] },
  DaemonSet: { path: ['spec', 'template'], groups: ['apps', 'extensions'] },
  ReplicaSet: { path: ['spec', 'template'], groups: ['apps', 'extensions'] },
  Job: { path: ['spec', 'template'], groups: ['batch'] },
  CronJob: { path: ['spec', 'jobTemplate', 'spec', 'template'], groups: ['batch'] },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(WORKLOADS);

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';
const CONTAINER_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];
const LIST_NAMES: Record<ContainerList, string> = { initContainers: 'init container', containers: 'container', ephemeralContainers: 'ephemeral container' };

/** A mapping-valued field: there, set by a template, or absent (missing, null, or not a mapping). */
export type MapField = { state: 'map'; map: YAMLMap; found: Found } | { state: 'unknown' } | { state: 'absent'; found?: Found };

export function mapField(nodes: DocumentNodes, parent: unknown, key: string, ctx: LintContext, what: () => string): MapField {
  const found = nodes.lookup(parent, key);
  if (!found) return { state: 'absent' };
  if (ctx.unknown(found.value, what)) return { state: 'unknown' };
  return isMap(found.value) ? { state: 'map', map: found.value, found } : { state: 'absent', found };
}

export interface PodTemplate {
  object: KubeObject;
  nodes: DocumentNodes;
  spec: YAMLMap;
  /** The pod's metadata: the template's, or the Pod's own. */
  metadata: unknown;
  securityContext: MapField;
  /** spec.os.name is windows (the restricted profile exempts some fields). */
  windows: boolean;
  containers: Container[];
}

export interface Container {
  pod: PodTemplate;
  node: YAMLMap;
  list: ContainerList;
  /** `container "web" in Deployment/api` */
  label: string;
  /** The container's name when known. */
  name: string | undefined;
  /** Where a finding about a missing field points: the name's value, else the first key. */
  at: Span;
  securityContext: MapField;
  /** Written once, where it stands (no alias, anchor or merge key on the way), so a fix may edit it. */
  direct: boolean;
}

function isPlainMap(node: unknown): node is YAMLMap {
  return isMap(node) && anchorOf(node) === undefined && !hasMergeKey(node);
}

function containerAt(node: YAMLMap): Span {
  const name = (node.items as Array<Pair<unknown, unknown>>).find((pair) => isScalar(pair.key) && pair.key.value === 'name');
  const nameSpan = name && !isEmpty(name.value) && isScalar(name.value) ? spanOf(name.value) : undefined;
  if (nameSpan && nameSpan[1] > nameSpan[0]) return nameSpan;
  const first = node.items[0] as Pair<unknown, unknown> | undefined;
  const keySpan = first ? spanOf(first.key) : undefined;
  if (keySpan && keySpan[1] > keySpan[0]) return keySpan;
  const span = spanOf(node) ?? [0, 0];
  return [span[0], span[0] + 1];
}

/** The pod template of a workload object, if it is one and its pod spec can be read. */
export function podTemplateOf(object: KubeObject, ctx: LintContext): PodTemplate | undefined {
  const workload = WORKLOADS[object.kind];
  if (!workload || !inGroup(object, workload.groups)) return undefined;
  const nodes = object.nodes;
  const path = [...workload.path, 'spec'];
  let node: unknown = object.node;
  let direct = object.direct;
  for (let depth = 0; depth < path.length; depth++) {
    const found = nodes.lookup(node, path[depth]!);
    if (!found) return undefined;
    if (ctx.unknown(found.value, () => `${path.slice(0, depth + 1).join('.')} of ${object.label}`)) return undefined;
    if (!isMap(found.value)) return undefined;
    direct &&= found.direct && isPlainMap(found.value);
    if (depth === path.length - 1) {
      // `node` is the pod template here (or the Pod itself), `found.value` its spec.
      const metadata = workload.path.length === 0 ? object.metadata : nodes.get(node, 'metadata');
      return podFrom(object, found.value, metadata, direct, ctx);
    }
    node = found.value;
  }
  return undefined;
}

function podFrom(object: KubeObject, spec: YAMLMap, metadata: unknown, direct: boolean, ctx: LintContext): PodTemplate {
  const nodes = object.nodes;
  const pod: PodTemplate = {
    object,
    nodes,
    spec,
    metadata,
    securityContext: mapField(nodes, spec, 'securityContext', ctx, () => `the pod securityContext of ${object.label}`),
    windows: textOf(nodes.get(nodes.get(spec, 'os'), 'name'))?.toLowerCase() === 'windows',
    containers: [],
  };
  for (const list of CONTAINER_LISTS) {
    const found = nodes.lookup(spec, list);
    if (!found || ctx.unknown(found.value, () => `the ${list} of ${object.label}`)) continue;
    const seq = nodes.seq(found.value);
    if (!seq) continue;
    const listDirect = direct && found.direct;
    seq.items.forEach((item, index) => {
      const resolved = nodes.resolve(item);
      if (ctx.unknown(resolved, () => `${LIST_NAMES[list]} ${index + 1} of ${object.label}`) || !isMap(resolved)) return;
      const nameNode = nodes.get(resolved, 'name');
      const name = textOf(nameNode);
      const shown = ctx.display(nameNode);
      const label = `${LIST_NAMES[list]} ${shown !== undefined ? `"${shown}"` : `#${index + 1}`} in ${object.label}`;
      pod.containers.push({
        pod,
        node: resolved,
        list,
        label,
        name,
        at: containerAt(resolved),
        securityContext: mapField(nodes, resolved, 'securityContext', ctx, () => `the securityContext of ${label}`),
        direct: listDirect && item === resolved && isPlainMap(resolved),
      });
    });
  }
  return pod;
}
