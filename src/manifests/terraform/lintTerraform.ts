/**
 * Terraform (AWS provider) rules: parse with tree-sitter's HCL grammar, build the
 * typed view, free the tree, run every rule on the view. A syntax error becomes one
 * SR-PARSE finding at the first error and the rest of the file is still checked
 * (tree-sitter recovers around it).
 */
import type { LineIndex } from '../lineIndex';
import type { Finding, RuleDoc } from '../model';
import type { TerraformCheck, TerraformContext } from './context';
import { EBS_ENCRYPTION_TYPES, checkEbsEncryption } from './ebsEncryption';
import { EKS_LOGGING_TYPES, checkEksLogging } from './eksLogging';
import { PARSE_BUDGET_MS, parseTerraform } from './hclParser';
import { type HclFile, hclFile } from './hclTree';
import { IAM_POLICY_TYPES, checkIamWildcard } from './iamWildcard';
import { LOG_GROUP_TYPES, checkLogGroupRetention } from './logGroupRetention';
import { RDS_ENCRYPTION_TYPES, checkRdsEncryption } from './rdsEncryption';
import { TERRAFORM_RULE_DOCS } from './rules';
import { S3_ENCRYPTION_TYPES, checkS3Encryption } from './s3Encryption';
import { SECRET_ROTATION_TYPES, checkSecretRotation } from './secretRotation';
import { SECURITY_GROUP_TYPES, checkSecurityGroupIngress } from './securityGroupIngress';
import { SUBNET_TYPES, checkSubnetPublicIp } from './subnetPublicIp';

export const TERRAFORM_RULES: readonly RuleDoc[] = TERRAFORM_RULE_DOCS;

/** Each rule, with the resource/data source types it reads (the view skips the contents of all others). */
const CHECKS: ReadonlyArray<{ check: TerraformCheck; types: readonly string[] }> = [
  { check: checkRdsEncryption, types: RDS_ENCRYPTION_TYPES },
  { check: checkEbsEncryption, types: EBS_ENCRYPTION_TYPES },
  { check: checkS3Encryption, types: S3_ENCRYPTION_TYPES },
  { check: checkSecurityGroupIngress, types: SECURITY_GROUP_TYPES },
  { check: checkEksLogging, types: EKS_LOGGING_TYPES },
  { check: checkLogGroupRetention, types: LOG_GROUP_TYPES },
  { check: checkSubnetPublicIp, types: SUBNET_TYPES },
  { check: checkIamWildcard, types: IAM_POLICY_TYPES },
  { check: checkSecretRotation, types: SECRET_ROTATION_TYPES },
];

const READ_TYPES = new Set(CHECKS.flatMap(({ types }) => types));

/** Resources and data sources of a type some rule reads. */
function wanted(type: string, labels: readonly string[]): boolean {
  return (type === 'resource' || type === 'data') && labels.length === 2 && READ_TYPES.has(labels[0]!);
}

function parseFinding(lines: LineIndex, start: number, end: number, message: string): Finding {
  return { ruleId: 'SR-PARSE', severity: 'error', message, range: lines.range(start, end) };
}

/** The first line's extent (for findings about the whole file). */
function firstLine(lines: LineIndex): [number, number] {
  return [0, Math.max(lines.lineEnd(0), Math.min(1, lines.text.length))];
}

/** Findings made from `dynamic` blocks repeat once per element when they concern the shared `content`. */
function withoutDuplicates(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character} ${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export async function lintTerraform(text: string, lines: LineIndex): Promise<Finding[]> {
  if (text.includes('\u0000')) {
    return [parseFinding(lines, ...firstLine(lines), 'This file is binary (it contains NUL characters), not Terraform; it was not checked.')];
  }
  const tree = await parseTerraform(text);
  if (!tree) {
    return [parseFinding(lines, ...firstLine(lines), `This file took more than ${PARSE_BUDGET_MS / 1000} s to parse and was not checked; it does not look like Terraform.`)];
  }
  let file: HclFile;
  try {
    file = hclFile(tree.rootNode, text, wanted);
  } finally {
    tree.delete();
  }
  const findings: Finding[] = [];
  if (file.syntaxError) findings.push(parseFinding(lines, file.syntaxError.span.start, file.syntaxError.span.end, file.syntaxError.message));
  const context: TerraformContext = { text, lines, file, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  for (const { check } of CHECKS) findings.push(...check(context));
  return withoutDuplicates(findings);
}
