/**
 * Injected faults: make one operation answer the error real AWS gives when the
 * caller lacks permission, is throttled, or holds expired session credentials,
 * so every error path of the extension can be driven through the real SDK.
 */
import { AwsError, type AwsRequestInfo, type Protocol } from './wire';

export type FaultKind = 'AccessDenied' | 'Throttling' | 'ExpiredToken';

export const FAULT_KINDS: readonly FaultKind[] = ['AccessDenied', 'Throttling', 'ExpiredToken'];

/** The IAM principal named in AccessDenied messages (moto's default account). */
export const DENIED_PRINCIPAL = 'arn:aws:iam::123456789012:user/runbook-operator';

/** IAM action prefixes that differ from the SigV4 signing name. */
const IAM_PREFIX: Record<string, string> = { monitoring: 'cloudwatch', email: 'ses' };

interface ErrorSpelling {
  code: string;
  status: number;
}

/**
 * How each protocol spells each fault. JSON services answer 400 for all three (e.g.
 * `{"__type":"AccessDeniedException",...}` from CloudWatch Logs); query services
 * (IAM, STS) use codes without the `Exception` suffix; EC2 and S3 have their own codes.
 */
const SPELLINGS: Record<FaultKind, Record<Protocol, ErrorSpelling>> = {
  AccessDenied: {
    json: { code: 'AccessDeniedException', status: 400 },
    restJson: { code: 'AccessDeniedException', status: 403 },
    cbor: { code: 'AccessDeniedException', status: 400 },
    query: { code: 'AccessDenied', status: 403 },
    ec2: { code: 'UnauthorizedOperation', status: 403 },
    restXml: { code: 'AccessDenied', status: 403 },
  },
  Throttling: {
    json: { code: 'ThrottlingException', status: 400 },
    restJson: { code: 'ThrottlingException', status: 429 },
    cbor: { code: 'ThrottlingException', status: 400 },
    query: { code: 'Throttling', status: 400 },
    ec2: { code: 'RequestLimitExceeded', status: 503 },
    restXml: { code: 'SlowDown', status: 503 },
  },
  ExpiredToken: {
    json: { code: 'ExpiredTokenException', status: 400 },
    restJson: { code: 'ExpiredTokenException', status: 403 },
    cbor: { code: 'ExpiredTokenException', status: 400 },
    query: { code: 'ExpiredToken', status: 403 },
    ec2: { code: 'RequestExpired', status: 400 },
    restXml: { code: 'ExpiredToken', status: 400 },
  },
};

function message(kind: FaultKind, request: AwsRequestInfo): string {
  const action = `${IAM_PREFIX[request.service] ?? request.service}:${request.operation}`;
  switch (kind) {
    case 'AccessDenied': {
      const denied = `User: ${DENIED_PRINCIPAL} is not authorized to perform: ${action} on resource: arn:aws:${request.service}:${request.region}:123456789012:* because no identity-based policy allows the ${action} action`;
      if (request.protocol === 'ec2') return `You are not authorized to perform this operation. ${denied}`;
      return request.protocol === 'restXml' ? 'Access Denied' : denied;
    }
    case 'Throttling':
      if (request.protocol === 'ec2') return 'Request limit exceeded.';
      return request.protocol === 'restXml' ? 'Please reduce your request rate.' : 'Rate exceeded';
    case 'ExpiredToken':
      if (request.protocol === 'ec2') return 'Request has expired.';
      return request.protocol === 'restXml' ? 'The provided token has expired.' : 'The security token included in the request is expired';
  }
}

/**
 * Faults by operation. A key is an operation name (`StartQuery`), a qualified one
 * (`logs:StartQuery`) or a whole service (`s3:*`).
 */
export class FaultTable {
  private readonly faults = new Map<string, FaultKind>();

  set(op: string, fault: FaultKind | null): void {
    if (fault === null) this.faults.delete(op);
    else if (!FAULT_KINDS.includes(fault)) throw new Error(`unknown fault ${JSON.stringify(fault)}; expected one of ${FAULT_KINDS.join(', ')}`);
    else this.faults.set(op, fault);
  }

  clear(): void {
    this.faults.clear();
  }

  /** The error to answer instead of the operation, if a fault is set for it. */
  errorFor(request: AwsRequestInfo): AwsError | undefined {
    const kind =
      this.faults.get(`${request.service}:${request.operation}`) ?? this.faults.get(request.operation) ?? this.faults.get(`${request.service}:*`);
    if (!kind) return undefined;
    const spelling = SPELLINGS[kind][request.protocol];
    return new AwsError(spelling.code, message(kind, request), spelling.status);
  }
}
