import { CloudWatchLogsClient, DescribeLogGroupsCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { CellExecutor, CellRunRequest, CellRunResult } from '../cellRun';
import { readLogRetentionCell, retentionPlanTable } from './logRetentionCell';
import { inputError, runNativeCell } from './nativeRun';

type Plan = { logGroup: string; current?: number | null; desired: number }[];

/**
 * `log-retention` cells (mutating): read each group's retention, show current →
 * desired, apply PutRetentionPolicy where it differs, then show what AWS now reports.
 */
export class LogRetentionExecutor implements CellExecutor {
  async run(request: CellRunRequest): Promise<CellRunResult> {
    const cell = readLogRetentionCell(request.source, request.attributes ?? {});
    if ('error' in cell) return inputError(cell.error);

    return runNativeCell(request, 'CloudWatch Logs retention', async (aws, signal) => {
      const client = new CloudWatchLogsClient(aws.clientConfig());
      try {
        const readPlan = async (): Promise<Plan> =>
          Promise.all(
            cell.targets.map(async ({ logGroup, days }) => {
              const answer = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup, limit: 50 }), { abortSignal: signal });
              const group = answer.logGroups?.find((g) => g.logGroupName === logGroup);
              // undefined: no such group; null: the group never expires its events.
              return { logGroup, desired: days, ...(group ? { current: group.retentionInDays ?? null } : {}) };
            }),
          );
        const before = await readPlan();
        request.onRender?.({ kind: 'table', title: 'Before', table: retentionPlanTable(before), json: before });
        const missing = before.filter((entry) => !('current' in entry)).map((entry) => entry.logGroup);
        const changes = before.filter((entry) => 'current' in entry && entry.current !== entry.desired);
        for (const change of changes) {
          if (signal.aborted) break;
          await client.send(new PutRetentionPolicyCommand({ logGroupName: change.logGroup, retentionInDays: change.desired }), { abortSignal: signal });
        }
        const after = await readPlan();
        request.onRender?.({ kind: 'table', title: 'After', table: retentionPlanTable(after), json: after });
        const applied = `${changes.length} retention polic${changes.length === 1 ? 'y' : 'ies'} set, ${before.length - changes.length - missing.length} already as desired`;
        if (missing.length > 0) return { ok: false, summary: `${applied}; log group${missing.length === 1 ? '' : 's'} not found: ${missing.join(', ')}.` };
        return { ok: true, summary: `${applied}.` };
      } finally {
        client.destroy();
      }
    });
  }
}
