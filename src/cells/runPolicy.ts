import type { Risk } from '../runbook/risk';

/** Where and how a cell is about to run. */
export interface PolicyInput {
  risk: Risk;
  /** Part of Run All (or another multi-cell run), rather than run on its own. */
  batch: boolean;
  /** The identity's account or the profile is marked production. */
  production: boolean;
  /** The profile is in read-only mode. */
  readOnly: boolean;
  profile?: string;
}

export type PolicyDecision =
  | { action: 'run' }
  | { action: 'refuse'; message: string }
  | { action: 'skip'; message: string }
  /** Ask before running: a modal naming account, region, principal and the exact command. */
  | { action: 'confirm'; production: boolean }
  /** Production and destructive: the person types the account id. */
  | { action: 'confirmByTypingAccount' };

/**
 * The guardrails, in one place: read-only mode refuses every non-read cell; Run
 * All never runs a destructive cell and asks before each mutating one; against
 * production, mutating cells need a confirmation and destructive ones need the
 * account id typed. Read cells always run.
 */
export function decideRun(input: PolicyInput): PolicyDecision {
  if (input.risk === 'read') return { action: 'run' };
  if (input.readOnly) {
    return {
      action: 'refuse',
      message: `Not run: profile "${input.profile ?? ''}" is in read-only mode and this cell is ${input.risk}. Read-only mode runs read cells only (setting securityRunbooks.readOnlyProfiles).`,
    };
  }
  if (input.risk === 'destructive') {
    if (input.batch) {
      return { action: 'skip', message: 'Skipped by Run All: destructive cells never run as part of Run All. Review it, then run it on its own with its ▷ button.' };
    }
    return input.production ? { action: 'confirmByTypingAccount' } : { action: 'confirm', production: false };
  }
  if (input.production) return { action: 'confirm', production: true };
  return input.batch ? { action: 'confirm', production: false } : { action: 'run' };
}

/** Whether an account/profile is production: settings, or a production environment in the runbook's targets. */
export function isProductionTarget(input: {
  profile: string;
  accountId: string;
  productionProfiles: readonly string[];
  productionAccounts: readonly string[];
  /** The environment the runbook's `targets` assign to this account, if any. */
  targetEnvironment?: string;
  /** Environments the runbook's front matter marks as production (`productionEnvironments`). */
  productionEnvironments: readonly string[];
}): boolean {
  if (input.productionProfiles.includes(input.profile)) return true;
  if (input.productionAccounts.includes(input.accountId)) return true;
  const environment = input.targetEnvironment;
  if (!environment) return false;
  return input.productionEnvironments.includes(environment) || /^prod(uction)?$/i.test(environment);
}
