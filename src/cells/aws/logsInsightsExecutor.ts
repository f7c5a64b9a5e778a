import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type GetQueryResultsCommandOutput } from '@aws-sdk/client-cloudwatch-logs';
import type { CellExecutor, CellRunRequest, CellRunResult } from '../cellRun';
import { tableToRecords } from '../table';
import { formatQueryStatistics, logsInsightsResultsToTable, readLogsInsightsCell } from './logsInsightsCell';
import { inputError, runNativeCell, sleep } from './nativeRun';
import { resolveTimeRange } from './timeRange';

/** Logs Insights returns at most this many rows per query. */
const ROW_CAP = 10_000;
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2_000;

/** `logs-insights` cells: StartQuery, poll GetQueryResults with backoff and progress, StopQuery on cancel. */
export class LogsInsightsExecutor implements CellExecutor {
  async run(request: CellRunRequest): Promise<CellRunResult> {
    const cell = readLogsInsightsCell(request.source, request.attributes ?? {}, request.frontMatter ?? {});
    if ('error' in cell) return inputError(cell.error);
    const range = resolveTimeRange(cell.timeRangeSpec, new Date());
    if ('error' in range) return inputError(range.error);

    return runNativeCell(request, `Logs Insights query on ${cell.logGroups.join(', ')}`, async (aws, signal) => {
      const client = new CloudWatchLogsClient(aws.clientConfig());
      try {
        const { queryId } = await client.send(
          new StartQueryCommand({
            // StartQuery takes names or ARNs (identifiers), not both in one call.
            ...(cell.logGroups.some((group) => group.startsWith('arn:')) ? { logGroupIdentifiers: cell.logGroups } : { logGroupNames: cell.logGroups }),
            queryString: cell.query,
            startTime: Math.floor(range.start.getTime() / 1000),
            endTime: Math.floor(range.end.getTime() / 1000),
            ...(cell.limit !== undefined ? { limit: cell.limit } : {}),
          }),
          { abortSignal: signal },
        );
        if (!queryId) return { ok: false, summary: 'Logs Insights did not return a query id.' };
        request.onRender?.({ kind: 'progress', markdown: `Query started over ${range.description} · ${cell.logGroups.join(', ')}` });

        let answer: GetQueryResultsCommandOutput | undefined;
        for (let wait = FIRST_POLL_MS; ; wait = Math.min(wait * 2, MAX_POLL_MS)) {
          await sleep(wait, signal);
          if (signal.aborted) {
            // Really stop the query in AWS (it keeps scanning, and billing, otherwise).
            await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
            return { ok: false, summary: 'The query was stopped (StopQuery).' };
          }
          answer = await client.send(new GetQueryResultsCommand({ queryId }));
          const stats = formatQueryStatistics(answer.statistics ?? {});
          request.onRender?.({ kind: 'progress', markdown: `**${answer.status ?? 'Unknown'}** · ${stats}` });
          if (answer.status !== 'Running' && answer.status !== 'Scheduled') break;
        }

        if (answer.status !== 'Complete') {
          const reason = answer.status === 'Timeout' ? 'timed out in Logs Insights (queries run at most 60 minutes); narrow the time range' : `ended as ${answer.status}`;
          return { ok: false, summary: `The query ${reason}.` };
        }
        const rows = answer.results ?? [];
        const table = logsInsightsResultsToTable(rows);
        const capped = rows.length >= ROW_CAP;
        request.onRender?.({
          kind: 'table',
          table,
          json: tableToRecords(table),
          ...(capped ? { note: `Logs Insights returns at most ${ROW_CAP.toLocaleString('en')} rows: results are cut. Narrow the time range or add filters.` } : {}),
        });
        return { ok: true, summary: `${rows.length.toLocaleString('en')} row${rows.length === 1 ? '' : 's'} · ${formatQueryStatistics(answer.statistics ?? {})}.` };
      } finally {
        client.destroy();
      }
    });
  }
}
