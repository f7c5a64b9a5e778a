/**
 * The shape every check returns, and how per-region results add up to an item's
 * status: any failing region fails the item (that much is known even if another
 * region could not be read); otherwise an error or an unknown region makes the item
 * error or unknown; only all-pass passes.
 */
import { outcomeOfError } from './callErrors';
import type { Evidence, ItemStatus, RegionResult } from './model';
import type { ScanContext } from './scanContext';

export interface CheckOutcome {
  status: ItemStatus;
  reason: string;
  regions?: RegionResult[];
  evidence: Evidence[];
}

export type Check = (context: ScanContext) => Promise<CheckOutcome>;

const PRECEDENCE: ItemStatus[] = ['fail', 'error', 'unknown', 'pass'];

export function combinedStatus(statuses: ItemStatus[]): ItemStatus {
  for (const status of PRECEDENCE) if (statuses.includes(status)) return status;
  return 'pass';
}

/** Evaluates `evaluate` in every region of the scan at once; a failure in one region is that region's result only. */
export async function perRegion(context: ScanContext, evaluate: (region: string) => Promise<Omit<RegionResult, 'region'>>): Promise<RegionResult[]> {
  return Promise.all(
    context.regions.map(async (region): Promise<RegionResult> => {
      try {
        return { region, ...(await evaluate(region)) };
      } catch (error) {
        return { region, ...outcomeOfError(error, context.profile), evidence: [] };
      }
    }),
  );
}

/** An item's status and one-line reason from its regions: "fails in eu-west-1, us-west-2: <first reason>". */
export function regionalOutcome(regions: RegionResult[], passReason: string, evidence: Evidence[] = []): CheckOutcome {
  // Nothing checked proves nothing: no region of the scan is enabled for the account.
  if (regions.length === 0) return { status: 'unknown', reason: 'no region was checked (none of the requested regions is enabled for the account)', regions, evidence };
  const status = combinedStatus(regions.map((r) => r.status));
  if (status === 'pass') return { status, reason: passReason, regions, evidence };
  const affected = regions.filter((r) => r.status === status);
  const verb = status === 'fail' ? 'fails' : status === 'error' ? 'could not be checked' : 'unknown';
  const names = affected.length === regions.length && regions.length > 1 ? `all ${regions.length} regions` : affected.map((r) => r.region).join(', ');
  const why = reasonsByRegion(affected);
  return { status, reason: `${verb} in ${names}: ${why}`, regions, evidence };
}

/** "no detector" when all agree; else each reason with its regions (or their count), most common first. */
function reasonsByRegion(affected: RegionResult[]): string {
  const groups = new Map<string, string[]>();
  for (const region of affected) groups.set(region.reason, [...(groups.get(region.reason) ?? []), region.region]);
  if (groups.size === 1) return affected[0]!.reason;
  return [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([reason, regions]) => `${reason} (${regions.length > 3 ? `${regions.length} regions` : regions.join(', ')})`)
    .join('; ');
}

/** An account-wide item whose one call failed. */
export function failedOutcome(error: unknown, context: ScanContext): CheckOutcome {
  return { ...outcomeOfError(error, context.profile), evidence: [] };
}
