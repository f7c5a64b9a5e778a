/**
 * RBAC: SR-K8S-014 wildcard verbs or resources in a Role/ClusterRole rule,
 * SR-K8S-015 access to secrets (core group), SR-K8S-016 bindings to the ClusterRole
 * cluster-admin (subjects named `system:...` exempt).
 */
import type { LintContext } from './lintContext';
import { inGroup, type KubeObject } from './objects';
import { isEmpty, spanOf, textOf, type Span } from './yamlNodes';

export const RBAC_WILDCARD = 'SR-K8S-014';
export const RBAC_SECRETS = 'SR-K8S-015';
export const CLUSTER_ADMIN_BINDING = 'SR-K8S-016';

const RBAC_GROUP = ['rbac.authorization.k8s.io'];
const SECRET_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*']);

interface Item {
  text: string;
  at: Span;
}

/** A rule's list: its known items, and whether a template sets some. */
function listOf(object: KubeObject, rule: unknown, key: string, ctx: LintContext, ruleNumber: number): { items: Item[]; unknown: boolean } {
  const nodes = object.nodes;
  const found = nodes.lookup(rule, key);
  const result = { items: [] as Item[], unknown: false };
  if (!found) return result;
  if (ctx.unknown(found.value, () => `the ${key} of rule ${ruleNumber} of ${object.label}`)) return { items: [], unknown: true };
  for (const item of nodes.items(found.value)) {
    if (ctx.unknown(item, () => `the ${key} of rule ${ruleNumber} of ${object.label}`)) {
      result.unknown = true;
      continue;
    }
    const text = textOf(item);
    const at = spanOf(item);
    if (text !== undefined && at) result.items.push({ text, at });
  }
  return result;
}

export function checkRoleRules(object: KubeObject, ctx: LintContext): void {
  if ((object.kind !== 'Role' && object.kind !== 'ClusterRole') || !inGroup(object, RBAC_GROUP)) return;
  const nodes = object.nodes;
  const rules = nodes.lookup(object.node, 'rules');
  if (!rules || ctx.unknown(rules.value, () => `the rules of ${object.label}`)) return;
  nodes.items(rules.value).forEach((rule, index) => {
    const number = index + 1;
    if (ctx.unknown(rule, () => `rule ${number} of ${object.label}`)) return;
    const verbs = listOf(object, rule, 'verbs', ctx, number);
    const resources = listOf(object, rule, 'resources', ctx, number);
    const apiGroups = listOf(object, rule, 'apiGroups', ctx, number);
    for (const verb of verbs.items.filter((v) => v.text === '*')) {
      ctx.report(RBAC_WILDCARD, verb.at, `Rule ${number} of ${object.label} grants every verb ("*"), including ones added to the API later.`);
    }
    for (const resource of resources.items.filter((r) => r.text === '*')) {
      ctx.report(RBAC_WILDCARD, resource.at, `Rule ${number} of ${object.label} covers every resource ("*") of its API groups, secrets included.`);
    }
    const coreGroup = apiGroups.items.some((group) => group.text === '' || group.text === '*');
    const secrets = resources.items.filter((r) => r.text === 'secrets' || r.text === '*');
    const granted = verbs.items.filter((v) => SECRET_VERBS.has(v.text.toLowerCase())).map((v) => v.text);
    if (!coreGroup || secrets.length === 0 || granted.length === 0) return;
    const what = granted.includes('*') ? 'do anything with' : `${[...new Set(granted)].join(', ')}`;
    for (const resource of secrets) {
      ctx.report(RBAC_SECRETS, resource.at, `Rule ${number} of ${object.label} lets its subjects ${what} secrets${resource.text === '*' ? ' (through "*")' : ''}: reading secrets means holding every credential they contain.`);
    }
  });
}

export function checkClusterAdminBinding(object: KubeObject, ctx: LintContext): void {
  if ((object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') || !inGroup(object, RBAC_GROUP)) return;
  const nodes = object.nodes;
  const roleRef = nodes.get(object.node, 'roleRef');
  if (ctx.unknown(roleRef, () => `the roleRef of ${object.label}`)) return;
  const kind = nodes.get(roleRef, 'kind');
  const name = nodes.lookup(roleRef, 'name');
  if (ctx.unknown(kind, () => `the roleRef of ${object.label}`) || !name || ctx.unknown(name.value, () => `the roleRef of ${object.label}`)) return;
  if (textOf(kind) !== 'ClusterRole' || textOf(name.value) !== 'cluster-admin') return;
  const subjects = nodes.lookup(object.node, 'subjects');
  if (!subjects || ctx.unknown(subjects.value, () => `the subjects of ${object.label}`)) return;
  const bound: string[] = [];
  for (const subject of nodes.items(subjects.value)) {
    if (isEmpty(subject)) continue;
    const subjectName = ctx.display(nodes.get(subject, 'name')) ?? '(unnamed)';
    if (subjectName.startsWith('system:')) continue;
    const subjectKind = textOf(nodes.get(subject, 'kind')) ?? 'subject';
    const subjectNamespace = textOf(nodes.get(subject, 'namespace'));
    bound.push(`${subjectKind} "${subjectNamespace && subjectKind === 'ServiceAccount' ? `${subjectNamespace}/` : ''}${subjectName}"`);
  }
  if (bound.length === 0) return;
  const scope = object.kind === 'RoleBinding' ? ' in its namespace' : ' on the whole cluster';
  ctx.report(CLUSTER_ADMIN_BINDING, spanOf(name.value) ?? spanOf(name.key), `${object.label} gives cluster-admin (every permission${scope}) to ${bound.join(', ')}.`);
}
