import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GetQueryResultsResponse, QueryStatistics } from '@aws-sdk/client-cloudwatch-logs';
import {
  formatBytes,
  formatQueryStatistics,
  logsInsightsResultsToTable,
  readLogsInsightsCell,
  type LogsInsightsCell,
} from '../../src/cells/aws/logsInsightsCell';

const SEED = 20261129;
const QUERY = 'fields @timestamp, @message\n| filter @message like /Forbidden/\n| sort @timestamp desc';

function ok(...args: Parameters<typeof readLogsInsightsCell>): LogsInsightsCell {
  const cell = readLogsInsightsCell(...args);
  if ('error' in cell) assert.fail(cell.error);
  return cell;
}

function error(...args: Parameters<typeof readLogsInsightsCell>): string {
  const cell = readLogsInsightsCell(...args);
  if (!('error' in cell)) assert.fail(`accepted: ${JSON.stringify(cell)}`);
  return cell.error;
}

describe('logs-insights cell: reading', () => {
  it('reads the query, log groups and the default time range', () => {
    assert.deepEqual(ok(QUERY, { logGroups: ['/aws/eks/prod-eks/cluster'] }, undefined), {
      query: QUERY,
      logGroups: ['/aws/eks/prod-eks/cluster'],
      timeRangeSpec: '1h',
    });
  });

  it('drops comment lines and surrounding blank lines from the query', () => {
    const body = '# Failed authentications\n\nfields @timestamp\n  # indented comment\n| limit 5\n\n';
    assert.equal(ok(body, { logGroup: '/a' }, undefined).query, 'fields @timestamp\n| limit 5');
    assert.equal(ok('fields @timestamp\r\n# c\r\n| limit 5', { logGroup: '/a' }, undefined).query, 'fields @timestamp\n| limit 5');
  });

  it('takes log groups from logGroups (list or string), logGroup, or the front matter', () => {
    assert.deepEqual(ok(QUERY, { logGroups: '/a, /b /c' }, undefined).logGroups, ['/a', '/b', '/c']);
    assert.deepEqual(ok(QUERY, { logGroup: '/a' }, undefined).logGroups, ['/a']);
    assert.deepEqual(ok(QUERY, { logGroups: ['/a', '/a'], logGroup: '/b' }, undefined).logGroups, ['/a', '/b']);
    assert.deepEqual(ok(QUERY, {}, { logGroups: ['/fm'] }).logGroups, ['/fm']);
    assert.deepEqual(ok(QUERY, { logGroups: ['/cell'] }, { logGroups: ['/fm'] }).logGroups, ['/cell']);
    const arn = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vpc/flowlogs:*';
    assert.deepEqual(ok(QUERY, { logGroups: [arn] }, undefined).logGroups, [arn]);
  });

  it('takes the time range from the cell, else the front matter, else 1h', () => {
    assert.equal(ok(QUERY, { logGroup: '/a', timeRange: '15m' }, { timeRange: '7d' }).timeRangeSpec, '15m');
    assert.deepEqual(ok(QUERY, { logGroup: '/a' }, { timeRange: { start: '-24h', end: 'now' } }).timeRangeSpec, { start: '-24h', end: 'now' });
    assert.equal(ok(QUERY, { logGroup: '/a' }, { title: 'x' }).timeRangeSpec, '1h');
  });

  it('reads a limit attribute', () => {
    assert.equal(ok(QUERY, { logGroup: '/a', limit: 500 }, undefined).limit, 500);
    assert.equal(ok(QUERY, { logGroup: '/a', limit: '25' }, undefined).limit, 25);
    assert.match(error(QUERY, { logGroup: '/a', limit: 0 }, undefined), /"limit" attribute must be a whole number from 1 to 10,000, not 0/);
    assert.match(error(QUERY, { logGroup: '/a', limit: 2.5 }, undefined), /not 2\.5/);
    assert.match(error(QUERY, { logGroup: '/a', limit: 20000 }, undefined), /most allowed is 10,000/);
    assert.match(error(QUERY, { logGroup: '/a', limit: 'lots' }, undefined), /not "lots"/);
  });

  it('says what to do when there are no log groups or no query', () => {
    assert.match(error(QUERY, {}, undefined), /No log groups to query.*"logGroups" attribute/);
    assert.match(error(QUERY, { logGroups: [] }, { logGroups: ['/fm'] }), /No log groups/); // an explicit empty list is not overridden
    assert.match(error('# only a comment\n\n', { logGroup: '/a' }, undefined), /The query is empty/);
    assert.match(error('', { logGroup: '/a' }, undefined), /The query is empty/);
  });

  it('refuses malformed log groups, quoting them', () => {
    assert.match(error(QUERY, { logGroups: ['/ok', 'has space'] }, undefined), /"has space" is not a log group name/);
    assert.match(error(QUERY, { logGroups: [42] }, undefined), /must be a name or a list of names, not \[42\]/);
    assert.match(error(QUERY, { logGroups: { a: 1 } }, undefined), /not \{"a":1\}/);
    assert.match(error(QUERY, { logGroup: 'x'.repeat(513) }, undefined), /is not a log group name/);
    assert.match(error(QUERY, { logGroup: '/a$b' }, undefined), /"\/a\$b" is not a log group name/);
    const many = Array.from({ length: 51 }, (_, i) => `/g${i}`);
    assert.match(error(QUERY, { logGroups: many }, undefined), /51 log groups; .* at most 50/);
  });

  it('refuses a query longer than StartQuery accepts', () => {
    assert.match(error('x'.repeat(10_001), { logGroup: '/a' }, undefined), /10,001 characters long/);
  });

  it('never throws on any body (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.anything(), fc.anything(), (body, groups, frontMatter) => {
        const cell = readLogsInsightsCell(body, { logGroups: groups }, frontMatter);
        assert.ok('error' in cell ? typeof cell.error === 'string' : cell.query.length > 0);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('logs-insights cell: results', () => {
  it('turns result rows into a table, columns in first-seen order, without @ptr', () => {
    const results: NonNullable<GetQueryResultsResponse['results']> = [
      [
        { field: '@timestamp', value: '2026-11-29 12:00:00.000' },
        { field: '@message', value: 'Forbidden' },
        { field: '@ptr', value: 'CmAKJgoi...' },
      ],
      [
        { field: '@timestamp', value: '2026-11-29 12:01:00.000' },
        { field: 'user', value: 'alice' },
        { field: '@ptr', value: 'CmAKJgoi...' },
      ],
    ];
    assert.deepEqual(logsInsightsResultsToTable(results), {
      columns: ['@timestamp', '@message', 'user'],
      rows: [
        ['2026-11-29 12:00:00.000', 'Forbidden', ''],
        ['2026-11-29 12:01:00.000', '', 'alice'],
      ],
    });
  });

  it('tolerates empty and malformed results', () => {
    assert.deepEqual(logsInsightsResultsToTable([]), { columns: [], rows: [] });
    const messy = [null, [{ value: 'no field' }, { field: 'a' }, null, { field: 'a', value: 'second' }], 'nope'] as never;
    assert.deepEqual(logsInsightsResultsToTable(messy), { columns: ['a'], rows: [['']] });
    assert.deepEqual(logsInsightsResultsToTable(undefined as never), { columns: [], rows: [] });
  });

  it('formats statistics for people', () => {
    const stats: QueryStatistics = { recordsMatched: 1234, recordsScanned: 56789, bytesScanned: 12_345_678 };
    assert.equal(formatQueryStatistics(stats), '1,234 records matched · 56,789 scanned · 12.3 MB');
    assert.equal(formatQueryStatistics({ recordsMatched: 1, recordsScanned: 1, bytesScanned: 512 }), '1 record matched · 1 scanned · 512 B');
    assert.equal(formatQueryStatistics({ recordsScanned: 2_000_000 }), '2,000,000 records scanned');
    assert.equal(formatQueryStatistics({}), '');
    assert.equal(formatQueryStatistics(undefined), '');
    assert.equal(formatQueryStatistics({ recordsMatched: Number.NaN, recordsScanned: -1, bytesScanned: Number.POSITIVE_INFINITY }), '');
  });

  it('formats byte counts with decimal units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1000), '1.0 kB');
    assert.equal(formatBytes(999_960), '1.0 MB');
    assert.equal(formatBytes(123_456_789), '123 MB');
    assert.equal(formatBytes(4.1e9), '4.1 GB');
    assert.equal(formatBytes(1e30), '1000000000000000 PB');
  });
});
