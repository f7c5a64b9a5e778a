import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding, type AwsSecurityFindingFilters } from '@aws-sdk/client-securityhub';
import type { CellExecutor, CellRunRequest, CellRunResult } from '../cellRun';
import { inputError, runNativeCell } from './nativeRun';
import { readSecurityHubCell, summarizeFindings } from './securityHubCell';

const PAGE_SIZE = 100;

/** `securityhub` cells: GetFindings with filters from the cell body, paginated; counts by severity and a findings table. */
export class SecurityHubExecutor implements CellExecutor {
  async run(request: CellRunRequest): Promise<CellRunResult> {
    const cell = readSecurityHubCell(request.source, request.attributes ?? {});
    if ('error' in cell) return inputError(cell.error);

    return runNativeCell(request, 'Security Hub GetFindings', async (aws, signal) => {
      const client = new SecurityHubClient(aws.clientConfig());
      const findings: AwsSecurityFinding[] = [];
      try {
        let nextToken: string | undefined;
        do {
          const page = await client.send(
            new GetFindingsCommand({
              Filters: cell.filters as AwsSecurityFindingFilters,
              MaxResults: Math.min(PAGE_SIZE, cell.maxFindings - findings.length),
              ...(nextToken ? { NextToken: nextToken } : {}),
            }),
            { abortSignal: signal },
          );
          findings.push(...(page.Findings ?? []));
          nextToken = page.NextToken;
          request.onRender?.({ kind: 'progress', markdown: `${findings.length.toLocaleString('en')} findings fetched` });
        } while (nextToken && findings.length < cell.maxFindings && !signal.aborted);

        const summary = summarizeFindings(findings);
        request.onRender?.({ kind: 'markdown', markdown: `**Findings by severity:** ${summary.text}` });
        request.onRender?.({
          kind: 'table',
          table: summary.table,
          json: findings,
          ...(nextToken ? { note: `Stopped at the limit of ${cell.maxFindings} findings; raise the cell's "limit" attribute to see more.` } : {}),
        });
        return { ok: true, summary: `${findings.length.toLocaleString('en')} finding${findings.length === 1 ? '' : 's'}${findings.length > 0 ? ` (${summary.text})` : ''}.` };
      } finally {
        client.destroy();
      }
    });
  }
}
