/** SR-TF-005: EKS clusters without the api, audit and authenticator control plane logs. */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { appendToList, fix, insertIntoBlock } from './fixes';
import { attributeOf } from './hclTree';
import { address, resources, stringListOf } from './resources';
import { EKS_CONTROL_PLANE_LOGS } from './rules';

/** The resource types this rule reads. */
export const EKS_LOGGING_TYPES = ['aws_eks_cluster'];

export const REQUIRED_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

function quotedList(types: readonly string[]): string {
  return types.map((type) => `"${type}"`).join(', ');
}

export function checkEksLogging(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const cluster of resources(context.file, 'aws_eks_cluster')) {
    const attribute = attributeOf(cluster, 'enabled_cluster_log_types');
    if (!attribute || attribute.value.kind === 'null') {
      findings.push(
        finding(
          context,
          EKS_CONTROL_PLANE_LOGS,
          attribute ? attribute.value.span : cluster.header,
          `EKS cluster ${address(cluster)} has no control plane logging (enabled_cluster_log_types is not set): the ${REQUIRED_LOG_TYPES.join(', ')} logs are off.`,
          fix(
            `Add enabled_cluster_log_types = [${quotedList(REQUIRED_LOG_TYPES)}]`,
            attribute
              ? [{ range: context.lines.range(attribute.value.span.start, attribute.value.span.end), newText: `[${quotedList(REQUIRED_LOG_TYPES)}]` }]
              : insertIntoBlock(context, cluster, `enabled_cluster_log_types = [${quotedList(REQUIRED_LOG_TYPES)}]`),
          ),
        ),
      );
      continue;
    }
    const value = attribute.value;
    const list = stringListOf(value);
    // A variable, or a list with unknown items: the missing types may be in it.
    if (value.kind !== 'list' || !list || list.unknown) continue;
    const present = new Set(list.strings.map((item) => item.value));
    const missing = REQUIRED_LOG_TYPES.filter((type) => !present.has(type));
    if (missing.length === 0) continue;
    findings.push(
      finding(
        context,
        EKS_CONTROL_PLANE_LOGS,
        value.span,
        `EKS cluster ${address(cluster)} does not enable the ${missing.join(', ')} control plane log${missing.length > 1 ? 's' : ''} (enabled_cluster_log_types).`,
        fix(`Add ${quotedList(missing)} to enabled_cluster_log_types`, appendToList(context, value, missing.map((type) => `"${type}"`))),
      ),
    );
  }
  return findings;
}
