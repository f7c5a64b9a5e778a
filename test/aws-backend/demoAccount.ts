/**
 * The demo account behind `npm start`: a realistic, partly non-compliant AWS account
 * in three regions with an incident in progress. It composes the two seeders:
 *
 * - `seedNonCompliantAccount` (complianceSeed.ts) for the checklist items, then
 *   three adjustments so the account tells one coherent story:
 *   a second single-region trail in regions[1], so CloudTrail is off in exactly one
 *   region (regions[2]) and there is still no multi-region trail; Security Hub with
 *   its default standards in regions[0] only (the incident's findings live there;
 *   the item fails in the other regions); the root user with MFA and without access
 *   keys (the brief's demo does not list root problems: two items pass).
 * - `seedIncidentDemo` (seed.ts) in regions[0]: the EKS audit log group with
 *   `Forbidden` lines, under the source document's name (`/aws/eks/prod-eks/cluster`,
 *   which the shipped runbooks query), and CloudTrail history for `compromised-user`.
 *   Its Security Hub findings are derived from what was seeded here instead of its
 *   fixed list (which claims e.g. a password policy that this account does not
 *   have), so the findings node agrees with the checklist. The IAM users and the
 *   bucket the incident's events name exist too, so containment cells have something
 *   to act on, and `/aws/vpc/flowlogs` holds VPC flow log records with the
 *   attacker's accepted SSH connections among ordinary traffic.
 *
 *   POST /_backend/seed/demo-account {regions?}   (the same, from another process)
 */
import { CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import type { SeedEvent } from './cloudTrail';
import {
  ALL_FOUR_FLAGS,
  addAccessKey,
  createBucket,
  enableCloudTrail,
  enableSecurityHub,
  seedNonCompliantAccount,
  type AccessKeySeed,
  type BlockPublicAccessFlags,
  type BucketSeed,
  type ComplianceBackend,
  type ComplianceSeedSummary,
} from './complianceSeed';
import { clientConfig, DEMO_ATTACKER_IP, DEMO_COMPROMISED_USER, errorName, seedIncidentDemo, seedLogGroup, TEST_ACCOUNT, type DemoSummary, type FindingSpec, type LogLine } from './seed';

export const DEMO_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
/** The user the compromised identity created and made administrator (see the CloudTrail history). */
export const DEMO_BACKDOOR_USER = 'backup-admin';
/** Its inline policy: Allow * on * (administrator). */
export const DEMO_BACKDOOR_POLICY = 'administrator-access';
/** The bucket the compromised identity opened to the world with a bucket policy. */
export const DEMO_EXPOSED_BUCKET = 'titanic-prod-data';
/** The source document's names: the EKS cluster's audit log group and the VPC flow log group. */
export const DEMO_EKS_LOG_GROUP = '/aws/eks/prod-eks/cluster';
export const DEMO_FLOW_LOG_GROUP = '/aws/vpc/flowlogs';
/** The compromised instance's private address in the flow logs (also the kubelet's in the audit log). */
export const DEMO_INSTANCE_IP = '10.0.1.23';

export type DemoAccountBackend = ComplianceBackend & { seedCloudTrailEvents(region: string, events: SeedEvent[]): void };

export interface DemoAccountSummary {
  account: string;
  regions: string[];
  /** Where the incident's log group, CloudTrail history and findings are: regions[0]. */
  incidentRegion: string;
  /** The checklist facts (trails, recorders, detectors, hub, users, buckets, VPCs). */
  compliance: ComplianceSeedSummary;
  /** The incident data in `incidentRegion`. */
  incident: DemoSummary;
  flowLogs: { logGroup: string; records: number; acceptedSshFromAttacker: number };
}

/** Fills the backend with the demo account (at least three regions; the first is the incident's). */
export async function seedDemoAccount(backend: DemoAccountBackend, regions: string[] = DEMO_REGIONS): Promise<DemoAccountSummary> {
  if (!Array.isArray(regions) || regions.length < 3 || !regions.every((r) => typeof r === 'string' && r)) throw new Error('seedDemoAccount needs at least three regions');
  const { endpoint } = backend;
  const [home, second] = regions as [string, string, string];
  const base = await seedNonCompliantAccount(backend, regions);

  const secondTrail = await enableCloudTrail(endpoint, second, { multiRegion: false, logging: true });
  await enableSecurityHub(endpoint, home, { defaultStandards: true });
  const root = { mfaEnabled: true, accessKeysPresent: false };
  backend.setRootAccount(root);
  const incidentUsers = await seedIncidentIdentities(backend);
  const exposed = await seedExposedBucket(endpoint, home);

  const compliance: ComplianceSeedSummary = {
    ...base,
    trails: [...base.trails, secondTrail],
    securityHubRegions: [home],
    root,
    users: [...base.users, ...incidentUsers],
    buckets: [...base.buckets, exposed],
  };
  const incident = await seedIncidentDemo(backend, home, { findings: findingsFor(compliance, home), logGroup: DEMO_EKS_LOG_GROUP });
  const flows = flowLogRecords(Date.now());
  await seedLogGroup(endpoint, home, DEMO_FLOW_LOG_GROUP, flows.lines, 'eni-0a1b2c3d4e5f60718-all');
  const flowLogs = { logGroup: DEMO_FLOW_LOG_GROUP, records: flows.lines.length, acceptedSshFromAttacker: flows.acceptedSshFromAttacker };
  return { account: TEST_ACCOUNT, regions: [...regions], incidentRegion: home, compliance, incident, flowLogs };
}

/**
 * VPC flow log records (default format, version 2) of the last two hours: web
 * traffic to the instance, rejected scans, and the attacker's accepted SSH
 * sessions to it, after which the instance itself connects onwards on port 22.
 */
function flowLogRecords(now: number): { lines: LogLine[]; acceptedSshFromAttacker: number } {
  const eni = 'eni-0a1b2c3d4e5f60718';
  const record = (minutesAgo: number, src: string, dst: string, srcPort: number, dstPort: number, packets: number, bytes: number, action: 'ACCEPT' | 'REJECT') => {
    const end = Math.floor((now - minutesAgo * 60_000) / 1000);
    return { timestamp: end * 1000, message: ['2', TEST_ACCOUNT, eni, src, dst, srcPort, dstPort, '6', packets, bytes, end - 60, end, action, 'OK'].join(' ') };
  };
  const lines: LogLine[] = [];
  for (let i = 0; i < 24; i++) lines.push(record(115 - i * 5, `203.0.113.${10 + (i % 7)}`, DEMO_INSTANCE_IP, 40000 + i, 443, 12 + i, 4200 + i * 37, 'ACCEPT'));
  for (let i = 0; i < 6; i++) lines.push(record(100 - i * 9, `198.51.100.${20 + i}`, DEMO_INSTANCE_IP, 51000 + i, [22, 3389, 23, 445, 22, 5900][i]!, 1, 44, 'REJECT'));
  const attackerSessions = [92, 88, 61];
  for (const [i, minutes] of attackerSessions.entries()) lines.push(record(minutes, DEMO_ATTACKER_IP, DEMO_INSTANCE_IP, 52311 + i, 22, 180 + i * 40, 38_000 + i * 9_000, 'ACCEPT'));
  lines.push(record(58, DEMO_INSTANCE_IP, '10.0.2.41', 33022, 22, 64, 9_216, 'ACCEPT'));
  lines.push(record(57, DEMO_INSTANCE_IP, '10.0.2.57', 33023, 22, 2, 120, 'REJECT'));
  return { lines, acceptedSshFromAttacker: attackerSessions.length };
}

/** `compromised-user` with the fresh access key the attacker created, and the administrator user they added. */
async function seedIncidentIdentities(backend: ComplianceBackend): Promise<AccessKeySeed[]> {
  const compromisedKey = await addAccessKey(backend, DEMO_COMPROMISED_USER);
  const iam = new IAMClient(clientConfig(backend.endpoint, 'us-east-1'));
  try {
    try {
      await iam.send(new CreateUserCommand({ UserName: DEMO_BACKDOOR_USER }));
    } catch (error) {
      if (errorName(error) !== 'EntityAlreadyExistsException') throw error;
    }
    // The history says AttachUserPolicy AdministratorAccess; moto has no AWS managed policies, so the same grant inline.
    const everything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: DEMO_BACKDOOR_USER, PolicyName: DEMO_BACKDOOR_POLICY, PolicyDocument: JSON.stringify(everything) }));
  } finally {
    iam.destroy();
  }
  return [compromisedKey];
}

/** The bucket the attacker's PutBucketPolicy opened: readable by anyone, no Block Public Access. */
async function seedExposedBucket(endpoint: string, region: string): Promise<BucketSeed> {
  await createBucket(endpoint, region, DEMO_EXPOSED_BUCKET);
  const s3 = new S3Client({ ...clientConfig(endpoint, region), forcePathStyle: true });
  try {
    const policy = { Version: '2012-10-17', Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${DEMO_EXPOSED_BUCKET}/*` }] };
    await s3.send(new PutBucketPolicyCommand({ Bucket: DEMO_EXPOSED_BUCKET, Policy: JSON.stringify(policy) }));
  } finally {
    s3.destroy();
  }
  return { name: DEMO_EXPOSED_BUCKET, region, publicAccessBlock: null };
}

const accountResource = { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` };
const allFour = (flags: BlockPublicAccessFlags | null | undefined) => !!flags && (Object.keys(ALL_FOUR_FLAGS) as (keyof BlockPublicAccessFlags)[]).every((flag) => flags[flag] === true);
const status = (passed: boolean) => (passed ? 'PASSED' : 'FAILED') as FindingSpec['complianceStatus'];

/**
 * The Security Hub control findings the account would have in `region`, judged from
 * what was seeded: account-wide controls once, regional ones for the region's
 * resources. Failed and passed, as Security Hub reports both.
 */
export function findingsFor(account: ComplianceSeedSummary, region: string): FindingSpec[] {
  const findings: FindingSpec[] = [];
  const add = (controlId: string, title: string, severity: FindingSpec['severity'], passed: boolean, resource = accountResource) =>
    findings.push({ controlId, title, severity, complianceStatus: status(passed), resource });
  add('CloudTrail.1', 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events', 'HIGH', account.trails.some((t) => t.multiRegion && t.logging));
  add('Config.1', 'AWS Config should be enabled and use the service-linked role for resource recording', 'MEDIUM', account.configRecordingRegions.includes(region));
  add('GuardDuty.1', 'GuardDuty should be enabled', 'HIGH', account.guardDutyRegions.includes(region));
  add('IAM.4', 'IAM root user access key should not exist', 'CRITICAL', !account.root.accessKeysPresent);
  add('IAM.9', 'MFA should be enabled for the root user', 'CRITICAL', account.root.mfaEnabled);
  add('IAM.15', 'Ensure IAM password policy requires minimum password length of 14 or greater', 'MEDIUM', (account.passwordPolicy?.minLength ?? 0) >= 14);
  add('IAM.16', 'Ensure IAM password policy prevents password reuse', 'LOW', (account.passwordPolicy?.reuse ?? 0) >= 24);
  add('S3.1', 'S3 general purpose buckets should have block public access settings enabled', 'MEDIUM', allFour(account.accountPublicAccessBlock));
  for (const key of account.users) {
    const user = { type: 'AwsIamUser', id: `arn:aws:iam::${account.account}:user/${key.userName}` };
    add('IAM.3', "IAM users' access keys should be rotated every 90 days or less", 'MEDIUM', !key.active || key.ageDays <= 90, user);
  }
  for (const bucket of account.buckets.filter((b) => b.region === region)) {
    const resource = { type: 'AwsS3Bucket', id: `arn:aws:s3:::${bucket.name}` };
    add('S3.8', 'S3 general purpose buckets should block public access', 'HIGH', allFour(account.accountPublicAccessBlock) || allFour(bucket.publicAccessBlock), resource);
  }
  const vpcs = [...account.vpcsWithFlowLogs.map((v) => ({ ...v, flowLogs: true })), ...account.vpcsWithoutFlowLogs.map((v) => ({ ...v, flowLogs: false }))];
  for (const vpc of vpcs.filter((v) => v.region === region)) {
    const resource = { type: 'AwsEc2Vpc', id: `arn:aws:ec2:${region}:${account.account}:vpc/${vpc.vpcId}` };
    add('EC2.6', 'VPC flow logging should be enabled in all VPCs', 'MEDIUM', vpc.flowLogs, resource);
  }
  return findings;
}
