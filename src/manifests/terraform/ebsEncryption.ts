/**
 * SR-TF-002: EBS volumes without encryption — `aws_ebs_volume`, the block devices
 * of instances and launch configurations, and the `ebs` blocks of launch templates.
 */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { nestedBlocks } from './dynamicBlocks';
import { fix, setBoolAttribute } from './fixes';
import { type Block, attributeOf } from './hclTree';
import { address, boolOf, resources, stringOf } from './resources';
import { EBS_ENCRYPTION } from './rules';

/** The resource types this rule reads. */
export const EBS_ENCRYPTION_TYPES = ['aws_ebs_encryption_by_default', 'aws_ebs_volume', 'aws_instance', 'aws_launch_configuration', 'aws_launch_template'];

/** An `aws_ebs_encryption_by_default` not explicitly disabled: every new volume of the region is encrypted. */
function encryptedByDefault(context: TerraformContext): boolean {
  return resources(context.file, 'aws_ebs_encryption_by_default').some((block) => boolOf(attributeOf(block, 'enabled')?.value) !== false);
}

function check(context: TerraformContext, block: Block, what: string, findings: Finding[]): void {
  const attribute = attributeOf(block, 'encrypted');
  const repair = fix('Set encrypted = true', setBoolAttribute(context, block, 'encrypted', true));
  if (!attribute || attribute.value.kind === 'null') {
    findings.push(finding(context, EBS_ENCRYPTION, attribute ? attribute.value.span : block.header, `${what} is not encrypted (encrypted is not set).`, repair));
  } else if (boolOf(attribute.value) === false) {
    findings.push(finding(context, EBS_ENCRYPTION, attribute.value.span, `${what} is not encrypted (encrypted = false).`, repair));
  }
}

export function checkEbsEncryption(context: TerraformContext): Finding[] {
  if (encryptedByDefault(context)) return [];
  const findings: Finding[] = [];
  for (const block of resources(context.file, 'aws_ebs_volume')) check(context, block, `EBS volume ${address(block)}`, findings);
  for (const type of ['aws_instance', 'aws_launch_configuration']) {
    for (const block of resources(context.file, type)) {
      for (const device of ['root_block_device', 'ebs_block_device']) {
        for (const nested of nestedBlocks(block, device)) {
          const name = stringOf(attributeOf(nested, 'device_name')?.value);
          check(context, nested, `The ${device}${name ? ` ${name}` : ''} of ${address(block)}`, findings);
        }
      }
    }
  }
  for (const block of resources(context.file, 'aws_launch_template')) {
    for (const mapping of nestedBlocks(block, 'block_device_mappings')) {
      const name = stringOf(attributeOf(mapping, 'device_name')?.value);
      for (const ebs of nestedBlocks(mapping, 'ebs')) check(context, ebs, `The ebs block${name ? ` of ${name}` : ''} in ${address(block)}`, findings);
    }
  }
  return findings;
}
