/**
 * What every check gets: the account, the regions to evaluate, and `call`, the one
 * way to reach AWS — bounded per service, with a timeout per call, cancellable, and
 * tagging failures with the IAM action so "access denied (guardduty:ListDetectors)"
 * can be said. Account-wide data several items read (the credential report, the
 * account summary) is fetched once per scan.
 */
import type { ClientProvider, ServiceClientMap, ServiceName } from '../aws/serviceClients';
import { CallError, ScanCancelled } from './callErrors';
import { ConcurrencyLimit } from './concurrencyLimit';

export interface CallOptions {
  abortSignal: AbortSignal;
}

export interface ScanContext {
  account: string;
  profile?: string;
  /** The regions evaluated. */
  regions: string[];
  /** Where account-wide services (IAM, S3 Control, EC2 DescribeRegions) are called. */
  homeRegion: string;
  now: Date;
  /** One AWS call. `action` is its IAM action (`guardduty:ListDetectors`). */
  call<S extends ServiceName, T>(service: S, region: string, action: string, send: (client: ServiceClientMap[S], options: CallOptions) => Promise<T>): Promise<T>;
  /** Runs `load` once per scan for `key`; later callers share the promise. */
  shared<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/**
 * Concurrent calls allowed per service and region (AWS rate-limits each region's
 * endpoint separately); IAM, S3 and S3 Control are account-wide, so one limit each.
 */
const SERVICE_CONCURRENCY: Record<ServiceName, number> = {
  cloudtrail: 4,
  config: 4,
  ec2: 5,
  guardduty: 4,
  iam: 4,
  s3: 8,
  s3control: 2,
  securityhub: 4,
};

const ACCOUNT_WIDE = new Set<ServiceName>(['iam', 's3', 's3control']);

export const DEFAULT_CALL_TIMEOUT_MS = 20_000;

export interface ScanContextOptions {
  clients: ClientProvider;
  account: string;
  profile?: string;
  regions: string[];
  homeRegion: string;
  signal?: AbortSignal;
  callTimeoutMs?: number;
  now?: Date;
}

export function createScanContext(options: ScanContextOptions): ScanContext {
  const limits = new Map<string, ConcurrencyLimit>();
  const memo = new Map<string, Promise<unknown>>();
  const timeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const cancelled = options.signal;

  const limitFor = (service: ServiceName, region: string) => {
    const key = ACCOUNT_WIDE.has(service) ? service : `${service}/${region}`;
    let limit = limits.get(key);
    if (!limit) limits.set(key, (limit = new ConcurrencyLimit(SERVICE_CONCURRENCY[service])));
    return limit;
  };

  return {
    account: options.account,
    ...(options.profile ? { profile: options.profile } : {}),
    regions: options.regions,
    homeRegion: options.homeRegion,
    now: options.now ?? new Date(),
    call(service, region, action, send) {
      return limitFor(service, region).run(async () => {
        if (cancelled?.aborted) throw new ScanCancelled();
        const timeout = AbortSignal.timeout(timeoutMs);
        const abortSignal = cancelled ? AbortSignal.any([cancelled, timeout]) : timeout;
        try {
          return await send(options.clients.get(service, region), { abortSignal });
        } catch (error) {
          if (cancelled?.aborted) throw new ScanCancelled();
          if (timeout.aborted) throw new CallError(action, region, error, timeoutMs);
          throw new CallError(action, region, error);
        }
      });
    },
    shared<T>(key: string, load: () => Promise<T>): Promise<T> {
      let promise = memo.get(key) as Promise<T> | undefined;
      if (!promise) memo.set(key, (promise = load()));
      return promise;
    },
  };
}
