import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatRange, parseIsoTime, resolveTimeRange, timeRangeSpecFor, type TimeRange } from '../../src/cells/aws/timeRange';

const SEED = 20261129;
const NOW = new Date('2026-11-29T13:00:00.000Z');
const HOUR = 3_600_000;

function ok(spec: unknown, now = NOW): TimeRange {
  const range = resolveTimeRange(spec, now);
  if ('error' in range) assert.fail(`rejected ${JSON.stringify(spec)}: ${range.error}`);
  return range;
}

function error(spec: unknown, now = NOW): string {
  const range = resolveTimeRange(spec, now);
  if (!('error' in range)) assert.fail(`accepted ${JSON.stringify(spec)}: ${range.description}`);
  return range.error;
}

describe('time ranges: relative', () => {
  it('reads 15m, 1h, 24h, 7d and 2w as "that long ago until now"', () => {
    const cases: [string, number, string][] = [
      ['15m', 0.25 * HOUR, 'last 15 min (2026-11-29 12:45 → 13:00 UTC)'],
      ['1h', HOUR, 'last 1 h (2026-11-29 12:00 → 13:00 UTC)'],
      ['24h', 24 * HOUR, 'last 24 h (2026-11-28 13:00 → 2026-11-29 13:00 UTC)'],
      ['7d', 7 * 24 * HOUR, 'last 7 days (2026-11-22 13:00 → 2026-11-29 13:00 UTC)'],
      ['1d', 24 * HOUR, 'last 1 day (2026-11-28 13:00 → 2026-11-29 13:00 UTC)'],
      ['2w', 14 * 24 * HOUR, 'last 2 weeks (2026-11-15 13:00 → 2026-11-29 13:00 UTC)'],
    ];
    for (const [spec, span, description] of cases) {
      const range = ok(spec);
      assert.equal(range.end.getTime(), NOW.getTime(), spec);
      assert.equal(range.end.getTime() - range.start.getTime(), span, spec);
      assert.equal(range.description, description);
    }
  });

  it('accepts the spellings people write: case, spaces, "-24h", "now-24h"', () => {
    for (const spec of ['1H', ' 1h ', '1 h', '-1h', 'now-1h', 'NOW - 1h']) {
      assert.equal(ok(spec).start.toISOString(), '2026-11-29T12:00:00.000Z', spec);
    }
  });

  it('shows minutes for relative ranges even when now has seconds', () => {
    assert.equal(ok('1h', new Date('2026-11-29T13:00:27.500Z')).description, 'last 1 h (2026-11-29 12:00 → 13:00 UTC)');
  });

  it('rejects zero, negative-looking nonsense and unknown units, quoting the input', () => {
    assert.match(error('0h'), /"0h" is empty/);
    for (const spec of ['1y', '1.5h', 'h', '1hour', '--1h', '1h30m', '5 minutes', 'soon', '1e3h']) {
      assert.match(error(spec), new RegExp(JSON.stringify(spec).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), spec);
    }
  });
});

describe('time ranges: absolute', () => {
  it('reads START/END with ISO 8601 times', () => {
    const range = ok('2026-11-29T10:00:00Z/2026-11-29T11:30:00Z');
    assert.equal(range.start.toISOString(), '2026-11-29T10:00:00.000Z');
    assert.equal(range.end.toISOString(), '2026-11-29T11:30:00.000Z');
    assert.equal(range.description, '2026-11-29 10:00 → 11:30 UTC');
  });

  it('reads an object { start, end }, each ISO or relative, end defaulting to now', () => {
    assert.equal(ok({ start: '2026-11-29T10:00:00Z', end: '2026-11-29T12:00:00Z' }).description, '2026-11-29 10:00 → 12:00 UTC');
    assert.equal(ok({ start: '2h' }).description, 'last 2 h (2026-11-29 11:00 → 13:00 UTC)');
    assert.equal(ok({ start: '-24h', end: 'now' }).start.toISOString(), '2026-11-28T13:00:00.000Z');
    const window = ok({ start: '3h', end: '1h' });
    assert.equal(window.start.toISOString(), '2026-11-29T10:00:00.000Z');
    assert.equal(window.end.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(window.description, '2026-11-29 10:00 → 12:00 UTC');
    const fromIso = ok({ start: '2026-11-29T12:30:00Z', end: null });
    assert.equal(fromIso.end.getTime(), NOW.getTime());
  });

  it('reads Date objects (from YAML timestamps)', () => {
    assert.equal(ok({ start: new Date('2026-11-29T12:00:00Z') }).start.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(ok(new Date('2026-11-29T12:00:00Z')).end.getTime(), NOW.getTime());
  });

  it('reads a single ISO time, or START/, as "from then until now"', () => {
    assert.equal(ok('2026-11-29T12:00:00Z').description, '2026-11-29 12:00 → 13:00 UTC');
    assert.equal(ok('2026-11-29T12:00:00Z/').end.getTime(), NOW.getTime());
  });

  it('treats times without a zone as UTC and honours offsets', () => {
    assert.equal(ok('2026-11-29T12:00/2026-11-29T12:30').start.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(ok('2026-11-29 12:00/2026-11-29 12:30').start.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(ok('2026-11-29T13:00+01:00/2026-11-29T12:30Z').start.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(ok('2026-11-29T07:00-0500/2026-11-29T12:30Z').start.toISOString(), '2026-11-29T12:00:00.000Z');
    assert.equal(ok('2026-11-28/2026-11-29').description, '2026-11-28 00:00 → 2026-11-29 00:00 UTC');
  });

  it('shows seconds only when they matter', () => {
    assert.equal(ok('2026-11-29T12:00:05Z/2026-11-29T12:10:00.250Z').description, '2026-11-29 12:00:05 → 12:10:00 UTC');
    assert.equal(ok('2026-11-29T12:00:00Z/2026-11-29T12:00:40Z').description, '2026-11-29 12:00:00 → 12:00:40 UTC');
    assert.equal(formatRange(new Date('2026-11-29T12:00:10Z'), new Date('2026-11-29T12:00:50Z'), true), '2026-11-29 12:00:10 → 12:00:50 UTC');
  });

  it('parses ISO strictly: impossible dates and loose formats are refused', () => {
    for (const text of ['2026-02-30', '2026-13-01', '2026-11-29T24:00', '2026-11-29T12:60', '2026-11-29T12:00:60', '2026-11-29T12:00+25:00', 'Nov 29 2026', '29/11/2026', '2026-11-29T12', '1', '2026-1-9']) {
      assert.equal(parseIsoTime(text), undefined, text);
    }
    assert.equal(parseIsoTime('2024-02-29T23:59:59.999999Z')?.toISOString(), '2024-02-29T23:59:59.999Z');
    assert.equal(parseIsoTime('2026-11-29t12:00:00,5z')?.toISOString(), '2026-11-29T12:00:00.500Z');
    assert.equal(parseIsoTime('0099-01-01')?.getUTCFullYear(), 99);
  });
});

describe('time ranges: refusals', () => {
  it('refuses a start at or after the end, naming both', () => {
    assert.match(error('2026-11-29T12:00Z/2026-11-29T11:00Z'), /^Time range "2026-11-29T12:00Z\/2026-11-29T11:00Z" is empty: its start \(2026-11-29 12:00:00\) is not before its end \(2026-11-29 11:00:00\)\.$/);
    assert.match(error('2026-11-29T12:00Z/2026-11-29T12:00Z'), /is empty/);
    assert.match(error({ start: '2026-12-01T00:00:00Z' }), /is empty/); // in the future, end = now
  });

  it('refuses unparsable parts, saying which part', () => {
    assert.match(error('yesterday/now'), /the start "yesterday" is not an ISO 8601 time/);
    assert.match(error('2026-11-29T12:00Z/later'), /the end "later" is not an ISO 8601 time/);
    assert.match(error({ start: 'soon' }), /^Time range \{"start":"soon"\}: the start "soon"/);
    assert.match(error({ start: 3600 }), /the start 3600 is not a time/);
    assert.match(error({ start: new Date(Number.NaN) }), /not a valid date/);
  });

  it('refuses malformed shapes', () => {
    assert.match(error('a/b/c'), /more than one "\/"/);
    assert.match(error('/2026-11-29T12:00Z'), /empty start/);
    assert.match(error(''), /empty start/);
    assert.match(error({}), /has no "start"/);
    assert.match(error({ start: '1h', ende: 'now' }), /unknown key "ende"/);
    assert.match(error(undefined), /No time range given/);
    assert.match(error(null), /No time range given/);
    for (const spec of [3600, true, ['1h'], Symbol('x'), 10n]) assert.match(error(spec), /is not understood/);
    assert.match(error('now'), /is empty/);
  });

  it('refuses ranges nobody means: over ten years, before 1970, out of Date range', () => {
    assert.match(error('600w'), /spans more than ten years/);
    assert.match(error('0202-11-29/2026-11-29'), /before 1970/);
    assert.match(error('999999999w'), /too far back/);
    ok('3653d'); // the longest log retention is fine
    ok('2w'); // longer than CloudTrail's 90 days is still only parsed here
    ok('120d');
  });

  it('rejects an invalid "now" instead of producing Invalid Date', () => {
    assert.ok('error' in resolveTimeRange('1h', new Date(Number.NaN)));
  });

  it('keeps long input short in messages', () => {
    const message = error('x'.repeat(5000));
    assert.ok(message.length < 400, message);
  });

  it('never throws on any string or value (property)', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('1h', 'now', '2026-11-29T12:00Z', '-', '/', 'Z', '+01:00', '7d', ''));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }).map((parts) => parts.join('')), (spec) => {
        const range = resolveTimeRange(spec, NOW);
        if ('error' in range) {
          assert.equal(typeof range.error, 'string');
        } else {
          assert.ok(range.start.getTime() < range.end.getTime());
          assert.equal(typeof range.description, 'string');
        }
      }),
      { numRuns: 2000, seed: SEED },
    );
    fc.assert(
      fc.property(fc.anything(), (spec) => {
        resolveTimeRange(spec, NOW);
        resolveTimeRange({ start: spec, end: spec }, NOW);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('time ranges: which spec a cell uses', () => {
  it('prefers the cell attribute, then the front matter, then the last hour', () => {
    assert.equal(timeRangeSpecFor({ timeRange: '15m' }, { timeRange: '7d' }), '15m');
    assert.deepEqual(timeRangeSpecFor({}, { timeRange: { start: '-24h', end: 'now' } }), { start: '-24h', end: 'now' });
    assert.equal(timeRangeSpecFor({}, undefined), '1h');
    assert.equal(timeRangeSpecFor({}, 'not an object'), '1h');
    assert.equal(timeRangeSpecFor(undefined, null), '1h');
  });
});
