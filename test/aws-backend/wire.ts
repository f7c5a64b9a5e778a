/**
 * AWS wire-format facts the proxy needs: which service, region and operation a
 * signed request is for, and how each protocol spells an error.
 *
 * Protocols, as the AWS SDK for JavaScript v3 speaks them:
 * - awsJson1_0/1_1 (CloudTrail, CloudWatch Logs, ...): `POST /`, operation in the
 *   `X-Amz-Target: <ServicePrefix>.<Operation>` header, JSON body. Errors:
 *   `{"__type":"Code","message":"..."}` plus `x-amzn-ErrorType: Code`.
 * - restJson1 (Security Hub, GuardDuty): operation given by method + path. Errors:
 *   the `x-amzn-ErrorType` header names the code; Security Hub's body is
 *   `{"Code":"...","Message":"..."}`.
 * - awsQuery (STS, IAM, ...): form-encoded body with `Action=<Operation>`; XML errors
 *   `<ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error>...`.
 * - ec2: like awsQuery but errors are `<Response><Errors><Error>...</Error></Errors><RequestID>`.
 * - restXml (S3): operation from method, path and sub-resource; errors `<Error><Code>..`.
 *   S3 Control (signed as `s3` too) is told apart by its `/v20180820/` path.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type Protocol = 'json' | 'restJson' | 'query' | 'ec2' | 'restXml' | 'cbor';

export interface AwsRequestInfo {
  /** Signing name from the SigV4 credential scope (`logs`, `cloudtrail`, `securityhub`, `sts`...). */
  service: string;
  /** Region from the SigV4 credential scope. */
  region: string;
  operation: string;
  protocol: Protocol;
  /** Parsed body: JSON object, query parameters, or the raw text for other protocols. */
  body: unknown;
  /** The URL's query parameters (restJson http-query members, e.g. DescribeStandards' `MaxResults`). */
  query: Record<string, string>;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A handler's answer that is already in the wire format (an XML body, or moto's own
 * answer passed on): sent as it is instead of being JSON-encoded.
 */
export class RawAnswer {
  constructor(readonly response: WireResponse) {}
}

/** A handler's answer meaning "nothing to change here": the request goes to moto unchanged. */
export const FORWARD = Symbol('forward the request to moto unchanged');

/** An AWS error the proxy answers itself; rendered per protocol by `errorResponse`. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const DEFAULT_REGION = 'us-east-1';

/**
 * `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/logs/aws4_request, SignedHeaders=..., Signature=...`
 * (or the `X-Amz-Credential` query parameter of a presigned URL).
 */
export function credentialScope(headers: IncomingHttpHeaders, url: URL): { accessKeyId: string; region: string; service: string } | undefined {
  const auth = String(headers.authorization ?? '');
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? url.searchParams.get('X-Amz-Credential') ?? '';
  const [accessKeyId, , region, service] = credential.split('/');
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

/** restJson operations by method and path, for the services whose requests tests look at. */
const REST_ROUTES: Record<string, [method: string, path: RegExp, operation: string][]> = {
  securityhub: [
    ['POST', /^\/findings$/, 'GetFindings'],
    ['POST', /^\/findings\/import$/, 'BatchImportFindings'],
    ['PATCH', /^\/findings\/batchupdate$/, 'BatchUpdateFindings'],
    ['POST', /^\/accounts$/, 'EnableSecurityHub'],
    ['GET', /^\/accounts$/, 'DescribeHub'],
    ['DELETE', /^\/accounts$/, 'DisableSecurityHub'],
    ['POST', /^\/standards\/get$/, 'GetEnabledStandards'],
    ['POST', /^\/standards\/register$/, 'BatchEnableStandards'],
    ['POST', /^\/standards\/deregister$/, 'BatchDisableStandards'],
    ['GET', /^\/standards$/, 'DescribeStandards'],
  ],
  guardduty: [
    ['POST', /^\/detector$/, 'CreateDetector'],
    ['GET', /^\/detector$/, 'ListDetectors'],
    ['GET', /^\/detector\/[^/]+$/, 'GetDetector'],
    ['POST', /^\/detector\/[^/]+$/, 'UpdateDetector'],
    ['DELETE', /^\/detector\/[^/]+$/, 'DeleteDetector'],
  ],
};

/** S3 sub-resources (`?policyStatus`) name the operation: GET ?policyStatus → GetBucketPolicyStatus. */
const S3_SUBRESOURCES: Record<string, string> = {
  policyStatus: 'BucketPolicyStatus',
  policy: 'BucketPolicy',
  publicAccessBlock: 'PublicAccessBlock',
  acl: 'BucketAcl',
  encryption: 'BucketEncryption',
  versioning: 'BucketVersioning',
  logging: 'BucketLogging',
  tagging: 'BucketTagging',
  ownershipControls: 'BucketOwnershipControls',
  location: 'BucketLocation',
};

/**
 * S3 Control (`/v20180820/...`, signed as `s3`). Named by the IAM action, as its SDK
 * operation names (GetPublicAccessBlock...) are the same as the bucket-level ones.
 */
function s3ControlOperation(method: string, url: URL): string {
  const verb = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' }[method];
  if (verb && url.pathname === '/v20180820/configuration/publicAccessBlock') return `${verb}AccountPublicAccessBlock`;
  return `S3Control ${method} ${url.pathname}`;
}

function s3Operation(method: string, url: URL): string {
  if (url.pathname.startsWith('/v20180820/')) return s3ControlOperation(method, url);
  const [bucket, ...key] = url.pathname.split('/').filter(Boolean);
  const q = url.searchParams;
  if (q.has('uploads') && method === 'POST') return 'CreateMultipartUpload';
  if (q.has('uploadId')) {
    if (method === 'PUT') return 'UploadPart';
    return { POST: 'CompleteMultipartUpload', DELETE: 'AbortMultipartUpload', GET: 'ListParts' }[method] ?? `${method} ${url.pathname}`;
  }
  if (q.has('delete') && method === 'POST') return 'DeleteObjects';
  const verb = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head', POST: 'Post' }[method] ?? method;
  for (const [param, name] of Object.entries(S3_SUBRESOURCES)) {
    if (url.searchParams.has(param)) return `${verb}${key.length && param === 'acl' ? 'ObjectAcl' : name}`;
  }
  if (!bucket) return method === 'GET' ? 'ListBuckets' : `${method} /`;
  if (key.length === 0) {
    if (method === 'GET') return url.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return { PUT: 'CreateBucket', DELETE: 'DeleteBucket', HEAD: 'HeadBucket' }[method] ?? `${method} ${url.pathname}`;
  }
  return `${verb}Object`;
}

function parseJson(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Works out what an incoming SDK request is. */
export function identify(method: string, url: URL, headers: IncomingHttpHeaders, rawBody: Buffer): AwsRequestInfo {
  const scope = credentialScope(headers, url);
  const service = scope?.service ?? 'unknown';
  const info = (operation: string, protocol: Protocol, body: unknown): AwsRequestInfo => ({
    service,
    region: scope?.region ?? DEFAULT_REGION,
    operation,
    protocol,
    body,
    query: Object.fromEntries(url.searchParams),
  });
  const text = rawBody.toString('utf8');
  const target = headers['x-amz-target'];
  if (typeof target === 'string' && target.includes('.')) {
    // e.g. `Logs_20140328.StartQuery`, `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`
    return info(target.slice(target.lastIndexOf('.') + 1), 'json', parseJson(text));
  }
  if (String(headers['smithy-protocol'] ?? '') === 'rpc-v2-cbor') {
    // Smithy RPC v2 CBOR: POST /service/<Service>/operation/<Operation>
    const operation = /\/operation\/([^/]+)$/.exec(url.pathname)?.[1] ?? url.pathname;
    return info(operation, 'cbor', `<${rawBody.length} bytes of CBOR>`);
  }
  const contentType = String(headers['content-type'] ?? '');
  const form = contentType.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(text) : url.searchParams;
  const action = form.get('Action');
  if (action) return info(action, service === 'ec2' ? 'ec2' : 'query', Object.fromEntries(form));
  if (service === 's3') return info(s3Operation(method, url), 'restXml', text);
  const route = REST_ROUTES[service]?.find(([m, path]) => m === method && path.test(url.pathname));
  return info(route?.[2] ?? `${method} ${url.pathname}`, 'restJson', parseJson(text));
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** A successful JSON answer in the protocol's content type. */
export function jsonResponse(protocol: Protocol, value: unknown, status = 200): WireResponse {
  return {
    status,
    headers: {
      'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
      'x-amzn-requestid': randomUUID(),
    },
    body: JSON.stringify(value),
  };
}

/** A successful XML answer (query protocols: IAM, STS, EC2). */
export function xmlResponse(body: string, status = 200): WireResponse {
  return { status, headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': randomUUID() }, body };
}

/** Renders an error the way the real service would for this protocol. */
export function errorResponse(protocol: Protocol, error: AwsError): WireResponse {
  const requestId = randomUUID();
  switch (protocol) {
    case 'json':
      return {
        status: error.status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    case 'restJson':
    case 'cbor': // not used by our clients; JSON is the most useful thing to show
      return {
        status: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ Code: error.code, Message: error.message }),
      };
    case 'query':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body:
          `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>` +
          `<Code>${xmlEscape(error.code)}</Code><Message>${xmlEscape(error.message)}</Message></Error>` +
          `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml;charset=UTF-8' },
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(error.code)}</Code>` +
          `<Message>${xmlEscape(error.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'restXml':
      return {
        status: error.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(error.code)}</Code>` +
          `<Message>${xmlEscape(error.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}
