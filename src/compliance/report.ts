/**
 * The compliance report a person files: a scan rendered as Markdown (for people and
 * code hosts) and as JSON (for tools). Every value from AWS or the scan is shown
 * literally: inline Markdown is backslash-escaped (a `|` in a finding title cannot
 * split a table cell) and control characters are made visible.
 *
 * Pure: no `vscode`, no I/O.
 */
import { formatDuration } from '../cells/duration';
import { markdownInline } from '../records/recordMarkdown';
import { COMPLIANCE_ITEMS } from './catalog';
import type { ComplianceItem, Evidence, FindingGroup, ItemResult, ItemStatus, ScanResult } from './model';

/** Bumped when a field of the JSON report changes meaning or is removed (adding fields does not bump it). */
export const COMPLIANCE_REPORT_SCHEMA_VERSION = 1;
export const COMPLIANCE_REPORT_SCHEMA = 'security-runbooks/compliance-report';

const STATUS_WORD: Record<ItemStatus, string> = { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN', error: 'ERROR' };
const NEEDS_ATTENTION: ReadonlySet<ItemStatus> = new Set(['fail', 'unknown', 'error']);

/** `compliance-123456789012-20261129T153000Z`: the report's file name without extension (scan end time, UTC). */
export function complianceReportBaseName(scan: ScanResult): string {
  const account = (scan.account || 'unknown-account').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  const time = new Date(scan.finishedAt);
  const stamp = Number.isNaN(time.getTime()) ? 'unknown-time' : time.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `compliance-${account}-${stamp}`;
}

/** The results of the scan, in catalog order, with the catalog entry each belongs to (items the scan did not evaluate are left out). */
function itemsInCatalogOrder(scan: ScanResult): { item: ComplianceItem; result: ItemResult }[] {
  const results = Array.isArray(scan.items) ? scan.items : [];
  return COMPLIANCE_ITEMS.flatMap((item) => {
    const result = results.find((candidate) => candidate?.id === item.id);
    return result ? [{ item, result }] : [];
  });
}

function statusCounts(results: readonly { result: ItemResult }[]): Record<ItemStatus, number> {
  const counts: Record<ItemStatus, number> = { pass: 0, fail: 0, unknown: 0, error: 0 };
  for (const { result } of results) if (result.status in counts) counts[result.status]++;
  return counts;
}

// ---------------------------------------------------------------------------
// Markdown

/** Inline text shown literally; an em dash for nothing. */
function md(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.trim() === '' ? '—' : markdownInline(text);
}

function statusWord(status: unknown): string {
  return typeof status === 'string' && status in STATUS_WORD ? STATUS_WORD[status as ItemStatus] : md(status);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |\n`;
}

/** `2026-11-29 15:30:00 UTC`, or the value as written when it is not a time. */
function utc(iso: string): string {
  const time = new Date(iso);
  if (typeof iso !== 'string' || Number.isNaN(time.getTime())) return md(iso);
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function evidenceText(evidence: Evidence): string {
  const status = evidence.status ? ` (${statusWord(evidence.status)})` : '';
  return `${md(evidence.label)}: ${md(evidence.value)}${status}`;
}

function listOf(values: readonly string[] | undefined): string {
  return values && values.length > 0 ? values.map((value) => md(value)).join(', ') : '—';
}

export function complianceReportMarkdown(scan: ScanResult): string {
  const entries = itemsInCatalogOrder(scan);
  const counts = statusCounts(entries);
  const notChecked = COMPLIANCE_ITEMS.filter((item) => !entries.some((entry) => entry.item.id === item.id));
  const regions = Array.isArray(scan.regions) ? scan.regions : [];
  let out = `# AWS compliance report: account ${md(scan.account)}\n\n`;

  out += row(['', '']) + row(['---', '---']);
  out += row(['Account', md(scan.account)]);
  out += row(['Profile', md(scan.profile)]);
  out += row(['Principal', md(scan.principalArn)]);
  out += row(['Regions', `${listOf(regions)} (${regions.length})`]);
  out += row(['Scan started', utc(scan.startedAt)]);
  out += row(['Scan finished', `${utc(scan.finishedAt)}${Number.isFinite(scan.durationMs) ? ` (took ${formatDuration(scan.durationMs)})` : ''}`]);
  const tally = [`${counts.pass} pass`, `${counts.fail} fail`, `${counts.unknown} unknown`, `${counts.error} error`];
  if (notChecked.length > 0) tally.push(`${notChecked.length} not checked`);
  out += row(['Result', tally.join(', ')]);
  out += '\n';

  out += '## Summary\n\n';
  out += row(['#', 'Item', 'Status', 'Controls', 'Reason']) + row(['---:', '---', '---', '---', '---']);
  COMPLIANCE_ITEMS.forEach((item, index) => {
    const result = entries.find((entry) => entry.item.id === item.id)?.result;
    out += row([String(index + 1), md(item.title), result ? `**${statusWord(result.status)}**` : 'not checked', listOf(item.controls), result ? md(result.reason) : '—']);
  });
  out += '\n';

  const attention = entries.filter(({ result }) => NEEDS_ATTENTION.has(result.status));
  if (attention.length > 0) {
    out += '## Items that need attention\n\n';
    for (const { item, result } of attention) out += itemDetails(item, result);
  }

  if (scan.findings) out += findingsSection(scan.findings);

  const notes = Array.isArray(scan.notes) ? scan.notes : [];
  if (notes.length > 0) {
    out += '## Notes\n\n';
    for (const note of notes) out += `- ${md(note)}\n`;
    out += '\n';
  }

  out += '## What each item checks\n\n';
  COMPLIANCE_ITEMS.forEach((item, index) => {
    out += `### ${index + 1}. ${md(item.title)}\n\n`;
    out += `- **Framework:** ${md(item.framework)}\n`;
    out += `- **Controls:** ${listOf(item.controls)}\n`;
    out += `- **Passes when:** ${md(item.rule)}\n`;
    out += `- **Evaluated:** ${item.regional ? 'in every enabled region' : 'once for the account'}\n`;
    out += `- **API calls:** ${listOf(item.calls)}\n`;
    out += `- **Remediation:** runbook cell ${md(item.remediationCell)}\n\n`;
  });

  out += '---\n\nGenerated by Security Runbooks from a live scan. Evidence shows the facts that decided each result.\n';
  return out;
}

function itemDetails(item: ComplianceItem, result: ItemResult): string {
  const number = COMPLIANCE_ITEMS.indexOf(item) + 1;
  let out = `### ${number}. ${md(item.title)}: ${statusWord(result.status)}\n\n`;
  out += `${md(result.reason)}\n\n`;
  out += `Controls ${listOf(item.controls)} (${md(item.framework)}). Checked ${utc(result.checkedAt)}. Remediation: runbook cell ${md(item.remediationCell)}.\n\n`;
  const regions = Array.isArray(result.regions) ? result.regions : [];
  if (regions.length > 0) {
    out += row(['Region', 'Status', 'Reason', 'Evidence']) + row(['---', '---', '---', '---']);
    for (const region of regions) {
      const evidence = Array.isArray(region.evidence) && region.evidence.length > 0 ? region.evidence.map(evidenceText).join('; ') : '—';
      out += row([md(region.region), statusWord(region.status), md(region.reason), evidence]);
    }
    out += '\n';
  }
  const evidence = Array.isArray(result.evidence) ? result.evidence : [];
  if (evidence.length > 0) {
    out += regions.length > 0 ? 'Across regions:\n\n' : 'Evidence:\n\n';
    for (const fact of evidence) out += `- ${evidenceText(fact)}\n`;
    out += '\n';
  }
  return out;
}

function findingsSection(groups: readonly FindingGroup[]): string {
  const total = groups.reduce((sum, group) => sum + (Array.isArray(group.findings) ? group.findings.length : 0), 0);
  let out = '## Security Hub failed findings\n\n';
  if (groups.length === 0) return `${out}No failed findings in the regions where Security Hub is enabled.\n\n`;
  out += `${total} failed finding${total === 1 ? '' : 's'} in ${groups.length} control${groups.length === 1 ? '' : 's'}.\n\n`;
  out += row(['Control', 'Findings', 'Highest severity']) + row(['---', '---:', '---']);
  for (const group of groups) out += row([md(group.control), String(group.findings?.length ?? 0), md(group.severity)]);
  out += '\n';
  for (const group of groups) {
    const findings = Array.isArray(group.findings) ? group.findings : [];
    out += `### ${md(group.control)}: ${findings.length} finding${findings.length === 1 ? '' : 's'}, highest severity ${md(group.severity)}\n\n`;
    out += row(['Severity', 'Title', 'Resource', 'Region', 'Workflow']) + row(['---', '---', '---', '---', '---']);
    for (const finding of findings) {
      out += row([md(finding.severity), md(finding.title), md(finding.resource), md(finding.region), md(finding.workflowStatus)]);
    }
    out += '\n';
  }
  return out;
}

// ---------------------------------------------------------------------------
// JSON

/** One item in the JSON report: the catalog's description of it, then the scan's result. */
export interface ComplianceReportItem {
  id: string;
  title: string;
  framework: string;
  controls: string[];
  regional: boolean;
  rule: string;
  calls: string[];
  remediationCell: string;
  status: ItemStatus;
  reason: string;
  regions?: { region: string; status: ItemStatus; reason: string; evidence: Evidence[] }[];
  evidence: Evidence[];
  checkedAt: string;
  durationMs: number;
}

/**
 * The JSON report: the scan's fields as `ScanResult` names them (so a reader of the
 * scan model reads the report too), items enriched with the catalog, a summary, and
 * the schema. Keys are written in a fixed order; two exports of one scan are identical.
 */
export interface ComplianceReportJson extends Omit<ScanResult, 'items'> {
  schema: typeof COMPLIANCE_REPORT_SCHEMA;
  schemaVersion: number;
  summary: Record<ItemStatus, number> & { notChecked: string[] };
  items: ComplianceReportItem[];
}

function evidenceJson(evidence: readonly Evidence[] | undefined): Evidence[] {
  return (Array.isArray(evidence) ? evidence : []).map((fact) => ({
    label: fact.label,
    value: fact.value,
    ...(fact.status !== undefined ? { status: fact.status } : {}),
  }));
}

export function complianceReportJson(scan: ScanResult): string {
  const entries = itemsInCatalogOrder(scan);
  const report: ComplianceReportJson = {
    schema: COMPLIANCE_REPORT_SCHEMA,
    schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
    profile: scan.profile,
    account: scan.account,
    principalArn: scan.principalArn,
    regions: [...(scan.regions ?? [])],
    startedAt: scan.startedAt,
    finishedAt: scan.finishedAt,
    durationMs: scan.durationMs,
    summary: {
      ...statusCounts(entries),
      notChecked: COMPLIANCE_ITEMS.filter((item) => !entries.some((entry) => entry.item.id === item.id)).map((item) => item.id),
    },
    items: entries.map(({ item, result }) => ({
      id: item.id,
      title: item.title,
      framework: item.framework,
      controls: [...item.controls],
      regional: item.regional,
      rule: item.rule,
      calls: [...item.calls],
      remediationCell: item.remediationCell,
      status: result.status,
      reason: result.reason,
      ...(Array.isArray(result.regions)
        ? { regions: result.regions.map((region) => ({ region: region.region, status: region.status, reason: region.reason, evidence: evidenceJson(region.evidence) })) }
        : {}),
      evidence: evidenceJson(result.evidence),
      checkedAt: result.checkedAt,
      durationMs: result.durationMs,
    })),
    ...(scan.findings
      ? {
          findings: scan.findings.map((group) => ({
            control: group.control,
            severity: group.severity,
            findings: (group.findings ?? []).map((finding) => ({
              region: finding.region,
              title: finding.title,
              severity: finding.severity,
              resource: finding.resource,
              ...(finding.workflowStatus !== undefined ? { workflowStatus: finding.workflowStatus } : {}),
            })),
          })),
        }
      : {}),
    notes: [...(scan.notes ?? [])],
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
