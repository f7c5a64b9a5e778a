import type { CellAttributes } from '../../runbook/model';
import type { Table } from '../table';
import { meaningfulLines, quoted, readCount, type SourceLine } from './cellText';

export type StringComparison = 'EQUALS' | 'NOT_EQUALS' | 'PREFIX';
export interface StringFilter {
  Value: string;
  Comparison: StringComparison;
}
/** A subset of GetFindings' `AwsSecurityFindingFilters`: string filters by field name. */
export type SecurityHubFilters = Record<string, StringFilter[]>;

export interface SecurityHubCell {
  filters: SecurityHubFilters;
  /** Stop paginating after this many findings. */
  maxFindings: number;
}

export const DEFAULT_MAX_FINDINGS = 1000;
export const MAX_FINDINGS = 10_000;

/** Filter fields a cell may use, as AwsSecurityFindingFilters spells them. */
export const SECURITY_HUB_FILTER_FIELDS = [
  'ComplianceStatus',
  'SeverityLabel',
  'WorkflowStatus',
  'RecordState',
  'ProductName',
  'ResourceType',
  'ResourceId',
  'ComplianceSecurityControlId',
  'GeneratorId',
  'Title',
  'AwsAccountId',
  'Region',
] as const;

const FIELD_ALIASES: Record<string, (typeof SECURITY_HUB_FILTER_FIELDS)[number]> = {
  controlid: 'ComplianceSecurityControlId',
  severity: 'SeverityLabel',
};

export const SEVERITY_LABELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

/** Fields whose values AWS fixes; input is upper-cased and checked against these. */
const ENUM_VALUES: Record<string, readonly string[]> = {
  SeverityLabel: ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
  ComplianceStatus: ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'],
  WorkflowStatus: ['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'],
  RecordState: ['ACTIVE', 'ARCHIVED'],
};

const OPERATORS: Record<string, StringComparison> = { '=': 'EQUALS', '!=': 'NOT_EQUALS', '^=': 'PREFIX' };
const SYNTAX_HINT = 'Write filters one per line: "Key = v1, v2" (any of), "Key != v" (not), "Key ^= prefix" (starts with).';

/**
 * Reads a `securityhub` cell: filter lines (see SYNTAX_HINT; `#` comments), or a JSON
 * object in AwsSecurityFindingFilters form limited to the same fields and comparisons.
 * An empty body means no filter. `limit` caps the findings read.
 */
export function readSecurityHubCell(body: string, attributes: CellAttributes): SecurityHubCell | { error: string } {
  const maxFindings = readCount(attributes?.limit, 'limit', DEFAULT_MAX_FINDINGS, MAX_FINDINGS);
  if ('error' in maxFindings) return maxFindings;
  const source = String(body ?? '');
  const filters = source.trim().startsWith('{') ? readJsonFilters(source) : readFilterLines(source);
  if ('error' in filters) return filters;
  return { filters: filters.filters, maxFindings: maxFindings.value };
}

function readFilterLines(body: string): { filters: SecurityHubFilters } | { error: string } {
  const filters: SecurityHubFilters = {};
  for (const line of meaningfulLines(body)) {
    const added = readFilterLine(line);
    if ('error' in added) return added;
    const merged = addFilters(filters, added.field, added.filters);
    if (merged) return { error: `Line ${line.number}: ${merged}` };
  }
  return { filters };
}

function readFilterLine(line: SourceLine): { field: string; filters: StringFilter[] } | { error: string } {
  const match = /^([A-Za-z][A-Za-z0-9_]*)\s*(!=|\^=|=)\s*(.*)$/.exec(line.text);
  if (!match) return { error: `Line ${line.number}: ${quoted(line.text)} is not a filter. ${SYNTAX_HINT}` };
  const [, key = '', operator = '=', rest = ''] = match;
  if (rest.startsWith('=')) return { error: `Line ${line.number}: use a single "=" in ${quoted(line.text)}. ${SYNTAX_HINT}` };
  const field = canonicalField(key);
  if (!field) return { error: `Line ${line.number}: ${unknownFieldMessage(key)}` };
  const values = splitValues(rest);
  if ('error' in values) return { error: `Line ${line.number}: ${values.error}` };
  if (values.values.length === 0) return { error: `Line ${line.number}: "${field}" has no value. ${SYNTAX_HINT}` };
  const filters: StringFilter[] = [];
  for (const raw of values.values) {
    const value = checkedValue(field, raw);
    if ('error' in value) return { error: `Line ${line.number}: ${value.error}` };
    filters.push({ Value: value.value, Comparison: OPERATORS[operator]! });
  }
  return { field, filters };
}

/** `a, "b, c", d` → `a`, `b, c`, `d`. Double quotes keep commas in a value. */
function splitValues(text: string): { values: string[] } | { error: string } {
  const values: string[] = [];
  const item = /\s*(?:"((?:[^"\\]|\\.)*)"|([^,"]*))\s*(,|$)/y;
  let position = 0;
  while (position < text.length) {
    item.lastIndex = position;
    const match = item.exec(text);
    if (!match || match[0] === '') return { error: `the values ${quoted(text)} are not a comma-separated list (check the quotes).` };
    const value = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? '').trim();
    if (value !== '') values.push(value);
    position = item.lastIndex;
  }
  return { values };
}

function canonicalField(key: string): string | undefined {
  const lower = key.toLowerCase();
  return SECURITY_HUB_FILTER_FIELDS.find((field) => field.toLowerCase() === lower) ?? (Object.hasOwn(FIELD_ALIASES, lower) ? FIELD_ALIASES[lower] : undefined);
}

function unknownFieldMessage(key: string): string {
  return `${quoted(key)} is not a filter this cell understands. Fields: ${SECURITY_HUB_FILTER_FIELDS.join(', ')} (ControlId is short for ComplianceSecurityControlId).`;
}

function checkedValue(field: string, value: string): { value: string } | { error: string } {
  const allowed = ENUM_VALUES[field];
  if (!allowed) return { value };
  const upper = value.toUpperCase();
  if (!allowed.includes(upper)) return { error: `${quoted(value)} is not a ${field}; use one of ${allowed.join(', ')}.` };
  return { value: upper };
}

/** Adds filters for a field, refusing what GetFindings refuses: EQUALS and NOT_EQUALS on one field. */
function addFilters(filters: SecurityHubFilters, field: string, added: StringFilter[]): string | undefined {
  const existing = filters[field] ?? [];
  const all = [...existing, ...added.filter((filter) => !existing.some((e) => e.Value === filter.Value && e.Comparison === filter.Comparison))];
  if (all.some((f) => f.Comparison === 'EQUALS') && all.some((f) => f.Comparison === 'NOT_EQUALS')) {
    return `"${field}" has both "=" and "!=" filters; Security Hub does not accept both on one field. Use one kind.`;
  }
  filters[field] = all;
  return undefined;
}

function readJsonFilters(body: string): { filters: SecurityHubFilters } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return { error: `The cell starts with "{" but is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: `The JSON filters must be an object of field names to filter lists. ${SYNTAX_HINT}` };
  const filters: SecurityHubFilters = {};
  for (const [key, list] of Object.entries(parsed)) {
    const field = canonicalField(key);
    if (!field) return { error: unknownFieldMessage(key) };
    if (!Array.isArray(list) || list.length === 0) return { error: `"${key}" must be a list of filters like [{"Value": "FAILED", "Comparison": "EQUALS"}].` };
    const added: StringFilter[] = [];
    for (const entry of list) {
      const filter = readJsonFilter(field, entry);
      if ('error' in filter) return filter;
      added.push(filter);
    }
    const merged = addFilters(filters, field, added);
    if (merged) return { error: merged };
  }
  return { filters };
}

function readJsonFilter(field: string, entry: unknown): StringFilter | { error: string } {
  const record = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>) : {};
  const comparison = record.Comparison;
  if (comparison !== 'EQUALS' && comparison !== 'NOT_EQUALS' && comparison !== 'PREFIX') {
    return { error: `"${field}" filter ${quoted(entry)} needs "Comparison": "EQUALS", "NOT_EQUALS" or "PREFIX".` };
  }
  if (typeof record.Value !== 'string' || record.Value.trim() === '') return { error: `"${field}" filter ${quoted(entry)} needs a non-empty string "Value".` };
  const value = checkedValue(field, record.Value.trim());
  return 'error' in value ? value : { Value: value.value, Comparison: comparison };
}

/** The parts of the SDK's `AwsSecurityFinding` that the summary reads. */
export interface SecurityFindingLike {
  Title?: string;
  Region?: string;
  GeneratorId?: string;
  Severity?: { Label?: string; Normalized?: number };
  Compliance?: { Status?: string; SecurityControlId?: string };
  Workflow?: { Status?: string };
  ProductFields?: Record<string, string>;
  Resources?: { Id?: string }[];
}

export interface FindingsSummary {
  /** Every severity, CRITICAL first, then UNKNOWN when some findings have no severity. */
  counts: { severity: string; count: number }[];
  /** `2 critical · 5 high · 1 low`, or `No findings.` */
  text: string;
  /** Columns Severity, Control, Title, Resource, Status, Region; sorted by severity, then control. */
  table: Table;
}

export const FINDINGS_COLUMNS = ['Severity', 'Control', 'Title', 'Resource', 'Status', 'Region'];
const UNKNOWN_SEVERITY = 'UNKNOWN';

export function summarizeFindings(findings: readonly SecurityFindingLike[]): FindingsSummary {
  const list = Array.isArray(findings) ? findings.filter((f): f is SecurityFindingLike => f !== null && typeof f === 'object') : [];
  const rows = list.map(findingRow).sort(compareRows);
  const counts = SEVERITY_LABELS.map((severity) => ({ severity: severity as string, count: rows.filter((row) => row[0] === severity).length }));
  const unknown = rows.filter((row) => row[0] === UNKNOWN_SEVERITY).length;
  if (unknown > 0) counts.push({ severity: UNKNOWN_SEVERITY, count: unknown });
  const nonZero = counts.filter((entry) => entry.count > 0);
  const text = nonZero.length === 0 ? 'No findings.' : nonZero.map((entry) => `${entry.count} ${entry.severity.toLowerCase()}`).join(' · ');
  return { counts, text, table: { columns: [...FINDINGS_COLUMNS], rows } };
}

function findingRow(finding: SecurityFindingLike): string[] {
  const resources = Array.isArray(finding.Resources) ? finding.Resources : [];
  const firstResource = text(resources[0]?.Id);
  return [
    severityOf(finding),
    controlOf(finding),
    text(finding.Title),
    resources.length > 1 ? `${firstResource} (+${resources.length - 1} more)` : firstResource,
    text(finding.Compliance?.Status) || text(finding.Workflow?.Status),
    text(finding.Region),
  ];
}

/** The label, or the label AWS derives from the normalized score when only that is set. */
function severityOf(finding: SecurityFindingLike): string {
  const label = text(finding.Severity?.Label).toUpperCase();
  if ((SEVERITY_LABELS as readonly string[]).includes(label)) return label;
  const score = finding.Severity?.Normalized;
  if (typeof score !== 'number' || !Number.isFinite(score)) return UNKNOWN_SEVERITY;
  if (score >= 90) return 'CRITICAL';
  if (score >= 70) return 'HIGH';
  if (score >= 40) return 'MEDIUM';
  if (score >= 1) return 'LOW';
  return 'INFORMATIONAL';
}

/**
 * The control id: consolidated findings carry `Compliance.SecurityControlId`; older
 * standard-specific ones `ProductFields.ControlId` or `RuleId`; otherwise the generator,
 * shortened to its last segment when that looks like a control id (`…/rule/1.10`).
 */
function controlOf(finding: SecurityFindingLike): string {
  const fields = finding.ProductFields !== null && typeof finding.ProductFields === 'object' ? finding.ProductFields : {};
  const direct = text(finding.Compliance?.SecurityControlId) || text(fields.ControlId) || text(fields.RuleId);
  if (direct) return direct;
  const generator = text(finding.GeneratorId);
  const last = generator.split('/').pop() ?? '';
  return /^(?:[A-Za-z][A-Za-z0-9]*\.)?\d+(?:\.\d+)*$/.test(last) ? last : generator;
}

function compareRows(a: string[], b: string[]): number {
  return severityRank(a[0]!) - severityRank(b[0]!) || compareControls(a[1]!, b[1]!) || (a[2]! < b[2]! ? -1 : a[2]! > b[2]! ? 1 : 0) || (a[3]! < b[3]! ? -1 : a[3]! > b[3]! ? 1 : 0);
}

function severityRank(severity: string): number {
  const index = (SEVERITY_LABELS as readonly string[]).indexOf(severity);
  return index === -1 ? SEVERITY_LABELS.length : index;
}

/** Natural, case-insensitive order (`S3.2` before `S3.10`); findings without a control last. */
function compareControls(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const numeric = i % 2 === 1 ? Number(x) - Number(y) : 0;
    if (numeric !== 0) return numeric;
    const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
