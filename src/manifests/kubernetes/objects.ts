/**
 * Kubernetes objects recognised by content: a mapping with `apiVersion` and `kind`
 * (a `List`'s items too). Anything else in a YAML file is not an object and is left alone.
 */
import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { LintContext } from './lintContext';
import type { YamlDocument } from './yamlDocuments';
import { isEmpty, isUnknown, textOf, type DocumentNodes } from './yamlNodes';

export interface KubeObject {
  doc: YamlDocument;
  nodes: DocumentNodes;
  node: YAMLMap;
  kind: string;
  kindNode: unknown;
  /** The API group (`apps`, `` for v1); undefined when a template sets apiVersion. */
  group: string | undefined;
  /** metadata, resolved (anything, since any node may be of any type). */
  metadata: unknown;
  nameNode: unknown;
  /** `Deployment/api` (the name as written when a template sets it). */
  label: string;
  /** Written where it stands (not an alias or merged in), so it may be edited by a fix. */
  direct: boolean;
}

function objectFrom(doc: YamlDocument, node: unknown, direct: boolean, ctx: LintContext | undefined): KubeObject | undefined {
  const nodes = doc.nodes;
  const map = nodes.map(node);
  if (!map) return undefined;
  const apiVersionNode = nodes.get(map, 'apiVersion');
  const kindNode = nodes.get(map, 'kind');
  const kind = textOf(kindNode);
  const apiVersion = textOf(apiVersionNode);
  if (isUnknown(kindNode)) {
    ctx?.unknown(kindNode, () => `the kind of document ${doc.index + 1}`);
    return undefined;
  }
  if (!kind || (apiVersion === undefined && !isUnknown(apiVersionNode))) return undefined;
  const metadata = nodes.get(map, 'metadata');
  const nameNode = nodes.get(metadata, 'name');
  const name = textOf(nameNode) ?? (isUnknown(nameNode) ? ctx?.source(nameNode) : undefined);
  let group: string | undefined;
  if (apiVersion !== undefined) group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return {
    doc,
    nodes,
    node: map,
    kind,
    kindNode,
    group,
    metadata,
    nameNode,
    label: name ? `${kind}/${name}` : kind,
    direct: direct && isMap(node) && node.anchor === undefined,
  };
}

/** The objects of a document: its root, or the items of a `List`. */
export function objectsOf(doc: YamlDocument, ctx?: LintContext): KubeObject[] {
  const root = objectFrom(doc, doc.root, true, ctx);
  if (!root) return [];
  if (!/List$/.test(root.kind)) return [root];
  const items = doc.nodes.lookup(root.node, 'items');
  if (!items || isEmpty(items.value)) return [root];
  const objects: KubeObject[] = [];
  const seq = doc.nodes.seq(items.value);
  for (const item of seq?.items ?? []) {
    const object = objectFrom(doc, item, items.direct, ctx);
    if (object) objects.push(object);
  }
  return objects;
}

/** Whether the object's API group is one of these (always, when a template sets apiVersion). */
export function inGroup(object: KubeObject, groups: readonly string[]): boolean {
  return object.group === undefined || groups.includes(object.group);
}

/** The object's namespace: metadata.namespace, else `default`; undefined when a template sets it. */
export function namespaceOf(object: KubeObject, ctx?: LintContext): string | undefined {
  const node = object.nodes.get(object.metadata, 'namespace');
  if (isUnknown(node)) {
    ctx?.unknown(node, () => `the namespace of ${object.label}`);
    return undefined;
  }
  const namespace = textOf(node);
  return namespace ? namespace : 'default';
}
