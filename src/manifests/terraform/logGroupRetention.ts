/** SR-TF-006: CloudWatch log groups without `retention_in_days` (an explicit 0, never expire, is accepted). */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { fix, setAttribute } from './fixes';
import { attributeOf } from './hclTree';
import { address, resources } from './resources';
import { LOG_GROUP_RETENTION } from './rules';

/** The resource types this rule reads. */
export const LOG_GROUP_TYPES = ['aws_cloudwatch_log_group'];

export function checkLogGroupRetention(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const group of resources(context.file, 'aws_cloudwatch_log_group')) {
    const attribute = attributeOf(group, 'retention_in_days');
    if (attribute && attribute.value.kind !== 'null') continue;
    findings.push(
      finding(
        context,
        LOG_GROUP_RETENTION,
        attribute ? attribute.value.span : group.header,
        `CloudWatch log group ${address(group)} has no retention_in_days: its logs are kept forever.`,
        fix('Set retention_in_days = 365', setAttribute(context, group, 'retention_in_days', '365')),
      ),
    );
  }
  return findings;
}
