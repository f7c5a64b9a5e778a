import type { AwsSession, CallerIdentity } from '../aws/awsSession';
import { ServiceClients } from '../aws/serviceClients';
import type { ScanOptions, ScanResult } from './model';
import { scanCompliance } from './scan';

/**
 * The compliance scan as a session's profile: identity from STS (unless the caller
 * already asked), then the items over the enabled regions, with SDK clients that are
 * closed when the scan ends. The Compliance view and `security-runbooks scan` both use it.
 */
export async function runComplianceScan(session: AwsSession, options: ScanOptions = {}, knownIdentity?: CallerIdentity): Promise<ScanResult> {
  const identity = knownIdentity ?? (await session.identity());
  const clients = new ServiceClients((region) => ({ ...session.clientConfig(), region }));
  try {
    return await scanCompliance(clients, { account: identity.account, arn: identity.arn, profile: session.profile.name, homeRegion: session.region }, options);
  } finally {
    clients.destroy();
  }
}
