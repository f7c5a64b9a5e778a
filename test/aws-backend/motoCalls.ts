/**
 * Calls the proxy makes to moto on behalf of a request it answers itself (e.g.
 * StartQuery reads the log events through FilterLogEvents).
 *
 * moto does not verify signatures, but it does read the SigV4 credential scope to
 * pick the region and the access key to pick the account. So these calls reuse the
 * caller's `Authorization` header, rewritten only where the service differs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError, type WireResponse } from './wire';

export interface MotoAnswer {
  status: number;
  json: Record<string, unknown>;
}

export class MotoCaller {
  constructor(
    private readonly motoUrl: string,
    private readonly incoming: IncomingHttpHeaders,
  ) {}

  /** The caller's credentials; `service` replaces the signing name in the scope (moto routes by it). */
  private authHeaders(service?: string): Record<string, string> {
    const headers: Record<string, string> = {};
    const authorization = this.incoming.authorization ? String(this.incoming.authorization) : undefined;
    if (authorization) headers.authorization = service ? authorization.replace(/(Credential=[^/]+\/[^/]+\/[^/]+\/)[^/]+/, `$1${service}`) : authorization;
    if (this.incoming['x-amz-security-token']) headers['x-amz-security-token'] = String(this.incoming['x-amz-security-token']);
    if (this.incoming['x-amz-date']) headers['x-amz-date'] = String(this.incoming['x-amz-date']);
    return headers;
  }

  private async request(method: string, path: string, headers: Record<string, string>, body?: string, service?: string): Promise<Response> {
    return fetch(`${this.motoUrl}${path}`, { method, headers: { ...this.authHeaders(service), ...headers }, body });
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<MotoAnswer> {
    const response = await this.request(method, path, headers, body);
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { __type: 'InternalFailure', message: `moto answered HTTP ${response.status} with a non-JSON body: ${text.slice(0, 200)}` };
    }
    return { status: response.status, json };
  }

  /** An awsJson1_1 call, e.g. `json('Logs_20140328.FilterLogEvents', {...})`. */
  async json(target: string, body: unknown): Promise<Record<string, unknown>> {
    const answer = await this.send('POST', '/', { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' }, JSON.stringify(body));
    if (answer.status >= 300) throw toAwsError(answer);
    return answer.json;
  }

  /** A restJson1 call, e.g. `restJson('POST', '/findings', {...})`. */
  async restJson(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const answer = await this.send(method, path, { 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
    if (answer.status >= 300) throw toAwsError(answer);
    return answer.json;
  }

  /**
   * An awsQuery or EC2 call with these form parameters (e.g. the caller's own, to read
   * moto's answer before rewriting it). moto's answer as it came: XML, or an XML error.
   * `service` signs it for another service than the caller's (e.g. `sts`).
   */
  async query(params: Record<string, string>, service?: string): Promise<WireResponse> {
    const form = new URLSearchParams(params).toString();
    const response = await this.request('POST', '/', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, form, service);
    const headers: Record<string, string> = { 'content-type': response.headers.get('content-type') ?? 'text/xml' };
    const requestId = response.headers.get('x-amzn-requestid');
    if (requestId) headers['x-amzn-requestid'] = requestId;
    return { status: response.status, headers, body: await response.text() };
  }
}

/** moto's own error (e.g. ResourceNotFoundException), to be passed on unchanged. */
function toAwsError(answer: MotoAnswer): AwsError {
  const code = String(answer.json.__type ?? answer.json.Code ?? answer.json.code ?? 'InternalFailure');
  const message = String(answer.json.message ?? answer.json.Message ?? `moto answered HTTP ${answer.status}`);
  return new AwsError(code.split('#').pop() ?? code, message, answer.status);
}
