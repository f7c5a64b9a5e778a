/**
 * The compliance scan's pure parts: selector semantics, CSV, status arithmetic,
 * error meaning, findings grouping, and the call wrapper's limits, timeouts and
 * cancellation (with a hand-written client; the checks themselves are tested
 * against the AWS test backend in compliance*.test.ts).
 */
import * as assert from 'node:assert/strict';
import type { ClientProvider } from '../../src/aws/serviceClients';
import { COMPLIANCE_ITEMS, KNOWN_CONTROL_IDS } from '../../src/compliance/catalog';
import { CallError, ScanCancelled, outcomeOfError } from '../../src/compliance/callErrors';
import { combinedStatus, regionalOutcome } from '../../src/compliance/checkOutcome';
import { ConcurrencyLimit } from '../../src/compliance/concurrencyLimit';
import { parseCsv } from '../../src/compliance/credentialReport';
import { createScanContext } from '../../src/compliance/scanContext';
import { groupFindings } from '../../src/compliance/securityHubFindings';
import { managementEventCoverage } from '../../src/compliance/trailSelectors';
import { standardName } from '../../src/compliance/checks/securityHub';

describe('compliance catalog', () => {
  it('has the ten items of the source document, each with control ids and a remediation cell', () => {
    assert.equal(COMPLIANCE_ITEMS.length, 10);
    assert.equal(new Set(COMPLIANCE_ITEMS.map((i) => i.id)).size, 10);
    for (const item of COMPLIANCE_ITEMS) {
      assert.ok(item.controls.length > 0, item.id);
      assert.match(item.remediationCell, /^[a-z0-9-]+$/, item.id);
    }
  });

  it('labels GuardDuty as AWS Foundational Security Best Practices, not CIS', () => {
    const guardDuty = COMPLIANCE_ITEMS.find((i) => i.id === 'guardduty')!;
    assert.deepEqual(guardDuty.controls, ['GuardDuty.1']);
    assert.match(guardDuty.framework, /Foundational Security Best Practices/);
    assert.ok(!guardDuty.controls.some((c) => c.startsWith('CIS')));
  });

  it('uses CIS v3.0 numbering and Security Hub ids', () => {
    const controls = Object.fromEntries(COMPLIANCE_ITEMS.map((i) => [i.id, i.controls]));
    assert.deepEqual(controls['root-mfa'], ['CIS 1.5', 'IAM.9']);
    assert.deepEqual(controls['root-access-keys'], ['CIS 1.4', 'IAM.4']);
    assert.deepEqual(controls['s3-public-access'], ['CIS 2.1.4', 'S3.1', 'S3.8']);
    assert.ok(KNOWN_CONTROL_IDS.has('CIS 4.16'));
  });
});

describe('CloudTrail management-event selectors', () => {
  it('passes a classic All selector (and the default: no ReadWriteType)', () => {
    assert.equal(managementEventCoverage({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }).readAndWrite, true);
    assert.equal(managementEventCoverage({ EventSelectors: [{ IncludeManagementEvents: true }] }).readAndWrite, true);
  });

  it('fails write-only, read-only, excluded management events and no selectors', () => {
    assert.equal(managementEventCoverage({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] }).readAndWrite, false);
    assert.equal(managementEventCoverage({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }] }).readAndWrite, false);
    assert.equal(managementEventCoverage({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false }] }).readAndWrite, false);
    assert.equal(managementEventCoverage({ EventSelectors: [], AdvancedEventSelectors: [] }).readAndWrite, false);
  });

  it('passes advanced management selectors without a readOnly filter, fails with one', () => {
    const management = { Field: 'eventCategory', Equals: ['Management'] };
    assert.equal(managementEventCoverage({ AdvancedEventSelectors: [{ Name: 'mgmt', FieldSelectors: [management] }] }).readAndWrite, true);
    assert.equal(managementEventCoverage({ AdvancedEventSelectors: [{ FieldSelectors: [management, { Field: 'readOnly', Equals: ['false'] }] }] }).readAndWrite, false);
    assert.equal(managementEventCoverage({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }).readAndWrite, false);
  });
});

describe('credential report CSV', () => {
  it('reads the header row into records, quoted fields included', () => {
    const rows = parseCsv('user,arn,access_key_1_active\r\nalice,"arn:aws:iam::1:user/a,b",true\n"bo""b",x,false\n');
    assert.deepEqual(rows, [
      { user: 'alice', arn: 'arn:aws:iam::1:user/a,b', access_key_1_active: 'true' },
      { user: 'bo"b', arn: 'x', access_key_1_active: 'false' },
    ]);
  });

  it('returns no rows for empty or header-only input', () => {
    assert.deepEqual(parseCsv(''), []);
    assert.deepEqual(parseCsv('user,arn\n'), []);
  });
});

describe('status arithmetic', () => {
  it('a failing region fails the item even when another region is unknown', () => {
    assert.equal(combinedStatus(['pass', 'unknown', 'fail']), 'fail');
    assert.equal(combinedStatus(['pass', 'unknown', 'error']), 'error');
    assert.equal(combinedStatus(['pass', 'unknown']), 'unknown');
    assert.equal(combinedStatus(['pass', 'pass']), 'pass');
  });

  it('names the failing regions and their reason', () => {
    const outcome = regionalOutcome(
      [
        { region: 'eu-west-1', status: 'fail', reason: 'no detector', evidence: [] },
        { region: 'us-east-1', status: 'pass', reason: 'ok', evidence: [] },
        { region: 'us-west-2', status: 'fail', reason: 'no detector', evidence: [] },
      ],
      'everywhere',
    );
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.reason, 'fails in eu-west-1, us-west-2: no detector');
    assert.equal(regionalOutcome([{ region: 'us-east-1', status: 'pass', reason: 'ok', evidence: [] }], 'everywhere').reason, 'everywhere');
    const mixed = regionalOutcome(
      ['a-1', 'b-1', 'c-1', 'd-1', 'e-1'].map((region) => ({ region, status: 'fail' as const, reason: region === 'a-1' ? 'no standard' : 'hub off', evidence: [] })),
      'everywhere',
    );
    assert.equal(mixed.reason, 'fails in all 5 regions: hub off (4 regions); no standard (a-1)');
  });

  it('no region at all is unknown, never a pass (none of the requested regions is enabled)', () => {
    const outcome = regionalOutcome([], 'everywhere');
    assert.equal(outcome.status, 'unknown');
    assert.match(outcome.reason, /no region was checked/);
  });
});

describe('what a failed call means', () => {
  const denied = Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized to perform: guardduty:ListDetectors'), { name: 'AccessDeniedException' });

  it('access denied → unknown, naming the action', () => {
    assert.deepEqual(outcomeOfError(new CallError('guardduty:ListDetectors', 'eu-west-1', denied)), { status: 'unknown', reason: 'unknown — access denied (guardduty:ListDetectors)' });
  });

  it('throttling, expiry and timeouts → error with a clear reason', () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    assert.match(outcomeOfError(new CallError('config:DescribeConfigurationRecorders', 'us-east-1', throttled)).reason, /throttling/i);
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    assert.match(outcomeOfError(new CallError('iam:GetAccountSummary', 'us-east-1', expired), 'prod').reason, /expired.*aws sso login --profile prod/);
    assert.deepEqual(outcomeOfError(new CallError('ec2:DescribeVpcs', 'eu-west-1', new Error('aborted'), 5000)), {
      status: 'error',
      reason: 'ec2:DescribeVpcs in eu-west-1 timed out after 5 s',
    });
  });

  it('a cancellation is not an outcome: it propagates', () => {
    assert.throws(() => outcomeOfError(new ScanCancelled()), ScanCancelled);
  });
});

describe('Security Hub findings grouping', () => {
  it('groups by control, most severe first, and names standards readably', () => {
    const groups = groupFindings([
      { control: 'S3.8', region: 'us-east-1', title: 'a', severity: 'MEDIUM', resource: 'b1' },
      { control: 'IAM.4', region: 'us-east-1', title: 'root keys', severity: 'CRITICAL', resource: 'acct' },
      { control: 'S3.8', region: 'eu-west-1', title: 'b', severity: 'HIGH', resource: 'b2' },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.control, g.severity, g.findings.length]),
      [
        ['IAM.4', 'CRITICAL', 1],
        ['S3.8', 'HIGH', 2],
      ],
    );
    assert.equal(groups[1]!.findings[0]!.severity, 'HIGH');
    assert.equal(standardName('arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0'), 'cis-aws-foundations-benchmark v3.0.0');
    assert.equal(standardName('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0'), 'cis-aws-foundations-benchmark v1.2.0');
  });
});

describe('the scan call wrapper', () => {
  /** A client whose send() waits `ms` (or until aborted) and counts concurrency. */
  function slowClients(ms: number, stats = { active: 0, peak: 0 }): ClientProvider {
    const client = {
      send: (_command: unknown, options: { abortSignal: AbortSignal }) =>
        new Promise((resolve, reject) => {
          stats.active++;
          stats.peak = Math.max(stats.peak, stats.active);
          const timer = setTimeout(() => {
            stats.active--;
            resolve('done');
          }, ms);
          options.abortSignal.addEventListener('abort', () => {
            clearTimeout(timer);
            stats.active--;
            reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
          });
        }),
    };
    return { get: () => client as never };
  }

  it('keeps at most the per-service limit in flight', async () => {
    const stats = { active: 0, peak: 0 };
    const context = createScanContext({ clients: slowClients(5, stats), account: '1', regions: [], homeRegion: 'us-east-1' });
    await Promise.all(Array.from({ length: 20 }, () => context.call('iam', 'us-east-1', 'iam:X', (client, options) => (client as any).send({}, options))));
    assert.equal(stats.peak, 4);
  });

  it('turns a call that outlives its timeout into a CallError saying so', async () => {
    const context = createScanContext({ clients: slowClients(10_000), account: '1', regions: [], homeRegion: 'us-east-1', callTimeoutMs: 30 });
    await assert.rejects(
      context.call('ec2', 'eu-west-1', 'ec2:DescribeVpcs', (client, options) => (client as any).send({}, options)),
      (error: unknown) => error instanceof CallError && error.timedOutAfterMs === 30 && /timed out/.test(error.message),
    );
  });

  it('cancelling aborts calls in flight with ScanCancelled', async () => {
    const controller = new AbortController();
    const context = createScanContext({ clients: slowClients(10_000), account: '1', regions: [], homeRegion: 'us-east-1', signal: controller.signal });
    const pending = context.call('ec2', 'eu-west-1', 'ec2:DescribeVpcs', (client, options) => (client as any).send({}, options));
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(pending, ScanCancelled);
  });

  it('shares account-wide loads within a scan', async () => {
    const context = createScanContext({ clients: slowClients(1), account: '1', regions: [], homeRegion: 'us-east-1' });
    let loads = 0;
    const load = async () => ++loads;
    assert.deepEqual(await Promise.all([context.shared('k', load), context.shared('k', load)]), [1, 1]);
    assert.equal(loads, 1);
  });

  it('ConcurrencyLimit rejects nonsense limits', () => {
    assert.throws(() => new ConcurrencyLimit(0), /at least 1/);
  });
});
