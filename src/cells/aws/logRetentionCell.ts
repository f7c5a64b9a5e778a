import type { CellAttributes } from '../../runbook/model';
import type { Table } from '../table';
import { meaningfulLines, quoted, type SourceLine } from './cellText';

export interface RetentionTarget {
  logGroup: string;
  days: number;
}

/** The values PutRetentionPolicy accepts for `retentionInDays`. */
export const ALLOWED_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LINE_HINT = 'Write one log group per line as "log-group-name = days", e.g. "/aws/eks/prod/cluster = 365".';

/**
 * Reads a `log-retention` cell: lines `log-group-name = days`; blank lines and `#`
 * comments are skipped (so a name cannot start with `#`). A line with only a name
 * takes its days from the cell's `retentionInDays` attribute, when it has one.
 */
export function readLogRetentionCell(body: string, attributes: CellAttributes = {}): { targets: RetentionTarget[] } | { error: string } {
  const defaultDays = readDefaultDays(attributes?.retentionInDays);
  if (typeof defaultDays === 'object') return defaultDays;
  const targets: RetentionTarget[] = [];
  for (const line of meaningfulLines(body)) {
    const target = readTargetLine(line, defaultDays);
    if ('error' in target) return target;
    if (targets.some((existing) => existing.logGroup === target.logGroup)) {
      return { error: `Line ${line.number}: log group "${target.logGroup}" is listed twice. Keep one line per log group.` };
    }
    targets.push(target);
  }
  if (targets.length === 0) return { error: `No log groups listed. ${LINE_HINT}` };
  return { targets };
}

function readDefaultDays(value: unknown): number | undefined | { error: string } {
  if (value === undefined || value === null) return undefined;
  const days = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof days === 'number' && ALLOWED_RETENTION_DAYS.includes(days)) return days;
  return { error: `The "retentionInDays" attribute is ${quoted(value)}; ${allowedDaysHint()}` };
}

function readTargetLine(line: SourceLine, defaultDays: number | undefined): RetentionTarget | { error: string } {
  const separator = line.text.indexOf('=');
  const name = (separator === -1 ? line.text : line.text.slice(0, separator)).trim();
  const daysText = separator === -1 ? undefined : line.text.slice(separator + 1).trim();
  if (!LOG_GROUP_NAME.test(name)) {
    const what = name === '' ? 'has no log group name' : `${quoted(name)} is not a valid log group name (1–512 characters of letters, digits and . - _ / #)`;
    return { error: `Line ${line.number}: ${what}. ${LINE_HINT}` };
  }
  if (daysText === undefined) {
    if (defaultDays === undefined) return { error: `Line ${line.number}: no retention given for "${name}". ${LINE_HINT}` };
    return { logGroup: name, days: defaultDays };
  }
  const number = daysText.replace(/\s*days?$/i, '');
  const days = /^\d+$/.test(number) ? Number(number) : NaN;
  if (!ALLOWED_RETENTION_DAYS.includes(days)) {
    return { error: `Line ${line.number}: retention ${quoted(daysText)} for "${name}" is not one CloudWatch Logs accepts; ${allowedDaysHint()}` };
  }
  return { logGroup: name, days };
}

function allowedDaysHint(): string {
  return `allowed values are ${ALLOWED_RETENTION_DAYS.join(', ')} days.`;
}

export interface RetentionPlanEntry {
  logGroup: string;
  /** Current retention in days; null = never expire; undefined = the group was not found. */
  current?: number | null;
  desired: number;
}

export const RETENTION_PLAN_COLUMNS = ['Log group', 'Current', 'Desired', 'Change'];

/** True when PutRetentionPolicy has something to do for this entry (the group exists and differs). */
export function retentionNeedsChange(entry: RetentionPlanEntry): boolean {
  return entry.current !== undefined && entry.current !== entry.desired;
}

/** The before/after table: Log group, Current, Desired, Change (`unchanged`, `30 → 365 days`, …). */
export function retentionPlanTable(plan: readonly RetentionPlanEntry[]): Table {
  const entries = Array.isArray(plan) ? plan.filter((entry) => entry !== null && typeof entry === 'object') : [];
  return { columns: [...RETENTION_PLAN_COLUMNS], rows: entries.map(planRow) };
}

function planRow(entry: RetentionPlanEntry): string[] {
  return [String(entry.logGroup ?? ''), currentText(entry.current), daysText(entry.desired), changeText(entry)];
}

function currentText(current: number | null | undefined): string {
  if (current === undefined) return '—';
  if (current === null) return 'never expire';
  return daysText(current);
}

function changeText(entry: RetentionPlanEntry): string {
  if (entry.current === undefined) return 'group not found';
  if (entry.current === entry.desired) return 'unchanged';
  const from = entry.current === null ? 'never expire' : String(entry.current);
  return `${from} → ${daysText(entry.desired)}`;
}

function daysText(days: unknown): string {
  return days === 1 ? '1 day' : `${String(days)} days`;
}
