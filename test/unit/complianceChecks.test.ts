/**
 * The ten compliance items against the AWS test backend (moto behind the proxy),
 * through the real AWS SDK over HTTP: a compliant account passes, the demo's
 * non-compliant account fails with the right evidence, and the partial cases the
 * issue names land on the right side of each rule.
 */
import * as assert from 'node:assert/strict';
import { CloudTrailClient, PutEventSelectorsCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, StopConfigurationRecorderCommand } from '@aws-sdk/client-config-service';
import { ServiceClients } from '../../src/aws/serviceClients';
import type { ItemId, ItemResult, ScanOptions, ScanResult } from '../../src/compliance/model';
import { scanCompliance } from '../../src/compliance/scan';
import {
  ALL_FOUR_FLAGS,
  addAccessKey,
  addFlowLogs,
  createBucket,
  enableCloudTrail,
  enableConfig,
  enableGuardDuty,
  enableSecurityHub,
  putAccountPublicAccessBlock,
  putBucketPublicAccessBlock,
  seedCompliantAccount,
  seedNonCompliantAccount,
  setPasswordPolicy,
} from '../aws-backend/complianceSeed';
import { clientConfig, seedSecurityHubFindings, TEST_ACCOUNT } from '../aws-backend/seed';
import { useAwsBackend } from './support/awsBackendHooks';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

describe('compliance checks against the AWS test backend', function () {
  this.timeout(60_000);
  const backend = useAwsBackend((aws) => aws.setEnabledRegions(REGIONS));

  async function scan(options: ScanOptions = {}): Promise<ScanResult> {
    const clients = new ServiceClients((region) => clientConfig(backend().endpoint, region));
    try {
      return await scanCompliance(clients, { account: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/auditor`, profile: 'audit', homeRegion: 'us-east-1' }, options);
    } finally {
      clients.destroy();
    }
  }

  async function check(id: ItemId, options: ScanOptions = {}): Promise<ItemResult> {
    const result = await scan({ ...options, items: [id] });
    assert.equal(result.items.length, 1);
    return result.items[0]!;
  }

  const regionStatuses = (item: ItemResult) => Object.fromEntries((item.regions ?? []).map((r) => [r.region, r.status]));
  const evidenceText = (item: ItemResult) => [...item.evidence, ...(item.regions ?? []).flatMap((r) => r.evidence)].map((e) => `${e.label}: ${e.value}`).join('\n');

  describe('whole accounts', () => {
    it('a compliant account passes all ten items in every enabled region, with evidence', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const result = await scan();
      assert.deepEqual(result.regions, [...REGIONS].sort());
      assert.deepEqual(
        result.items.map((i) => [i.id, i.status]),
        result.items.map((i) => [i.id, 'pass']),
        result.items.map((i) => `${i.id}: ${i.reason}`).join('\n'),
      );
      const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
      assert.match(byId.cloudtrail!.reason, /organization-trail/);
      for (const item of ['cloudtrail', 'config', 'guardduty', 'securityhub', 'vpc-flow-logs']) {
        assert.deepEqual(Object.keys(regionStatuses(byId[item]!)).sort(), [...REGIONS].sort(), item);
      }
      assert.match(evidenceText(byId.securityhub!), /aws-foundational-security-best-practices v1\.0\.0: READY/);
      assert.match(evidenceText(byId['access-keys']!), /former-contractor key 1: inactive/);
      assert.match(byId['s3-public-access']!.reason, /account level/);
      assert.deepEqual(result.findings, [], 'hub on, no failed findings');
    });

    it('the demo account fails nine items with the facts that decide them', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const result = await scan();
      const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
      const statuses = Object.fromEntries(result.items.map((i) => [i.id, i.status]));
      assert.deepEqual(statuses, {
        cloudtrail: 'fail',
        config: 'fail',
        guardduty: 'fail',
        securityhub: 'fail',
        'access-keys': 'fail',
        'root-mfa': 'fail',
        'root-access-keys': 'fail',
        'password-policy': 'fail',
        's3-public-access': 'fail',
        'vpc-flow-logs': 'fail',
      });
      assert.match(byId.cloudtrail!.reason, /no multi-region trail/);
      assert.match(evidenceText(byId.cloudtrail!), /trail-us-east-1: single-region \(us-east-1\) · logging/);
      assert.deepEqual(regionStatuses(byId.config!), { 'us-east-1': 'pass', 'eu-west-1': 'pass', 'us-west-2': 'fail' });
      assert.deepEqual(regionStatuses(byId.guardduty!), { 'us-east-1': 'pass', 'eu-west-1': 'fail', 'us-west-2': 'fail' });
      assert.match(byId.securityhub!.reason, /fails in all 3 regions: Security Hub is not enabled/);
      assert.match(byId['access-keys']!.reason, /1 active key older than 90 days: ci-deploy key 1 \(120 days\)/);
      assert.match(byId['password-policy']!.reason, /no account password policy/);
      assert.match(evidenceText(byId['s3-public-access']!), /bucket titanic-assets: 2 of 4 flags on; off: BlockPublicPolicy, RestrictPublicBuckets/);
      assert.deepEqual(regionStatuses(byId['vpc-flow-logs']!), { 'us-east-1': 'pass', 'eu-west-1': 'fail', 'us-west-2': 'pass' });
      assert.equal(result.findings, undefined, 'the hub is off everywhere: no findings node');
    });
  });

  describe('1. CloudTrail in all regions (CIS 3.1, CloudTrail.1)', () => {
    it('a single-region trail that is logging fails: no multi-region trail', async () => {
      await enableCloudTrail(backend().endpoint, 'us-east-1', { multiRegion: false, logging: true });
      const item = await check('cloudtrail');
      assert.equal(item.status, 'fail');
      assert.match(item.reason, /no multi-region trail/);
      assert.deepEqual(regionStatuses(item), { 'us-east-1': 'fail', 'eu-west-1': 'fail', 'us-west-2': 'fail' });
    });

    it('a multi-region trail that is not logging fails; logging, it passes in every region (shadow trails)', async () => {
      const trail = await enableCloudTrail(backend().endpoint, 'eu-west-1', { multiRegion: true, logging: false });
      const stopped = await check('cloudtrail');
      assert.equal(stopped.status, 'fail');
      assert.match(stopped.reason, /not logging/);
      const cloudTrail = new CloudTrailClient(clientConfig(backend().endpoint, 'eu-west-1'));
      await enableCloudTrail(backend().endpoint, 'eu-west-1', { multiRegion: true, logging: true, name: 'second', bucket: trail.bucket });
      const logging = await check('cloudtrail');
      assert.equal(logging.status, 'pass', logging.reason);
      assert.deepEqual(regionStatuses(logging), { 'us-east-1': 'pass', 'eu-west-1': 'pass', 'us-west-2': 'pass' });
      await cloudTrail.send(new StopLoggingCommand({ Name: 'second' }));
      cloudTrail.destroy();
      assert.equal((await check('cloudtrail')).status, 'fail', 'stopping the only logging trail fails the item again');
    });

    it('a logging multi-region trail that records only write management events fails', async () => {
      await enableCloudTrail(backend().endpoint, 'us-east-1', { multiRegion: true, logging: true, name: 'writes' });
      const cloudTrail = new CloudTrailClient(clientConfig(backend().endpoint, 'us-east-1'));
      await cloudTrail.send(new PutEventSelectorsCommand({ TrailName: 'writes', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
      cloudTrail.destroy();
      const item = await check('cloudtrail');
      assert.equal(item.status, 'fail');
      assert.match(evidenceText(item), /management events WriteOnly only/);
    });
  });

  describe('2. AWS Config in every region (CIS 3.3, Config.1)', () => {
    it('recording in 2 of 3 regions fails, naming the third', async () => {
      await enableConfig(backend().endpoint, 'us-east-1');
      await enableConfig(backend().endpoint, 'eu-west-1');
      const item = await check('config');
      assert.equal(item.status, 'fail');
      assert.equal(item.reason, 'fails in us-west-2: no configuration recorder');
    });

    it('a recorder that exists but is not recording fails; recording everywhere passes', async () => {
      for (const region of REGIONS) await enableConfig(backend().endpoint, region);
      assert.equal((await check('config')).status, 'pass');
      const config = new ConfigServiceClient(clientConfig(backend().endpoint, 'eu-west-1'));
      await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
      config.destroy();
      const item = await check('config');
      assert.equal(item.status, 'fail');
      assert.match(item.reason, /eu-west-1: recorder default is not recording/);
    });
  });

  describe('3. GuardDuty (GuardDuty.1, AWS FSBP)', () => {
    it('a detector in one region only fails in the others; in all, passes', async () => {
      const id = await enableGuardDuty(backend().endpoint, 'us-east-1');
      const partial = await check('guardduty');
      assert.equal(partial.status, 'fail');
      assert.equal(partial.reason, 'fails in eu-west-1, us-west-2: no GuardDuty detector');
      assert.match(evidenceText(partial), new RegExp(`detector ${id}: ENABLED`));
      await enableGuardDuty(backend().endpoint, 'eu-west-1');
      await enableGuardDuty(backend().endpoint, 'us-west-2');
      assert.equal((await check('guardduty')).status, 'pass');
    });
  });

  describe('4. Security Hub with a standard (CIS 4.16)', () => {
    it('a hub without any standard fails; with the default standards it passes', async () => {
      for (const region of REGIONS) await enableSecurityHub(backend().endpoint, region, { defaultStandards: region !== 'eu-west-1' });
      const item = await check('securityhub');
      assert.equal(item.status, 'fail');
      assert.equal(item.reason, 'fails in eu-west-1: hub enabled but no standard is enabled');
    });

    it('failed findings of the regions where the hub is on are grouped by control', async () => {
      for (const region of REGIONS) await enableSecurityHub(backend().endpoint, region, { defaultStandards: true });
      await seedSecurityHubFindings(backend().endpoint, 'us-east-1', [
        { controlId: 'S3.8', title: 'S3 general purpose buckets should block public access', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsS3Bucket', id: 'arn:aws:s3:::titanic-assets' } },
        { controlId: 'IAM.4', title: 'IAM root user access key should not exist', severity: 'CRITICAL', complianceStatus: 'FAILED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
        { controlId: 'IAM.9', title: 'MFA should be enabled for the root user', severity: 'CRITICAL', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
        { controlId: 'EC2.6', title: 'VPC flow logging should be enabled in all VPCs', severity: 'MEDIUM', complianceStatus: 'FAILED', workflowStatus: 'SUPPRESSED', resource: { type: 'AwsEc2Vpc', id: 'vpc-1' } },
      ]);
      await seedSecurityHubFindings(backend().endpoint, 'eu-west-1', [
        { controlId: 'S3.8', title: 'S3 general purpose buckets should block public access', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsS3Bucket', id: 'arn:aws:s3:::eu-logs' } },
      ]);
      const result = await scan({ items: ['securityhub'] });
      assert.deepEqual(
        result.findings?.map((g) => [g.control, g.severity, g.findings.map((f) => `${f.region} ${f.resource}`).sort()]),
        [
          ['IAM.4', 'CRITICAL', [`us-east-1 AWS::::Account:${TEST_ACCOUNT}`]],
          ['S3.8', 'HIGH', ['eu-west-1 arn:aws:s3:::eu-logs', 'us-east-1 arn:aws:s3:::titanic-assets']],
        ],
        'passed and suppressed findings are left out',
      );
    });
  });

  describe('5. access keys rotated within 90 days (CIS 1.14, IAM.3)', () => {
    it('an active key 91 days old fails; 89 days old passes; an inactive old key passes', async () => {
      await addAccessKey(backend(), 'fresh', { ageDays: 89 });
      await addAccessKey(backend(), 'retired', { ageDays: 300, active: false });
      const passing = await check('access-keys');
      assert.equal(passing.status, 'pass', passing.reason);
      assert.match(evidenceText(passing), /fresh key 1: active · last rotated \S+ \(89 days ago\)/);
      assert.match(evidenceText(passing), /retired key 1: inactive/);
      assert.match(evidenceText(passing), /credential report: generated/);
      await addAccessKey(backend(), 'stale', { ageDays: 91 });
      const failing = await check('access-keys');
      assert.equal(failing.status, 'fail');
      assert.equal(failing.reason, '1 active key older than 90 days: stale key 1 (91 days)');
      assert.equal(failing.evidence.find((e) => e.label === 'stale key 1')?.status, 'fail');
      assert.equal(failing.evidence.find((e) => e.label === 'fresh key 1')?.status, 'pass');
    });

    it('checks the second key of a user too', async () => {
      await addAccessKey(backend(), 'two-keys', { ageDays: 10 });
      await addAccessKey(backend(), 'two-keys', { ageDays: 95 });
      const item = await check('access-keys');
      assert.equal(item.status, 'fail');
      assert.match(item.reason, /two-keys key 2 \(95 days\)/);
    });
  });

  describe('6–7. root MFA (CIS 1.5, IAM.9) and root access keys (CIS 1.4, IAM.4)', () => {
    it('reads GetAccountSummary: MFA on and no keys pass; MFA off and keys present fail', async () => {
      backend().setRootAccount({ mfaEnabled: true, accessKeysPresent: false });
      let result = await scan({ items: ['root-mfa', 'root-access-keys'] });
      assert.deepEqual(result.items.map((i) => i.status), ['pass', 'pass']);
      backend().setRootAccount({ mfaEnabled: false, accessKeysPresent: true });
      result = await scan({ items: ['root-mfa', 'root-access-keys'] });
      assert.deepEqual(
        result.items.map((i) => `${i.status}: ${i.reason} (${i.evidence[0]!.label}=${i.evidence[0]!.value})`),
        ['fail: the root user has no MFA device (AccountMFAEnabled=0)', 'fail: the root user has access keys (AccountAccessKeysPresent=1)'],
      );
      assert.equal(backend().requests().filter((r) => r.operation === 'GetAccountSummary').length, 2, 'one GetAccountSummary per scan serves both items');
    });
  });

  describe('8. password policy (CIS 1.8/1.9, IAM.15/IAM.16)', () => {
    it('14/24 passes; 13 or 23 fails with the failing field; no policy fails', async () => {
      assert.equal((await check('password-policy')).reason, 'no account password policy');
      await setPasswordPolicy(backend().endpoint, { minLength: 14, reuse: 24 });
      assert.equal((await check('password-policy')).status, 'pass');
      await setPasswordPolicy(backend().endpoint, { minLength: 13, reuse: 24 });
      assert.deepEqual(await check('password-policy').then((i) => [i.status, i.reason]), ['fail', 'minimum length 13 < 14']);
      await setPasswordPolicy(backend().endpoint, { minLength: 20, reuse: 23 });
      assert.deepEqual(await check('password-policy').then((i) => [i.status, i.reason]), ['fail', 'reuse prevention 23 < 24']);
    });
  });

  describe('9. S3 Block Public Access (CIS 2.1.4, S3.1, S3.8): all four flags', () => {
    it('all four at account level passes; three of four at account level fails for an unblocked bucket', async () => {
      await createBucket(backend().endpoint, 'us-east-1', 'open-bucket');
      await putAccountPublicAccessBlock(backend().endpoint, TEST_ACCOUNT, ALL_FOUR_FLAGS);
      assert.equal((await check('s3-public-access')).status, 'pass');
      await putAccountPublicAccessBlock(backend().endpoint, TEST_ACCOUNT, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true });
      const item = await check('s3-public-access');
      assert.equal(item.status, 'fail');
      assert.match(evidenceText(item), /account-level: 3 of 4 flags on; off: RestrictPublicBuckets/);
      assert.match(evidenceText(item), /bucket open-bucket: no Block Public Access configuration → effective off: RestrictPublicBuckets/);
    });

    it('all four at bucket level on every bucket passes; one bucket with three fails', async () => {
      await putBucketPublicAccessBlock(backend().endpoint, 'logs', ALL_FOUR_FLAGS);
      await putBucketPublicAccessBlock(backend().endpoint, 'assets', ALL_FOUR_FLAGS, 'eu-west-1');
      assert.equal((await check('s3-public-access')).status, 'pass');
      await putBucketPublicAccessBlock(backend().endpoint, 'assets', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true }, 'eu-west-1');
      const item = await check('s3-public-access');
      assert.equal(item.status, 'fail');
      assert.match(item.reason, /1 bucket not fully blocked: assets/);
    });
  });

  describe('10. VPC flow logs (CIS 3.7, EC2.6)', () => {
    it('a region whose VPC has no flow log fails; flow logs everywhere pass', async () => {
      await addFlowLogs(backend().endpoint, 'us-east-1');
      await addFlowLogs(backend().endpoint, 'eu-west-1');
      const item = await check('vpc-flow-logs');
      assert.equal(item.reason, 'fails in us-west-2: 1 of 1 VPC without flow logs');
      assert.match(evidenceText(item), /\(default\): no flow log/);
      await addFlowLogs(backend().endpoint, 'us-west-2');
      assert.equal((await check('vpc-flow-logs')).status, 'pass');
    });
  });

  describe('regions and errors', () => {
    it('scans only enabled regions, and says which requested regions are not enabled', async () => {
      backend().setEnabledRegions(['us-east-1', 'eu-west-1']);
      const result = await scan({ items: ['guardduty'], regions: ['eu-west-1', 'ap-east-1'] });
      assert.deepEqual(result.regions, ['eu-west-1']);
      assert.deepEqual(result.notes, ['Not enabled for this account, so not scanned: ap-east-1.']);
    });

    it('AccessDenied on one service makes its item unknown and leaves the others evaluated', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      backend().setFault('guardduty:*', 'AccessDenied');
      const result = await scan();
      const guardDuty = result.items.find((i) => i.id === 'guardduty')!;
      assert.equal(guardDuty.status, 'unknown');
      assert.match(guardDuty.reason, /unknown in all 3 regions: unknown — access denied \(guardduty:ListDetectors\)/);
      assert.deepEqual(result.items.filter((i) => i.id !== 'guardduty').map((i) => i.status), Array(9).fill('pass'));
    });

    it('throttling and expired credentials become errors with a clear reason, per item', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      backend().setFault('config:DescribeConfigurationRecorders', 'Throttling');
      backend().setFault('iam:GetAccountPasswordPolicy', 'ExpiredToken');
      const result = await scan();
      const byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
      assert.equal(byId.config!.status, 'error');
      assert.match(byId.config!.reason, /throttling/i);
      assert.equal(byId['password-policy']!.status, 'error');
      assert.match(byId['password-policy']!.reason, /credentials \(profile "audit"\) have expired/);
      assert.equal(byId.guardduty!.status, 'pass');
    });

    it('an unreachable endpoint errors every item without throwing', async () => {
      const clients = new ServiceClients((region) => ({ ...clientConfig('http://127.0.0.1:9', region) }));
      const result = await scanCompliance(clients, { account: TEST_ACCOUNT, arn: 'arn', profile: 'offline', homeRegion: 'us-east-1' }, { callTimeoutMs: 5000 });
      clients.destroy();
      assert.equal(result.items.length, 10);
      for (const item of result.items) assert.equal(item.status, 'error', `${item.id}: ${item.reason}`);
      assert.match(result.notes[0]!, /enabled regions could not be listed/);
    });

    it('a cancelled scan rejects and stops calling AWS', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const controller = new AbortController();
      const pending = scan({ signal: controller.signal });
      controller.abort();
      await assert.rejects(pending, /cancelled/);
    });

    it('calls every enabled region concurrently and asks for the credential report once', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      backend().clearRequests();
      await scan();
      const requests = backend().requests();
      assert.deepEqual([...new Set(requests.filter((r) => r.operation === 'ListDetectors').map((r) => r.region))].sort(), [...REGIONS].sort());
      assert.equal(requests.filter((r) => r.operation === 'GetCredentialReport').length, 1);
      assert.equal(requests.filter((r) => r.operation === 'DescribeRegions').length, 1);
    });
  });
});
