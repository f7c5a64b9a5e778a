import type { CellAttributes } from '../../runbook/model';
import type { Table } from '../table';
import { asRecord, formatCount, quoted, readCount } from './cellText';
import { timeRangeSpecFor } from './timeRange';

/** What a `logs-insights` cell asks StartQuery for. */
export interface LogsInsightsCell {
  /** The query text, comment lines removed. */
  query: string;
  /** Log group names or ARNs (`arn:…:log-group:NAME`), without duplicates. */
  logGroups: string[];
  /** Unresolved; pass to `resolveTimeRange`. */
  timeRangeSpec: unknown;
  /** StartQuery's `limit` (most log events returned), when the cell sets one. */
  limit?: number;
}

/** StartQuery takes at most 50 log groups and a query of at most 10,000 characters. */
export const MAX_LOG_GROUPS_PER_QUERY = 50;
export const MAX_QUERY_CHARS = 10_000;
export const MAX_QUERY_LIMIT = 10_000;

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[.\-_/#A-Za-z0-9]{1,512}(?::\*)?$/;
const EXAMPLE_QUERY = 'fields @timestamp, @message | sort @timestamp desc | limit 20';

/**
 * Reads a `logs-insights` cell. Log groups come from the `logGroups` (string or list)
 * or `logGroup` attribute, else the front matter's `logGroups`; the time range from the
 * `timeRange` attribute, else the front matter's `timeRange`, else the last hour.
 */
export function readLogsInsightsCell(body: string, attributes: CellAttributes, frontMatter: unknown): LogsInsightsCell | { error: string } {
  const query = queryText(body);
  if (query === '') return { error: `The query is empty. Write a CloudWatch Logs Insights query, for example: ${EXAMPLE_QUERY}` };
  if (query.length > MAX_QUERY_CHARS) return { error: `The query is ${formatCount(query.length)} characters long; CloudWatch Logs Insights accepts at most ${formatCount(MAX_QUERY_CHARS)}.` };
  const logGroups = readLogGroups(attributes ?? {}, asRecord(frontMatter));
  if ('error' in logGroups) return logGroups;
  const cell: LogsInsightsCell = { query, logGroups: logGroups.names, timeRangeSpec: timeRangeSpecFor(attributes, frontMatter) };
  if (attributes?.limit !== undefined && attributes.limit !== null) {
    const limit = readCount(attributes.limit, 'limit', MAX_QUERY_LIMIT, MAX_QUERY_LIMIT);
    if ('error' in limit) return limit;
    cell.limit = limit.value;
  }
  return cell;
}

function queryText(body: string): string {
  return String(body ?? '')
    .split(/\r\n|\n|\r/)
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n')
    .trim();
}

function readLogGroups(attributes: CellAttributes, frontMatter: Record<string, unknown>): { names: string[] } | { error: string } {
  const fromCell = [attributes.logGroups, attributes.logGroup].filter((value) => value !== undefined && value !== null);
  const sources = fromCell.length > 0 ? fromCell : [frontMatter.logGroups, frontMatter.logGroup].filter((value) => value !== undefined && value !== null);
  const names: string[] = [];
  for (const source of sources) {
    const items = typeof source === 'string' ? source.split(/[\s,]+/) : source;
    if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
      return { error: `Log groups must be a name or a list of names, not ${quoted(source)}.` };
    }
    for (const item of items as string[]) {
      const name = item.trim();
      if (name === '' || names.includes(name)) continue;
      if (!LOG_GROUP_NAME.test(name) && !LOG_GROUP_ARN.test(name)) {
        return { error: `${quoted(name)} is not a log group name: names are 1–512 characters of letters, digits and . - _ / #.` };
      }
      names.push(name);
    }
  }
  if (names.length === 0) {
    return { error: 'No log groups to query. Name them in the cell\'s "logGroups" attribute, e.g. {"logGroups":["/aws/eks/prod/cluster"]}, or in the runbook\'s front matter.' };
  }
  if (names.length > MAX_LOG_GROUPS_PER_QUERY) {
    return { error: `The cell names ${names.length} log groups; one Logs Insights query can read at most ${MAX_LOG_GROUPS_PER_QUERY}.` };
  }
  return { names };
}

/** One result row from GetQueryResults (the SDK's `ResultField[]`). */
export type LogsInsightsResultRow = readonly { field?: string; value?: string }[];

/** GetQueryResults rows as a table: columns in the order first seen, the `@ptr` pointer left out. */
export function logsInsightsResultsToTable(results: readonly LogsInsightsResultRow[]): Table {
  const rows = Array.isArray(results) ? results.filter((row): row is LogsInsightsResultRow => Array.isArray(row)) : [];
  const columns: string[] = [];
  const records = rows.map((row) => {
    const record = new Map<string, string>();
    for (const cell of row) {
      const field = cell?.field;
      if (typeof field !== 'string' || field === '@ptr' || record.has(field)) continue;
      if (!columns.includes(field)) columns.push(field);
      record.set(field, typeof cell.value === 'string' ? cell.value : '');
    }
    return record;
  });
  return { columns, rows: records.map((record) => columns.map((column) => record.get(column) ?? '')) };
}

/** Query statistics (the SDK's `QueryStatistics`). */
export interface LogsInsightsStatistics {
  recordsMatched?: number;
  recordsScanned?: number;
  bytesScanned?: number;
}

/** `1,234 records matched · 56,789 scanned · 12.3 MB`; parts that are unknown are left out. */
export function formatQueryStatistics(stats: LogsInsightsStatistics | undefined): string {
  const parts: string[] = [];
  const matched = wholeNumber(stats?.recordsMatched);
  const scanned = wholeNumber(stats?.recordsScanned);
  const bytes = wholeNumber(stats?.bytesScanned);
  if (matched !== undefined) parts.push(`${formatCount(matched)} ${matched === 1 ? 'record' : 'records'} matched`);
  if (scanned !== undefined) parts.push(matched !== undefined ? `${formatCount(scanned)} scanned` : `${formatCount(scanned)} ${scanned === 1 ? 'record' : 'records'} scanned`);
  if (bytes !== undefined) parts.push(formatBytes(bytes));
  return parts.join(' · ');
}

function wholeNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}

/** Decimal units, as the CloudWatch console shows them: `950 B`, `12.3 MB`, `4.1 GB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${value} B`;
  const shown = value >= 99.95 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
