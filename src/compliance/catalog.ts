/**
 * The ten checklist items of the source document's compliance section, with the
 * control ids auditors see (CIS AWS Foundations Benchmark v3.0 and AWS Security
 * Hub) and the runbook cell that fixes each. Semantics follow Security Hub's
 * controls where peers disagree (see each check's module).
 */
import type { ComplianceItem, ItemId } from './model';

const CIS = 'CIS AWS Foundations Benchmark v3.0';

export const COMPLIANCE_ITEMS: readonly ComplianceItem[] = [
  {
    id: 'cloudtrail',
    title: 'CloudTrail in all regions',
    controls: ['CIS 3.1', 'CloudTrail.1'],
    framework: CIS,
    regional: true,
    rule: 'At least one multi-region trail is logging and records read and write management events.',
    calls: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
    remediationCell: 'enable-cloudtrail',
  },
  {
    id: 'config',
    title: 'AWS Config recording in every region',
    controls: ['CIS 3.3', 'Config.1'],
    framework: CIS,
    regional: true,
    rule: 'In every enabled region a configuration recorder exists, is recording, and its last status is not Failure.',
    calls: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
    remediationCell: 'enable-config',
  },
  {
    id: 'guardduty',
    title: 'GuardDuty enabled',
    controls: ['GuardDuty.1'],
    framework: 'AWS Foundational Security Best Practices (not part of any CIS version)',
    regional: true,
    rule: 'Every enabled region has a GuardDuty detector with status ENABLED.',
    calls: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
    remediationCell: 'enable-guardduty',
  },
  {
    id: 'securityhub',
    title: 'Security Hub enabled with a standard',
    controls: ['CIS 4.16'],
    framework: `${CIS} (no Security Hub control can evaluate Security Hub itself)`,
    regional: true,
    rule: 'Security Hub is active in every enabled region with at least one standard enabled.',
    calls: ['securityhub:DescribeHub', 'securityhub:GetEnabledStandards'],
    remediationCell: 'enable-security-hub',
  },
  {
    id: 'access-keys',
    title: 'Access keys rotated within 90 days',
    controls: ['CIS 1.14', 'IAM.3'],
    framework: CIS,
    regional: false,
    rule: 'No IAM user has an active access key last rotated more than 90 days ago (from the IAM credential report).',
    calls: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    remediationCell: 'rotate-access-keys',
  },
  {
    id: 'root-mfa',
    title: 'Root account has MFA',
    controls: ['CIS 1.5', 'IAM.9'],
    framework: CIS,
    regional: false,
    rule: 'IAM GetAccountSummary reports AccountMFAEnabled = 1.',
    calls: ['iam:GetAccountSummary'],
    remediationCell: 'root-mfa',
  },
  {
    id: 'root-access-keys',
    title: 'No root access keys',
    controls: ['CIS 1.4', 'IAM.4'],
    framework: CIS,
    regional: false,
    rule: 'IAM GetAccountSummary reports AccountAccessKeysPresent = 0.',
    calls: ['iam:GetAccountSummary'],
    remediationCell: 'root-access-keys',
  },
  {
    id: 'password-policy',
    title: 'Password policy: length ≥ 14, reuse prevention 24',
    controls: ['CIS 1.8', 'CIS 1.9', 'IAM.15', 'IAM.16'],
    framework: CIS,
    regional: false,
    rule: 'An account password policy exists with MinimumPasswordLength ≥ 14 and PasswordReusePrevention ≥ 24.',
    calls: ['iam:GetAccountPasswordPolicy'],
    remediationCell: 'set-password-policy',
  },
  {
    id: 's3-public-access',
    title: 'S3 Block Public Access',
    controls: ['CIS 2.1.4', 'S3.1', 'S3.8'],
    framework: CIS,
    regional: false,
    rule:
      'All four Block Public Access flags (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) are on for the account, or on every bucket. Security Hub requires all four; Prowler only two: we follow Security Hub.',
    calls: ['s3:GetAccountPublicAccessBlock', 's3:ListAllMyBuckets', 's3:GetBucketPublicAccessBlock'],
    remediationCell: 'block-s3-public-access',
  },
  {
    id: 'vpc-flow-logs',
    title: 'VPC flow logs on every VPC',
    controls: ['CIS 3.7', 'EC2.6'],
    framework: CIS,
    regional: true,
    rule: 'Every VPC in every enabled region has at least one flow log.',
    calls: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
    remediationCell: 'enable-vpc-flow-logs',
  },
];

export const ITEM_IDS: readonly ItemId[] = COMPLIANCE_ITEMS.map((item) => item.id);

export function complianceItem(id: ItemId): ComplianceItem {
  const item = COMPLIANCE_ITEMS.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`unknown compliance item ${id}`);
  return item;
}

/** Every control id the ten items name (Open Remediation finds a runbook cell through these; see also RELATED_CONTROL_IDS). */
export const KNOWN_CONTROL_IDS: ReadonlySet<string> = new Set(COMPLIANCE_ITEMS.flatMap((item) => item.controls));

/**
 * Security Hub control ids the runbooks cite that are not one of the ten checklist
 * items (KNOWN_CONTROL_IDS). Each is a real AWS Security Hub control; the Terraform
 * rules cite some of them, so their code actions find these cells.
 */
export const RELATED_CONTROL_IDS: ReadonlySet<string> = new Set([
  'EKS.8', // EKS clusters should have audit logging enabled
  'CloudWatch.16', // CloudWatch log groups should be retained for a specified time period
  'SecretsManager.1', // Secrets Manager secrets should have automatic rotation enabled
  'SecretsManager.4', // Secrets Manager secrets should be rotated within a specified number of days
  'ECR.1', // ECR private repositories should have image scanning configured
  'EC2.13', // Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22
]);
