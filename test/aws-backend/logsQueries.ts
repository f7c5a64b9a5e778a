/**
 * CloudWatch Logs Insights operations answered by the proxy: StartQuery,
 * GetQueryResults, StopQuery, DescribeQueries and GetLogRecord (awsJson1_1,
 * target prefix `Logs_20140328`). Log events come from moto, read with
 * DescribeLogGroups + FilterLogEvents under the caller's own credential scope.
 *
 * Wire facts:
 * - StartQuery's `startTime`/`endTime` are epoch SECONDS (log events are in ms).
 * - Every result value is a string; `@timestamp` is `YYYY-MM-DD HH:MM:SS.mmm` UTC;
 *   each row ends with `@ptr`, an opaque pointer accepted by GetLogRecord.
 * - `statistics` values are doubles; `status` moves Scheduled → Running → Complete.
 *
 * To make progress reporting testable a query reports Running on its first
 * GetQueryResults (with partial statistics and no rows) and Complete afterwards.
 * A query containing SLOW_QUERY_FOR_TESTS stays Running until StopQuery.
 */
import { randomUUID } from 'node:crypto';
import { evaluate, parseQuery, toRecord, type LogEvent, type LogRecord } from './logsInsights';
import type { MotoCaller } from './motoCalls';
import { AwsError } from './wire';

export const SLOW_QUERY_MARKER = 'SLOW_QUERY_FOR_TESTS';
const MAX_ROWS = 10_000;
const LOGS = 'Logs_20140328';

type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Cancelled';

interface Statistics {
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
  logGroupsScanned: number;
}

interface Query {
  queryId: string;
  queryString: string;
  logGroupName: string;
  createTime: number;
  status: QueryStatus;
  polls: number;
  slow: boolean;
  results: { field: string; value: string }[][];
  statistics: Statistics;
}

interface StartQueryRequest {
  logGroupName?: string;
  logGroupNames?: string[];
  logGroupIdentifiers?: string[];
  startTime?: number;
  endTime?: number;
  queryString?: string;
  limit?: number;
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** `arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/x/cluster:*` → `/aws/eks/x/cluster` */
function groupName(identifier: string): string {
  const match = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return match ? match[1]! : identifier;
}

export class LogsQueries {
  private readonly queries = new Map<string, Query>();
  private readonly pointers = new Map<string, LogRecord>();

  clear(): void {
    this.queries.clear();
    this.pointers.clear();
  }

  async startQuery(request: StartQueryRequest, moto: MotoCaller): Promise<{ queryId: string }> {
    const groups = [...(request.logGroupName ? [request.logGroupName] : []), ...(request.logGroupNames ?? []), ...(request.logGroupIdentifiers ?? [])].map(groupName);
    if (groups.length === 0) throw invalid('Log group names or log group identifiers must be provided.');
    if (typeof request.queryString !== 'string' || !request.queryString.trim()) throw invalid('queryString is required.');
    if (typeof request.startTime !== 'number' || typeof request.endTime !== 'number') throw invalid('startTime and endTime are required.');
    if (request.endTime < request.startTime) throw invalid('endTime cannot be before startTime.');
    const commands = parseQuery(request.queryString);

    // Seconds → milliseconds; the end second is inclusive.
    const startMs = request.startTime * 1000;
    const endMs = request.endTime * 1000 + 999;
    const records: LogRecord[] = [];
    let bytesScanned = 0;
    for (const name of groups) {
      const accountId = await this.accountOf(name, moto);
      for (const event of await this.readEvents(name, startMs, endMs, moto)) {
        records.push(toRecord(event, accountId));
        bytesScanned += Buffer.byteLength(event.message);
      }
    }
    // Records from several groups interleave by time before the query's own sort.
    records.sort((a, b) => (a.get('@timestamp') as number) - (b.get('@timestamp') as number));

    const { rows, recordsMatched } = evaluate(commands, records, Math.min(request.limit ?? MAX_ROWS, MAX_ROWS));
    const queryId = randomUUID();
    const results = rows.map(({ record, fields }, index) => {
      const ptr = Buffer.from(`${queryId}/${index}/${String(record.get('@logStream'))}`).toString('base64');
      this.pointers.set(ptr, record);
      return [...fields, { field: '@ptr', value: ptr }];
    });
    this.queries.set(queryId, {
      queryId,
      queryString: request.queryString,
      logGroupName: groups[0]!,
      createTime: Date.now(),
      status: 'Scheduled',
      polls: 0,
      slow: request.queryString.includes(SLOW_QUERY_MARKER),
      results,
      statistics: { recordsMatched, recordsScanned: records.length, bytesScanned, logGroupsScanned: groups.length },
    });
    return { queryId };
  }

  getQueryResults(request: { queryId?: string }): Record<string, unknown> {
    const query = this.find(request.queryId);
    if (query.status === 'Scheduled' || query.status === 'Running') {
      query.polls++;
      query.status = query.slow || query.polls === 1 ? 'Running' : 'Complete';
    }
    const done = query.status === 'Complete';
    const statistics = done
      ? query.statistics
      : {
          // partial progress while running
          recordsMatched: Math.floor(query.statistics.recordsMatched / 2),
          recordsScanned: Math.floor(query.statistics.recordsScanned / 2),
          bytesScanned: Math.floor(query.statistics.bytesScanned / 2),
          logGroupsScanned: query.statistics.logGroupsScanned,
        };
    return { queryLanguage: 'CWLI', results: done ? query.results : [], statistics, status: query.status };
  }

  stopQuery(request: { queryId?: string }): { success: boolean } {
    const query = this.find(request.queryId);
    if (query.status !== 'Scheduled' && query.status !== 'Running') return { success: false };
    query.status = 'Cancelled';
    return { success: true };
  }

  describeQueries(request: { logGroupName?: string; status?: string; maxResults?: number }): Record<string, unknown> {
    const queries = [...this.queries.values()]
      .filter((q) => !request.logGroupName || q.logGroupName === request.logGroupName)
      .filter((q) => !request.status || q.status === request.status)
      .sort((a, b) => b.createTime - a.createTime)
      .slice(0, request.maxResults ?? 1000)
      .map((q) => ({ queryId: q.queryId, queryLanguage: 'CWLI', queryString: q.queryString, status: q.status, createTime: q.createTime, logGroupName: q.logGroupName }));
    return { queries };
  }

  getLogRecord(request: { logRecordPointer?: string }): { logRecord: Record<string, string> } {
    const record = this.pointers.get(request.logRecordPointer ?? '');
    if (!record) throw invalid('The log record pointer is not valid.');
    const logRecord: Record<string, string> = {};
    for (const [field, value] of record) {
      if (value !== undefined && value !== null) logRecord[field] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return { logRecord };
  }

  private find(queryId: string | undefined): Query {
    const query = this.queries.get(queryId ?? '');
    if (!query) throw new AwsError('ResourceNotFoundException', `Query ${queryId} does not exist.`);
    return query;
  }

  /** The account in the group's ARN; a missing group is StartQuery's ResourceNotFoundException. */
  private async accountOf(name: string, moto: MotoCaller): Promise<string> {
    let nextToken: string | undefined;
    do {
      const page = await moto.json(`${LOGS}.DescribeLogGroups`, { logGroupNamePrefix: name, ...(nextToken ? { nextToken } : {}) });
      const groups = (page.logGroups ?? []) as { logGroupName?: string; arn?: string }[];
      const group = groups.find((g) => g.logGroupName === name);
      if (group) return /^arn:[^:]+:logs:[^:]*:(\d+):/.exec(group.arn ?? '')?.[1] ?? '123456789012';
      nextToken = typeof page.nextToken === 'string' && page.nextToken ? page.nextToken : undefined;
    } while (nextToken);
    const account = /^arn:[^:]+:logs:[^:]*:(\d+):/.exec(name)?.[1] ?? '123456789012';
    throw new AwsError('ResourceNotFoundException', `Log group '${name}' does not exist for account ID '${account}'`);
  }

  /** Every event of the group in [startMs, endMs], following FilterLogEvents' nextToken. */
  private async readEvents(logGroup: string, startMs: number, endMs: number, moto: MotoCaller): Promise<LogEvent[]> {
    const events: LogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await moto.json(`${LOGS}.FilterLogEvents`, {
        logGroupName: logGroup,
        startTime: startMs,
        endTime: endMs,
        limit: 10_000,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const e of (page.events ?? []) as Record<string, unknown>[]) {
        events.push({
          logGroup,
          logStream: String(e.logStreamName ?? ''),
          timestamp: Number(e.timestamp),
          ingestionTime: Number(e.ingestionTime ?? e.timestamp),
          message: String(e.message ?? ''),
          eventId: String(e.eventId ?? ''),
        });
      }
      nextToken = typeof page.nextToken === 'string' && page.nextToken ? page.nextToken : undefined;
    } while (nextToken);
    return events;
  }
}
