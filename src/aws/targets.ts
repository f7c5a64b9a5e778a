/**
 * The runbook's contract about where it may run: `targets` in the front matter,
 * either a list of account ids or a map of environment → account id(s):
 *
 *   targets:
 *     production: ["111122223333"]
 *     staging: "444455556666"
 */
export interface TargetAccount {
  accountId: string;
  environment?: string;
}

export function readTargets(frontMatter: unknown): TargetAccount[] {
  const targets = (frontMatter as { targets?: unknown } | undefined)?.targets;
  const ids = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null).map((v) => String(v).trim());
  if (targets === undefined || targets === null) return [];
  if (typeof targets === 'object' && !Array.isArray(targets)) {
    return Object.entries(targets as Record<string, unknown>).flatMap(([environment, value]) => ids(value).map((accountId) => ({ accountId, environment })));
  }
  return ids(targets).map((accountId) => ({ accountId }));
}

export type TargetCheck = { allowed: true; target?: TargetAccount } | { allowed: false; message: string };

/** Blocks a run when the runbook names target accounts and the identity's account is not one of them. */
export function checkTargetAccount(frontMatter: unknown, accountId: string, profile: string): TargetCheck {
  const targets = readTargets(frontMatter);
  if (targets.length === 0) return { allowed: true };
  const match = targets.find((target) => target.accountId === accountId);
  if (match) return { allowed: true, target: match };
  const named = targets.map((t) => (t.environment ? `${t.accountId} (${t.environment})` : t.accountId)).join(', ');
  return {
    allowed: false,
    message: `Blocked: this runbook is meant for account ${named}, but profile "${profile}" is account ${accountId}. Choose a profile for a target account, or fix the runbook's targets.`,
  };
}
