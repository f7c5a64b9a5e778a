/**
 * What a compliance scan produces: plain data, serialisable to JSON (the report
 * export and the tree's cache both store it as is). No SDK and no `vscode` here.
 */

/** pass / fail are decided; unknown = could not be decided (access denied); error = a call failed otherwise. */
export type ItemStatus = 'pass' | 'fail' | 'unknown' | 'error';

export type ItemId =
  | 'cloudtrail'
  | 'config'
  | 'guardduty'
  | 'securityhub'
  | 'access-keys'
  | 'root-mfa'
  | 'root-access-keys'
  | 'password-policy'
  | 's3-public-access'
  | 'vpc-flow-logs';

/** One of the ten checklist items: what it is, which controls it maps to, where it is fixed. */
export interface ComplianceItem {
  id: ItemId;
  /** Short, as the tree shows it ("CloudTrail in all regions"). */
  title: string;
  /**
   * Control ids exactly as runbook cells cite them in their `controls` attribute:
   * `CIS 3.1` (CIS AWS Foundations Benchmark v3.0) and Security Hub ids (`CloudTrail.1`).
   */
  controls: string[];
  /** The benchmark the item belongs to (GuardDuty is AWS FSBP, not CIS). */
  framework: string;
  /** Evaluated per enabled region (items 1–4 and 10) or account-wide. */
  regional: boolean;
  /** What is checked and when it passes, for tooltips and the report. */
  rule: string;
  /** The API calls that decide it (the read-only permissions it needs). */
  calls: string[];
  /** Name of the shipped runbook cell that fixes a failure. */
  remediationCell: string;
}

/** One fact that decided a result: trail names, detector ids, key ages, flags. */
export interface Evidence {
  label: string;
  value: string;
  /** Set when this fact alone passes or fails (e.g. one access key). */
  status?: ItemStatus;
}

export interface RegionResult {
  region: string;
  status: ItemStatus;
  /** One line: why this status. */
  reason: string;
  evidence: Evidence[];
}

export interface ItemResult {
  id: ItemId;
  status: ItemStatus;
  /** One line shown next to the item ("fails in eu-west-1, us-west-2"). */
  reason: string;
  /** Per enabled region, for regional items. */
  regions?: RegionResult[];
  /** Account-wide facts (and, for regional items, facts that span regions). */
  evidence: Evidence[];
  /** ISO time the item was evaluated. */
  checkedAt: string;
  durationMs: number;
}

/** A failed Security Hub finding, as little as the tree and report need. */
export interface FailedFinding {
  region: string;
  title: string;
  severity: string;
  /** The resource it is about (ARN or id). */
  resource: string;
  workflowStatus?: string;
}

/** Failed findings of one control (Compliance.SecurityControlId, else the generator id). */
export interface FindingGroup {
  control: string;
  /** The highest severity among its findings. */
  severity: string;
  findings: FailedFinding[];
}

export interface ScanResult {
  profile: string;
  account: string;
  principalArn: string;
  /** Regions the scan evaluated (enabled regions, or the requested subset). */
  regions: string[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** In catalog order. A re-check of one item replaces that entry. */
  items: ItemResult[];
  /** Failed Security Hub findings grouped by control, from the regions where the hub is on; absent when the hub is off everywhere. */
  findings?: FindingGroup[];
  /** Problems that did not belong to one item (e.g. findings could not be read). */
  notes: string[];
}

export interface ScanProgress {
  done: number;
  total: number;
  /** What just finished ("GuardDuty enabled · eu-west-1"). */
  message: string;
}

export interface ScanOptions {
  /** Evaluate only these regions (those not enabled for the account are skipped with a note). Default: every enabled region. */
  regions?: string[];
  /** Evaluate only these items (a re-check). Default: all ten. */
  items?: ItemId[];
  /** Aborts every call in flight; the scan then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Per AWS call (default 20 s). */
  callTimeoutMs?: number;
  onProgress?: (progress: ScanProgress) => void;
}
