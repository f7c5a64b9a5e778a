/**
 * A compliance scan as a person reads it in a terminal or a pipeline log: who and
 * where, one line per item with its status mark and reason, the regions that fail
 * or could not be read, failed Security Hub findings by control, notes, and a
 * closing tally. Values from AWS are shown with control characters made visible,
 * so a finding title cannot move the cursor or recolour the log.
 *
 * Pure: no I/O.
 */
import { formatDuration } from '../cells/duration';
import { COMPLIANCE_ITEMS } from '../compliance/catalog';
import type { FindingGroup, ItemResult, ItemStatus, RegionResult, ScanResult } from '../compliance/model';
import type { Style } from './style';
import { plural } from './wording';

export const STATUS_MARK: Readonly<Record<ItemStatus, string>> = { pass: '✓', fail: '✗', unknown: '?', error: '!' };

/** Region names listed per reason before "+N more". */
const MAX_REGION_NAMES = 8;
/** Controls listed before "… and N more", and findings shown per control. */
const MAX_CONTROLS = 10;
const FINDINGS_PER_CONTROL = 3;

/** Control characters (and the escape that starts terminal sequences) made visible. */
function plain(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function mark(status: ItemStatus, style: Style): string {
  const symbol = STATUS_MARK[status] ?? '?';
  switch (status) {
    case 'pass':
      return style.green(symbol);
    case 'fail':
      return style.red(symbol);
    default:
      return style.yellow(symbol);
  }
}


/**
 * Non-passing regions grouped by status and reason: `✗ eu-west-1, us-west-2: no detector`.
 * Nothing when there is one group: the item's reason already says it ("fails in
 * eu-west-1, us-west-2: no detector"). Several groups (two reasons, or failing and
 * unknown regions, which the item's reason does not name) get a line each.
 */
function regionLines(regions: readonly RegionResult[], style: Style): string[] {
  const groups = new Map<string, { status: ItemStatus; reason: string; names: string[] }>();
  for (const region of regions) {
    if (region.status === 'pass') continue;
    const key = `${region.status}\u0000${region.reason}`;
    const group = groups.get(key) ?? { status: region.status, reason: region.reason, names: [] };
    group.names.push(region.region);
    groups.set(key, group);
  }
  if (groups.size < 2) return [];
  const order: ItemStatus[] = ['fail', 'error', 'unknown'];
  return [...groups.values()]
    .sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || b.names.length - a.names.length)
    .map(({ status, reason, names }) => {
      const shown = names.slice(0, MAX_REGION_NAMES).map(plain).join(', ');
      const more = names.length > MAX_REGION_NAMES ? ` +${names.length - MAX_REGION_NAMES} more` : '';
      return `      ${mark(status, style)} ${shown}${more}: ${plain(reason)}`;
    });
}

function itemLines(scan: ScanResult, style: Style): string[] {
  const results = new Map<string, ItemResult>((Array.isArray(scan.items) ? scan.items : []).map((result) => [result.id, result]));
  const entries = COMPLIANCE_ITEMS.flatMap((item) => {
    const result = results.get(item.id);
    return result ? [{ title: item.title, result }] : [];
  });
  const width = Math.max(0, ...entries.map((entry) => entry.title.length));
  return entries.flatMap(({ title, result }) => {
    const reason = result.status === 'pass' ? style.dim(plain(result.reason)) : plain(result.reason);
    const line = `  ${mark(result.status, style)} ${title.padEnd(width)}  ${reason}`;
    return [line, ...(result.status === 'pass' ? [] : regionLines(result.regions ?? [], style))];
  });
}

function findingLines(groups: readonly FindingGroup[], style: Style): string[] {
  const total = groups.reduce((sum, group) => sum + (group.findings?.length ?? 0), 0);
  if (groups.length === 0) return [style.bold('Security Hub findings'), '  no failed findings in the regions where Security Hub is enabled'];
  const lines = [style.bold(`Security Hub: ${plural(total, 'failed finding')} in ${plural(groups.length, 'control')}`)];
  const width = Math.max(...groups.slice(0, MAX_CONTROLS).map((group) => plain(group.control).length));
  for (const group of groups.slice(0, MAX_CONTROLS)) {
    const findings = group.findings ?? [];
    lines.push(`  ${style.bold(plain(group.control).padEnd(width))}  ${plural(findings.length, 'finding')}, highest ${plain(group.severity)}`);
    for (const finding of findings.slice(0, FINDINGS_PER_CONTROL)) {
      const where = [finding.resource, finding.region].filter((part) => part).map(plain).join(' · ');
      lines.push(`      ${plain(finding.severity).padEnd(8)} ${plain(finding.title)}${where ? style.dim(` · ${where}`) : ''}`);
    }
    if (findings.length > FINDINGS_PER_CONTROL) lines.push(style.dim(`      … and ${findings.length - FINDINGS_PER_CONTROL} more`));
  }
  if (groups.length > MAX_CONTROLS) lines.push(style.dim(`  … and ${plural(groups.length - MAX_CONTROLS, 'more control')} (all of them: --format markdown or json)`));
  return lines;
}

/** Counts by status of the items the scan evaluated. */
export function statusCounts(scan: ScanResult): Record<ItemStatus, number> {
  const counts: Record<ItemStatus, number> = { pass: 0, fail: 0, unknown: 0, error: 0 };
  for (const item of scan.items ?? []) if (item.status in counts) counts[item.status]++;
  return counts;
}

/** `8 of 10 items fail in 123456789012 (3 regions, 1.2 s)`, coloured by the outcome. */
export function closingLine(scan: ScanResult, style: Style): string {
  const counts = statusCounts(scan);
  const total = counts.pass + counts.fail + counts.unknown + counts.error;
  const open = [counts.unknown > 0 ? `${counts.unknown} unknown` : '', counts.error > 0 ? plural(counts.error, 'error') : ''].filter(Boolean).join(', ');
  const regions = scan.regions?.length ?? 0;
  const where = `in ${plain(scan.account)} (${regions > 0 ? `${plural(regions, 'region')}, ` : ''}${formatDuration(scan.durationMs)})`;
  if (counts.fail > 0) {
    return style.red(style.bold(`${counts.fail} of ${plural(total, 'item')} ${counts.fail === 1 ? 'fails' : 'fail'}${open ? `, ${open}` : ''} ${where}`));
  }
  if (open) return style.yellow(style.bold(`${counts.pass} of ${plural(total, 'item')} ${counts.pass === 1 ? 'passes' : 'pass'}, ${open} ${where}`));
  return style.green(style.bold(`${total === 1 ? 'The item passes' : `All ${total} items pass`} ${where}`));
}

export function scanText(scan: ScanResult, style: Style): string {
  const regions = Array.isArray(scan.regions) ? scan.regions : [];
  const finished = new Date(scan.finishedAt);
  const when = Number.isNaN(finished.getTime()) ? plain(scan.finishedAt) : `${finished.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const lines = [
    style.bold(`Compliance scan of AWS account ${plain(scan.account)}`),
    `  Profile    ${plain(scan.profile)}`,
    `  Principal  ${plain(scan.principalArn)}`,
    `  Regions    ${regions.length > 0 ? `${regions.map(plain).join(', ')} (${regions.length})` : 'none (account-wide items only)'}`,
    `  Finished   ${when}, took ${formatDuration(scan.durationMs)}`,
    '',
    ...itemLines(scan, style),
  ];
  if (scan.findings) lines.push('', ...findingLines(scan.findings, style));
  const notes = Array.isArray(scan.notes) ? scan.notes : [];
  if (notes.length > 0) lines.push('', style.bold('Notes'), ...notes.map((note) => `  - ${plain(note)}`));
  lines.push('', closingLine(scan, style));
  return `${lines.join('\n')}\n`;
}
