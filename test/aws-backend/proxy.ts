/**
 * The loopback HTTP endpoint tests and the extension talk to. It records every AWS
 * operation it sees, answers injected faults and the operations moto lacks or gets
 * wrong, and forwards everything else to moto unchanged (method, path, query,
 * headers, body), streaming moto's response back.
 *
 * Control endpoints (JSON), for code in another process such as the extension host:
 *   POST /_backend/reset                 moto reset + proxy state cleared
 *   GET  /_backend/requests              RecordedRequest[]
 *   POST /_backend/requests/clear        forget recorded requests only
 *   POST /_backend/cloudtrail/events     {region, events: SeedEvent[]}
 *   POST /_backend/fault                 {op (or operation), fault: 'AccessDenied'|'Throttling'|'ExpiredToken'|null}
 *   POST /_backend/seed/incident-demo    {region?}  (see seed.ts)
 *   POST /_backend/regions               {enabled: string[] | null}  (EC2 DescribeRegions, ec2Regions.ts)
 *   POST /_backend/iam/root              {mfaEnabled?, accessKeysPresent?}  (iamAccount.ts)
 *   POST /_backend/iam/access-key-age    {userName, key: 1|2, daysAgo}  (iamAccount.ts)
 *   POST /_backend/seed/compliant-account     {regions}  (see complianceSeed.ts)
 *   POST /_backend/seed/noncompliant-account  {regions}
 *   POST /_backend/seed/demo-account     {regions?}  (see demoAccount.ts)
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailHistory, type SeedEvent } from './cloudTrail';
import { EnabledRegions } from './ec2Regions';
import { FaultTable, type FaultKind } from './faults';
import { IamAccount, type RootAccount } from './iamAccount';
import { LogsQueries } from './logsQueries';
import { MotoCaller } from './motoCalls';
import { getFindings } from './securityHub';
import { SecurityHubStandards } from './securityHubStandards';
import { TrailSelectors } from './trailSelectors';
import { AwsError, errorResponse, FORWARD, identify, jsonResponse, RawAnswer, type AwsRequestInfo, type WireResponse } from './wire';

export type { RootAccount } from './iamAccount';

export interface RecordedRequest {
  service: string;
  operation: string;
  region: string;
  /** Parsed JSON body, query parameters (awsQuery/EC2), or raw text. */
  body: unknown;
}

export interface BackendControls {
  /** moto reset + recorded requests, seeded CloudTrail events, queries and faults cleared. */
  reset(): Promise<void>;
  requests(): RecordedRequest[];
  clearRequests(): void;
  seedCloudTrailEvents(region: string, events: SeedEvent[]): void;
  setFault(op: string, fault: FaultKind | null): void;
  /** The account's enabled regions for EC2 DescribeRegions; null: moto's list. */
  setEnabledRegions(regions: string[] | null): void;
  /** Root user MFA and access keys, as GetAccountSummary and the credential report show them. */
  setRootAccount(root: RootAccount): void;
  /** Makes the user's access key 1 or 2 last rotated `daysAgo` days ago in the credential report. */
  backdateAccessKey(userName: string, key: 1 | 2, daysAgo: number): void;
  /** Delays every AWS answer by `ms` (a network round trip to AWS; benchmarks only). 0 = none. */
  setLatency(ms: number): void;
}

export interface Proxy extends BackendControls {
  endpoint: string;
  close(): Promise<void>;
}

/** Answers an operation: a value sent as JSON, a `RawAnswer` sent as it is, or `FORWARD`. */
type Handler = (body: any, moto: MotoCaller, request: AwsRequestInfo) => unknown;

/** Headers that describe one hop, not the message (RFC 9110 §7.6.1), plus ones the proxy recomputes. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: WireResponse): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

export async function startProxy(motoUrl: string, resetMoto: () => Promise<void>): Promise<Proxy> {
  const moto = new URL(motoUrl);
  const recorded: RecordedRequest[] = [];
  const cloudTrail = new CloudTrailHistory();
  const queries = new LogsQueries();
  const faults = new FaultTable();
  const regions = new EnabledRegions();
  const iam = new IamAccount();
  const trailSelectors = new TrailSelectors();
  const standards = new SecurityHubStandards();

  // Operations answered here, by `service:operation` (service = SigV4 signing name).
  const handlers: Record<string, Handler> = {
    'cloudtrail:LookupEvents': (body, _moto, request) => cloudTrail.lookupEvents(request.region, body),
    'logs:StartQuery': (body, motoCaller) => queries.startQuery(body, motoCaller),
    'logs:GetQueryResults': (body) => queries.getQueryResults(body),
    'logs:StopQuery': (body) => queries.stopQuery(body),
    'logs:DescribeQueries': (body) => queries.describeQueries(body),
    'logs:GetLogRecord': (body) => queries.getLogRecord(body),
    'securityhub:GetFindings': (body, motoCaller) => getFindings(body, motoCaller),
    'cloudtrail:CreateTrail': (body, motoCaller) => trailSelectors.createTrail(body, motoCaller),
    'cloudtrail:PutEventSelectors': (body, motoCaller) => trailSelectors.putEventSelectors(body, motoCaller),
    'cloudtrail:GetEventSelectors': (body, motoCaller) => trailSelectors.getEventSelectors(body, motoCaller),
    'ec2:DescribeRegions': (body, motoCaller) => regions.describeRegions(body, motoCaller),
    'iam:GetAccountSummary': (body, motoCaller) => iam.getAccountSummary(body, motoCaller),
    'iam:GenerateCredentialReport': (body, motoCaller) => iam.generateCredentialReport(body, motoCaller),
    'iam:GetCredentialReport': (body, motoCaller) => iam.getCredentialReport(body, motoCaller),
    'securityhub:EnableSecurityHub': (body, motoCaller, request) => standards.enableSecurityHub(body, motoCaller, request.region),
    'securityhub:DisableSecurityHub': (_body, motoCaller, request) => standards.disableSecurityHub(motoCaller, request.region),
    'securityhub:DescribeStandards': (_body, _moto, request) => standards.describeStandards(request.query, request.region),
    'securityhub:BatchEnableStandards': (body, motoCaller, request) => standards.batchEnableStandards(body, motoCaller, request.region),
    'securityhub:BatchDisableStandards': (body, motoCaller, request) => standards.batchDisableStandards(body, motoCaller, request.region),
    'securityhub:GetEnabledStandards': (body, motoCaller, request) => standards.getEnabledStandards(body, motoCaller, request.region),
  };

  let latencyMs = 0;
  // moto serves every call in one Python process: a burst of 150 concurrent requests (a
  // compliance scan over 24 regions) goes faster through a few kept-alive connections than
  // as 150 threads fighting over the interpreter lock.
  const motoAgent = new Agent({ keepAlive: true, maxSockets: 8 });

  const controls: BackendControls = {
    async reset() {
      await resetMoto();
      recorded.length = 0;
      cloudTrail.clear();
      queries.clear();
      faults.clear();
      latencyMs = 0;
      regions.clear();
      iam.clear();
      trailSelectors.clear();
      standards.clear();
    },
    requests: () => recorded.map((r) => ({ ...r })),
    clearRequests: () => {
      recorded.length = 0;
    },
    seedCloudTrailEvents: (region, events) => cloudTrail.seed(region, events),
    setFault: (op, fault) => faults.set(op, fault),
    setEnabledRegions: (enabled) => regions.set(enabled),
    setRootAccount: (root) => iam.setRoot(root),
    backdateAccessKey: (userName, key, daysAgo) => iam.backdateAccessKey(userName, key, daysAgo),
    setLatency: (ms) => {
      latencyMs = Math.max(0, ms);
    },
  };

  async function control(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, endpoint: string): Promise<void> {
    const input = (body.length ? JSON.parse(body.toString('utf8')) : {}) as Record<string, any>;
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'POST /_backend/reset':
        await controls.reset();
        return sendJson(res, 200, {});
      case 'GET /_backend/requests':
        return sendJson(res, 200, controls.requests());
      case 'POST /_backend/requests/clear':
        controls.clearRequests();
        return sendJson(res, 200, {});
      case 'POST /_backend/cloudtrail/events':
        if (typeof input.region !== 'string' || !Array.isArray(input.events)) return sendJson(res, 400, { message: 'expected {region, events}' });
        controls.seedCloudTrailEvents(input.region, input.events as SeedEvent[]);
        return sendJson(res, 200, { seeded: input.events.length });
      case 'POST /_backend/fault': {
        const op = input.op ?? input.operation; // either spelling
        if (typeof op !== 'string' || !op) return sendJson(res, 400, { message: 'expected {op, fault}' });
        controls.setFault(op, (input.fault ?? null) as FaultKind | null);
        return sendJson(res, 200, {});
      }
      case 'POST /_backend/seed/incident-demo': {
        // Loaded on demand: seed.ts pulls in the SDK clients. (A dynamic import() would stay an
        // ESM import in esbuild's CommonJS output and miss the `.js` extension.)
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { seedIncidentDemo } = require('./seed') as typeof import('./seed');
        const summary = await seedIncidentDemo({ endpoint, seedCloudTrailEvents: controls.seedCloudTrailEvents }, String(input.region ?? 'us-east-1'));
        return sendJson(res, 200, summary);
      }
      case 'POST /_backend/regions':
        if (!('enabled' in input)) return sendJson(res, 400, { message: 'expected {enabled: string[] | null}' });
        controls.setEnabledRegions(input.enabled as string[] | null);
        return sendJson(res, 200, {});
      case 'POST /_backend/iam/root':
        controls.setRootAccount(input as RootAccount);
        return sendJson(res, 200, {});
      case 'POST /_backend/iam/access-key-age':
        controls.backdateAccessKey(input.userName, input.key, input.daysAgo);
        return sendJson(res, 200, {});
      case 'POST /_backend/seed/compliant-account':
      case 'POST /_backend/seed/noncompliant-account': {
        // Loaded on demand, like seed.ts above.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { seedCompliantAccount, seedNonCompliantAccount } = require('./complianceSeed') as typeof import('./complianceSeed');
        const seed = url.pathname.endsWith('/noncompliant-account') ? seedNonCompliantAccount : seedCompliantAccount;
        return sendJson(res, 200, await seed({ endpoint, ...controls }, input.regions as string[]));
      }
      case 'POST /_backend/seed/demo-account': {
        // Loaded on demand, like seed.ts above.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { seedDemoAccount } = require('./demoAccount') as typeof import('./demoAccount');
        return sendJson(res, 200, await seedDemoAccount({ endpoint, ...controls }, (input.regions as string[] | undefined) ?? undefined));
      }
      default:
        return sendJson(res, 404, { message: `unknown control endpoint ${route}` });
    }
  }

  function forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    // The body was read whole (to identify the operation), so its length is known.
    if (body.length > 0 || req.headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    const upstream = httpRequest({ agent: motoAgent, host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers }, (answer) => {
      const raw: string[] = [];
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[i]!.toLowerCase())) raw.push(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
      }
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, raw);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) sendJson(res, 502, { message: `the AWS test backend could not reach moto at ${motoUrl}: ${error.message}` });
      else res.destroy(error);
    });
    upstream.end(body);
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      if (url.pathname.startsWith('/_backend/')) {
        try {
          await control(req, res, url, body, endpoint);
        } catch (error) {
          // Bad JSON, an unknown fault kind, or a seeding failure: the caller's problem to see.
          sendJson(res, 400, { message: error instanceof Error ? error.message : String(error) });
        }
        return;
      }
      const info = identify(req.method ?? 'GET', url, req.headers, body);
      recorded.push({ service: info.service, operation: info.operation, region: info.region, body: info.body });
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const fault = faults.errorFor(info);
      if (fault) return send(res, errorResponse(info.protocol, fault));
      const handler = handlers[`${info.service}:${info.operation}`];
      if (!handler) return forward(req, res, body);
      try {
        const answer = await handler(info.body, new MotoCaller(motoUrl, req.headers), info);
        if (answer === FORWARD) return forward(req, res, body);
        send(res, answer instanceof RawAnswer ? answer.response : jsonResponse(info.protocol, answer));
      } catch (error) {
        if (error instanceof AwsError) return send(res, errorResponse(info.protocol, error));
        console.error(`[aws-backend] ${info.service}:${info.operation} failed:`, error);
        send(res, errorResponse(info.protocol, new AwsError('InternalFailure', `AWS test backend error: ${(error as Error).message}`, 500)));
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    ...controls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        motoAgent.destroy();
      }),
  };
}
