/**
 * Calls the proxy makes to moto on behalf of a request it answers itself (e.g.
 * StartQuery reads the log events through FilterLogEvents).
 *
 * moto does not verify signatures, but it does read the SigV4 credential scope to
 * pick the region and the access key to pick the account. So these calls reuse the
 * caller's `Authorization` header, rewritten only where the service differs.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { AwsError } from './wire';

export interface MotoAnswer {
  status: number;
  json: Record<string, unknown>;
}

export class MotoCaller {
  constructor(
    private readonly motoUrl: string,
    private readonly incoming: IncomingHttpHeaders,
  ) {}

  private authHeaders(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.incoming.authorization) headers.authorization = String(this.incoming.authorization);
    if (this.incoming['x-amz-security-token']) headers['x-amz-security-token'] = String(this.incoming['x-amz-security-token']);
    if (this.incoming['x-amz-date']) headers['x-amz-date'] = String(this.incoming['x-amz-date']);
    return headers;
  }

  private async send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<MotoAnswer> {
    const response = await fetch(`${this.motoUrl}${path}`, { method, headers: { ...this.authHeaders(), ...headers }, body });
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
}

/** moto's own error (e.g. ResourceNotFoundException), to be passed on unchanged. */
function toAwsError(answer: MotoAnswer): AwsError {
  const code = String(answer.json.__type ?? answer.json.Code ?? answer.json.code ?? 'InternalFailure');
  const message = String(answer.json.message ?? answer.json.Message ?? `moto answered HTTP ${answer.status}`);
  return new AwsError(code.split('#').pop() ?? code, message, answer.status);
}
