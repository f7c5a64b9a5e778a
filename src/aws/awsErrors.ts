/**
 * Turns an error from the AWS SDK or a credential provider into one sentence a
 * person at 3 a.m. can act on. Never includes credential values: only the error's
 * name, the service's own message (which AWS keeps free of secrets) and the
 * context we pass in.
 */
export interface AwsErrorContext {
  profile?: string;
  region?: string;
  /** What we were doing, e.g. "StartQuery on /aws/eks/audit". */
  operation?: string;
  endpoint?: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  cause?: unknown;
}

export function describeAwsError(error: unknown, context: AwsErrorContext = {}): string {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  const name = e.name ?? e.Code ?? e.code ?? 'Error';
  const message = (e.message ?? '').trim();
  const what = context.operation ? `${context.operation}: ` : '';
  const profile = context.profile ? ` (profile "${context.profile}")` : '';

  if (/AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i.test(name) || /not authorized to perform/i.test(message)) {
    const action = /not authorized to perform:?\s*([\w-]+:[\w*]+)/i.exec(message)?.[1];
    return `${what}access denied${profile}${action ? `: the identity lacks permission for ${action}` : ''}. ${message}`.trim();
  }
  if (/ExpiredToken|TokenRefreshRequired|RequestExpired/i.test(name) || /token (?:included in the request )?(?:is )?expired/i.test(message)) {
    return `${what}the credentials${profile} have expired. Refresh them (for SSO: aws sso login --profile ${context.profile ?? '<profile>'}) and run again.`;
  }
  if (/SSO|sso/.test(message) && /token|session|login/i.test(message)) {
    return `${what}the SSO session${profile} is missing or expired. Run: aws sso login --profile ${context.profile ?? '<profile>'}`;
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential_process|Profile .* could not be found|no credentials/i.test(message)) {
    return `${what}could not load credentials${profile}: ${message || name}`;
  }
  if (/InvalidClientTokenId|UnrecognizedClientException|InvalidAccessKeyId|SignatureDoesNotMatch/i.test(name)) {
    const regionHint = context.region ? ` If the keys are valid, the region ${context.region} may not be enabled for this account.` : '';
    return `${what}AWS did not accept the credentials${profile} (${name}).${regionHint}`;
  }
  if (/OptInRequired|RegionDisabled/i.test(name)) {
    return `${what}the region ${context.region ?? ''} is not enabled for this account (${name}).`.replace('  ', ' ');
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|LimitExceeded/i.test(name)) {
    return `${what}AWS is throttling requests (${name}); retried with backoff and still throttled. Wait a moment and run again.`;
  }
  if (name === 'ResourceNotFoundException' || /NotFound|NoSuch/i.test(name)) {
    return `${what}not found: ${message || name}`;
  }
  const network = networkCode(e);
  if (network) {
    const where = context.endpoint ?? (context.region ? `AWS in ${context.region}` : 'AWS');
    return `${what}could not reach ${where} (${network}). Check the network, a proxy or VPN, and the profile's endpoint_url.`;
  }
  if (name === 'AbortError') return `${what}cancelled.`;
  const status = e.$metadata?.httpStatusCode;
  return `${what}${name}${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}`;
}

function networkCode(e: ErrorLike): string | undefined {
  const codes = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError'];
  let current: ErrorLike | undefined = e;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = current.code ?? current.name;
    if (code && codes.includes(code)) return code;
    current = typeof current.cause === 'object' && current.cause !== null ? (current.cause as ErrorLike) : undefined;
  }
  return undefined;
}
