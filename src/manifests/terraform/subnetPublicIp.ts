/** SR-TF-007: subnets that give every instance a public IP (`map_public_ip_on_launch = true`). */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { fix } from './fixes';
import { attributeOf } from './hclTree';
import { address, boolOf, resources } from './resources';
import { SUBNET_PUBLIC_IP } from './rules';

/** The resource types this rule reads. */
export const SUBNET_TYPES = ['aws_subnet'];

export function checkSubnetPublicIp(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const subnet of resources(context.file, 'aws_subnet')) {
    const attribute = attributeOf(subnet, 'map_public_ip_on_launch');
    if (!attribute || boolOf(attribute.value) !== true) continue;
    const span = attribute.value.span;
    findings.push(
      finding(
        context,
        SUBNET_PUBLIC_IP,
        span,
        `Subnet ${address(subnet)} assigns a public IP to every instance launched in it (map_public_ip_on_launch = true).`,
        fix('Set map_public_ip_on_launch = false', [{ range: context.lines.range(span.start, span.end), newText: 'false' }]),
      ),
    );
  }
  return findings;
}
