/**
 * Hand-built compliance scans for tests: a realistic, partly failing account by
 * default, with every part overridable.
 */
import { COMPLIANCE_ITEMS } from '../../../src/compliance/catalog';
import type { Evidence, ItemId, ItemResult, ItemStatus, RegionResult, ScanResult } from '../../../src/compliance/model';

export const ACCOUNT = '123456789012';
export const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

export function regionResult(region: string, status: ItemStatus, reason: string, evidence: Evidence[] = []): RegionResult {
  return { region, status, reason, evidence };
}

export function itemResult(id: ItemId, status: ItemStatus, reason: string, rest: Partial<ItemResult> = {}): ItemResult {
  return { id, status, reason, evidence: [], checkedAt: '2026-11-29T15:30:02.000Z', durationMs: 420, ...rest };
}

/** The demo account: CloudTrail off in one region, an old key, no password policy, three of four S3 flags, the rest passing. */
export function demoScan(overrides: Partial<ScanResult> = {}): ScanResult {
  const items: Record<ItemId, ItemResult> = {
    cloudtrail: itemResult('cloudtrail', 'fail', 'no multi-region trail is logging', {
      regions: [
        regionResult('eu-west-1', 'fail', 'trail titanic-api-trail is single-region', [{ label: 'Trail', value: 'titanic-api-trail (single-region)', status: 'fail' }]),
        regionResult('us-east-1', 'fail', 'no trail'),
        regionResult('us-west-2', 'fail', 'no trail'),
      ],
    }),
    config: itemResult('config', 'pass', 'recording in 3 of 3 regions', {
      regions: REGIONS.map((r) => regionResult(r, 'pass', 'recorder default is recording', [{ label: 'Recorder', value: 'default' }])),
    }),
    guardduty: itemResult('guardduty', 'pass', 'enabled in 3 of 3 regions', { regions: REGIONS.map((r) => regionResult(r, 'pass', 'detector ENABLED')) }),
    securityhub: itemResult('securityhub', 'pass', 'active with a standard in 3 of 3 regions', { regions: REGIONS.map((r) => regionResult(r, 'pass', 'hub on, 1 standard')) }),
    'access-keys': itemResult('access-keys', 'fail', '1 active key older than 90 days', {
      evidence: [
        { label: 'ci-deployer AKIA…MPLE', value: 'active, rotated 91 days ago', status: 'fail' },
        { label: 'alice AKIA…ALCE', value: 'active, rotated 89 days ago', status: 'pass' },
      ],
    }),
    'root-mfa': itemResult('root-mfa', 'pass', 'AccountMFAEnabled = 1', { evidence: [{ label: 'AccountMFAEnabled', value: '1' }] }),
    'root-access-keys': itemResult('root-access-keys', 'unknown', 'access denied (iam:GetAccountSummary)'),
    'password-policy': itemResult('password-policy', 'fail', 'no password policy', { evidence: [{ label: 'Password policy', value: 'none (NoSuchEntity)', status: 'fail' }] }),
    's3-public-access': itemResult('s3-public-access', 'fail', 'account: 3 of 4 flags; bucket | logs: 2 of 4', {
      evidence: [{ label: 'Account RestrictPublicBuckets', value: 'false | not set', status: 'fail' }],
    }),
    'vpc-flow-logs': itemResult('vpc-flow-logs', 'error', 'ec2:DescribeFlowLogs timed out in us-west-2', {
      regions: [regionResult('eu-west-1', 'pass', '1 of 1 VPC has flow logs'), regionResult('us-west-2', 'error', 'timed out after 20 s')],
    }),
  };
  return {
    profile: 'prod-audit',
    account: ACCOUNT,
    principalArn: `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAudit/alice`,
    regions: [...REGIONS],
    startedAt: '2026-11-29T15:30:00.000Z',
    finishedAt: '2026-11-29T15:30:04.250Z',
    durationMs: 4250,
    items: COMPLIANCE_ITEMS.map((item) => items[item.id]),
    findings: [
      {
        control: 'S3.8',
        severity: 'HIGH',
        findings: [
          { region: 'eu-west-1', title: 'S3 general purpose buckets should block public access', severity: 'HIGH', resource: 'arn:aws:s3:::titanic-logs', workflowStatus: 'NEW' },
          { region: 'us-east-1', title: 'S3 general purpose buckets should block public access', severity: 'MEDIUM', resource: 'arn:aws:s3:::titanic-assets' },
        ],
      },
      { control: 'IAM.3', severity: 'MEDIUM', findings: [{ region: 'us-east-1', title: 'IAM users\' access keys should be rotated every 90 days or less', severity: 'MEDIUM', resource: 'AwsIamUser ci-deployer' }] },
    ],
    notes: ['Region ap-east-1 is not enabled for the account: skipped.'],
    ...overrides,
  };
}
