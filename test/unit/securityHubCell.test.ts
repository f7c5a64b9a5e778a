import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AwsSecurityFinding, AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import { readSecurityHubCell, summarizeFindings, type SecurityFindingLike, type SecurityHubCell } from '../../src/cells/aws/securityHubCell';

const SEED = 20261129;

function ok(body: string, attributes: Record<string, unknown> = {}): SecurityHubCell {
  const cell = readSecurityHubCell(body, attributes);
  if ('error' in cell) assert.fail(cell.error);
  // The filters must be acceptable to GetFindings as they are.
  const typed: AwsSecurityFindingFilters = cell.filters;
  void typed;
  return cell;
}

function error(body: string, attributes: Record<string, unknown> = {}): string {
  const cell = readSecurityHubCell(body, attributes);
  if (!('error' in cell)) assert.fail(`accepted: ${JSON.stringify(cell)}`);
  return cell.error;
}

const eq = (Value: string) => ({ Value, Comparison: 'EQUALS' });

describe('securityhub cell: filter lines', () => {
  it('reads "=", "!=" and "^=" lines into AwsSecurityFindingFilters', () => {
    const cell = ok('ComplianceStatus = FAILED\nSeverityLabel = critical, High\nRecordState != archived\nResourceType ^= AwsIam\n');
    assert.deepEqual(cell, {
      filters: {
        ComplianceStatus: [eq('FAILED')],
        SeverityLabel: [eq('CRITICAL'), eq('HIGH')],
        RecordState: [{ Value: 'ARCHIVED', Comparison: 'NOT_EQUALS' }],
        ResourceType: [{ Value: 'AwsIam', Comparison: 'PREFIX' }],
      },
      maxFindings: 1000,
    });
  });

  it('maps keys case-insensitively, with ControlId and Severity as aliases', () => {
    const cell = ok('controlid = S3.1, IAM.4\ncompliancesecuritycontrolid = EC2.2\nSEVERITY = low\nawsaccountid = 111122223333\nregion = eu-west-1');
    assert.deepEqual(Object.keys(cell.filters), ['ComplianceSecurityControlId', 'SeverityLabel', 'AwsAccountId', 'Region']);
    assert.deepEqual(cell.filters.ComplianceSecurityControlId, [eq('S3.1'), eq('IAM.4'), eq('EC2.2')]);
  });

  it('keeps free-text values as written, with quotes for commas', () => {
    const cell = ok('Title = "S3 general purpose buckets should block public access, really", Other\nProductName = Security Hub\nGeneratorId ^= "security-control/"');
    assert.deepEqual(cell.filters.Title, [eq('S3 general purpose buckets should block public access, really'), eq('Other')]);
    assert.deepEqual(cell.filters.ProductName, [eq('Security Hub')]);
    assert.deepEqual(cell.filters.GeneratorId, [{ Value: 'security-control/', Comparison: 'PREFIX' }]);
    assert.deepEqual(ok('Title = "say \\"hi\\""').filters.Title, [eq('say "hi"')]);
  });

  it('skips comments and blank lines; an empty body means no filter', () => {
    assert.deepEqual(ok('').filters, {});
    assert.deepEqual(ok('# all findings\n\n').filters, {});
    assert.deepEqual(ok('# failed only\n  WorkflowStatus = new  \n').filters, { WorkflowStatus: [eq('NEW')] });
  });

  it('merges repeated lines and drops duplicate values', () => {
    assert.deepEqual(ok('SeverityLabel = HIGH\nSeverityLabel = high, CRITICAL').filters.SeverityLabel, [eq('HIGH'), eq('CRITICAL')]);
  });

  it('validates enum values, listing the allowed ones', () => {
    assert.match(error('SeverityLabel = SEVERE'), /Line 1: "SEVERE" is not a SeverityLabel; use one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL\./);
    assert.match(error('ComplianceStatus = FAIL'), /use one of PASSED, WARNING, FAILED, NOT_AVAILABLE/);
    assert.match(error('WorkflowStatus = OPEN'), /use one of NEW, NOTIFIED, RESOLVED, SUPPRESSED/);
    assert.match(error('# x\nRecordState ^= ACT'), /Line 2: "ACT" is not a RecordState; use one of ACTIVE, ARCHIVED/);
  });

  it('refuses what GetFindings refuses: "=" and "!=" on one field', () => {
    assert.match(error('SeverityLabel = HIGH\nSeverityLabel != LOW'), /Line 2: "SeverityLabel" has both "=" and "!=" filters/);
  });

  it('refuses unknown keys, bad syntax and empty values', () => {
    assert.match(error('Colour = red'), /Line 1: "Colour" is not a filter this cell understands\. Fields: ComplianceStatus, SeverityLabel/);
    assert.match(error('constructor = x'), /"constructor" is not a filter/);
    assert.match(error('__proto__ = x'), /"__proto__ = x" is not a filter/);
    assert.match(error('hasOwnProperty = x'), /"hasOwnProperty" is not a filter this cell understands/);
    assert.match(error('SeverityLabel'), /Line 1: "SeverityLabel" is not a filter\. Write filters one per line/);
    assert.match(error('SeverityLabel == HIGH'), /use a single "="/);
    assert.match(error('SeverityLabel ~= HIGH'), /is not a filter/);
    assert.match(error('Title ='), /"Title" has no value/);
    assert.match(error('Title = , ,'), /"Title" has no value/);
    assert.match(error('Title = "unclosed'), /not a comma-separated list \(check the quotes\)/);
    assert.match(error('Title = a"b'), /check the quotes/);
  });

  it('reads limit (default 1,000, at most 10,000)', () => {
    assert.equal(ok('', { limit: 50 }).maxFindings, 50);
    assert.match(error('', { limit: 0 }), /"limit" attribute/);
    assert.match(error('', { limit: 50_000 }), /most allowed is 10,000/);
  });
});

describe('securityhub cell: JSON filters', () => {
  it('reads an AwsSecurityFindingFilters object with the same checks', () => {
    const body = '{\n  "SeverityLabel": [{"Value": "critical", "Comparison": "EQUALS"}, {"Value": "HIGH", "Comparison": "EQUALS"}],\n  "WorkflowStatus": [{"Value": "NEW", "Comparison": "EQUALS"}],\n  "recordstate": [{"Value": "ACTIVE", "Comparison": "EQUALS"}]\n}';
    assert.deepEqual(ok(body).filters, { SeverityLabel: [eq('CRITICAL'), eq('HIGH')], WorkflowStatus: [eq('NEW')], RecordState: [eq('ACTIVE')] });
  });

  it('refuses malformed JSON filters with a clear message', () => {
    assert.match(error('{"ComplianceStatus": [{"Value": "FAILED"'), /starts with "\{" but is not valid JSON/);
    assert.match(error('{"Colour": []}'), /"Colour" is not a filter/);
    assert.match(error('{"Title": []}'), /"Title" must be a list of filters/);
    assert.match(error('{"Title": "x"}'), /"Title" must be a list of filters/);
    assert.match(error('{"Title": [{"Value": "x", "Comparison": "CONTAINS"}]}'), /needs "Comparison": "EQUALS", "NOT_EQUALS" or "PREFIX"/);
    assert.match(error('{"Title": [{"Value": "", "Comparison": "EQUALS"}]}'), /non-empty string "Value"/);
    assert.match(error('{"Title": [null]}'), /needs "Comparison"/);
    assert.match(error('{"SeverityLabel": [{"Value": "BAD", "Comparison": "EQUALS"}]}'), /"BAD" is not a SeverityLabel/);
    assert.match(error('{"Title": [{"Value": "a", "Comparison": "EQUALS"}, {"Value": "b", "Comparison": "NOT_EQUALS"}]}'), /both "=" and "!="/);
    assert.match(error('{"__proto__": []}'), /"__proto__" is not a filter/);
  });

  it('never throws on any body (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (body) => {
        const cell = readSecurityHubCell(body, {});
        assert.ok('error' in cell ? typeof cell.error === 'string' : typeof cell.filters === 'object');
      }),
      { numRuns: 1000, seed: SEED },
    );
    fc.assert(
      fc.property(fc.constantFrom('Title', 'SeverityLabel', 'controlid', 'x'), fc.constantFrom('=', '!=', '^=', '=='), fc.string(), (key, op, value) => {
        readSecurityHubCell(`${key} ${op} ${value}`, {});
      }),
      { numRuns: 1000, seed: SEED },
    );
    fc.assert(
      fc.property(fc.json(), (json) => {
        readSecurityHubCell(json.startsWith('{') ? json : `{"Title": ${json}}`, {});
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('securityhub cell: findings summary', () => {
  const finding = (severity: string | undefined, control: string, extra: Partial<AwsSecurityFinding> = {}): AwsSecurityFinding =>
    ({
      Title: `Title ${control}`,
      Region: 'us-east-1',
      Severity: severity ? { Label: severity as never } : undefined,
      Compliance: { Status: 'FAILED', SecurityControlId: control },
      Resources: [{ Id: `arn:aws:s3:::${control}`, Type: 'AwsS3Bucket' }],
      ...extra,
    }) as AwsSecurityFinding;

  it('counts by severity, CRITICAL first, and sorts rows by severity then control', () => {
    const summary = summarizeFindings([finding('LOW', 'S3.10'), finding('CRITICAL', 'S3.2'), finding('LOW', 'S3.2'), finding('HIGH', 'IAM.4'), finding('CRITICAL', 'EC2.19')]);
    assert.deepEqual(summary.counts, [
      { severity: 'CRITICAL', count: 2 },
      { severity: 'HIGH', count: 1 },
      { severity: 'MEDIUM', count: 0 },
      { severity: 'LOW', count: 2 },
      { severity: 'INFORMATIONAL', count: 0 },
    ]);
    assert.equal(summary.text, '2 critical · 1 high · 2 low');
    assert.deepEqual(summary.table.columns, ['Severity', 'Control', 'Title', 'Resource', 'Status', 'Region']);
    assert.deepEqual(
      summary.table.rows.map((row) => `${row[0]} ${row[1]}`),
      ['CRITICAL EC2.19', 'CRITICAL S3.2', 'HIGH IAM.4', 'LOW S3.2', 'LOW S3.10'],
    );
    assert.deepEqual(summary.table.rows[0], ['CRITICAL', 'EC2.19', 'Title EC2.19', 'arn:aws:s3:::EC2.19', 'FAILED', 'us-east-1']);
  });

  it('finds the control id in older findings: ProductFields, then GeneratorId', () => {
    const rows = summarizeFindings([
      finding('MEDIUM', '', { Compliance: { Status: 'FAILED' }, ProductFields: { ControlId: 'CloudTrail.1' } }),
      finding('MEDIUM', '', { Compliance: { Status: 'FAILED' }, ProductFields: { RuleId: '1.10' } }),
      finding('MEDIUM', '', { Compliance: { Status: 'FAILED' }, GeneratorId: 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/1.14' }),
      finding('MEDIUM', '', { Compliance: undefined, GeneratorId: 'arn:aws:guardduty:us-east-1:111122223333:detector/abc', Workflow: { Status: 'NEW' } }),
    ]).table.rows;
    assert.deepEqual(
      rows.map((row) => [row[1], row[4]]),
      [
        ['1.10', 'FAILED'],
        ['1.14', 'FAILED'],
        ['arn:aws:guardduty:us-east-1:111122223333:detector/abc', 'NEW'],
        ['CloudTrail.1', 'FAILED'],
      ],
    );
  });

  it('derives a missing label from the normalized score, else UNKNOWN', () => {
    const summary = summarizeFindings([
      finding(undefined, 'A.1', { Severity: { Normalized: 95 } }),
      finding(undefined, 'A.2', { Severity: { Normalized: 0 } }),
      finding(undefined, 'A.3'),
      finding('bogus', 'A.4'),
      finding('high', 'A.5'),
    ]);
    assert.deepEqual(summary.table.rows.map((row) => row[0]), ['CRITICAL', 'HIGH', 'INFORMATIONAL', 'UNKNOWN', 'UNKNOWN']);
    assert.deepEqual(summary.counts.at(-1), { severity: 'UNKNOWN', count: 2 });
  });

  it('shows how many more resources a finding has', () => {
    const row = summarizeFindings([finding('LOW', 'X.1', { Resources: [{ Id: 'a', Type: 't' }, { Id: 'b', Type: 't' }, { Id: 'c', Type: 't' }] })]).table.rows[0];
    assert.equal(row?.[3], 'a (+2 more)');
  });

  it('handles no findings and malformed ones', () => {
    const empty = summarizeFindings([]);
    assert.equal(empty.text, 'No findings.');
    assert.equal(empty.counts.length, 5);
    assert.deepEqual(empty.table.rows, []);
    const odd = summarizeFindings([null, 'x', {}, { Resources: 'nope', Severity: null, ProductFields: null }] as unknown as SecurityFindingLike[]);
    assert.deepEqual(odd.table.rows, [
      ['UNKNOWN', '', '', '', '', ''],
      ['UNKNOWN', '', '', '', '', ''],
    ]);
    assert.deepEqual(summarizeFindings(undefined as never).table.rows, []);
  });
});
