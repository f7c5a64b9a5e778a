/** SR-K8S-011: a container without cpu and memory limits (ephemeral containers cannot have any). */
import type { LintContext } from './lintContext';
import { mapField, type Container, type MapField } from './workloads';
import { isEmpty, spanOf } from './yamlNodes';

export const RESOURCE_LIMITS = 'SR-K8S-011';

export function checkResourceLimits(container: Container, ctx: LintContext): void {
  if (container.list === 'ephemeralContainers') return;
  const nodes = container.pod.nodes;
  const resources = mapField(nodes, container.node, 'resources', ctx, () => `the resources of ${container.label}`);
  if (resources.state === 'unknown') return;
  const limits: MapField = resources.state === 'map' ? mapField(nodes, resources.map, 'limits', ctx, () => `the resource limits of ${container.label}`) : { state: 'absent' };
  if (limits.state === 'unknown') return;
  const missing = ['cpu', 'memory'].filter((resource) => {
    if (limits.state !== 'map') return true;
    const found = nodes.lookup(limits.map, resource);
    return !found || isEmpty(found.value);
  });
  if (missing.length === 0) return;
  const at = spanOf(limits.found?.key) ?? spanOf(resources.found?.key) ?? container.at;
  const what = missing.length === 2 ? 'cpu and memory limits' : `${missing[0]} limit`;
  ctx.report(RESOURCE_LIMITS, at, `${container.label} has no ${what}, so it can starve its neighbours on the node.`);
}
