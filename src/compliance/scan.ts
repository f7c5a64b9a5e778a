/**
 * The compliance scan: the enabled regions, then every requested item at once
 * (each check fans out over the regions; a per-service limit keeps the burst under
 * AWS's rate limits), then the failed Security Hub findings. A check never stops
 * the scan: access denied makes its item unknown, other failures an error. Only a
 * cancellation ends the scan early.
 */
import type { ClientProvider } from '../aws/serviceClients';
import { ITEM_IDS, complianceItem } from './catalog';
import { outcomeOfError, ScanCancelled } from './callErrors';
import type { Check } from './checkOutcome';
import { checkAccessKeys } from './checks/accessKeys';
import { checkCloudTrail } from './checks/cloudTrail';
import { checkConfigRecorder } from './checks/configRecorder';
import { checkGuardDuty } from './checks/guardDuty';
import { checkPasswordPolicy } from './checks/passwordPolicy';
import { checkRootAccessKeys, checkRootMfa } from './checks/rootAccount';
import { checkS3PublicAccess } from './checks/s3PublicAccess';
import { checkSecurityHub } from './checks/securityHub';
import { checkVpcFlowLogs } from './checks/vpcFlowLogs';
import { enabledRegions } from './enabledRegions';
import type { ItemId, ItemResult, ScanOptions, ScanResult } from './model';
import { createScanContext, type ScanContext } from './scanContext';
import { failedFindings } from './securityHubFindings';

export const CHECKS: Record<ItemId, Check> = {
  cloudtrail: checkCloudTrail,
  config: checkConfigRecorder,
  guardduty: checkGuardDuty,
  securityhub: checkSecurityHub,
  'access-keys': checkAccessKeys,
  'root-mfa': checkRootMfa,
  'root-access-keys': checkRootAccessKeys,
  'password-policy': checkPasswordPolicy,
  's3-public-access': checkS3PublicAccess,
  'vpc-flow-logs': checkVpcFlowLogs,
};

export interface ScanIdentity {
  account: string;
  arn: string;
  profile: string;
  /** The session's region: where account-wide services are called. */
  homeRegion: string;
}

async function runCheck(id: ItemId, context: ScanContext): Promise<ItemResult> {
  const started = Date.now();
  const checkedAt = new Date().toISOString();
  try {
    const outcome = await CHECKS[id](context);
    return { id, ...outcome, checkedAt, durationMs: Date.now() - started };
  } catch (error) {
    if (error instanceof ScanCancelled) throw error;
    return { id, ...outcomeOfError(error, context.profile), evidence: [], checkedAt, durationMs: Date.now() - started };
  }
}

export async function scanCompliance(clients: ClientProvider, identity: ScanIdentity, options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = new Date();
  const notes: string[] = [];
  const context = createScanContext({
    clients,
    account: identity.account,
    profile: identity.profile,
    regions: [],
    homeRegion: identity.homeRegion,
    now: startedAt,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
  });
  const ids = options.items && options.items.length > 0 ? ITEM_IDS.filter((id) => options.items!.includes(id)) : [...ITEM_IDS];
  const needsRegions = ids.some((id) => complianceItem(id).regional);
  context.regions = needsRegions ? await enabledRegions(context, options.regions, notes) : (options.regions ?? []);

  const withFindings = ids.includes('securityhub');
  const total = ids.length + (withFindings ? 1 : 0);
  let done = 0;
  const progress = (message: string) => options.onProgress?.({ done: ++done, total, message });

  const items = await Promise.all(
    ids.map(async (id) => {
      const result = await runCheck(id, context);
      progress(complianceItem(id).title);
      return result;
    }),
  );
  let findings;
  if (withFindings) {
    findings = await failedFindings(context, notes);
    progress('Security Hub findings');
  }
  if (options.signal?.aborted) throw new ScanCancelled();
  const finishedAt = new Date();
  return {
    profile: identity.profile,
    account: identity.account,
    principalArn: identity.arn,
    regions: context.regions,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    items,
    ...(findings ? { findings } : {}),
    notes,
  };
}
