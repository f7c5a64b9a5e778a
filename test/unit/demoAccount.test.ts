/**
 * The `npm start` demo account (test/aws-backend/demoAccount.ts), seeded through the
 * real SDK into the AWS test backend and read back the way the extension reads it:
 * the compliance scan for the checklist, and Logs Insights, CloudTrail LookupEvents
 * and Security Hub GetFindings for the incident.
 */
import * as assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { IAMClient, ListAccessKeysCommand, ListUserPoliciesCommand } from '@aws-sdk/client-iam';
import { ServiceClients } from '../../src/aws/serviceClients';
import type { ItemResult, ScanResult } from '../../src/compliance/model';
import { scanCompliance } from '../../src/compliance/scan';
import { backendControl } from '../aws-backend/control';
import { DEMO_BACKDOOR_POLICY, DEMO_BACKDOOR_USER, DEMO_EKS_LOG_GROUP, DEMO_EXPOSED_BUCKET, DEMO_FLOW_LOG_GROUP, DEMO_INSTANCE_IP, DEMO_REGIONS, seedDemoAccount, type DemoAccountSummary } from '../aws-backend/demoAccount';
import { clientConfig, DEMO_ATTACKER_IP, DEMO_COMPROMISED_USER, errorName, TEST_ACCOUNT } from '../aws-backend/seed';
import { useAwsBackend } from './support/awsBackendHooks';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

describe('the demo account (npm start)', function () {
  this.timeout(60_000);
  const backend = useAwsBackend();

  async function scan(): Promise<ScanResult> {
    const clients = new ServiceClients((region) => clientConfig(backend().endpoint, region));
    try {
      return await scanCompliance(clients, { account: TEST_ACCOUNT, arn: `arn:aws:iam::${TEST_ACCOUNT}:user/newcomer`, profile: 'demo', homeRegion: 'us-east-1' });
    } finally {
      clients.destroy();
    }
  }

  const regionStatuses = (item: ItemResult) => Object.fromEntries((item.regions ?? []).map((r) => [r.region, r.status]));
  const evidenceText = (item: ItemResult) => [...item.evidence, ...(item.regions ?? []).flatMap((r) => r.evidence)].map((e) => `${e.label}: ${e.value}`).join('\n');

  describe('the checklist, as the compliance scan sees it', () => {
    let summary: DemoAccountSummary;
    let result: ScanResult;
    let byId: Record<string, ItemResult>;

    beforeEach(async () => {
      summary = await seedDemoAccount(backend());
      result = await scan();
      byId = Object.fromEntries(result.items.map((i) => [i.id, i]));
    });

    it('scans the three demo regions; eight items fail, root MFA and root keys pass', () => {
      assert.deepEqual(summary.regions, DEMO_REGIONS);
      assert.deepEqual(result.regions, [...DEMO_REGIONS].sort());
      assert.deepEqual(Object.fromEntries(result.items.map((i) => [i.id, i.status])), {
        cloudtrail: 'fail',
        config: 'fail',
        guardduty: 'fail',
        securityhub: 'fail',
        'access-keys': 'fail',
        'root-mfa': 'pass',
        'root-access-keys': 'pass',
        'password-policy': 'fail',
        's3-public-access': 'fail',
        'vpc-flow-logs': 'fail',
      });
    });

    it('CloudTrail: no multi-region trail, and no trail at all in us-west-2', () => {
      const item = byId.cloudtrail!;
      assert.match(item.reason, /no multi-region trail/);
      assert.deepEqual(regionStatuses(item), { 'us-east-1': 'fail', 'eu-west-1': 'fail', 'us-west-2': 'fail' });
      const westRegion = item.regions!.find((r) => r.region === 'us-west-2')!;
      assert.match(westRegion.reason, /no trail covers this region/);
      for (const covered of ['us-east-1', 'eu-west-1']) {
        assert.match(item.regions!.find((r) => r.region === covered)!.reason, new RegExp(`only trail-${covered}`), covered);
      }
      assert.match(evidenceText(item), /trail-eu-west-1: single-region \(eu-west-1\) · logging/);
    });

    it('Config is missing in one region, GuardDuty and Security Hub are on in one region only', () => {
      assert.deepEqual(regionStatuses(byId.config!), { 'us-east-1': 'pass', 'eu-west-1': 'pass', 'us-west-2': 'fail' });
      assert.deepEqual(regionStatuses(byId.guardduty!), { 'us-east-1': 'pass', 'eu-west-1': 'fail', 'us-west-2': 'fail' });
      assert.deepEqual(regionStatuses(byId.securityhub!), { 'us-east-1': 'pass', 'eu-west-1': 'fail', 'us-west-2': 'fail' });
      assert.match(evidenceText(byId.securityhub!), /aws-foundational-security-best-practices v1\.0\.0: READY/);
    });

    it('an old active access key, no password policy, a bucket missing two flags, a VPC without flow logs', () => {
      assert.match(byId['access-keys']!.reason, /1 active key older than 90 days: ci-deploy key 1 \(120 days\)/);
      assert.match(byId['password-policy']!.reason, /no account password policy/);
      assert.match(evidenceText(byId['s3-public-access']!), /bucket titanic-assets: 2 of 4 flags on; off: BlockPublicPolicy, RestrictPublicBuckets/);
      assert.deepEqual(regionStatuses(byId['vpc-flow-logs']!), { 'us-east-1': 'pass', 'eu-west-1': 'fail', 'us-west-2': 'pass' });
    });

    it('failed Security Hub findings from us-east-1 that agree with the checklist', () => {
      assert.ok(result.findings, 'the hub is on in us-east-1: a findings node');
      const controls = result.findings.map((group) => group.control).sort();
      assert.deepEqual(controls, ['CloudTrail.1', 'IAM.15', 'IAM.16', 'IAM.3', 'S3.1', 'S3.8']);
      for (const finding of result.findings.flatMap((group) => group.findings)) assert.equal(finding.region, 'us-east-1');
      const iam3 = result.findings.find((group) => group.control === 'IAM.3')!;
      assert.deepEqual(
        iam3.findings.map((f) => f.resource),
        [`arn:aws:iam::${TEST_ACCOUNT}:user/ci-deploy`],
        'only the old key fails rotation',
      );
      const s38 = result.findings.find((group) => group.control === 'S3.8')!;
      assert.ok(s38.findings.some((f) => f.resource === 'arn:aws:s3:::titanic-assets'));
      assert.ok(s38.findings.some((f) => f.resource === `arn:aws:s3:::${DEMO_EXPOSED_BUCKET}`));
      assert.ok(!controls.includes('GuardDuty.1') && !controls.includes('Config.1') && !controls.includes('IAM.9'), 'no failed finding contradicts a passing item');
    });
  });

  describe('the incident, as the native cells read it', () => {
    let summary: DemoAccountSummary;
    beforeEach(async () => {
      summary = await seedDemoAccount(backend());
    });

    /** Runs a Logs Insights query over the last three hours of one group in us-east-1, to completion. */
    async function insights(logGroupName: string, queryString: string) {
      const logs = new CloudWatchLogsClient(clientConfig(backend().endpoint, 'us-east-1'));
      try {
        const now = Math.floor(Date.now() / 1000);
        const { queryId } = await logs.send(new StartQueryCommand({ logGroupName, startTime: now - 3 * 3600, endTime: now + 60, queryString }));
        for (let i = 0; i < 20; i++) {
          const answer = await logs.send(new GetQueryResultsCommand({ queryId }));
          if (answer.status === 'Complete') return { rows: (answer.results ?? []).map((row) => Object.fromEntries(row.map((f) => [f.field, f.value]))), scanned: answer.statistics?.recordsScanned ?? 0 };
        }
        throw new Error('the query did not complete');
      } finally {
        logs.destroy();
      }
    }

    it('Logs Insights finds the Forbidden lines among the normal lines of the EKS audit log group', async () => {
      assert.equal(summary.incident.logGroup, DEMO_EKS_LOG_GROUP);
      assert.ok(summary.incident.logLines > summary.incident.forbiddenLines && summary.incident.forbiddenLines > 0);
      const { rows, scanned } = await insights(DEMO_EKS_LOG_GROUP, 'fields @timestamp, @message | filter @message like /Forbidden/ | sort @timestamp desc');
      assert.equal(rows.length, summary.incident.forbiddenLines);
      for (const row of rows) assert.match(row['@message'] ?? '', /Forbidden/);
      assert.ok(scanned >= summary.incident.logLines, 'the normal lines were scanned too');
    });

    it('Logs Insights reads the VPC flow logs by field: the attacker’s accepted SSH sessions', async () => {
      const { rows, scanned } = await insights(DEMO_FLOW_LOG_GROUP, 'fields @timestamp, srcAddr, dstAddr, srcPort, dstPort, action | filter dstPort = 22 and protocol = 6 and action = "ACCEPT" | sort @timestamp desc | limit 500');
      assert.equal(scanned, summary.flowLogs.records);
      const fromAttacker = rows.filter((row) => row.srcAddr === DEMO_ATTACKER_IP);
      assert.equal(fromAttacker.length, summary.flowLogs.acceptedSshFromAttacker);
      for (const row of fromAttacker) assert.deepEqual([row.dstAddr, row.dstPort, row.action], [DEMO_INSTANCE_IP, '22', 'ACCEPT']);
      assert.ok(rows.some((row) => row.srcAddr === DEMO_INSTANCE_IP), 'the instance connecting onwards');
      assert.ok(rows.every((row) => row.dstPort === '22' && row.action === 'ACCEPT'), 'rejected scans and web traffic filtered out');
    });

    it('CloudTrail LookupEvents: the compromised user’s history, from the attacker’s address', async () => {
      const cloudTrail = new CloudTrailClient(clientConfig(backend().endpoint, 'us-east-1'));
      try {
        const answer = await cloudTrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: DEMO_COMPROMISED_USER }] }));
        const events = answer.Events ?? [];
        assert.equal(events.length, summary.incident.compromisedUserEvents);
        assert.ok(events.some((e) => e.EventName === 'CreateAccessKey'));
        assert.ok(events.some((e) => e.EventName === 'AttachUserPolicy'));
        for (const event of events) assert.equal(JSON.parse(event.CloudTrailEvent!).sourceIPAddress, DEMO_ATTACKER_IP);
      } finally {
        cloudTrail.destroy();
      }
    });

    it('Security Hub GetFindings: failed findings in us-east-1; the hub is off in the other regions', async () => {
      const hub = new SecurityHubClient(clientConfig(backend().endpoint, 'us-east-1'));
      const westHub = new SecurityHubClient(clientConfig(backend().endpoint, 'eu-west-1'));
      try {
        const failed = await hub.send(new GetFindingsCommand({ Filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }] }, MaxResults: 100 }));
        assert.equal(failed.Findings?.length, summary.incident.failedFindings);
        assert.ok(summary.incident.failedFindings > 0 && summary.incident.findings > summary.incident.failedFindings, 'failed and passed findings');
        await assert.rejects(westHub.send(new GetFindingsCommand({})), (error: unknown) => errorName(error) === 'InvalidAccessException');
      } finally {
        hub.destroy();
        westHub.destroy();
      }
    });

    it('the identities and the bucket the CloudTrail history names exist, for containment cells to act on', async () => {
      const iam = new IAMClient(clientConfig(backend().endpoint, 'us-east-1'));
      const s3 = new S3Client({ ...clientConfig(backend().endpoint, 'us-east-1'), forcePathStyle: true });
      try {
        const keys = await iam.send(new ListAccessKeysCommand({ UserName: DEMO_COMPROMISED_USER }));
        assert.deepEqual(keys.AccessKeyMetadata?.map((k) => k.Status), ['Active']);
        const policies = await iam.send(new ListUserPoliciesCommand({ UserName: DEMO_BACKDOOR_USER }));
        assert.deepEqual(policies.PolicyNames, [DEMO_BACKDOOR_POLICY]);
        const policy = await s3.send(new GetBucketPolicyCommand({ Bucket: DEMO_EXPOSED_BUCKET }));
        assert.match(policy.Policy ?? '', /"Principal":"\*"/);
      } finally {
        iam.destroy();
        s3.destroy();
      }
    });
  });

  it('seeds over HTTP too (POST /_backend/seed/demo-account), with the default regions', async () => {
    const summary = await backendControl.seedDemoAccount(backend().endpoint);
    assert.deepEqual(summary.regions, DEMO_REGIONS);
    assert.deepEqual(summary.compliance.securityHubRegions, ['us-east-1']);
    assert.deepEqual(summary.compliance.trails.map((t) => t.name), ['trail-us-east-1', 'trail-eu-west-1']);
    assert.equal(summary.incident.region, 'us-east-1');
    await assert.rejects(backendControl.seedDemoAccount(backend().endpoint, ['us-east-1']), /at least three regions/);
  });
});
