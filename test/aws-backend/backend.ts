/**
 * The AWS test backend: moto server behind the proxy in `proxy.ts`. Point any AWS
 * SDK client (or the AWS CLI) at `endpoint`; see README.md.
 *
 *   const backend = await startAwsBackend();
 *   const logs = new CloudWatchLogsClient({ endpoint: backend.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
 *   ...
 *   await backend.reset();   // between tests
 *   await backend.stop();    // after the suite
 */
import type { SeedEvent } from './cloudTrail';
import type { FaultKind } from './faults';
import { startMoto } from './moto';
import { startProxy, type RecordedRequest, type RootAccount } from './proxy';

export type { SeedEvent } from './cloudTrail';
export type { FaultKind } from './faults';
export type { RecordedRequest, RootAccount } from './proxy';

export interface AwsBackend {
  /** `http://127.0.0.1:PORT` of the proxy: the only address clients should use. */
  endpoint: string;
  /** moto itself, for diagnostics (requests sent there bypass recording, faults and the gap answers). */
  motoUrl: string;
  /** Wipes moto and clears all the proxy's state: recorded requests, CloudTrail events, queries, faults, regions, root, key ages, standards. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  /** AWS operations the proxy saw since the last reset, oldest first. */
  requests(): RecordedRequest[];
  /** Forgets recorded requests without touching any other state. */
  clearRequests(): void;
  /** Adds CloudTrail event history for LookupEvents in `region`. */
  seedCloudTrailEvents(region: string, events: SeedEvent[]): void;
  /** Makes `op` (`StartQuery`, `logs:StartQuery` or `s3:*`) answer the given AWS error; null clears it. */
  setFault(op: string, fault: FaultKind | null): void;
  /**
   * The account's enabled regions: EC2 DescribeRegions lists only these (`opt-in-not-required`,
   * or `opted-in` for moto's opt-in regions), and with AllRegions=true every other region
   * `not-opted-in`. null: moto's own answer (38 regions, 14 not opted in).
   */
  setEnabledRegions(regions: string[] | null): void;
  /**
   * The root user's MFA and access keys: GetAccountSummary's AccountMFAEnabled /
   * AccountAccessKeysPresent and the credential report's `<root_account>` row. Merges;
   * unset facts stay false (moto's 0).
   */
  setRootAccount(root: RootAccount): void;
  /** Makes `userName`'s access key 1 or 2 last rotated `daysAgo` days before now in the credential report (only there). */
  backdateAccessKey(userName: string, key: 1 | 2, daysAgo: number): void;
  /** Delays every AWS answer by `ms`, like a network round trip to AWS (benchmarks); reset sets 0. */
  setLatency(ms: number): void;
}

export async function startAwsBackend(): Promise<AwsBackend> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const moto = await startMoto();
  let proxy;
  try {
    proxy = await startProxy(moto.url, () => moto.reset());
  } catch (error) {
    await moto.stop();
    throw error;
  }
  const { endpoint, reset, requests, clearRequests, seedCloudTrailEvents, setFault, setEnabledRegions, setRootAccount, backdateAccessKey, setLatency } = proxy;
  const close = proxy.close;
  return {
    endpoint,
    motoUrl: moto.url,
    reset,
    requests,
    clearRequests,
    seedCloudTrailEvents,
    setFault,
    setEnabledRegions,
    setLatency,
    setRootAccount,
    backdateAccessKey,
    async stop() {
      await close();
      await moto.stop();
    },
  };
}
