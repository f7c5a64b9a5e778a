/**
 * Security Hub GetFindings (restJson1, `POST /findings`). moto stores imported
 * findings but ignores `Filters` and `SortCriteria`, and answers an empty list when
 * the hub is not even enabled. The proxy reads every finding from moto, then
 * filters, sorts and paginates here, following AWS's rules:
 * - `Filters` maps a key (e.g. `ComplianceStatus`) to a list of StringFilters
 *   `{Value, Comparison}`. Positive comparisons (EQUALS, PREFIX, CONTAINS) for one
 *   key are OR-ed; negative ones (NOT_EQUALS, PREFIX_NOT_EQUALS, NOT_CONTAINS) each
 *   exclude (AND-ed); different keys are AND-ed.
 * - DateFilters `{Start, End}` or `{DateRange:{Value, Unit:'DAYS'}}`; NumberFilters
 *   `{Gte, Lte, Eq, Gt, Lt}`.
 * - `MaxResults` is 1..100 (default 100). Errors are `{"Code","Message"}` with the
 *   `x-amzn-ErrorType` header; a disabled hub gives 401 InvalidAccessException.
 * An unknown filter key is rejected with InvalidInputException rather than ignored,
 * so a test cannot pass on a filter that was never applied.
 */
import { createHash } from 'node:crypto';
import type { MotoCaller } from './motoCalls';
import { AwsError } from './wire';

export type Finding = Record<string, unknown>;

const get = (finding: Finding, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), finding);

const resources = (finding: Finding): Record<string, unknown>[] => (Array.isArray(finding.Resources) ? (finding.Resources as Record<string, unknown>[]) : []);

const strings = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

/** Filter keys → the finding values they test (several for list-valued keys such as ResourceType). */
const FIELDS: Record<string, (finding: Finding) => unknown[]> = {
  Id: (f) => strings(f.Id),
  ProductArn: (f) => strings(f.ProductArn),
  ProductName: (f) => strings(f.ProductName),
  CompanyName: (f) => strings(f.CompanyName),
  GeneratorId: (f) => strings(f.GeneratorId),
  AwsAccountId: (f) => strings(f.AwsAccountId),
  AwsAccountName: (f) => strings(f.AwsAccountName),
  Region: (f) => strings(f.Region),
  Title: (f) => strings(f.Title),
  Description: (f) => strings(f.Description),
  Type: (f) => strings(f.Types),
  SeverityLabel: (f) => strings(get(f, 'Severity.Label')),
  SeverityNormalized: (f) => [get(f, 'Severity.Normalized')],
  Confidence: (f) => [f.Confidence],
  Criticality: (f) => [f.Criticality],
  ComplianceStatus: (f) => strings(get(f, 'Compliance.Status')),
  ComplianceSecurityControlId: (f) => strings(get(f, 'Compliance.SecurityControlId')),
  ComplianceAssociatedStandardsId: (f) => strings(((get(f, 'Compliance.AssociatedStandards') as { StandardsId?: string }[] | undefined) ?? []).map((s) => s.StandardsId)),
  WorkflowStatus: (f) => strings(get(f, 'Workflow.Status')),
  WorkflowState: (f) => strings(f.WorkflowState),
  RecordState: (f) => strings(f.RecordState),
  VerificationState: (f) => strings(f.VerificationState),
  ResourceType: (f) => resources(f).flatMap((r) => strings(r.Type)),
  ResourceId: (f) => resources(f).flatMap((r) => strings(r.Id)),
  ResourceRegion: (f) => resources(f).flatMap((r) => strings(r.Region)),
  ResourcePartition: (f) => resources(f).flatMap((r) => strings(r.Partition)),
  CreatedAt: (f) => strings(f.CreatedAt),
  UpdatedAt: (f) => strings(f.UpdatedAt),
  FirstObservedAt: (f) => strings(f.FirstObservedAt),
  LastObservedAt: (f) => strings(f.LastObservedAt),
};

interface StringFilter {
  Value?: string;
  Comparison?: string;
}
interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}
interface NumberFilter {
  Gte?: number;
  Lte?: number;
  Eq?: number;
  Gt?: number;
  Lt?: number;
}
type AnyFilter = StringFilter & DateFilter & NumberFilter;

function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message, 400);
}

function stringMatch(value: string, filter: StringFilter): boolean {
  const wanted = filter.Value ?? '';
  switch (filter.Comparison) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return value === wanted;
    case 'PREFIX':
    case 'PREFIX_NOT_EQUALS':
      return value.startsWith(wanted);
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      return value.includes(wanted);
    default:
      throw invalidInput(`Invalid Comparison ${JSON.stringify(filter.Comparison)} in a StringFilter.`);
  }
}

function dateMatch(values: unknown[], filter: DateFilter, now: number): boolean {
  let start = filter.Start ? Date.parse(filter.Start) : -Infinity;
  const end = filter.End ? Date.parse(filter.End) : Infinity;
  if (filter.DateRange) start = now - (filter.DateRange.Value ?? 0) * 24 * 3600 * 1000;
  return values.some((v) => {
    const t = Date.parse(String(v));
    return t >= start && t <= end;
  });
}

function numberMatch(values: unknown[], f: NumberFilter): boolean {
  return values.some((v) => {
    if (typeof v !== 'number') return false;
    return (
      (f.Eq === undefined || v === f.Eq) &&
      (f.Gte === undefined || v >= f.Gte) &&
      (f.Lte === undefined || v <= f.Lte) &&
      (f.Gt === undefined || v > f.Gt) &&
      (f.Lt === undefined || v < f.Lt)
    );
  });
}

const NEGATIVE = new Set(['NOT_EQUALS', 'PREFIX_NOT_EQUALS', 'NOT_CONTAINS']);

function keyMatches(finding: Finding, key: string, filters: AnyFilter[], now: number): boolean {
  const extract = FIELDS[key];
  if (!extract) {
    throw invalidInput(`The AWS test backend does not evaluate the filter key ${key} (add it to FIELDS in test/aws-backend/securityHub.ts).`);
  }
  const values = extract(finding);
  const positive: boolean[] = [];
  for (const filter of filters) {
    if (filter.Comparison !== undefined) {
      const hit = values.some((v) => stringMatch(String(v), filter));
      if (NEGATIVE.has(filter.Comparison)) {
        if (hit) return false;
      } else {
        positive.push(hit);
      }
    } else if (filter.Start !== undefined || filter.End !== undefined || filter.DateRange !== undefined) {
      positive.push(dateMatch(values, filter, now));
    } else {
      positive.push(numberMatch(values, filter));
    }
  }
  return positive.length === 0 || positive.some(Boolean);
}

export function filterFindings(findings: Finding[], filters: Record<string, AnyFilter[]> | undefined, now = Date.now()): Finding[] {
  const entries = Object.entries(filters ?? {}).filter(([, list]) => Array.isArray(list) && list.length > 0);
  return findings.filter((finding) => entries.every(([key, list]) => keyMatches(finding, key, list, now)));
}

function sortFindings(findings: Finding[], criteria: { Field?: string; SortOrder?: string }[] | undefined): Finding[] {
  if (!criteria?.length) return findings;
  const valueOf = (finding: Finding, field: string): string => {
    const extract = FIELDS[field];
    return String((extract ? extract(finding)[0] : get(finding, field)) ?? '');
  };
  return [...findings].sort((a, b) => {
    for (const { Field, SortOrder } of criteria) {
      if (!Field) continue;
      const x = valueOf(a, Field);
      const y = valueOf(b, Field);
      const order = x < y ? -1 : x > y ? 1 : 0;
      if (order !== 0) return SortOrder === 'desc' ? -order : order;
    }
    return 0;
  });
}

interface GetFindingsRequest {
  Filters?: Record<string, AnyFilter[]>;
  SortCriteria?: { Field?: string; SortOrder?: string }[];
  MaxResults?: number;
  NextToken?: string;
}

/** Every finding moto holds for the caller's account and region (moto pages by 100). */
async function allFindings(moto: MotoCaller): Promise<Finding[]> {
  // moto answers GetFindings with [] for a disabled hub; AWS answers InvalidAccessException.
  await moto.restJson('GET', '/accounts');
  const findings: Finding[] = [];
  let nextToken: string | undefined;
  do {
    const page = await moto.restJson('POST', '/findings', { MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) });
    findings.push(...((page.Findings ?? []) as Finding[]));
    nextToken = typeof page.NextToken === 'string' && page.NextToken ? page.NextToken : undefined;
  } while (nextToken);
  return findings;
}

export async function getFindings(request: GetFindingsRequest, moto: MotoCaller): Promise<{ Findings: Finding[]; NextToken?: string }> {
  const maxResults = request.MaxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) throw invalidInput('MaxResults must be a number between 1 and 100.');
  const queryKey = createHash('sha256')
    .update(JSON.stringify([request.Filters ?? {}, request.SortCriteria ?? []]))
    .digest('hex')
    .slice(0, 16);
  let offset = 0;
  if (request.NextToken) {
    const [key, at] = Buffer.from(request.NextToken, 'base64').toString('utf8').split(':');
    if (key !== queryKey || !/^\d+$/.test(at ?? '')) throw invalidInput('The NextToken is not valid for this request.');
    offset = Number(at);
  }
  const matching = sortFindings(filterFindings(await allFindings(moto), request.Filters), request.SortCriteria);
  const page = matching.slice(offset, offset + maxResults);
  const end = offset + maxResults;
  return end < matching.length ? { Findings: page, NextToken: Buffer.from(`${queryKey}:${end}`).toString('base64') } : { Findings: page };
}
