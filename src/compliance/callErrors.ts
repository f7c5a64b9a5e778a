/**
 * What a failed AWS call means for an item: access denied makes it "unknown"
 * (not failed: the identity just cannot see), anything else an "error" with the
 * plain-language description. A cancelled scan is neither: it propagates.
 */
import { describeAwsError } from '../aws/awsErrors';
import type { ItemStatus } from './model';

/** A failed call, tagged with the IAM action and region it was for. */
export class CallError extends Error {
  constructor(
    readonly action: string,
    readonly region: string,
    override readonly cause: unknown,
    readonly timedOutAfterMs?: number,
  ) {
    super(timedOutAfterMs !== undefined ? `${action} in ${region} timed out after ${Math.round(timedOutAfterMs / 1000)} s` : `${action} in ${region} failed`);
    this.name = 'CallError';
  }
}

/** The scan was cancelled by the person (not a timeout). */
export class ScanCancelled extends Error {
  constructor() {
    super('The compliance scan was cancelled.');
    this.name = 'AbortError';
  }
}

export interface ErrorOutcome {
  status: Extract<ItemStatus, 'unknown' | 'error'>;
  reason: string;
}

export function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; message?: string } | undefined;
  const name = e?.name ?? e?.Code ?? '';
  return /AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized|UnauthorizedAccess/i.test(name) || /not authorized to perform/i.test(e?.message ?? '');
}

export function errorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string } | undefined;
  return e?.name ?? e?.Code ?? e?.code ?? '';
}

/** How a failure reads on the item or region it hit. */
export function outcomeOfError(error: unknown, profile?: string): ErrorOutcome {
  if (error instanceof ScanCancelled) throw error;
  if (error instanceof CallError) {
    if (error.timedOutAfterMs !== undefined) return { status: 'error', reason: error.message };
    if (isAccessDenied(error.cause)) return { status: 'unknown', reason: `unknown — access denied (${error.action})` };
    return { status: 'error', reason: describeAwsError(error.cause, { operation: error.action, region: error.region, ...(profile ? { profile } : {}) }) };
  }
  if (isAccessDenied(error)) return { status: 'unknown', reason: 'unknown — access denied' };
  return { status: 'error', reason: `check failed: ${error instanceof Error ? error.message : String(error)}` };
}
