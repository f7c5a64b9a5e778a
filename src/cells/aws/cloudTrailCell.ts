import type { CellAttributes } from '../../runbook/model';
import type { Table } from '../table';
import { meaningfulLines, quoted, readCount, type SourceLine } from './cellText';
import { timeRangeSpecFor } from './timeRange';

/** What a `cloudtrail` cell asks LookupEvents for. */
export interface CloudTrailCell {
  /** The one lookup attribute, with its canonical key; absent for "all events". */
  lookup?: { key: CloudTrailLookupKey; value: string };
  /** Unresolved; pass to `resolveTimeRange`. */
  timeRangeSpec: unknown;
  /** Stop paginating after this many events. */
  maxEvents: number;
}

/** LookupEvents' lookup attribute keys, as the API spells them. */
export const CLOUDTRAIL_LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
export type CloudTrailLookupKey = (typeof CLOUDTRAIL_LOOKUP_KEYS)[number];

export const DEFAULT_MAX_EVENTS = 200;
export const MAX_EVENTS = 10_000;
const MAX_LOOKUP_VALUE_CHARS = 2000;

/**
 * Reads a `cloudtrail` cell. The body holds at most one filter line, `Key = value`
 * (the AWS CLI form `AttributeKey=Key,AttributeValue=value` is read too); `#` lines
 * are comments; an empty body looks up all events. `limit` caps the events read.
 */
export function readCloudTrailCell(body: string, attributes: CellAttributes, frontMatter: unknown): CloudTrailCell | { error: string } {
  const lines = meaningfulLines(body);
  if (lines.length > 1) {
    return {
      error: `CloudTrail LookupEvents accepts only one lookup attribute, but this cell has ${lines.length} filter lines (lines ${lines.map((line) => line.number).join(', ')}). Keep one and narrow the results another way, or split the cell.`,
    };
  }
  const maxEvents = readCount(attributes?.limit, 'limit', DEFAULT_MAX_EVENTS, MAX_EVENTS);
  if ('error' in maxEvents) return maxEvents;
  const cell: CloudTrailCell = { timeRangeSpec: timeRangeSpecFor(attributes, frontMatter), maxEvents: maxEvents.value };
  if (lines[0]) {
    const lookup = readLookupLine(lines[0]);
    if ('error' in lookup) return lookup;
    cell.lookup = lookup;
  }
  return cell;
}

function readLookupLine(line: SourceLine): { key: CloudTrailLookupKey; value: string } | { error: string } {
  const parts = /^AttributeKey\s*=\s*([^,]*?)\s*,\s*AttributeValue\s*=\s*(.*)$/i.exec(line.text) ?? /^([^=]*?)\s*=\s*(.*)$/.exec(line.text);
  if (!parts) return { error: `Line ${line.number}: ${quoted(line.text)} is not a filter. Write one line such as "Username = alice". ${allowedKeysHint()}` };
  const key = CLOUDTRAIL_LOOKUP_KEYS.find((known) => known.toLowerCase() === parts[1]!.toLowerCase());
  if (!key) return { error: `Line ${line.number}: ${quoted(parts[1])} is not a CloudTrail lookup attribute. ${allowedKeysHint()}` };
  const value = unquote(parts[2]!.trim());
  if (value === '') return { error: `Line ${line.number}: "${key}" has no value. Write it as "${key} = value".` };
  if (value.length > MAX_LOOKUP_VALUE_CHARS) return { error: `Line ${line.number}: the value for "${key}" is longer than ${MAX_LOOKUP_VALUE_CHARS} characters.` };
  if (key === 'ReadOnly') {
    const flag = value.toLowerCase();
    if (flag !== 'true' && flag !== 'false') return { error: `Line ${line.number}: "ReadOnly" must be true or false, not ${quoted(value)}.` };
    return { key, value: flag };
  }
  return { key, value };
}

function allowedKeysHint(): string {
  return `Allowed keys: ${CLOUDTRAIL_LOOKUP_KEYS.join(', ')}.`;
}

/** `"alice smith"` → `alice smith`; anything else unchanged. */
function unquote(value: string): string {
  const match = /^"(.*)"$|^'(.*)'$/.exec(value);
  return match ? (match[1] ?? match[2] ?? '') : value;
}

/** The parts of the SDK's CloudTrail `Event` shown in the table. */
export interface CloudTrailEventLike {
  EventId?: string;
  EventTime?: Date;
  EventName?: string;
  Username?: string;
  EventSource?: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent?: string;
}

export const CLOUDTRAIL_COLUMNS = ['Time', 'Event', 'User', 'Source IP', 'Resources'];

/** LookupEvents results as a table: Time (ISO UTC), Event, User, Source IP, Resources. */
export function cloudTrailEventsToTable(events: readonly CloudTrailEventLike[]): Table {
  const list = Array.isArray(events) ? events.filter((event) => event !== null && typeof event === 'object') : [];
  return { columns: [...CLOUDTRAIL_COLUMNS], rows: list.map(eventRow) };
}

function eventRow(event: CloudTrailEventLike): string[] {
  const detail = parseEventDetail(event.CloudTrailEvent);
  return [
    isoTime(event.EventTime) || isoTime(detail.eventTime),
    text(event.EventName) || text(detail.eventName),
    text(event.Username) || userFromIdentity(detail.userIdentity),
    text(detail.sourceIPAddress),
    resourcesText(event.Resources),
  ];
}

/** The event's JSON record; an empty object when it is missing or not valid JSON. */
export function parseEventDetail(json: unknown): Record<string, unknown> {
  if (typeof json !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isoTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : '';
}

/** Assumed-role sessions have no `Username`; their identity's ARN says who it was. */
function userFromIdentity(identity: unknown): string {
  if (identity === null || typeof identity !== 'object') return '';
  const record = identity as Record<string, unknown>;
  return text(record.userName) || text(record.arn) || text(record.principalId);
}

function resourcesText(resources: unknown): string {
  if (!Array.isArray(resources)) return '';
  return resources
    .filter((resource): resource is Record<string, unknown> => resource !== null && typeof resource === 'object')
    .map((resource) => {
      const type = text(resource.ResourceType);
      const name = text(resource.ResourceName);
      return type && name ? `${type}: ${name}` : type || name;
    })
    .filter((entry) => entry !== '')
    .join(', ');
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
