import * as assert from 'node:assert/strict';
import type { AwsClientConfig } from '../../src/aws/awsSession';
import type { CellExecutor, CellRunRequest, RenderedOutput } from '../../src/cells/cellRun';
import { CloudTrailExecutor } from '../../src/cells/aws/cloudTrailExecutor';
import { LogRetentionExecutor } from '../../src/cells/aws/logRetentionExecutor';
import { LogsInsightsExecutor } from '../../src/cells/aws/logsInsightsExecutor';
import { SecurityHubExecutor } from '../../src/cells/aws/securityHubExecutor';
import { DEMO_LOG_GROUP, TEST_CREDENTIALS, seedIncidentDemo } from '../aws-backend/seed';
import { useAwsBackend } from './support/awsBackendHooks';

/**
 * The native executors in plain Node, through the real SDK over HTTP to the test
 * backend: every AWS error class a cell can meet ends in a clear message.
 */
describe('native AWS cell executors against the test backend', function () {
  this.timeout(30_000);
  const backend = useAwsBackend(async (aws) => {
    await seedIncidentDemo(aws, 'us-east-1');
    aws.clearRequests();
  });

  function run(executor: CellExecutor, source: string, attributes: Record<string, unknown> = {}, options: { signal?: AbortSignal; endpoint?: string } = {}) {
    const rendered: RenderedOutput[] = [];
    const clientConfig = (): AwsClientConfig => ({
      region: 'us-east-1',
      credentials: async () => TEST_CREDENTIALS,
      endpoint: options.endpoint ?? backend().endpoint,
      maxAttempts: 2,
    });
    const request: CellRunRequest = {
      source,
      cwd: process.cwd(),
      env: {},
      signal: options.signal ?? new AbortController().signal,
      onOutput: () => undefined,
      onRender: (output) => rendered.push(output),
      attributes,
      frontMatter: {},
      aws: { profile: 'demo', region: 'us-east-1', identity: { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/demo' }, clientConfig },
    };
    return executor.run(request).then((result) => ({ result, rendered }));
  }

  it('Logs Insights reports progress, then a table', async () => {
    const { result, rendered } = await run(new LogsInsightsExecutor(), 'fields @timestamp, @message | filter @message like /Forbidden/ | sort @timestamp desc', { logGroups: [DEMO_LOG_GROUP], timeRange: '24h' });
    assert.equal(result.status, 'succeeded', result.message);
    assert.ok(rendered.some((r) => r.kind === 'progress' && /Running|Complete/.test(r.markdown)));
    const table = rendered.find((r) => r.kind === 'table');
    assert.ok(table && table.kind === 'table' && table.table.rows.length === 6);
    assert.match(result.message, /^6 rows · 6 records matched/);
  });

  it('an unknown log group is a clear "not found"', async () => {
    const { result } = await run(new LogsInsightsExecutor(), 'fields @message', { logGroups: ['/no/such/group'] });
    assert.equal(result.status, 'failed');
    assert.match(result.message, /not found/i);
    assert.match(result.message, /\/no\/such\/group/);
  });

  it('throttling is retried by the SDK, then reported plainly', async () => {
    backend().setFault('LookupEvents', 'Throttling');
    const { result } = await run(new CloudTrailExecutor(), 'Username = compromised-user');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /throttling requests .*retried with backoff/);
    const attempts = backend().requests().filter((r) => r.operation === 'LookupEvents').length;
    assert.equal(attempts, 2, 'the SDK retried once (maxAttempts 2)');
  });

  it('expired credentials tell the user to refresh them', async () => {
    backend().setFault('GetFindings', 'ExpiredToken');
    const { result } = await run(new SecurityHubExecutor(), 'ComplianceStatus = FAILED');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /credentials \(profile "demo"\) have expired/);
  });

  it('an unreachable endpoint says so instead of throwing', async () => {
    const { result } = await run(new SecurityHubExecutor(), 'ComplianceStatus = FAILED', {}, { endpoint: 'http://127.0.0.1:9' });
    assert.equal(result.status, 'failed');
    assert.match(result.message, /could not reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
  });

  it('CloudTrail pages through results at most 2 requests per second, up to the limit', async () => {
    const now = Date.now();
    backend().seedCloudTrailEvents(
      'us-east-1',
      Array.from({ length: 120 }, (_, i) => ({ eventName: 'GetObject', eventTime: now - (i + 1) * 60_000, username: 'busy-user', eventSource: 's3.amazonaws.com' })),
    );
    const started = Date.now();
    const { result, rendered } = await run(new CloudTrailExecutor(), 'Username = busy-user', { timeRange: '7d', limit: 110 });
    const elapsed = Date.now() - started;
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(backend().requests().filter((r) => r.operation === 'LookupEvents').length, 3, 'pages of 50, 50 and 10');
    assert.ok(elapsed >= 2 * 450, `3 pages took only ${elapsed} ms`);
    const table = rendered.find((r) => r.kind === 'table');
    assert.equal(table?.kind === 'table' ? table.table.rows.length : 0, 110);
    assert.match(table?.kind === 'table' ? (table.note ?? '') : '', /limit of 110 events/);
  });

  it('log retention refuses a disallowed value before any AWS call', async () => {
    const { result } = await run(new LogRetentionExecutor(), `${DEMO_LOG_GROUP} = 42`);
    assert.equal(result.status, 'failed');
    assert.match(result.message, /^Not run: .*42/);
    assert.deepEqual(backend().requests().filter((r) => r.service === 'logs').map((r) => r.operation), []);
  });

  it('a cancelled Logs Insights query is stopped in AWS', async () => {
    const abort = new AbortController();
    const running = run(new LogsInsightsExecutor(), 'fields @message | filter @message like /SLOW_QUERY_FOR_TESTS/', { logGroups: [DEMO_LOG_GROUP] }, { signal: abort.signal });
    setTimeout(() => abort.abort(), 700);
    const { result } = await running;
    assert.equal(result.status, 'cancelled');
    assert.ok(backend().requests().some((r) => r.operation === 'StopQuery'));
  });

  it('a native cell without an AWS profile explains what to do', async () => {
    const result = await new SecurityHubExecutor().run({ source: 'ComplianceStatus = FAILED', cwd: '.', env: {}, signal: new AbortController().signal, onOutput: () => undefined });
    assert.equal(result.status, 'notRun');
    assert.match(result.message, /needs an AWS profile/);
  });
});
