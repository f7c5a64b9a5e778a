/**
 * The backend's controls over HTTP, for code that runs in another process than
 * the one that started it (e.g. integration tests inside the VS Code extension
 * host, given the endpoint through an environment variable).
 */
import type { SeedEvent } from './cloudTrail';
import type { ComplianceSeedSummary } from './complianceSeed';
import type { DemoAccountSummary } from './demoAccount';
import type { FaultKind } from './faults';
import type { RecordedRequest, RootAccount } from './proxy';
import type { DemoSummary } from './seed';

async function call<T>(endpoint: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${endpoint}/_backend/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`AWS test backend ${method} /_backend/${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const backendControl = {
  reset: (endpoint: string) => call<void>(endpoint, 'POST', 'reset'),
  requests: (endpoint: string) => call<RecordedRequest[]>(endpoint, 'GET', 'requests'),
  clearRequests: (endpoint: string) => call<void>(endpoint, 'POST', 'requests/clear'),
  seedCloudTrailEvents: (endpoint: string, region: string, events: SeedEvent[]) => call<{ seeded: number }>(endpoint, 'POST', 'cloudtrail/events', { region, events }),
  setFault: (endpoint: string, op: string, fault: FaultKind | null) => call<void>(endpoint, 'POST', 'fault', { op, fault }),
  seedIncidentDemo: (endpoint: string, region = 'us-east-1') => call<DemoSummary>(endpoint, 'POST', 'seed/incident-demo', { region }),
  setEnabledRegions: (endpoint: string, regions: string[] | null) => call<void>(endpoint, 'POST', 'regions', { enabled: regions }),
  setRootAccount: (endpoint: string, root: RootAccount) => call<void>(endpoint, 'POST', 'iam/root', root),
  backdateAccessKey: (endpoint: string, userName: string, key: 1 | 2, daysAgo: number) => call<void>(endpoint, 'POST', 'iam/access-key-age', { userName, key, daysAgo }),
  seedCompliantAccount: (endpoint: string, regions: string[]) => call<ComplianceSeedSummary>(endpoint, 'POST', 'seed/compliant-account', { regions }),
  seedNonCompliantAccount: (endpoint: string, regions: string[]) => call<ComplianceSeedSummary>(endpoint, 'POST', 'seed/noncompliant-account', { regions }),
  /** The `npm start` demo account (demoAccount.ts); regions default to us-east-1, eu-west-1, us-west-2. */
  seedDemoAccount: (endpoint: string, regions?: string[]) => call<DemoAccountSummary>(endpoint, 'POST', 'seed/demo-account', regions ? { regions } : {}),
};
