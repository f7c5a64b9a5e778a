/**
 * CloudTrail event history (LookupEvents), which moto does not have: events are
 * seeded per region by tests and answered here in CloudTrail's awsJson1_1 format.
 *
 * Wire facts:
 * - Request timestamps (`StartTime`, `EndTime`) and response `EventTime` are epoch
 *   SECONDS (JSON numbers, possibly fractional).
 * - `ReadOnly` is the string "true"/"false", in the event and in the lookup attribute.
 * - `CloudTrailEvent` is the full record as a JSON *string*.
 * - Only one lookup attribute is allowed; `MaxResults` is 1..50 (default 50);
 *   results are newest first; the default window is the last 90 days.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AwsError } from './wire';

export const DEFAULT_ACCOUNT = '123456789012';

/** What a test says about an event; everything but the name and time has a realistic default. */
export interface SeedEvent {
  eventName: string;
  /** ISO string, epoch milliseconds, or Date. */
  eventTime: string | number | Date;
  /** IAM user name (default `alice`). */
  username?: string;
  /** Default `iam.amazonaws.com`. */
  eventSource?: string;
  /** Default: true for Get/List/Describe/Lookup/Head operations. */
  readOnly?: boolean;
  /** Default: a stable fake AKIA key per user; omitted for console sign-ins. */
  accessKeyId?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  resources?: { type: string; name: string }[];
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  errorCode?: string;
  errorMessage?: string;
  eventId?: string;
  accountId?: string;
  /** `AwsApiCall` (default) or `AwsConsoleSignIn` (default for ConsoleLogin). */
  eventType?: string;
  /** Replaces the generated userIdentity block. */
  userIdentity?: Record<string, unknown>;
}

/** One element of LookupEvents' `Events`, exactly as the API returns it. */
export interface WireEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: number;
  EventSource: string;
  Username: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

interface StoredEvent {
  timeMs: number;
  seq: number;
  wire: WireEvent;
}

const LOOKUP_KEYS = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'] as const;
type LookupKey = (typeof LOOKUP_KEYS)[number];

function toMillis(time: string | number | Date): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new Error(`invalid CloudTrail seed eventTime: ${String(time)}`);
  return ms;
}

function fakeAccessKey(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(seed).digest();
  return 'AKIA' + Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % 32]).join('');
}

/** Builds the API's event (with a realistic CloudTrail record) from a seed. */
export function toWireEvent(region: string, seed: SeedEvent): { timeMs: number; wire: WireEvent } {
  const timeMs = toMillis(seed.eventTime);
  const username = seed.username ?? 'alice';
  const accountId = seed.accountId ?? DEFAULT_ACCOUNT;
  const eventSource = seed.eventSource ?? 'iam.amazonaws.com';
  const consoleLogin = seed.eventName === 'ConsoleLogin';
  const readOnly = seed.readOnly ?? /^(Get|List|Describe|Lookup|Head)/.test(seed.eventName);
  const accessKeyId = seed.accessKeyId ?? (consoleLogin ? undefined : fakeAccessKey(`${accountId}/${username}`));
  const eventId = seed.eventId ?? randomUUID();
  const resources = seed.resources ?? [];
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: seed.userIdentity ?? {
      type: 'IAMUser',
      principalId: 'AIDA' + fakeAccessKey(username).slice(4),
      arn: `arn:aws:iam::${accountId}:user/${username}`,
      accountId,
      ...(accessKeyId ? { accessKeyId } : {}),
      userName: username,
    },
    eventTime: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z'), // CloudTrail records have second precision
    eventSource,
    eventName: seed.eventName,
    awsRegion: region,
    sourceIPAddress: seed.sourceIPAddress ?? '198.51.100.23',
    userAgent: seed.userAgent ?? (consoleLogin ? 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)' : 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64'),
    ...(seed.errorCode ? { errorCode: seed.errorCode, errorMessage: seed.errorMessage ?? seed.errorCode } : {}),
    requestParameters: seed.requestParameters ?? null,
    responseElements: seed.responseElements ?? (consoleLogin ? { ConsoleLogin: seed.errorCode ? 'Failure' : 'Success' } : null),
    ...(seed.additionalEventData ? { additionalEventData: seed.additionalEventData } : consoleLogin ? { additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' } } : {}),
    requestID: randomUUID(),
    eventID: eventId,
    readOnly,
    ...(resources.length ? { resources: resources.map((r) => ({ ARN: r.name, accountId, type: r.type })) } : {}),
    eventType: seed.eventType ?? (consoleLogin ? 'AwsConsoleSignIn' : 'AwsApiCall'),
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
  const wire: WireEvent = {
    EventId: eventId,
    EventName: seed.eventName,
    ReadOnly: String(readOnly),
    ...(accessKeyId ? { AccessKeyId: accessKeyId } : {}),
    EventTime: Math.floor(timeMs / 1000), // CloudTrail times have second precision
    EventSource: eventSource,
    Username: username,
    Resources: resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: JSON.stringify(record),
  };
  return { timeMs, wire };
}

function attributeValues(event: WireEvent, key: LookupKey): string[] {
  switch (key) {
    case 'ResourceType':
      return event.Resources.map((r) => r.ResourceType);
    case 'ResourceName':
      return event.Resources.map((r) => r.ResourceName);
    default:
      return [String(event[key] ?? '')];
  }
}

interface LookupEventsRequest {
  LookupAttributes?: { AttributeKey?: string; AttributeValue?: string }[];
  StartTime?: number;
  EndTime?: number;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
}

export class CloudTrailHistory {
  private readonly byRegion = new Map<string, StoredEvent[]>();
  private seq = 0;

  seed(region: string, events: SeedEvent[]): void {
    const list = this.byRegion.get(region) ?? [];
    for (const event of events) list.push({ ...toWireEvent(region, event), seq: this.seq++ });
    this.byRegion.set(region, list);
  }

  clear(): void {
    this.byRegion.clear();
  }

  lookupEvents(region: string, request: LookupEventsRequest, now = Date.now()): { Events: WireEvent[]; NextToken?: string } {
    const attributes = request.LookupAttributes ?? [];
    if (attributes.length > 1) {
      throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    }
    const attribute = attributes[0];
    if (attribute && !LOOKUP_KEYS.includes(attribute.AttributeKey as LookupKey)) {
      throw new AwsError('InvalidLookupAttributesException', `Invalid attribute key: ${attribute.AttributeKey}. Valid keys are ${LOOKUP_KEYS.join(', ')}.`);
    }
    const maxResults = request.MaxResults ?? 50;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      throw new AwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
    }
    const endMs = request.EndTime !== undefined ? request.EndTime * 1000 : now;
    const startMs = request.StartTime !== undefined ? request.StartTime * 1000 : now - 90 * 24 * 3600 * 1000;
    if (startMs > endMs) throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
    if (request.EventCategory !== undefined && request.EventCategory !== 'insight') {
      throw new AwsError('InvalidEventCategoryException', `Invalid event category: ${request.EventCategory}`);
    }

    // A NextToken is only valid with the same query, like AWS's.
    const queryKey = createHash('sha256')
      .update(JSON.stringify([region, attribute ?? null, request.StartTime ?? null, request.EndTime ?? null, request.EventCategory ?? null]))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    if (request.NextToken !== undefined) {
      const decoded = decodeToken(request.NextToken);
      if (!decoded || decoded.key !== queryKey) throw new AwsError('InvalidNextTokenException', 'Invalid NextToken');
      offset = decoded.offset;
    }

    const matching =
      request.EventCategory === 'insight'
        ? [] // no Insights events are ever seeded
        : (this.byRegion.get(region) ?? [])
            .filter((e) => e.timeMs >= startMs && e.timeMs <= endMs)
            .filter((e) => !attribute || attributeValues(e.wire, attribute.AttributeKey as LookupKey).includes(attribute.AttributeValue ?? ''))
            .sort((a, b) => b.timeMs - a.timeMs || b.seq - a.seq); // newest first
    const page = matching.slice(offset, offset + maxResults).map((e) => e.wire);
    const next = offset + maxResults < matching.length ? encodeToken({ key: queryKey, offset: offset + maxResults }) : undefined;
    return next ? { Events: page, NextToken: next } : { Events: page };
  }
}

function encodeToken(token: { key: string; offset: number }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeToken(text: string): { key: string; offset: number } | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as { key?: unknown; offset?: unknown };
    if (typeof value.key === 'string' && typeof value.offset === 'number') return { key: value.key, offset: value.offset };
  } catch {
    /* fall through */
  }
  return undefined;
}
