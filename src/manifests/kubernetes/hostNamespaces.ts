/** SR-K8S-009: a pod sharing the host's network, process ID or IPC namespace. */
import type { LintContext } from './lintContext';
import type { PodTemplate } from './workloads';
import { boolOf, valueSpan } from './yamlNodes';

export const HOST_NAMESPACES = 'SR-K8S-009';

const NAMESPACES: ReadonlyArray<readonly [string, string]> = [
  ['hostNetwork', 'network'],
  ['hostPID', 'process ID'],
  ['hostIPC', 'IPC'],
];

export function checkHostNamespaces(pod: PodTemplate, ctx: LintContext): void {
  for (const [key, what] of NAMESPACES) {
    const found = pod.nodes.lookup(pod.spec, key);
    if (!found || ctx.unknown(found.value, () => `${key} of ${pod.object.label}`)) continue;
    if (boolOf(found.value) === true) {
      ctx.report(HOST_NAMESPACES, valueSpan(found), `${pod.object.label} shares the host's ${what} namespace (${key}: true).`);
    }
  }
}
