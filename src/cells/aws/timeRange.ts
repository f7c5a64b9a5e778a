/**
 * Time ranges for query cells (`logs-insights`, `cloudtrail`), from a cell's
 * `timeRange` attribute or the runbook front matter's default. Accepted forms:
 *
 * - a relative duration, meaning "from that long ago until now": `15m`, `1h`, `24h`, `7d`, `2w`
 *   (a leading `-` or `now-` is allowed: `-24h`, `now-24h`);
 * - an object `{ start, end }`, each an ISO 8601 time, a relative duration (`2h` = two hours
 *   ago) or `now`; `end` defaults to now;
 * - a string `START/END` of the same forms (`2026-11-29T12:00Z/2026-11-29T13:00Z`), or a
 *   single ISO time meaning "from then until now".
 *
 * ISO times without a zone are UTC. Nothing here enforces service limits (CloudTrail's
 * 90 days); only ranges that cannot be meant are refused.
 */

import type { CellAttributes } from '../../runbook/model';
import { asRecord, quoted } from './cellText';

export interface TimeRange {
  start: Date;
  end: Date;
  /** For people: `last 1 h (2026-11-29 12:00 → 13:00 UTC)`. */
  description: string;
}

/** What query cells use when neither the cell nor the front matter names a time range. */
export const DEFAULT_TIME_RANGE = '1h';

/** The longest range accepted: ten years, CloudWatch Logs' longest retention. Longer is a typo. */
export const MAX_TIME_RANGE_DAYS = 3653;

const MINUTE = 60_000;
const UNIT_MS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: 1440 * MINUTE, w: 10_080 * MINUTE };
const FORMS_HINT = 'Use a duration like "15m", "1h", "7d" or "2w", an object { start, end }, or "START/END" with ISO 8601 times.';

interface Point {
  date: Date;
  /** Set when the point was written as a duration before now ("2h"). */
  ago?: string;
  isNow?: boolean;
}

/** The time range a query cell runs over, before it is resolved: the cell's, else the runbook's, else the default. */
export function timeRangeSpecFor(attributes: CellAttributes | undefined, frontMatter: unknown): unknown {
  return attributes?.timeRange ?? asRecord(frontMatter).timeRange ?? DEFAULT_TIME_RANGE;
}

export function resolveTimeRange(spec: unknown, now: Date): TimeRange | { error: string } {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) return { error: 'Internal error: the current time is not a valid date.' };
  const points = readSpec(spec, now);
  if ('error' in points) return points;
  return checkedRange(points.start, points.end, spec);
}

function readSpec(spec: unknown, now: Date): { start: Point; end: Point } | { error: string } {
  if (spec instanceof Date) return readPoints(spec, undefined, now, spec);
  if (typeof spec === 'string') {
    const parts = spec.split('/');
    if (parts.length > 2) return { error: `Time range ${quoted(spec)} has more than one "/". ${FORMS_HINT}` };
    return readPoints(parts[0] ?? '', parts[1], now, spec);
  }
  if (spec !== null && typeof spec === 'object' && !Array.isArray(spec)) {
    const record = spec as Record<string, unknown>;
    const unknownKeys = Object.keys(record).filter((key) => key !== 'start' && key !== 'end');
    if (unknownKeys.length > 0) {
      return { error: `Time range ${quoted(spec)} has unknown key${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}; only "start" and "end" are read.` };
    }
    if (record.start === undefined || record.start === null) return { error: `Time range ${quoted(spec)} has no "start". ${FORMS_HINT}` };
    return readPoints(record.start, record.end ?? undefined, now, spec);
  }
  if (spec === undefined || spec === null) return { error: `No time range given. ${FORMS_HINT}` };
  return { error: `Time range ${quoted(spec)} is not understood. ${FORMS_HINT}` };
}

function readPoints(startValue: unknown, endValue: unknown, now: Date, spec: unknown): { start: Point; end: Point } | { error: string } {
  const start = readPoint(startValue, now);
  if (start === 'empty') return { error: `Time range ${quoted(spec)} has an empty start. ${FORMS_HINT}` };
  if ('error' in start) return { error: `Time range ${quoted(spec)}: the start ${start.error}` };
  const end = endValue === undefined ? { date: now, isNow: true } : readPoint(endValue, now);
  if (end === 'empty') return { start, end: { date: now, isNow: true } };
  if ('error' in end) return { error: `Time range ${quoted(spec)}: the end ${end.error}` };
  return { start, end };
}

function readPoint(value: unknown, now: Date): Point | 'empty' | { error: string } {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { error: 'is not a valid date.' } : { date: value };
  }
  if (typeof value !== 'string') return { error: `${quoted(value)} is not a time; write an ISO 8601 time or a duration like "2h".` };
  const text = value.trim();
  if (text === '') return 'empty';
  if (/^now$/i.test(text)) return { date: now, isNow: true };
  const relative = readRelative(text);
  if (relative) {
    const date = new Date(now.getTime() - relative.ms);
    return Number.isNaN(date.getTime()) ? { error: `${quoted(value)} is too far back.` } : { date, ago: relative.label };
  }
  const date = parseIsoTime(text);
  if (date) return { date };
  return { error: `${quoted(value)} is not an ISO 8601 time (like 2026-11-29T12:00:00Z) or a duration (like 2h, 7d).` };
}

/** `15m`, `-24h`, `now-7d`, `2 w` → milliseconds and a label such as `24 h`. */
function readRelative(text: string): { ms: number; label: string } | undefined {
  const match = /^(?:now\s*)?-?\s*(\d{1,9})\s*([mhdw])$/i.exec(text);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2]!.toLowerCase();
  return { ms: amount * UNIT_MS[unit]!, label: amountLabel(amount, unit) };
}

function amountLabel(amount: number, unit: string): string {
  switch (unit) {
    case 'm':
      return `${amount} min`;
    case 'h':
      return `${amount} h`;
    case 'd':
      return `${amount} ${amount === 1 ? 'day' : 'days'}`;
    default:
      return `${amount} ${amount === 1 ? 'week' : 'weeks'}`;
  }
}

/**
 * Strict ISO 8601 (calendar date, optional time, optional zone; `T` or a space between).
 * No zone means UTC, never the machine's local time. Impossible dates are refused.
 */
export function parseIsoTime(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = zoneOffsetMinutes(zone);
  if (offsetMinutes === undefined) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // 2026-02-30
  date.setUTCHours(hour, minute, second, Math.floor(Number(`0.${fraction || '0'}`) * 1000));
  return new Date(date.getTime() - offsetMinutes * MINUTE);
}

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'z') return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 23 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function checkedRange(start: Point, end: Point, spec: unknown): TimeRange | { error: string } {
  const startMs = start.date.getTime();
  const endMs = end.date.getTime();
  if (startMs < 0) return { error: `Time range ${quoted(spec)} starts before 1970 (${formatInstant(start.date, true)}).` };
  if (startMs >= endMs) {
    return { error: `Time range ${quoted(spec)} is empty: its start (${formatInstant(start.date, true)}) is not before its end (${formatInstant(end.date, true)}).` };
  }
  if (endMs - startMs > MAX_TIME_RANGE_DAYS * 1440 * MINUTE) {
    return { error: `Time range ${quoted(spec)} spans more than ten years (${formatInstant(start.date, false)} → ${formatInstant(end.date, false)}); check the dates.` };
  }
  const range = formatRange(start.date, end.date, start.ago !== undefined && end.isNow === true);
  const description = start.ago !== undefined && end.isNow ? `last ${start.ago} (${range})` : range;
  return { start: start.date, end: end.date, description };
}

/** `2026-11-29 12:00 → 13:00 UTC`, or with both dates when they differ; seconds only when they matter. */
export function formatRange(start: Date, end: Date, minutePrecision = false): string {
  let seconds = !minutePrecision && (start.getUTCSeconds() !== 0 || end.getUTCSeconds() !== 0);
  if (!seconds && formatInstant(start, false) === formatInstant(end, false)) seconds = true;
  const from = formatInstant(start, seconds);
  const to = formatInstant(end, seconds);
  const sameDay = from.slice(0, 10) === to.slice(0, 10);
  return `${from} → ${sameDay ? to.slice(11) : to} UTC`;
}

function formatInstant(date: Date, withSeconds: boolean): string {
  const iso = date.toISOString(); // 2026-11-29T12:00:05.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)}`;
}
