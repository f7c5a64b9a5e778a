/** SR-TF-001: RDS instances and clusters without `storage_encrypted = true`. */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { fix, setBoolAttribute } from './fixes';
import { attributeOf } from './hclTree';
import { address, boolOf, resources, stringOf } from './resources';
import { RDS_ENCRYPTION } from './rules';

/** The resource types this rule reads. */
export const RDS_ENCRYPTION_TYPES = ['aws_db_instance', 'aws_rds_cluster'];

export function checkRdsEncryption(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const type of RDS_ENCRYPTION_TYPES) {
    for (const block of resources(context.file, type)) {
      // Encryption follows the source database or the snapshot: the file cannot tell.
      if (attributeOf(block, 'replicate_source_db') || attributeOf(block, 'snapshot_identifier')) continue;
      // Aurora Serverless v1 is always encrypted.
      if (type === 'aws_rds_cluster' && stringOf(attributeOf(block, 'engine_mode')?.value) === 'serverless') continue;
      const attribute = attributeOf(block, 'storage_encrypted');
      const what = type === 'aws_db_instance' ? 'RDS instance' : 'RDS cluster';
      const repair = fix('Set storage_encrypted = true', setBoolAttribute(context, block, 'storage_encrypted', true));
      if (!attribute || attribute.value.kind === 'null') {
        findings.push(
          finding(context, RDS_ENCRYPTION, attribute ? attribute.value.span : block.header, `${what} ${address(block)} does not set storage_encrypted = true: its storage, backups and snapshots are not encrypted at rest.`, repair),
        );
      } else if (boolOf(attribute.value) === false) {
        findings.push(
          finding(context, RDS_ENCRYPTION, attribute.value.span, `${what} ${address(block)} sets storage_encrypted = false: its storage, backups and snapshots are not encrypted at rest.`, repair),
        );
      }
    }
  }
  return findings;
}
