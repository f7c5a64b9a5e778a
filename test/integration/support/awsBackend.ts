/** Talks to the AWS test backend (test/aws-backend) that the test runner started, over its HTTP control endpoints. */
export const SEEDED_ACCESS_KEY_ID = 'AKIASEEDEDHOSTKEY001';
export const SEEDED_SECRET_ACCESS_KEY = 'host/seeded/secret-value/0001/never-shown';

export function backendEndpoint(): string {
  const endpoint = process.env.SECURITY_RUNBOOKS_AWS_ENDPOINT;
  if (!endpoint) throw new Error('SECURITY_RUNBOOKS_AWS_ENDPOINT is not set: the test runner starts the AWS backend');
  return endpoint;
}

export interface RecordedRequest {
  service: string;
  operation: string;
  region?: string;
  body?: unknown;
}

export async function recordedRequests(): Promise<RecordedRequest[]> {
  const response = await fetch(`${backendEndpoint()}/_backend/requests`);
  return (await response.json()) as RecordedRequest[];
}

export async function setFault(operation: string, fault: 'AccessDenied' | 'Throttling' | 'ExpiredToken' | null): Promise<void> {
  const response = await fetch(`${backendEndpoint()}/_backend/fault`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ operation, fault }),
  });
  if (!response.ok) throw new Error(`setting a fault failed: ${response.status} ${await response.text()}`);
}
