/**
 * SR-TF-003: S3 buckets without an explicit encryption configuration (inline, or an
 * `aws_s3_bucket_server_side_encryption_configuration` in the same file).
 */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { nestedBlocks } from './dynamicBlocks';
import { attributeOf } from './hclTree';
import { address, referencesTo, resources, stringOf } from './resources';
import { S3_ENCRYPTION } from './rules';

/** The resource types this rule reads. */
export const S3_ENCRYPTION_TYPES = ['aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration'];

export function checkS3Encryption(context: TerraformContext): Finding[] {
  const buckets = resources(context.file, 'aws_s3_bucket');
  if (buckets.length === 0) return [];
  const config = referencesTo(context.file, 'aws_s3_bucket_server_side_encryption_configuration', 'bucket', 'aws_s3_bucket');
  const literalBuckets = new Set(config.literals);
  if (config.unresolved) return [];
  const findings: Finding[] = [];
  for (const block of buckets) {
    if (nestedBlocks(block, 'server_side_encryption_configuration').length > 0) continue;
    if (config.names.has(block.labels[1]!)) continue;
    const name = attributeOf(block, 'bucket')?.value;
    const literal = name?.kind === 'string' ? name.value : undefined;
    if (literal !== undefined && literalBuckets.has(literal)) continue;
    // A bucket whose name is set but not literal may be the one a literal configuration names.
    if (name && literal === undefined && literalBuckets.size > 0) continue;
    const shown = stringOf(name) ?? address(block);
    findings.push(
      finding(
        context,
        S3_ENCRYPTION,
        block.header,
        `S3 bucket ${address(block)}${shown !== address(block) ? ` ("${shown}")` : ''} has no explicit encryption configuration (SSE-S3 default applies; set SSE-KMS if you need key control).`,
      ),
    );
  }
  return findings;
}
