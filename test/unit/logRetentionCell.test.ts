import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ALLOWED_RETENTION_DAYS,
  readLogRetentionCell,
  retentionNeedsChange,
  retentionPlanTable,
  type RetentionTarget,
} from '../../src/cells/aws/logRetentionCell';

const SEED = 20261129;
const ALLOWED_TEXT = '1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653';

function ok(body: string, attributes?: Record<string, unknown>): RetentionTarget[] {
  const cell = readLogRetentionCell(body, attributes);
  if ('error' in cell) assert.fail(cell.error);
  return cell.targets;
}

function error(body: string, attributes?: Record<string, unknown>): string {
  const cell = readLogRetentionCell(body, attributes);
  if (!('error' in cell)) assert.fail(`accepted: ${JSON.stringify(cell)}`);
  return cell.error;
}

describe('log-retention cell: reading', () => {
  it('reads "log-group-name = days" lines, skipping comments and blank lines', () => {
    const body = '# keep the evidence\n/aws/vpc/flowlogs = 365\n\n  /aws/eks/prod-eks/cluster=90  \r\n/aws/cloudtrail/titanic-api-trail = 3653\n';
    assert.deepEqual(ok(body), [
      { logGroup: '/aws/vpc/flowlogs', days: 365 },
      { logGroup: '/aws/eks/prod-eks/cluster', days: 90 },
      { logGroup: '/aws/cloudtrail/titanic-api-trail', days: 3653 },
    ]);
  });

  it('accepts every allowed value, and "days" after the number', () => {
    for (const days of ALLOWED_RETENTION_DAYS) assert.deepEqual(ok(`g = ${days}`), [{ logGroup: 'g', days }]);
    assert.deepEqual(ok('g = 30 days\nh = 1 day'), [
      { logGroup: 'g', days: 30 },
      { logGroup: 'h', days: 1 },
    ]);
    assert.deepEqual(ok('a.b-c_d/e#f = 7'), [{ logGroup: 'a.b-c_d/e#f', days: 7 }]);
  });

  it('refuses other values, naming the line and listing the allowed ones', () => {
    const message = error('/a = 30\n# note\n/b = 31');
    assert.equal(message, `Line 3: retention "31" for "/b" is not one CloudWatch Logs accepts; allowed values are ${ALLOWED_TEXT} days.`);
    for (const bad of ['0', '-30', '30.0', '1e2', 'forever', 'never', '', '3654']) {
      assert.match(error(`/a = ${bad}`), /^Line 1: /, bad);
    }
  });

  it('refuses duplicate groups', () => {
    assert.match(error('/a = 30\n/b = 30\n/a = 90'), /^Line 3: log group "\/a" is listed twice/);
  });

  it('refuses invalid log group names', () => {
    assert.match(error('has space = 30'), /^Line 1: "has space" is not a valid log group name \(1–512 characters of letters, digits and \. - _ \/ #\)/);
    assert.match(error('/a$b = 30'), /"\/a\$b" is not a valid log group name/);
    assert.match(error(`${'x'.repeat(513)} = 30`), /is not a valid log group name/);
    assert.deepEqual(ok(`${'x'.repeat(512)} = 30`)[0]?.logGroup.length, 512);
    assert.match(error('= 30'), /^Line 1: has no log group name/);
    assert.match(error('/grüße = 30'), /is not a valid log group name/);
  });

  it('needs at least one log group', () => {
    assert.match(error(''), /No log groups listed/);
    assert.match(error('# nothing\n\n'), /No log groups listed/);
  });

  it('takes days from the retentionInDays attribute for lines with only a name', () => {
    assert.deepEqual(ok('/aws/vpc/flowlogs\n/aws/eks/prod-eks/cluster = 365', { retentionInDays: 90 }), [
      { logGroup: '/aws/vpc/flowlogs', days: 90 },
      { logGroup: '/aws/eks/prod-eks/cluster', days: 365 },
    ]);
    assert.deepEqual(ok('/a', { retentionInDays: '30' }), [{ logGroup: '/a', days: 30 }]);
    assert.match(error('/aws/vpc/flowlogs'), /^Line 1: no retention given for "\/aws\/vpc\/flowlogs"/);
    assert.match(error('/a', { retentionInDays: 31 }), /"retentionInDays" attribute is 31; allowed values are 1, 3/);
    assert.match(error('/a', { retentionInDays: [30] }), /"retentionInDays" attribute is \[30\]/);
  });

  it('never throws on any body (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.anything(), (body, days) => {
        const cell = readLogRetentionCell(body, { retentionInDays: days });
        assert.ok('error' in cell ? typeof cell.error === 'string' : cell.targets.length > 0);
      }),
      { numRuns: 1000, seed: SEED },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z/]{0,6}$/), fc.constantFrom(' = ', '='), fc.oneof(fc.constantFrom(...ALLOWED_RETENTION_DAYS.map(String)), fc.string())), { maxLength: 6 }), (lines) => {
        readLogRetentionCell(lines.map((parts) => parts.join('')).join('\n'));
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('log-retention cell: plan table', () => {
  it('shows current → desired with the change in words', () => {
    assert.deepEqual(
      retentionPlanTable([
        { logGroup: '/a', current: 365, desired: 365 },
        { logGroup: '/b', current: 30, desired: 365 },
        { logGroup: '/c', current: null, desired: 365 },
        { logGroup: '/d', current: undefined, desired: 365 },
        { logGroup: '/e', desired: 1 },
        { logGroup: '/f', current: 1, desired: 3 },
      ]),
      {
        columns: ['Log group', 'Current', 'Desired', 'Change'],
        rows: [
          ['/a', '365 days', '365 days', 'unchanged'],
          ['/b', '30 days', '365 days', '30 → 365 days'],
          ['/c', 'never expire', '365 days', 'never expire → 365 days'],
          ['/d', '—', '365 days', 'group not found'],
          ['/e', '—', '1 day', 'group not found'],
          ['/f', '1 day', '3 days', '1 → 3 days'],
        ],
      },
    );
  });

  it('says which entries need PutRetentionPolicy', () => {
    assert.equal(retentionNeedsChange({ logGroup: '/a', current: 30, desired: 30 }), false);
    assert.equal(retentionNeedsChange({ logGroup: '/a', current: 30, desired: 90 }), true);
    assert.equal(retentionNeedsChange({ logGroup: '/a', current: null, desired: 90 }), true);
    assert.equal(retentionNeedsChange({ logGroup: '/a', desired: 90 }), false);
  });

  it('tolerates an empty or malformed plan', () => {
    assert.deepEqual(retentionPlanTable([]).rows, []);
    assert.deepEqual(retentionPlanTable(undefined as never).rows, []);
    assert.deepEqual(retentionPlanTable([null, { desired: 5 }] as never).rows, [['', '—', '5 days', 'group not found']]);
  });
});
