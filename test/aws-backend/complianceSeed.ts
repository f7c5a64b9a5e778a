/**
 * Seeding for the compliance scan (CIS AWS Foundations checklist): whole accounts
 * that pass or fail every item, and the building blocks to compose partial cases
 * (a logging single-region trail, Config in 2 of 3 regions, three of four S3 flags,
 * keys 91 vs 89 days old, an inactive old key...).
 *
 * Everything goes through the real AWS SDK against the backend's endpoint, like
 * seed.ts; only what no AWS API can set is a backend control: the enabled regions,
 * the root user's MFA and keys, and access key ages (see README.md).
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, PutConfigurationRecorderCommand, PutDeliveryChannelCommand, StartConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { CreateFlowLogsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListAccessKeysCommand, UpdateAccessKeyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutPublicAccessBlockCommand as PutBucketPublicAccessBlockCommand, S3Client, type BucketLocationConstraint, type PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { EnableSecurityHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { BackendControls } from './proxy';
import { clientConfig, errorName, TEST_ACCOUNT } from './seed';

/** What the compliance seeders need of the backend (an `AwsBackend`, or the proxy's own controls). */
export type ComplianceBackend = { endpoint: string } & Pick<BackendControls, 'setEnabledRegions' | 'setRootAccount' | 'backdateAccessKey'>;

export type BlockPublicAccessFlags = PublicAccessBlockConfiguration;

export const ALL_FOUR_FLAGS: Required<BlockPublicAccessFlags> = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export interface TrailSeed {
  name: string;
  arn: string;
  homeRegion: string;
  bucket: string;
  multiRegion: boolean;
  logging: boolean;
}

export interface AccessKeySeed {
  userName: string;
  accessKeyId: string;
  /** The key's slot in the credential report (access_key_1_* or access_key_2_*). */
  slot: 1 | 2;
  ageDays: number;
  active: boolean;
}

export interface VpcRef {
  region: string;
  vpcId: string;
}

export interface BucketSeed {
  name: string;
  region: string;
  /** Bucket-level flags put; null: none (GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration). */
  publicAccessBlock: BlockPublicAccessFlags | null;
}

export interface ComplianceSeedSummary {
  account: string;
  /** The enabled regions (EC2 DescribeRegions). */
  regions: string[];
  trails: TrailSeed[];
  configRecordingRegions: string[];
  guardDutyRegions: string[];
  securityHubRegions: string[];
  users: AccessKeySeed[];
  root: { mfaEnabled: boolean; accessKeysPresent: boolean };
  passwordPolicy: { minLength: number; reuse: number } | null;
  accountPublicAccessBlock: BlockPublicAccessFlags | null;
  buckets: BucketSeed[];
  vpcsWithFlowLogs: VpcRef[];
  vpcsWithoutFlowLogs: VpcRef[];
}

/** Runs `use` with a client and destroys the client afterwards. */
async function withClient<C extends { destroy(): void }, T>(client: C, use: (client: C) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

async function ignoring(names: string[], call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!names.includes(errorName(error))) throw error;
  }
}

// ---------------------------------------------------------------- S3

/** Creates the bucket in `region` unless this account already owns it. */
export async function createBucket(endpoint: string, region: string, bucket: string): Promise<void> {
  await withClient(new S3Client({ ...clientConfig(endpoint, region), forcePathStyle: true }), (s3) =>
    ignoring(['BucketAlreadyOwnedByYou'], s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }))),
  );
}

/** Account-level Block Public Access (S3 Control PutPublicAccessBlock); unset flags are off. */
export async function putAccountPublicAccessBlock(endpoint: string, account: string, flags: BlockPublicAccessFlags): Promise<void> {
  const control = new S3ControlClient({ ...clientConfig(endpoint, 'us-east-1'), endpointProvider: () => ({ url: new URL(endpoint) }) });
  await withClient(control, (c) => c.send(new PutAccountPublicAccessBlockCommand({ AccountId: account, PublicAccessBlockConfiguration: flags })));
}

/** Creates the bucket if needed and puts bucket-level Block Public Access flags; unset flags are off. */
export async function putBucketPublicAccessBlock(endpoint: string, bucket: string, flags: BlockPublicAccessFlags, region = 'us-east-1'): Promise<BucketSeed> {
  await createBucket(endpoint, region, bucket);
  await withClient(new S3Client({ ...clientConfig(endpoint, region), forcePathStyle: true }), (s3) =>
    s3.send(new PutBucketPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: flags })),
  );
  return { name: bucket, region, publicAccessBlock: flags };
}

// ---------------------------------------------------------------- CloudTrail, Config, GuardDuty, Security Hub

/** A trail in `homeRegion` (and its log bucket), optionally multi-region and logging. */
export async function enableCloudTrail(
  endpoint: string,
  homeRegion: string,
  options: { multiRegion: boolean; logging: boolean; name?: string; bucket?: string },
): Promise<TrailSeed> {
  const name = options.name ?? (options.multiRegion ? 'organization-trail' : `trail-${homeRegion}`);
  const bucket = options.bucket ?? `aws-cloudtrail-logs-${TEST_ACCOUNT}-${name}`;
  await createBucket(endpoint, homeRegion, bucket);
  return withClient(new CloudTrailClient(clientConfig(endpoint, homeRegion)), async (cloudTrail) => {
    const trail = await cloudTrail.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket, IsMultiRegionTrail: options.multiRegion, IncludeGlobalServiceEvents: true }));
    if (options.logging) await cloudTrail.send(new StartLoggingCommand({ Name: name }));
    return { name, arn: trail.TrailARN!, homeRegion, bucket, multiRegion: options.multiRegion, logging: options.logging };
  });
}

/** A configuration recorder (all resources) with a delivery channel to a bucket in `region`; started unless `recording` is false. */
export async function enableConfig(endpoint: string, region: string, options: { recording?: boolean } = {}): Promise<{ region: string; bucket: string; recording: boolean }> {
  const bucket = `config-bucket-${TEST_ACCOUNT}-${region}`;
  const recording = options.recording ?? true;
  await createBucket(endpoint, region, bucket);
  await withClient(new ConfigServiceClient(clientConfig(endpoint, region)), async (config) => {
    const roleARN = `arn:aws:iam::${TEST_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
    await config.send(new PutConfigurationRecorderCommand({ ConfigurationRecorder: { name: 'default', roleARN, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } } }));
    await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket } }));
    if (recording) await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
  });
  return { region, bucket, recording };
}

/** A GuardDuty detector (ENABLED) in `region`; answers its id. */
export async function enableGuardDuty(endpoint: string, region: string): Promise<string> {
  return withClient(new GuardDutyClient(clientConfig(endpoint, region)), async (guardDuty) => (await guardDuty.send(new CreateDetectorCommand({ Enable: true }))).DetectorId!);
}

/** Security Hub in `region`; with `defaultStandards` (AWS's default) FSBP v1.0.0 and CIS v1.2.0 get enabled too. */
export async function enableSecurityHub(endpoint: string, region: string, options: { defaultStandards: boolean } = { defaultStandards: true }): Promise<void> {
  await withClient(new SecurityHubClient(clientConfig(endpoint, region)), (hub) => hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: options.defaultStandards })));
}

// ---------------------------------------------------------------- IAM

export async function setPasswordPolicy(endpoint: string, policy: { minLength: number; reuse: number }): Promise<void> {
  await withClient(new IAMClient(clientConfig(endpoint, 'us-east-1')), (iam) =>
    iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: policy.minLength, PasswordReusePrevention: policy.reuse })),
  );
}

/**
 * Creates the user if needed and a new access key, `ageDays` old in the credential
 * report (backdated through the backend) and Inactive when `active` is false.
 */
export async function addAccessKey(backend: ComplianceBackend, userName: string, options: { ageDays?: number; active?: boolean } = {}): Promise<AccessKeySeed> {
  const ageDays = options.ageDays ?? 0;
  const active = options.active ?? true;
  return withClient(new IAMClient(clientConfig(backend.endpoint, 'us-east-1')), async (iam) => {
    await ignoring(['EntityAlreadyExistsException'], iam.send(new CreateUserCommand({ UserName: userName })));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
    const slot = keys.length === 2 ? 2 : 1; // moto, like AWS, lists keys in creation order
    if (ageDays > 0) backend.backdateAccessKey(userName, slot, ageDays);
    if (!active) await iam.send(new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: AccessKey!.AccessKeyId!, Status: 'Inactive' }));
    return { userName, accessKeyId: AccessKey!.AccessKeyId!, slot, ageDays, active };
  });
}

// ---------------------------------------------------------------- EC2

export async function listVpcIds(endpoint: string, region: string): Promise<string[]> {
  return withClient(new EC2Client(clientConfig(endpoint, region)), async (ec2) => ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((vpc) => vpc.VpcId!));
}

/** A flow log (all traffic, to CloudWatch Logs) on each given VPC; default: every VPC in `region`. */
export async function addFlowLogs(endpoint: string, region: string, vpcIds?: string[]): Promise<VpcRef[]> {
  const ids = vpcIds ?? (await listVpcIds(endpoint, region));
  if (ids.length === 0) return [];
  await withClient(new EC2Client(clientConfig(endpoint, region)), async (ec2) => {
    const answer = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: ids,
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogGroupName: 'vpc-flow-logs',
        DeliverLogsPermissionArn: `arn:aws:iam::${TEST_ACCOUNT}:role/vpc-flow-logs`,
      }),
    );
    if (answer.Unsuccessful?.length) throw new Error(`CreateFlowLogs failed in ${region}: ${JSON.stringify(answer.Unsuccessful)}`);
  });
  return ids.map((vpcId) => ({ region, vpcId }));
}

// ---------------------------------------------------------------- whole accounts

const bucketOf = (name: string, region: string): BucketSeed => ({ name, region, publicAccessBlock: null });

async function inEach<T>(regions: string[], seed: (region: string) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const region of regions) results.push(await seed(region));
  return results;
}

/**
 * An account that passes every checklist item in `regions` (all enabled regions):
 * one multi-region trail logging; Config recording, a GuardDuty detector, Security
 * Hub with its default standards and a flow log on every VPC in every region; IAM
 * users with fresh keys (and one 200-day-old key made Inactive); root MFA on and no
 * root keys; password policy length 14 / reuse 24; account-level Block Public Access.
 */
export async function seedCompliantAccount(backend: ComplianceBackend, regions: string[]): Promise<ComplianceSeedSummary> {
  if (!Array.isArray(regions) || regions.length === 0) throw new Error('seedCompliantAccount needs at least one region');
  const { endpoint } = backend;
  backend.setEnabledRegions(regions);
  const trail = await enableCloudTrail(endpoint, regions[0]!, { multiRegion: true, logging: true });
  const configs = await inEach(regions, (region) => enableConfig(endpoint, region));
  await inEach(regions, (region) => enableGuardDuty(endpoint, region));
  await inEach(regions, (region) => enableSecurityHub(endpoint, region, { defaultStandards: true }));
  const users = [
    await addAccessKey(backend, 'alice'),
    await addAccessKey(backend, 'deploy-bot', { ageDays: 30 }),
    await addAccessKey(backend, 'former-contractor', { ageDays: 200, active: false }),
  ];
  const root = { mfaEnabled: true, accessKeysPresent: false };
  backend.setRootAccount(root);
  const passwordPolicy = { minLength: 14, reuse: 24 };
  await setPasswordPolicy(endpoint, passwordPolicy);
  await putAccountPublicAccessBlock(endpoint, TEST_ACCOUNT, ALL_FOUR_FLAGS);
  const vpcsWithFlowLogs = (await inEach(regions, (region) => addFlowLogs(endpoint, region))).flat();
  return {
    account: TEST_ACCOUNT,
    regions: [...regions],
    trails: [trail],
    configRecordingRegions: [...regions],
    guardDutyRegions: [...regions],
    securityHubRegions: [...regions],
    users,
    root,
    passwordPolicy,
    accountPublicAccessBlock: ALL_FOUR_FLAGS,
    buckets: [bucketOf(trail.bucket, trail.homeRegion), ...configs.map((c) => bucketOf(c.bucket, c.region))],
    vpcsWithFlowLogs,
    vpcsWithoutFlowLogs: [],
  };
}

/**
 * The demo account (`regions` has at least 3 entries): a single-region trail
 * logging in regions[0] only; Config recording in regions[0] and regions[1] only;
 * GuardDuty in regions[0] only; Security Hub off everywhere; `ci-deploy` with an
 * active key 120 days old and `alice` with a fresh one; root MFA off and root
 * access keys present; no password policy; bucket `titanic-assets` with only
 * BlockPublicAcls and IgnorePublicAcls and no account-level block; the default VPC
 * in regions[1] without flow logs (every other VPC has one).
 */
export async function seedNonCompliantAccount(backend: ComplianceBackend, regions: string[]): Promise<ComplianceSeedSummary> {
  if (!Array.isArray(regions) || regions.length < 3) throw new Error('seedNonCompliantAccount needs at least three regions');
  const { endpoint } = backend;
  const [first, second] = regions as [string, string, string];
  backend.setEnabledRegions(regions);
  const trail = await enableCloudTrail(endpoint, first, { multiRegion: false, logging: true });
  const configs = await inEach([first, second], (region) => enableConfig(endpoint, region));
  await enableGuardDuty(endpoint, first);
  const users = [await addAccessKey(backend, 'ci-deploy', { ageDays: 120 }), await addAccessKey(backend, 'alice')];
  const root = { mfaEnabled: false, accessKeysPresent: true };
  backend.setRootAccount(root);
  const assets = await putBucketPublicAccessBlock(endpoint, 'titanic-assets', { BlockPublicAcls: true, IgnorePublicAcls: true }, first);
  const vpcsWithFlowLogs = (await inEach(regions.filter((r) => r !== second), (region) => addFlowLogs(endpoint, region))).flat();
  const vpcsWithoutFlowLogs = (await listVpcIds(endpoint, second)).map((vpcId) => ({ region: second, vpcId }));
  return {
    account: TEST_ACCOUNT,
    regions: [...regions],
    trails: [trail],
    configRecordingRegions: [first, second],
    guardDutyRegions: [first],
    securityHubRegions: [],
    users,
    root,
    passwordPolicy: null,
    accountPublicAccessBlock: null,
    buckets: [bucketOf(trail.bucket, trail.homeRegion), ...configs.map((c) => bucketOf(c.bucket, c.region)), assets],
    vpcsWithFlowLogs,
    vpcsWithoutFlowLogs,
  };
}
