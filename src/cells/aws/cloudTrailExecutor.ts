import { CloudTrailClient, LookupEventsCommand, type Event, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import type { CellExecutor, CellRunRequest, CellRunResult } from '../cellRun';
import { cloudTrailEventsToTable, readCloudTrailCell } from './cloudTrailCell';
import { inputError, runNativeCell, sleep } from './nativeRun';
import { resolveTimeRange } from './timeRange';

/** LookupEvents allows 2 requests per second per account and region. */
const MIN_INTERVAL_MS = 500;
const PAGE_SIZE = 50;

/** `cloudtrail` cells: LookupEvents with one lookup attribute and a time range, paginated and throttled. */
export class CloudTrailExecutor implements CellExecutor {
  async run(request: CellRunRequest): Promise<CellRunResult> {
    const cell = readCloudTrailCell(request.source, request.attributes ?? {}, request.frontMatter ?? {});
    if ('error' in cell) return inputError(cell.error);
    const range = resolveTimeRange(cell.timeRangeSpec, new Date());
    if ('error' in range) return inputError(range.error);
    const filter = cell.lookup ? `${cell.lookup.key} = ${cell.lookup.value}` : 'all events';

    return runNativeCell(request, `CloudTrail LookupEvents (${filter})`, async (aws, signal) => {
      const client = new CloudTrailClient(aws.clientConfig());
      const events: Event[] = [];
      try {
        let nextToken: string | undefined;
        let lastCall = 0;
        let pages = 0;
        do {
          await sleep(Math.max(0, lastCall + MIN_INTERVAL_MS - Date.now()), signal);
          if (signal.aborted) break;
          lastCall = Date.now();
          const page = await client.send(
            new LookupEventsCommand({
              StartTime: range.start,
              EndTime: range.end,
              MaxResults: Math.min(PAGE_SIZE, cell.maxEvents - events.length),
              ...(cell.lookup ? { LookupAttributes: [{ AttributeKey: cell.lookup.key as LookupAttributeKey, AttributeValue: cell.lookup.value }] } : {}),
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            { abortSignal: signal },
          );
          events.push(...(page.Events ?? []));
          nextToken = page.NextToken;
          pages++;
          request.onRender?.({ kind: 'progress', markdown: `${events.length.toLocaleString('en')} events · ${pages} page${pages === 1 ? '' : 's'} · ${range.description}` });
        } while (nextToken && events.length < cell.maxEvents);

        const table = cloudTrailEventsToTable(events);
        const more = nextToken && events.length >= cell.maxEvents;
        request.onRender?.({
          kind: 'table',
          title: `CloudTrail events — ${filter}`,
          table,
          // The drill-down: each event with its full CloudTrail record parsed.
          json: events.map((event) => ({ ...event, CloudTrailEvent: parseJson(event.CloudTrailEvent) })),
          ...(more ? { note: `Stopped at the limit of ${cell.maxEvents} events; raise the cell's "limit" attribute to see more.` } : {}),
        });
        return { ok: true, summary: `${events.length.toLocaleString('en')} event${events.length === 1 ? '' : 's'} (${filter}, ${range.description}).` };
      } finally {
        client.destroy();
      }
    });
  }
}

function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
