/**
 * The one SR-TEMPLATE finding of a file (TEMPLATE handling, see templates.ts): which
 * documents templates kept from being checked, and which values set by templates
 * rules met and did not judge. None when the templates cost no check.
 */
import type { LintContext } from './lintContext';
import { WORKLOAD_KINDS } from './workloads';
import { templateIn } from './templates';
import type { YamlDocument } from './yamlDocuments';
import { isUnknown, textOf } from './yamlNodes';

export const TEMPLATE = 'SR-TEMPLATE';

/** Kinds some rule reads; a skipped document of another kind (ConfigMap, Service...) costs no check. */
const CHECKED_KINDS = new Set([...WORKLOAD_KINDS, 'Namespace', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function kindOf(doc: YamlDocument): { kind?: string; unreadable: boolean } {
  const root = doc.nodes.map(doc.root);
  if (!root) return { unreadable: doc.error !== undefined };
  const kind = doc.nodes.get(root, 'kind');
  if (isUnknown(kind)) return { unreadable: true };
  const text = textOf(kind);
  return text ? { kind: text, unreadable: false } : { unreadable: doc.error !== undefined };
}

function costsChecks(doc: YamlDocument): boolean {
  const { kind, unreadable } = kindOf(doc);
  return unreadable || (kind !== undefined && (CHECKED_KINDS.has(kind) || /List$/.test(kind)));
}

function listed(items: string[]): string {
  return items.length <= 5 ? items.join('; ') : `${items.slice(0, 5).join('; ')}; and ${items.length - 5} more`;
}

export function reportTemplates(ctx: LintContext): void {
  const templates = ctx.stream.templates;
  if (!templates) return;
  const skipped = ctx.stream.docs.filter((doc) => doc.templateSkip && costsChecks(doc));
  if (skipped.length === 0 && ctx.unknowns.length === 0) return;
  const line = (offset: number): number => ctx.lines.position(offset).line + 1;
  const parts: string[] = [];
  if (skipped.length > 0) {
    const total = ctx.stream.docs.length;
    const documents = skipped.map((doc) => {
      const kind = kindOf(doc).kind;
      const first = line(doc.start);
      const last = line(Math.max(doc.start, doc.end - 1));
      return `document ${doc.index + 1} (${kind ? `${kind}, ` : ''}lines ${first}-${last})`;
    });
    parts.push(
      `${skipped.length === total ? (total === 1 ? 'the document was' : `all ${total} documents were`) : `${skipped.length} of ${total} documents were`} not checked, because templates there form whole lines or keys or leave the YAML unreadable until rendered: ${listed(documents)}.`,
    );
  }
  if (ctx.unknowns.length > 0) {
    const values = [...ctx.unknowns].sort((a, b) => a.at - b.at).map((unknown) => `${unknown.what} (line ${line(unknown.at)})`);
    parts.push(`${parts.length > 0 ? 'Values' : 'values'} set by templates were not checked: ${listed(values)}.`);
  }
  const starts = [...skipped.map((doc) => doc.firstTemplate ?? doc.start), ...ctx.unknowns.map((unknown) => unknown.at)];
  const at = starts.reduce((a, b) => Math.min(a, b));
  const span = templateIn(templates.spans, at, at + 1);
  ctx.report(TEMPLATE, span ? [span.start, span.end] : [at, at + 1], `Go/Helm template syntax: ${parts.join(' ')} Render the chart (helm template) and lint the output to check everything.`);
}
