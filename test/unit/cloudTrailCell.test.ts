import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Event } from '@aws-sdk/client-cloudtrail';
import { cloudTrailEventsToTable, parseEventDetail, readCloudTrailCell, type CloudTrailCell } from '../../src/cells/aws/cloudTrailCell';

const SEED = 20261129;

function ok(body: string, attributes: Record<string, unknown> = {}, frontMatter?: unknown): CloudTrailCell {
  const cell = readCloudTrailCell(body, attributes, frontMatter);
  if ('error' in cell) assert.fail(cell.error);
  return cell;
}

function error(body: string, attributes: Record<string, unknown> = {}, frontMatter?: unknown): string {
  const cell = readCloudTrailCell(body, attributes, frontMatter);
  if (!('error' in cell)) assert.fail(`accepted: ${JSON.stringify(cell)}`);
  return cell.error;
}

describe('cloudtrail cell: reading', () => {
  it('reads one "Key = value" line with the canonical key', () => {
    assert.deepEqual(ok('Username = compromised-user'), { lookup: { key: 'Username', value: 'compromised-user' }, timeRangeSpec: '1h', maxEvents: 200 });
    assert.deepEqual(ok('username=alice').lookup, { key: 'Username', value: 'alice' });
    assert.deepEqual(ok('EVENTNAME = ConsoleLogin').lookup, { key: 'EventName', value: 'ConsoleLogin' });
    assert.deepEqual(ok('accesskeyid = AKIAIOSFODNN7EXAMPLE').lookup, { key: 'AccessKeyId', value: 'AKIAIOSFODNN7EXAMPLE' });
    assert.deepEqual(ok('ResourceName = arn:aws:s3:::bucket=weird').lookup, { key: 'ResourceName', value: 'arn:aws:s3:::bucket=weird' });
    assert.deepEqual(ok('Username = "alice smith"').lookup, { key: 'Username', value: 'alice smith' });
  });

  it('reads every allowed key', () => {
    for (const key of ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId']) {
      const value = key === 'ReadOnly' ? 'false' : 'v';
      assert.deepEqual(ok(`${key.toLowerCase()} = ${value}`).lookup, { key, value });
    }
  });

  it('reads the AWS CLI form too', () => {
    assert.deepEqual(ok('AttributeKey=Username,AttributeValue=compromised-user').lookup, { key: 'Username', value: 'compromised-user' });
    assert.deepEqual(ok('attributekey = EventName , attributevalue = StopLogging').lookup, { key: 'EventName', value: 'StopLogging' });
  });

  it('skips comments and blank lines; an empty body means all events', () => {
    assert.deepEqual(ok('# who did this?\n\n  EventName = DeleteTrail  \n# end\n').lookup, { key: 'EventName', value: 'DeleteTrail' });
    assert.equal(ok('').lookup, undefined);
    assert.equal(ok('# just a note\n\n').lookup, undefined);
    assert.ok(!('lookup' in ok('')));
  });

  it('normalises ReadOnly and refuses other values', () => {
    assert.deepEqual(ok('ReadOnly = TRUE').lookup, { key: 'ReadOnly', value: 'true' });
    assert.match(error('ReadOnly = yes'), /Line 1: "ReadOnly" must be true or false, not "yes"/);
  });

  it('refuses more than one lookup attribute, saying LookupEvents takes only one', () => {
    assert.match(error('Username = alice\n# c\nEventName = ConsoleLogin'), /accepts only one lookup attribute.*2 filter lines \(lines 1, 3\)/);
  });

  it('refuses unknown keys, listing the allowed ones', () => {
    const message = error('EventTime = 2026-11-29');
    assert.match(message, /Line 1: "EventTime" is not a CloudTrail lookup attribute/);
    assert.match(message, /Allowed keys: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId\./);
    assert.match(error('toString = x'), /"toString" is not a CloudTrail lookup attribute/);
  });

  it('refuses lines that are not filters, and empty values', () => {
    assert.match(error('just some words'), /Line 1: "just some words" is not a filter/);
    assert.match(error('\n\nUsername ='), /Line 3: "Username" has no value/);
    assert.match(error('= alice'), /"" is not a CloudTrail lookup attribute/);
    assert.match(error(`Username = ${'x'.repeat(2001)}`), /longer than 2000 characters/);
  });

  it('reads limit (default 200, at most 10,000) and the time range', () => {
    assert.equal(ok('', { limit: 50 }).maxEvents, 50);
    assert.equal(ok('', { limit: '10000' }).maxEvents, 10_000);
    assert.match(error('', { limit: 10_001 }), /"limit" attribute is 10,001; the most allowed is 10,000/);
    assert.match(error('', { limit: -1 }), /whole number from 1 to 10,000/);
    assert.equal(ok('', { timeRange: '7d' }, { timeRange: '1d' }).timeRangeSpec, '7d');
    assert.equal(ok('', {}, { timeRange: '1d' }).timeRangeSpec, '1d');
  });

  it('never throws on any body (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.anything(), (body, limit) => {
        const cell = readCloudTrailCell(body, { limit }, undefined);
        assert.ok('error' in cell ? typeof cell.error === 'string' : cell.maxEvents >= 1);
      }),
      { numRuns: 1000, seed: SEED },
    );
    fc.assert(
      fc.property(fc.constantFrom('Username', 'readonly', 'AttributeKey=EventName,AttributeValue', 'x'), fc.constantFrom('=', ' = ', '=='), fc.string(), (key, op, value) => {
        readCloudTrailCell(`${key}${op}${value}`, {}, undefined);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('cloudtrail cell: events table', () => {
  const detail = {
    eventTime: '2026-11-29T12:00:00Z',
    eventName: 'CreateAccessKey',
    sourceIPAddress: '203.0.113.7',
    userIdentity: { type: 'IAMUser', userName: 'compromised-user', arn: 'arn:aws:iam::111122223333:user/compromised-user' },
  };

  it('shows time, event, user, source IP and resources', () => {
    const events: Event[] = [
      {
        EventId: 'e1',
        EventTime: new Date('2026-11-29T12:00:00Z'),
        EventName: 'CreateAccessKey',
        Username: 'compromised-user',
        EventSource: 'iam.amazonaws.com',
        Resources: [
          { ResourceType: 'AWS::IAM::AccessKey', ResourceName: 'AKIAIOSFODNN7EXAMPLE' },
          { ResourceType: 'AWS::IAM::User', ResourceName: 'compromised-user' },
        ],
        CloudTrailEvent: JSON.stringify(detail),
      },
    ];
    assert.deepEqual(cloudTrailEventsToTable(events), {
      columns: ['Time', 'Event', 'User', 'Source IP', 'Resources'],
      rows: [['2026-11-29T12:00:00.000Z', 'CreateAccessKey', 'compromised-user', '203.0.113.7', 'AWS::IAM::AccessKey: AKIAIOSFODNN7EXAMPLE, AWS::IAM::User: compromised-user']],
    });
  });

  it('falls back to the event JSON when fields are missing (assumed-role sessions have no Username)', () => {
    const assumed = { ...detail, userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alice' } };
    const row = cloudTrailEventsToTable([{ CloudTrailEvent: JSON.stringify(assumed) }]).rows[0];
    assert.deepEqual(row, ['2026-11-29T12:00:00.000Z', 'CreateAccessKey', 'arn:aws:sts::111122223333:assumed-role/Admin/alice', '203.0.113.7', '']);
  });

  it('tolerates malformed JSON, missing fields and odd resources', () => {
    const rows = cloudTrailEventsToTable([
      { EventName: 'A', CloudTrailEvent: '{not json' },
      { EventName: 'B', CloudTrailEvent: '[1,2]' },
      { EventName: 'C', CloudTrailEvent: 'null' },
      { EventName: 'D', EventTime: new Date(Number.NaN), Resources: [{ ResourceName: 'only-name' }, {}, { ResourceType: 'only-type' }] },
      { EventName: 'E', CloudTrailEvent: JSON.stringify({ sourceIPAddress: 42, userIdentity: 'x' }) },
    ]).rows;
    assert.deepEqual(rows, [
      ['', 'A', '', '', ''],
      ['', 'B', '', '', ''],
      ['', 'C', '', '', ''],
      ['', 'D', '', '', 'only-name, only-type'],
      ['', 'E', '', '', ''],
    ]);
    assert.deepEqual(cloudTrailEventsToTable([]).rows, []);
    assert.deepEqual(cloudTrailEventsToTable([null, 'x', { Resources: 'nope' }] as never).rows, [['', '', '', '', '']]);
    assert.deepEqual(cloudTrailEventsToTable(undefined as never).rows, []);
  });

  it('parses event detail defensively', () => {
    assert.deepEqual(parseEventDetail('{"a":1}'), { a: 1 });
    for (const bad of [undefined, 42, '', '{', '"text"', '[]']) assert.deepEqual(parseEventDetail(bad), {});
  });
});
