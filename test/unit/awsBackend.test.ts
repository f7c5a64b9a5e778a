import * as assert from 'node:assert/strict';
import { CloudTrailClient, LookupEventsCommand, type Event as TrailEvent } from '@aws-sdk/client-cloudtrail';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startAwsBackend, type AwsBackend, type SeedEvent } from '../aws-backend/backend';
import { backendControl } from '../aws-backend/control';
import { DEMO_COMPROMISED_USER, DEMO_LOG_GROUP, seedLogGroup, seedSecurityHubFindings, type FindingSpec } from '../aws-backend/seed';
import { rejection } from './support/rejection';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const AWS_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;


describe('AWS test backend (moto + gap-filling proxy)', function () {
  this.timeout(20_000);
  let backend: AwsBackend;
  let logs: CloudWatchLogsClient;
  let trail: CloudTrailClient;
  let hub: SecurityHubClient;
  let sts: STSClient;

  before(async () => {
    const started = Date.now();
    backend = await startAwsBackend();
    const config = { endpoint: backend.endpoint, region: REGION, credentials, maxAttempts: 1 };
    logs = new CloudWatchLogsClient(config);
    trail = new CloudTrailClient(config);
    hub = new SecurityHubClient(config);
    sts = new STSClient(config);
    assert.ok(Date.now() - started < 15_000, 'the backend starts quickly');
  });

  beforeEach(() => backend.reset());

  after(async () => {
    for (const client of [logs, trail, hub, sts]) client?.destroy();
    await backend?.stop();
  });

  it('forwards what moto implements (STS GetCallerIdentity) and records it', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, '123456789012');
    assert.deepEqual(
      backend.requests().map(({ service, operation, region }) => ({ service, operation, region })),
      [{ service: 'sts', operation: 'GetCallerIdentity', region: REGION }],
    );
  });

  describe('CloudWatch Logs Insights', () => {
    const base = Date.now() - 30 * 60_000;
    const lines = Array.from({ length: 12 }, (_, i) => ({
      timestamp: base + i * 61_001,
      message: i % 3 === 0 ? `{"verb":"list","responseStatus":{"code":403,"reason":"Forbidden"},"n":${i}}` : `{"verb":"get","responseStatus":{"code":200},"n":${i}}`,
    }));
    const range = { startTime: Math.floor(base / 1000) - 60, endTime: Math.floor(Date.now() / 1000) + 60 };

    it('filters, sorts newest first, formats @timestamp like AWS and reports Running then Complete', async () => {
      await seedLogGroup(backend.endpoint, REGION, '/aws/eks/test/cluster', lines);
      const { queryId } = await logs.send(
        new StartQueryCommand({ logGroupName: '/aws/eks/test/cluster', queryString: 'filter @message like /Forbidden/ | sort @timestamp desc', ...range }),
      );
      const first = await logs.send(new GetQueryResultsCommand({ queryId }));
      assert.equal(first.status, 'Running');
      assert.deepEqual(first.results, []);
      const done = await logs.send(new GetQueryResultsCommand({ queryId }));
      assert.equal(done.status, 'Complete');
      assert.deepEqual(done.statistics, { recordsMatched: 4, recordsScanned: 12, bytesScanned: lines.reduce((n, l) => n + l.message.length, 0), logGroupsScanned: 1 });
      const forbidden = lines.filter((l) => l.message.includes('Forbidden')).reverse();
      assert.equal(done.results?.length, 4);
      done.results!.forEach((row, i) => {
        const field = (name: string) => row.find((f) => f.field === name)?.value;
        assert.match(field('@timestamp')!, AWS_TIMESTAMP);
        assert.equal(field('@timestamp'), new Date(forbidden[i]!.timestamp).toISOString().replace('T', ' ').replace('Z', ''));
        assert.equal(field('@message'), forbidden[i]!.message);
        assert.ok(field('@ptr'), 'every row carries @ptr');
      });
    });

    it('evaluates fields, JSON fields, and/or/not like, and limit', async () => {
      await seedLogGroup(backend.endpoint, REGION, 'app', lines);
      const { queryId } = await logs.send(
        new StartQueryCommand({
          logGroupName: 'app',
          queryString: 'fields @timestamp, verb, responseStatus.code as code | filter (@message like "403" or n = 1) and @message not like /"n":9/ | sort n asc | limit 2',
          ...range,
        }),
      );
      await logs.send(new GetQueryResultsCommand({ queryId }));
      const { results } = await logs.send(new GetQueryResultsCommand({ queryId }));
      assert.deepEqual(
        results?.map((row) => row.filter((f) => f.field !== '@ptr' && f.field !== '@timestamp')),
        [
          [{ field: 'verb', value: 'list' }, { field: 'code', value: '403' }],
          [{ field: 'verb', value: 'get' }, { field: 'code', value: '200' }],
        ],
      );
    });

    it('answers AWS errors for an unknown log group and an unsupported command', async () => {
      const missing = await rejection(logs.send(new StartQueryCommand({ logGroupName: 'nope', queryString: 'fields @message', ...range })));
      assert.equal(missing.name, 'ResourceNotFoundException');
      assert.match(missing.message, /Log group 'nope' does not exist/);
      await seedLogGroup(backend.endpoint, REGION, 'app', lines);
      const malformed = await rejection(logs.send(new StartQueryCommand({ logGroupName: 'app', queryString: 'stats count(*) by verb', ...range })));
      assert.equal(malformed.name, 'MalformedQueryException');
    });

    it('StopQuery cancels a running query and is recorded', async () => {
      await seedLogGroup(backend.endpoint, REGION, 'app', lines);
      const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: 'app', queryString: 'filter @message like "SLOW_QUERY_FOR_TESTS"', ...range }));
      for (let i = 0; i < 3; i++) assert.equal((await logs.send(new GetQueryResultsCommand({ queryId }))).status, 'Running');
      assert.equal((await logs.send(new StopQueryCommand({ queryId }))).success, true);
      assert.equal((await logs.send(new GetQueryResultsCommand({ queryId }))).status, 'Cancelled');
      const stops = backend.requests().filter((r) => r.operation === 'StopQuery');
      assert.deepEqual(stops, [{ service: 'logs', operation: 'StopQuery', region: REGION, body: { queryId } }]);
    });
  });

  describe('CloudTrail LookupEvents', () => {
    const now = Date.now();
    function events(): SeedEvent[] {
      const list: SeedEvent[] = [];
      for (let i = 0; i < 60; i++) list.push({ eventName: i % 2 ? 'CreateAccessKey' : 'ListUsers', username: 'compromised-user', eventTime: now - i * 60_000, sourceIPAddress: '185.220.101.47' });
      for (let i = 0; i < 20; i++) list.push({ eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', username: 'alice', eventTime: now - i * 30_000 - 15_000 });
      return list;
    }

    it('filters by Username, returns newest first and paginates by MaxResults/NextToken', async () => {
      backend.seedCloudTrailEvents(REGION, events());
      const byUser = { LookupAttributes: [{ AttributeKey: 'Username' as const, AttributeValue: 'compromised-user' }] };
      const first = await trail.send(new LookupEventsCommand({ ...byUser, MaxResults: 50 }));
      assert.equal(first.Events?.length, 50);
      assert.ok(first.NextToken);
      const second = await trail.send(new LookupEventsCommand({ ...byUser, MaxResults: 50, NextToken: first.NextToken }));
      assert.equal(second.Events?.length, 10);
      assert.equal(second.NextToken, undefined);
      const all: TrailEvent[] = [...first.Events!, ...second.Events!];
      assert.ok(all.every((e) => e.Username === 'compromised-user'));
      const times = all.map((e) => e.EventTime!.getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
      const record = JSON.parse(all[0]!.CloudTrailEvent!) as { sourceIPAddress: string; userIdentity: { userName: string }; eventID: string };
      assert.equal(record.sourceIPAddress, '185.220.101.47');
      assert.equal(record.userIdentity.userName, 'compromised-user');
      assert.equal(record.eventID, all[0]!.EventId);
      assert.equal(all[0]!.ReadOnly, 'true');
    });

    it('honours EventName, the time range and the region', async () => {
      backend.seedCloudTrailEvents(REGION, events());
      const created = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateAccessKey' }] }));
      assert.equal(created.Events?.length, 30);
      const recent = await trail.send(new LookupEventsCommand({ StartTime: new Date(now - 310_000), EndTime: new Date(now + 1000) }));
      assert.equal(recent.Events?.length, 6 + 10);
      const elsewhere = new CloudTrailClient({ endpoint: backend.endpoint, region: 'us-west-2', credentials, maxAttempts: 1 });
      assert.deepEqual((await elsewhere.send(new LookupEventsCommand({}))).Events, []);
      elsewhere.destroy();
      const twoAttributes = await rejection(
        trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'a' }, { AttributeKey: 'EventName', AttributeValue: 'b' }] })),
      );
      assert.equal(twoAttributes.name, 'InvalidLookupAttributesException');
    });
  });

  describe('Security Hub GetFindings', () => {
    const specs: FindingSpec[] = [
      { controlId: 'IAM.4', title: 'root key', severity: 'CRITICAL', complianceStatus: 'FAILED', resource: { type: 'AwsAccount', id: 'AWS::::Account:123456789012' } },
      { controlId: 'S3.8', title: 'bucket BPA', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsS3Bucket', id: 'arn:aws:s3:::data' } },
      { controlId: 'EC2.6', title: 'flow logs', severity: 'MEDIUM', complianceStatus: 'FAILED', resource: { type: 'AwsEc2Vpc', id: 'vpc-1' } },
      { controlId: 'IAM.6', title: 'root MFA', severity: 'CRITICAL', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: 'AWS::::Account:123456789012' } },
      { controlId: 'S3.1', title: 'account BPA', severity: 'HIGH', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: 'AWS::::Account:123456789012' } },
    ];

    it('applies ComplianceStatus and SeverityLabel filters (OR within a key, AND across keys) and paginates', async () => {
      await seedSecurityHubFindings(backend.endpoint, REGION, specs);
      const Filters = {
        ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' as const }],
        SeverityLabel: [
          { Value: 'CRITICAL', Comparison: 'EQUALS' as const },
          { Value: 'HIGH', Comparison: 'EQUALS' as const },
        ],
      };
      const first = await hub.send(new GetFindingsCommand({ Filters, MaxResults: 1 }));
      assert.equal(first.Findings?.length, 1);
      assert.ok(first.NextToken);
      const second = await hub.send(new GetFindingsCommand({ Filters, MaxResults: 1, NextToken: first.NextToken }));
      assert.equal(second.NextToken, undefined);
      assert.deepEqual([...first.Findings!, ...second.Findings!].map((f) => f.Compliance?.SecurityControlId).sort(), ['IAM.4', 'S3.8']);
      const notPassed = await hub.send(new GetFindingsCommand({ Filters: { ComplianceStatus: [{ Value: 'PASSED', Comparison: 'NOT_EQUALS' }], ResourceType: [{ Value: 'AwsS3', Comparison: 'PREFIX' }] } }));
      assert.deepEqual(notPassed.Findings?.map((f) => f.Compliance?.SecurityControlId), ['S3.8']);
    });

    it('answers InvalidAccessException when the hub is not enabled', async () => {
      const error = await rejection(hub.send(new GetFindingsCommand({})));
      assert.equal(error.name, 'InvalidAccessException');
    });
  });

  describe('faults', () => {
    it('AccessDenied, Throttling and ExpiredToken reach the SDK as the real AWS errors', async () => {
      backend.setFault('StartQuery', 'AccessDenied');
      const denied = await rejection(logs.send(new StartQueryCommand({ logGroupName: 'x', queryString: 'fields @message', startTime: 0, endTime: 1 })));
      assert.equal(denied.name, 'AccessDeniedException');
      assert.match(denied.message, /^User: arn:aws:iam::123456789012:user\/\S+ is not authorized to perform: logs:StartQuery/);
      assert.equal(denied.$metadata?.httpStatusCode, 400);

      backend.setFault('securityhub:GetFindings', 'Throttling');
      const throttled = await rejection(hub.send(new GetFindingsCommand({})));
      assert.equal(throttled.name, 'ThrottlingException');
      assert.equal(throttled.$metadata?.httpStatusCode, 429);

      backend.setFault('GetCallerIdentity', 'ExpiredToken');
      const expired = await rejection(sts.send(new GetCallerIdentityCommand({})));
      assert.equal(expired.name, 'ExpiredToken');
      assert.match(expired.message, /security token included in the request is expired/);

      backend.setFault('GetCallerIdentity', null);
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Account, '123456789012');
    });
  });

  it('reset clears moto, seeded events, faults and recorded requests', async () => {
    await seedLogGroup(backend.endpoint, REGION, 'app', [{ timestamp: Date.now(), message: 'hello' }]);
    backend.seedCloudTrailEvents(REGION, [{ eventName: 'ListUsers', eventTime: Date.now() }]);
    backend.setFault('LookupEvents', 'AccessDenied');
    await backend.reset();
    assert.deepEqual(backend.requests(), []);
    assert.deepEqual((await trail.send(new LookupEventsCommand({}))).Events, []);
    assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });

  it('offers the same controls over HTTP for other processes', async () => {
    await backendControl.seedCloudTrailEvents(backend.endpoint, REGION, [{ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', username: 'bob', eventTime: new Date().toISOString() }]);
    const found = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }] }));
    assert.equal(found.Events?.[0]?.Username, 'bob');
    assert.equal(found.Events?.[0]?.AccessKeyId, undefined, 'console sign-ins carry no access key');
    await backendControl.setFault(backend.endpoint, 'LookupEvents', 'ExpiredToken');
    assert.equal((await rejection(trail.send(new LookupEventsCommand({})))).name, 'ExpiredTokenException');
    // `operation` is accepted as well as `op`
    const cleared = await fetch(`${backend.endpoint}/_backend/fault`, { method: 'POST', body: JSON.stringify({ operation: 'LookupEvents', fault: null }) });
    assert.equal(cleared.status, 200);
    const seen = await backendControl.requests(backend.endpoint);
    assert.deepEqual(seen.map((r) => r.operation), ['LookupEvents', 'LookupEvents']);
    assert.equal((await trail.send(new LookupEventsCommand({}))).Events?.length, 1);
    await backendControl.reset(backend.endpoint);
    assert.deepEqual(backend.requests(), []);
  });

  it('seeds the incident demo (here through the HTTP control endpoint)', async () => {
    const summary = await backendControl.seedIncidentDemo(backend.endpoint, REGION);
    assert.equal(summary.forbiddenLines, 6);
    const now = Math.floor(Date.now() / 1000);
    const { queryId } = await logs.send(new StartQueryCommand({ logGroupName: DEMO_LOG_GROUP, queryString: 'fields @timestamp, user.username | filter @message like /Forbidden/', startTime: now - 3600, endTime: now }));
    await logs.send(new GetQueryResultsCommand({ queryId }));
    const done = await logs.send(new GetQueryResultsCommand({ queryId }));
    assert.equal(done.results?.length, 6);
    assert.equal(done.statistics?.recordsScanned, summary.logLines);
    const compromised = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: DEMO_COMPROMISED_USER }] }));
    assert.equal(compromised.Events?.length, summary.compromisedUserEvents);
    const failed = await hub.send(new GetFindingsCommand({ Filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }] } }));
    assert.equal(failed.Findings?.length, summary.failedFindings);
  });
});
