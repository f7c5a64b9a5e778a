/**
 * What the compliance tree shows, as plain data: labels, descriptions, Markdown
 * tooltips, icons (codicon ids and theme colour ids), context values and children.
 * The VS Code glue (src/vscode/complianceTree.ts) copies these into TreeItems one to
 * one, so everything a person reads in the tree is decided, and tested, here.
 *
 * Pure: no `vscode`, no I/O.
 */
import { formatDuration } from '../cells/duration';
import { markdownInline } from '../records/recordMarkdown';
import { COMPLIANCE_ITEMS } from './catalog';
import type { ComplianceItem, Evidence, FailedFinding, FindingGroup, ItemId, ItemResult, ItemStatus, RegionResult, ScanProgress, ScanResult } from './model';

export type ComplianceNodeKind = 'account' | 'scanError' | 'item' | 'region' | 'evidence' | 'findings' | 'findingGroup' | 'finding' | 'note';

export interface TreeIcon {
  /** A codicon id (`pass`, `error`, `loading~spin`). */
  id: string;
  /** A theme colour id (`testing.iconPassed`). */
  color?: string;
}

export interface ComplianceNode {
  /** Unique in the tree and stable across refreshes (keeps expansion state). */
  id: string;
  kind: ComplianceNodeKind;
  label: string;
  description?: string;
  /** Markdown (values escaped). */
  tooltip?: string;
  icon: TreeIcon;
  /** For `view/item/context` menus: `complianceItem.fail`, `complianceRegion.pass`... */
  contextValue: string;
  /** Expanded initially; only meaningful with children. */
  expanded: boolean;
  children: ComplianceNode[];
  /** The checklist item an `item`, `region` or `evidence` node belongs to. */
  itemId?: ItemId;
}

/** Everything the tree shows, for the profile the tree scans as. */
export interface ComplianceView {
  profile: string;
  /** The region the session starts in (STS, DescribeRegions). */
  region: string;
  /** The last scan of this profile (possibly from a previous session). */
  scan?: ScanResult;
  /** A scan in progress: of every item, or of `items` only (a re-check). */
  running?: { items?: ItemId[]; progress?: ScanProgress };
  /** Why the last scan failed, as a sentence; the previous scan stays shown. */
  error?: string;
}

export interface TreeTextOptions {
  /** For "scanned HH:MM" (tests pin it); defaults to now. */
  now?: Date;
}

export const STATUS_ICONS: Readonly<Record<ItemStatus, TreeIcon>> = {
  pass: { id: 'pass', color: 'testing.iconPassed' },
  fail: { id: 'error', color: 'testing.iconFailed' },
  unknown: { id: 'question' },
  error: { id: 'warning', color: 'problemsWarningIcon.foreground' },
};
const NOT_CHECKED_ICON: TreeIcon = { id: 'circle-outline' };
const CHECKING_ICON: TreeIcon = { id: 'loading~spin' };
const STATUS_WORDS: Readonly<Record<ItemStatus, string>> = { pass: 'pass', fail: 'fail', unknown: 'unknown', error: 'error' };

/** The tree's top level: nothing before a profile is chosen (the welcome view shows), else the account node. */
export function complianceTreeNodes(view: ComplianceView | undefined, options: TreeTextOptions = {}): ComplianceNode[] {
  if (!view) return [];
  return [accountNode(view, options.now ?? new Date())];
}

function accountNode(view: ComplianceView, now: Date): ComplianceNode {
  const { scan, running, error } = view;
  const children: ComplianceNode[] = [];
  if (error) {
    children.push({
      id: 'scan-error',
      kind: 'scanError',
      label: 'Last scan failed',
      description: error,
      tooltip: `**Last scan failed**\n\n${md(error)}${scan ? '\n\nThe results below are from the previous scan.' : ''}`,
      icon: { id: 'warning', color: 'problemsWarningIcon.foreground' },
      contextValue: 'complianceScanError',
      expanded: false,
      children: [],
    });
  }
  COMPLIANCE_ITEMS.forEach((item) => children.push(itemNode(item, scan?.items.find((result) => result.id === item.id), isChecking(running, item.id), now)));
  if (scan?.findings) children.push(findingsNode(scan.findings));
  (scan?.notes ?? []).forEach((note, index) =>
    children.push({
      id: `note:${index}`,
      kind: 'note',
      label: note,
      tooltip: md(note),
      icon: { id: 'info' },
      contextValue: 'complianceNote',
      expanded: false,
      children: [],
    }),
  );

  let description: string;
  if (running && !running.items) {
    const progress = running.progress;
    description = progress && progress.total > 0 ? `scanning… ${progress.done}/${progress.total}` : 'scanning…';
  } else if (scan) {
    description = `scanned ${shortTime(scan.startedAt, now)}`;
    if (running) description += ' · re-checking…';
    else if (error) description += ' · last scan failed';
  } else {
    description = error ? 'scan failed' : 'not scanned yet';
  }

  const tooltip = [`**AWS profile** ${md(view.profile)} (session region ${md(view.region)})`];
  if (scan) {
    tooltip.push(`**Account** ${md(scan.account)}`, `**Principal** ${md(scan.principalArn)}`);
    tooltip.push(`**Regions** ${scan.regions.length}: ${scan.regions.map(md).join(', ') || '—'}`);
    tooltip.push(`**Scanned** ${md(fullTime(scan.startedAt))} to ${md(fullTime(scan.finishedAt))} (${formatDuration(scan.durationMs)} of scanning)`);
    const counts = countStatuses(scan.items);
    tooltip.push(`**Result** ${counts.pass} pass, ${counts.fail} fail, ${counts.unknown} unknown, ${counts.error} error`);
  } else {
    tooltip.push('Not scanned yet: use Refresh to scan the account.');
  }
  if (error) tooltip.push(`**Last scan failed** ${md(error)}`);

  return {
    id: 'account',
    kind: 'account',
    label: `${view.profile} · ${scan?.account || 'account not scanned yet'}`,
    description,
    tooltip: tooltip.join('\n\n'),
    icon: running && !running.items ? CHECKING_ICON : scan ? aggregateIcon(scan.items) : error ? STATUS_ICONS.error : { id: 'cloud' },
    contextValue: 'complianceAccount',
    expanded: true,
    children,
  };
}

function isChecking(running: ComplianceView['running'], id: ItemId): boolean {
  return running !== undefined && (running.items === undefined || running.items.includes(id));
}

/** The account's icon: failing if any item fails, then error, unknown, and passing only when all ten pass. */
function aggregateIcon(results: readonly ItemResult[]): TreeIcon {
  const counts = countStatuses(results);
  if (counts.fail > 0) return STATUS_ICONS.fail;
  if (counts.error > 0) return STATUS_ICONS.error;
  if (counts.unknown > 0) return STATUS_ICONS.unknown;
  const allChecked = COMPLIANCE_ITEMS.every((item) => results.some((result) => result.id === item.id));
  return allChecked ? STATUS_ICONS.pass : NOT_CHECKED_ICON;
}

function countStatuses(results: readonly ItemResult[]): Record<ItemStatus, number> {
  const counts: Record<ItemStatus, number> = { pass: 0, fail: 0, unknown: 0, error: 0 };
  for (const result of results) if (result.status in counts) counts[result.status]++;
  return counts;
}

function statusIcon(status: ItemStatus | undefined): TreeIcon {
  return (status && STATUS_ICONS[status]) || NOT_CHECKED_ICON;
}

function itemNode(item: ComplianceItem, result: ItemResult | undefined, checking: boolean, now: Date): ComplianceNode {
  const base = `item:${item.id}`;
  const children: ComplianceNode[] = [];
  (result?.regions ?? []).forEach((region, index) => children.push(regionNode(item, region, `${base}/region:${index}`)));
  (result?.evidence ?? []).forEach((fact, index) => children.push(evidenceNode(item, fact, `${base}/evidence:${index}`)));

  const tooltip = [
    `**${md(item.title)}**${result ? `: ${STATUS_WORDS[result.status] ?? md(result.status)}` : ''}`,
    ...(result ? [md(result.reason)] : []),
    `**Controls** ${item.controls.map(md).join(', ')}`,
    `**Framework** ${md(item.framework)}`,
    `**Checks** ${md(item.rule)}`,
    `**Calls** ${item.calls.map(md).join(', ')}`,
    result ? `**Checked at** ${md(fullTime(result.checkedAt))} (${md(shortTime(result.checkedAt, now))} local; took ${formatDuration(result.durationMs)})` : '**Checked at** not checked yet',
    `**Remediation** runbook cell ${md(item.remediationCell)}`,
  ];
  return {
    id: base,
    kind: 'item',
    label: item.title,
    description: checking ? 'checking…' : result ? result.reason : 'not checked yet',
    tooltip: tooltip.join('\n\n'),
    icon: checking ? CHECKING_ICON : statusIcon(result?.status),
    contextValue: `complianceItem.${result ? result.status : 'notChecked'}`,
    expanded: false,
    children,
    itemId: item.id,
  };
}

function regionNode(item: ComplianceItem, region: RegionResult, id: string): ComplianceNode {
  return {
    id,
    kind: 'region',
    label: region.region,
    description: region.reason,
    tooltip: `**${md(item.title)}** in ${md(region.region)}: ${STATUS_WORDS[region.status] ?? md(region.status)}\n\n${md(region.reason)}`,
    icon: statusIcon(region.status),
    contextValue: `complianceRegion.${region.status}`,
    expanded: false,
    children: (region.evidence ?? []).map((fact, index) => evidenceNode(item, fact, `${id}/evidence:${index}`)),
    itemId: item.id,
  };
}

function evidenceNode(item: ComplianceItem, fact: Evidence, id: string): ComplianceNode {
  return {
    id,
    kind: 'evidence',
    label: fact.label,
    description: fact.value,
    tooltip: `**${md(fact.label)}**: ${md(fact.value)}${fact.status ? ` (${STATUS_WORDS[fact.status] ?? md(fact.status)})` : ''}`,
    icon: fact.status ? statusIcon(fact.status) : { id: 'circle-small' },
    contextValue: 'complianceEvidence',
    expanded: false,
    children: [],
    itemId: item.id,
  };
}

function findingsNode(groups: readonly FindingGroup[]): ComplianceNode {
  const total = groups.reduce((sum, group) => sum + group.findings.length, 0);
  return {
    id: 'findings',
    kind: 'findings',
    label: 'Security Hub failed findings',
    description: total === 0 ? 'none' : `${plural(total, 'finding')} · ${plural(groups.length, 'control')}`,
    tooltip: total === 0 ? 'No failed findings in the regions where Security Hub is enabled.' : `**${plural(total, 'failed finding')}** in ${plural(groups.length, 'control')}, grouped by control.`,
    icon: { id: 'shield' },
    contextValue: 'complianceFindings',
    expanded: false,
    children: groups.map((group, index) => findingGroupNode(group, `findings/group:${index}`)),
  };
}

function findingGroupNode(group: FindingGroup, id: string): ComplianceNode {
  return {
    id,
    kind: 'findingGroup',
    label: group.control,
    description: `${group.findings.length} · ${group.severity}`,
    tooltip: `**${md(group.control)}**: ${plural(group.findings.length, 'failed finding')}, highest severity ${md(group.severity)}`,
    icon: severityIcon(group.severity),
    contextValue: 'complianceFindingGroup',
    expanded: false,
    children: group.findings.map((finding, index) => findingNode(finding, `${id}/finding:${index}`)),
  };
}

function findingNode(finding: FailedFinding, id: string): ComplianceNode {
  const tooltip = [`**${md(finding.title)}**`, `**Severity** ${md(finding.severity)}`, `**Resource** ${md(finding.resource)}`, `**Region** ${md(finding.region)}`];
  if (finding.workflowStatus) tooltip.push(`**Workflow** ${md(finding.workflowStatus)}`);
  return {
    id,
    kind: 'finding',
    label: finding.title,
    description: `${finding.resource} · ${finding.region}`,
    tooltip: tooltip.join('\n\n'),
    icon: severityIcon(finding.severity),
    contextValue: 'complianceFinding',
    expanded: false,
    children: [],
  };
}

function severityIcon(severity: string): TreeIcon {
  switch (String(severity).toUpperCase()) {
    case 'CRITICAL':
    case 'HIGH':
      return { id: 'error', color: 'testing.iconFailed' };
    case 'MEDIUM':
      return { id: 'warning', color: 'problemsWarningIcon.foreground' };
    default:
      return { id: 'info' };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function md(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text.trim() === '' ? '—' : markdownInline(text);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local `HH:MM`, with the date in front when it is not today. */
export function shortTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return 'unknown time';
  const hhmm = `${pad(time.getHours())}:${pad(time.getMinutes())}`;
  const sameDay = time.getFullYear() === now.getFullYear() && time.getMonth() === now.getMonth() && time.getDate() === now.getDate();
  return sameDay ? hhmm : `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${hhmm}`;
}

function fullTime(iso: string): string {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? String(iso) : `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
