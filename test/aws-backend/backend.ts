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
import { startProxy, type RecordedRequest } from './proxy';

export type { SeedEvent } from './cloudTrail';
export type { FaultKind } from './faults';
export type { RecordedRequest } from './proxy';

export interface AwsBackend {
  /** `http://127.0.0.1:PORT` of the proxy: the only address clients should use. */
  endpoint: string;
  /** moto itself, for diagnostics (requests sent there bypass recording, faults and the gap answers). */
  motoUrl: string;
  /** Wipes moto and clears the proxy's recorded requests, CloudTrail events, queries and faults. */
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
  const { endpoint, reset, requests, clearRequests, seedCloudTrailEvents, setFault } = proxy;
  const close = proxy.close;
  return {
    endpoint,
    motoUrl: moto.url,
    reset,
    requests,
    clearRequests,
    seedCloudTrailEvents,
    setFault,
    async stop() {
      await close();
      await moto.stop();
    },
  };
}
