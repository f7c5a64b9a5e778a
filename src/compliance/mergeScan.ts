/**
 * Folding a re-check (a scan of some items) into the scan it re-checks.
 *
 * Pure: no `vscode`, no I/O.
 */
import { COMPLIANCE_ITEMS } from './catalog';
import type { ItemResult, ScanResult } from './model';

/**
 * The previous scan with the re-checked items replaced, in catalog order.
 *
 * - Identity (profile, account, principal) comes from the re-check, the newer word.
 *   When the re-check is of another account, nothing of the previous scan describes
 *   it: the re-check is returned as it is.
 * - `regions` is the union (previous first): the merged items were evaluated over them.
 * - `startedAt` is the earlier start (the oldest result shown), `finishedAt` the later
 *   end, and `durationMs` the time spent scanning in both passes (not the wall-clock
 *   span between them).
 * - `findings` come from the re-check when it read them; a re-check of Security Hub
 *   that did not (the hub is now off everywhere) drops them; otherwise they stay.
 * - `notes` of both, each once.
 */
export function mergeRecheck(previous: ScanResult, recheck: ScanResult): ScanResult {
  if (previous.account !== recheck.account) return recheck;
  const items: ItemResult[] = [];
  for (const { id } of COMPLIANCE_ITEMS) {
    const result = recheck.items.find((item) => item.id === id) ?? previous.items.find((item) => item.id === id);
    if (result) items.push(result);
  }
  // Results the catalog does not know (a cache from another version) are kept after the known ones.
  for (const result of [...previous.items, ...recheck.items]) {
    if (!COMPLIANCE_ITEMS.some((item) => item.id === result.id) && !items.some((item) => item.id === result.id)) {
      items.push(recheck.items.find((item) => item.id === result.id) ?? result);
    }
  }
  const rechecksHub = recheck.items.some((item) => item.id === 'securityhub');
  const findings = recheck.findings ?? (rechecksHub ? undefined : previous.findings);
  return {
    profile: recheck.profile,
    account: recheck.account,
    principalArn: recheck.principalArn,
    regions: [...new Set([...previous.regions, ...recheck.regions])],
    startedAt: earlier(previous.startedAt, recheck.startedAt),
    finishedAt: later(previous.finishedAt, recheck.finishedAt),
    durationMs: previous.durationMs + recheck.durationMs,
    items,
    ...(findings ? { findings } : {}),
    notes: [...new Set([...previous.notes, ...recheck.notes])],
  };
}

function earlier(a: string, b: string): string {
  return Date.parse(b) < Date.parse(a) ? b : a;
}

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
