import * as assert from 'node:assert/strict';
import { CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, PutEventSelectorsCommand } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { DescribeFlowLogsCommand, DescribeRegionsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetPublicAccessBlockCommand as GetBucketPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  BatchDisableStandardsCommand,
  BatchEnableStandardsCommand,
  DescribeHubCommand,
  DescribeStandardsCommand,
  DisableSecurityHubCommand,
  EnableSecurityHubCommand,
  GetEnabledStandardsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { startAwsBackend, type AwsBackend } from '../aws-backend/backend';
import { addAccessKey, enableCloudTrail, putBucketPublicAccessBlock, seedCompliantAccount, type ComplianceSeedSummary } from '../aws-backend/complianceSeed';
import { backendControl } from '../aws-backend/control';
import { clientConfig, TEST_ACCOUNT } from '../aws-backend/seed';
import { rejection } from './support/rejection';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const DAY_MS = 24 * 3600 * 1000;
const FSBP = (region: string) => `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const CIS_120 = 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0';
const CIS_300 = (region: string) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`;


type ReportRow = Record<string, string>;

function parseReport(content: Uint8Array | undefined): ReportRow[] {
  const [header, ...lines] = Buffer.from(content ?? new Uint8Array()).toString('utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

describe('AWS test backend: compliance scan answers', function () {
  this.timeout(60_000);
  let backend: AwsBackend;
  const clients: { destroy(): void }[] = [];
  const client = <C extends { destroy(): void }>(created: C): C => {
    clients.push(created);
    return created;
  };
  const ec2 = (region = 'us-east-1') => client(new EC2Client(clientConfig(backend.endpoint, region)));
  const iam = () => client(new IAMClient(clientConfig(backend.endpoint, 'us-east-1')));
  const hub = (region = 'us-east-1') => client(new SecurityHubClient(clientConfig(backend.endpoint, region)));
  const trails = (region = 'us-east-1') => client(new CloudTrailClient(clientConfig(backend.endpoint, region)));

  before(async () => {
    backend = await startAwsBackend();
  });

  beforeEach(() => backend.reset());

  after(async () => {
    for (const c of clients) c.destroy();
    await backend?.stop();
  });

  describe('EC2 DescribeRegions with enabled regions', () => {
    it('forwards to moto until regions are set (38 regions, 14 not opted in)', async () => {
      const { Regions } = await ec2().send(new DescribeRegionsCommand({ AllRegions: true }));
      assert.equal(Regions?.length, 38);
      assert.equal(Regions?.filter((r) => r.OptInStatus === 'not-opted-in').length, 14);
    });

    it('lists only the enabled regions, and every region with AllRegions (the others not-opted-in)', async () => {
      backend.setEnabledRegions(REGIONS);
      const enabled = await ec2('eu-west-1').send(new DescribeRegionsCommand({}));
      assert.deepEqual(enabled.Regions?.map((r) => r.RegionName).sort(), [...REGIONS].sort());
      assert.ok(enabled.Regions?.every((r) => r.OptInStatus === 'opt-in-not-required' && r.Endpoint === `ec2.${r.RegionName}.amazonaws.com`));
      const all = await ec2().send(new DescribeRegionsCommand({ AllRegions: true }));
      assert.equal(all.Regions?.length, 38);
      assert.equal(all.Regions?.filter((r) => r.OptInStatus === 'not-opted-in').length, 35);
    });

    it('honours RegionNames and Filters, and calls an enabled opt-in region opted-in', async () => {
      await backendControl.setEnabledRegions(backend.endpoint, ['us-east-1', 'ap-east-1']);
      const named = await ec2().send(new DescribeRegionsCommand({ RegionNames: ['ap-east-1', 'eu-west-1'] }));
      assert.deepEqual(named.Regions?.map((r) => [r.RegionName, r.OptInStatus]), [['ap-east-1', 'opted-in']]);
      const filtered = await ec2().send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['opted-in', 'opt-in-not-required'] }] }));
      assert.deepEqual(filtered.Regions?.map((r) => r.RegionName).sort(), ['ap-east-1', 'us-east-1']);
      const badFilter = await rejection(ec2().send(new DescribeRegionsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })));
      assert.equal(badFilter.name, 'InvalidParameterValue');
    });

    it('null and reset go back to moto', async () => {
      backend.setEnabledRegions(REGIONS);
      backend.setEnabledRegions(null);
      assert.equal((await ec2().send(new DescribeRegionsCommand({}))).Regions?.length, 38);
      backend.setEnabledRegions(REGIONS);
      await backend.reset();
      assert.equal((await ec2().send(new DescribeRegionsCommand({}))).Regions?.length, 38);
      assert.throws(() => backend.setEnabledRegions(['not a region']), /expected an array of region names/);
    });
  });

  describe('IAM root account and credential report', () => {
    async function summary(): Promise<Record<string, number>> {
      return (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap as Record<string, number>;
    }

    async function report(): Promise<{ rows: ReportRow[]; generated: Date | undefined }> {
      const client = iam();
      while ((await client.send(new GenerateCredentialReportCommand({}))).State !== 'COMPLETE');
      const answer = await client.send(new GetCredentialReportCommand({}));
      return { rows: parseReport(answer.Content), generated: answer.GeneratedTime };
    }

    it('GetAccountSummary reports root MFA and root access keys as set (merging), 0 by default', async () => {
      assert.deepEqual([(await summary()).AccountMFAEnabled, (await summary()).AccountAccessKeysPresent], [0, 0]);
      backend.setRootAccount({ mfaEnabled: true });
      assert.deepEqual([(await summary()).AccountMFAEnabled, (await summary()).AccountAccessKeysPresent], [1, 0]);
      await backendControl.setRootAccount(backend.endpoint, { accessKeysPresent: true });
      const both = await summary();
      assert.deepEqual([both.AccountMFAEnabled, both.AccountAccessKeysPresent], [1, 1]);
      assert.equal(both.Users, 0, "moto's other entries are untouched");
    });

    it('the credential report has a <root_account> row first, following the root state', async () => {
      let { rows } = await report();
      assert.deepEqual(rows[0], {
        user: '<root_account>',
        arn: `arn:aws:iam::${TEST_ACCOUNT}:root`,
        user_creation_time: rows[0]!.user_creation_time,
        password_enabled: 'not_supported',
        password_last_used: 'no_information',
        password_last_changed: 'not_supported',
        password_next_rotation: 'not_supported',
        mfa_active: 'false',
        access_key_1_active: 'false',
        access_key_1_last_rotated: 'N/A',
        access_key_1_last_used_date: 'N/A',
        access_key_1_last_used_region: 'N/A',
        access_key_1_last_used_service: 'N/A',
        access_key_2_active: 'false',
        access_key_2_last_rotated: 'N/A',
        access_key_2_last_used_date: 'N/A',
        access_key_2_last_used_region: 'N/A',
        access_key_2_last_used_service: 'N/A',
        cert_1_active: 'false',
        cert_1_last_rotated: 'N/A',
        cert_2_active: 'false',
        cert_2_last_rotated: 'N/A',
      });
      assert.match(rows[0]!.user_creation_time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      backend.setRootAccount({ mfaEnabled: true, accessKeysPresent: true });
      ({ rows } = await report());
      assert.equal(rows.length, 1);
      assert.deepEqual([rows[0]!.mfa_active, rows[0]!.access_key_1_active], ['true', 'true']);
      assert.match(rows[0]!.access_key_1_last_rotated!, /\+00:00$/);
    });

    it('backdates a key in the report only; active/inactive stays moto\'s; GeneratedTime is when it was generated', async () => {
      const client = iam();
      await client.send(new CreateUserCommand({ UserName: 'ci-deploy' }));
      const old = await client.send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }));
      await client.send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }));
      await client.send(new UpdateAccessKeyCommand({ UserName: 'ci-deploy', AccessKeyId: old.AccessKey!.AccessKeyId!, Status: 'Inactive' }));
      await backendControl.backdateAccessKey(backend.endpoint, 'ci-deploy', 1, 120);
      await addAccessKey(backend, 'alice', { ageDays: 91 });
      const before = Date.now();
      const first = await client.send(new GenerateCredentialReportCommand({}));
      assert.equal(first.State, 'STARTED');
      const { rows, generated } = await report();
      assert.ok(generated && generated.getTime() >= Math.floor(before / 1000) * 1000 && generated.getTime() <= Date.now(), `GeneratedTime ${generated?.toISOString()}`);
      const ci = rows.find((r) => r.user === 'ci-deploy')!;
      const age = (at: string): number => (Date.now() - Date.parse(at)) / DAY_MS;
      assert.match(ci.access_key_1_last_rotated!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      assert.ok(Math.abs(age(ci.access_key_1_last_rotated!) - 120) < 0.01);
      assert.equal(ci.access_key_1_active, 'false');
      assert.equal(ci.access_key_2_active, 'true');
      assert.ok(age(ci.access_key_2_last_rotated!) < 0.01, 'the other key keeps its real time');
      assert.ok(Math.abs(age(rows.find((r) => r.user === 'alice')!.access_key_1_last_rotated!) - 91) < 0.01);
      assert.deepEqual(rows.map((r) => r.user), ['<root_account>', 'ci-deploy', 'alice']);
    });

    it("passes moto's ReportNotPresent on before any report was generated", async () => {
      const error = await rejection(iam().send(new GetCredentialReportCommand({})));
      assert.match(error.name, /ReportNotPresent/);
    });
  });

  describe('CloudTrail GetEventSelectors', () => {
    it("answers AWS's default selector until selectors are put, then moto's", async () => {
      const trail = await enableCloudTrail(backend.endpoint, 'eu-west-1', { multiRegion: true, logging: true, name: 'main' });
      const client = trails('eu-west-1');
      const fresh = await client.send(new GetEventSelectorsCommand({ TrailName: 'main' }));
      assert.equal(fresh.TrailARN, trail.arn);
      assert.deepEqual(fresh.EventSelectors, [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
      await client.send(new PutEventSelectorsCommand({ TrailName: trail.arn, EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }));
      const put = await client.send(new GetEventSelectorsCommand({ TrailName: 'main' }));
      assert.deepEqual(put.EventSelectors?.map((s) => [s.ReadWriteType, s.IncludeManagementEvents]), [['WriteOnly', true]]);
    });

    it('a trail re-created under the same name starts from the default again', async () => {
      const trail = await enableCloudTrail(backend.endpoint, 'us-east-1', { multiRegion: false, logging: false, name: 'again' });
      const client = trails();
      await client.send(new PutEventSelectorsCommand({ TrailName: 'again', EventSelectors: [{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: false }] }));
      await client.send(new DeleteTrailCommand({ Name: 'again' }));
      await client.send(new CreateTrailCommand({ Name: 'again', S3BucketName: trail.bucket }));
      assert.equal((await client.send(new GetEventSelectorsCommand({ TrailName: 'again' }))).EventSelectors?.[0]?.ReadWriteType, 'All');
      const missing = await rejection(client.send(new GetEventSelectorsCommand({ TrailName: 'nope' })));
      assert.equal(missing.name, 'TrailNotFoundException');
    });
  });

  describe('Security Hub standards', () => {
    it('DescribeStandards lists FSBP, CIS 1.2.0, 1.4.0 and 3.0.0 with the region in the ARNs', async () => {
      const { Standards } = await hub('eu-west-1').send(new DescribeStandardsCommand({}));
      const arns = Standards?.map((s) => s.StandardsArn);
      for (const arn of [FSBP('eu-west-1'), CIS_120, 'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0', CIS_300('eu-west-1')]) {
        assert.ok(arns?.includes(arn), arn);
      }
      assert.deepEqual(Standards?.filter((s) => s.EnabledByDefault).map((s) => s.StandardsArn), [FSBP('eu-west-1'), CIS_120]);
      const first = await hub('eu-west-1').send(new DescribeStandardsCommand({ MaxResults: 2 }));
      const rest = await hub('eu-west-1').send(new DescribeStandardsCommand({ MaxResults: 100, NextToken: first.NextToken }));
      assert.deepEqual([...first.Standards!, ...rest.Standards!].map((s) => s.StandardsArn), arns);
    });

    it('answers InvalidAccessException (401) while the hub is off', async () => {
      for (const call of [
        hub().send(new GetEnabledStandardsCommand({})),
        hub().send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: FSBP('us-east-1') }] })),
      ]) {
        const error = await rejection(call);
        assert.equal(error.name, 'InvalidAccessException');
        assert.equal(error.$metadata?.httpStatusCode, 401);
      }
    });

    it('EnableSecurityHub enables FSBP and CIS 1.2.0 unless EnableDefaultStandards is false; enabling twice conflicts', async () => {
      const client = hub('eu-west-1');
      await client.send(new EnableSecurityHubCommand({}));
      const { StandardsSubscriptions } = await client.send(new GetEnabledStandardsCommand({}));
      assert.deepEqual(
        StandardsSubscriptions?.map((s) => [s.StandardsArn, s.StandardsSubscriptionArn, s.StandardsStatus]),
        [
          [FSBP('eu-west-1'), `arn:aws:securityhub:eu-west-1:${TEST_ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`, 'READY'],
          [CIS_120, `arn:aws:securityhub:eu-west-1:${TEST_ACCOUNT}:subscription/cis-aws-foundations-benchmark/v/1.2.0`, 'READY'],
        ],
      );
      const twice = await rejection(client.send(new EnableSecurityHubCommand({})));
      assert.equal(twice.name, 'ResourceConflictException');
      assert.equal(twice.$metadata?.httpStatusCode, 409);

      await hub('us-east-1').send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      assert.deepEqual((await hub('us-east-1').send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions, []);
    });

    it('BatchEnable (PENDING), GetEnabled (READY, filtered, paged), BatchDisable (DELETING); DisableSecurityHub drops them', async () => {
      const client = hub();
      await client.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      const enabled = await client.send(
        new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS_300('us-east-1') }, { StandardsArn: FSBP('us-east-1') }] }),
      );
      assert.deepEqual(enabled.StandardsSubscriptions?.map((s) => s.StandardsStatus), ['PENDING', 'PENDING']);
      const cis = enabled.StandardsSubscriptions![0]!.StandardsSubscriptionArn!;
      assert.equal(cis, `arn:aws:securityhub:us-east-1:${TEST_ACCOUNT}:subscription/cis-aws-foundations-benchmark/v/3.0.0`);
      const page1 = await client.send(new GetEnabledStandardsCommand({ MaxResults: 1 }));
      assert.deepEqual(page1.StandardsSubscriptions?.map((s) => [s.StandardsSubscriptionArn, s.StandardsStatus]), [[cis, 'READY']]);
      const page2 = await client.send(new GetEnabledStandardsCommand({ MaxResults: 1, NextToken: page1.NextToken }));
      assert.equal(page2.StandardsSubscriptions?.[0]?.StandardsArn, FSBP('us-east-1'));
      assert.equal(page2.NextToken, undefined);
      assert.equal((await client.send(new GetEnabledStandardsCommand({ StandardsSubscriptionArns: [cis] }))).StandardsSubscriptions?.length, 1);

      const invalid = await rejection(client.send(new BatchEnableStandardsCommand({ StandardsSubscriptionRequests: [{ StandardsArn: CIS_300('eu-west-1') }] })));
      assert.equal(invalid.name, 'InvalidInputException');

      const disabled = await client.send(new BatchDisableStandardsCommand({ StandardsSubscriptionArns: [cis] }));
      assert.deepEqual(disabled.StandardsSubscriptions?.map((s) => s.StandardsStatus), ['DELETING']);
      assert.deepEqual((await client.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions?.map((s) => s.StandardsArn), [FSBP('us-east-1')]);

      await client.send(new DisableSecurityHubCommand({}));
      assert.equal((await rejection(client.send(new DescribeHubCommand({})))).name, 'InvalidAccessException');
      await client.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      assert.deepEqual((await client.send(new GetEnabledStandardsCommand({}))).StandardsSubscriptions, []);
    });
  });

  describe('S3 Control requests', () => {
    it('are named GetAccountPublicAccessBlock (recorded, faulted) apart from the bucket-level call', async () => {
      const control = client(new S3ControlClient({ ...clientConfig(backend.endpoint, 'us-east-1'), endpointProvider: () => ({ url: new URL(backend.endpoint) }) }));
      const error = await rejection(control.send(new GetAccountPublicAccessBlockCommand({ AccountId: TEST_ACCOUNT })));
      assert.equal(error.name, 'NoSuchPublicAccessBlockConfiguration');
      assert.deepEqual(backend.requests().map((r) => `${r.service}:${r.operation}`), ['s3:GetAccountPublicAccessBlock']);
      backend.setFault('s3:GetAccountPublicAccessBlock', 'AccessDenied');
      assert.equal((await rejection(control.send(new GetAccountPublicAccessBlockCommand({ AccountId: TEST_ACCOUNT })))).name, 'AccessDenied');
      await putBucketPublicAccessBlock(backend.endpoint, 'not-faulted', { BlockPublicAcls: true });
      const s3 = client(new S3Client({ ...clientConfig(backend.endpoint, 'us-east-1'), forcePathStyle: true }));
      assert.equal((await s3.send(new GetBucketPublicAccessBlockCommand({ Bucket: 'not-faulted' }))).PublicAccessBlockConfiguration?.BlockPublicAcls, true);
    });
  });

  describe('seeding', () => {
    async function recordingRegions(): Promise<string[]> {
      const recording: string[] = [];
      for (const region of REGIONS) {
        const config = client(new ConfigServiceClient(clientConfig(backend.endpoint, region)));
        const { ConfigurationRecordersStatus } = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
        if (ConfigurationRecordersStatus?.some((s) => s.recording)) recording.push(region);
      }
      return recording;
    }

    async function guardDutyRegions(): Promise<string[]> {
      const found: string[] = [];
      for (const region of REGIONS) {
        const guardDuty = client(new GuardDutyClient(clientConfig(backend.endpoint, region)));
        const { DetectorIds } = await guardDuty.send(new ListDetectorsCommand({}));
        for (const id of DetectorIds ?? []) if ((await guardDuty.send(new GetDetectorCommand({ DetectorId: id }))).Status === 'ENABLED') found.push(region);
      }
      return found;
    }

    async function hubRegions(): Promise<string[]> {
      const found: string[] = [];
      for (const region of REGIONS) {
        try {
          const { StandardsSubscriptions } = await hub(region).send(new GetEnabledStandardsCommand({}));
          if (StandardsSubscriptions?.length) found.push(region);
        } catch (error) {
          if ((error as Error).name !== 'InvalidAccessException') throw error;
        }
      }
      return found;
    }

    async function vpcsWithoutFlowLogs(): Promise<string[]> {
      const missing: string[] = [];
      for (const region of REGIONS) {
        const vpcs = (await ec2(region).send(new DescribeVpcsCommand({}))).Vpcs ?? [];
        const logged = new Set(((await ec2(region).send(new DescribeFlowLogsCommand({}))).FlowLogs ?? []).map((f) => f.ResourceId));
        missing.push(...vpcs.filter((v) => !logged.has(v.VpcId)).map((v) => `${region}/${v.VpcId}`));
      }
      return missing;
    }

    async function multiRegionLoggingTrails(region: string): Promise<string[]> {
      const client = trails(region);
      const { trailList } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
      const names: string[] = [];
      for (const trail of trailList ?? []) {
        const status = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
        if (trail.IsMultiRegionTrail && status.IsLogging) names.push(trail.Name!);
      }
      return names;
    }

    async function credentialReport(): Promise<ReportRow[]> {
      while ((await iam().send(new GenerateCredentialReportCommand({}))).State !== 'COMPLETE');
      return parseReport((await iam().send(new GetCredentialReportCommand({}))).Content);
    }

    const activeKeyAges = (rows: ReportRow[]): Record<string, number> =>
      Object.fromEntries(
        rows
          .filter((r) => r.user !== '<root_account>' && r.access_key_1_active === 'true')
          .map((r) => [r.user, Math.round((Date.now() - Date.parse(r.access_key_1_last_rotated!)) / DAY_MS)]),
      );

    it('seedCompliantAccount: every item passes, read back through the SDK', async () => {
      const summary: ComplianceSeedSummary = await seedCompliantAccount(backend, REGIONS);
      assert.deepEqual(((await ec2().send(new DescribeRegionsCommand({}))).Regions ?? []).map((r) => r.RegionName).sort(), [...REGIONS].sort());
      for (const region of REGIONS) assert.deepEqual(await multiRegionLoggingTrails(region), [summary.trails[0]!.name], region);
      const selectors = await trails(REGIONS[0]).send(new GetEventSelectorsCommand({ TrailName: summary.trails[0]!.arn }));
      assert.equal(selectors.EventSelectors?.[0]?.ReadWriteType, 'All');
      assert.deepEqual(await recordingRegions(), REGIONS);
      assert.deepEqual(await guardDutyRegions(), REGIONS);
      assert.deepEqual(await hubRegions(), REGIONS);
      const rows = await credentialReport();
      assert.deepEqual([rows[0]!.mfa_active, rows[0]!.access_key_1_active], ['true', 'false']);
      assert.deepEqual(activeKeyAges(rows), { alice: 0, 'deploy-bot': 30 });
      const former = rows.find((r) => r.user === 'former-contractor')!;
      assert.equal(former.access_key_1_active, 'false');
      const accountSummary = (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.deepEqual([accountSummary.AccountMFAEnabled, accountSummary.AccountAccessKeysPresent], [1, 0]);
      const { PasswordPolicy } = await iam().send(new GetAccountPasswordPolicyCommand({}));
      assert.deepEqual([PasswordPolicy?.MinimumPasswordLength, PasswordPolicy?.PasswordReusePrevention], [14, 24]);
      const control = client(new S3ControlClient({ ...clientConfig(backend.endpoint, 'us-east-1'), endpointProvider: () => ({ url: new URL(backend.endpoint) }) }));
      const block = await control.send(new GetAccountPublicAccessBlockCommand({ AccountId: TEST_ACCOUNT }));
      assert.deepEqual(block.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      assert.deepEqual(await vpcsWithoutFlowLogs(), []);
      assert.equal(summary.vpcsWithFlowLogs.length, REGIONS.length);
    });

    it('seedNonCompliantAccount (through the HTTP control): the demo account, read back through the SDK', async () => {
      const summary = await backendControl.seedNonCompliantAccount(backend.endpoint, REGIONS);
      for (const region of REGIONS) assert.deepEqual(await multiRegionLoggingTrails(region), [], region);
      const homeTrail = summary.trails[0]!;
      assert.deepEqual([homeTrail.homeRegion, homeTrail.multiRegion, homeTrail.logging], [REGIONS[0], false, true]);
      assert.equal((await trails(REGIONS[0]).send(new GetTrailStatusCommand({ Name: homeTrail.name }))).IsLogging, true);
      assert.deepEqual(await recordingRegions(), REGIONS.slice(0, 2));
      assert.deepEqual(await guardDutyRegions(), [REGIONS[0]]);
      assert.deepEqual(await hubRegions(), []);
      const rows = await credentialReport();
      assert.deepEqual([rows[0]!.mfa_active, rows[0]!.access_key_1_active], ['false', 'true']);
      assert.deepEqual(activeKeyAges(rows), { 'ci-deploy': 120, alice: 0 });
      const accountSummary = (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.deepEqual([accountSummary.AccountMFAEnabled, accountSummary.AccountAccessKeysPresent], [0, 1]);
      assert.equal((await rejection(iam().send(new GetAccountPasswordPolicyCommand({})))).name, 'NoSuchEntityException');
      const control = client(new S3ControlClient({ ...clientConfig(backend.endpoint, 'us-east-1'), endpointProvider: () => ({ url: new URL(backend.endpoint) }) }));
      assert.equal((await rejection(control.send(new GetAccountPublicAccessBlockCommand({ AccountId: TEST_ACCOUNT })))).name, 'NoSuchPublicAccessBlockConfiguration');
      const s3 = client(new S3Client({ ...clientConfig(backend.endpoint, REGIONS[0]!), forcePathStyle: true }));
      const assets = await s3.send(new GetBucketPublicAccessBlockCommand({ Bucket: 'titanic-assets' }));
      assert.deepEqual(assets.PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false });
      const missing = await vpcsWithoutFlowLogs();
      assert.equal(missing.length, 1);
      assert.ok(missing[0]!.startsWith(`${REGIONS[1]}/`));
      assert.deepEqual(summary.vpcsWithoutFlowLogs.map((v) => `${v.region}/${v.vpcId}`), missing);
    });

    it('building blocks compose partial cases: three of four bucket flags; keys 89 vs 91 days old', async () => {
      const bucket = await putBucketPublicAccessBlock(backend.endpoint, 'three-flags', { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true });
      assert.equal(bucket.publicAccessBlock?.RestrictPublicBuckets, undefined);
      await addAccessKey(backend, 'young', { ageDays: 89 });
      await addAccessKey(backend, 'old', { ageDays: 91 });
      assert.deepEqual(activeKeyAges(await credentialReport()), { young: 89, old: 91 });
    });
  });
});
