/**
 * Failed Security Hub findings (compliance FAILED, active, workflow NEW or
 * NOTIFIED) from every region where the hub is on, grouped by control so the tree
 * and report read "S3.8 · 3 findings · HIGH".
 */
import { GetFindingsCommand, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { allPages } from './allPages';
import { hubState } from './checks/securityHub';
import type { FailedFinding, FindingGroup } from './model';
import type { ScanContext } from './scanContext';

/** Per region: 100 a page, at most this many pages (the tree is a summary, not an inventory). */
const MAX_PAGES = 10;

const SEVERITY_ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

const FAILED_FILTERS = {
  ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' as const }],
  RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' as const }],
  WorkflowStatus: [
    { Value: 'NEW', Comparison: 'EQUALS' as const },
    { Value: 'NOTIFIED', Comparison: 'EQUALS' as const },
  ],
};

export function controlOf(finding: AwsSecurityFinding): string {
  const fields = finding.ProductFields ?? {};
  return finding.Compliance?.SecurityControlId ?? fields.ControlId ?? fields.RuleId ?? finding.GeneratorId ?? 'other';
}

/** Groups findings by control, most severe group first, then by control id. */
export function groupFindings(findings: Array<FailedFinding & { control: string }>): FindingGroup[] {
  const groups = new Map<string, FailedFinding[]>();
  for (const { control, ...finding } of findings) {
    const list = groups.get(control) ?? [];
    list.push(finding);
    groups.set(control, list);
  }
  const rank = (severity: string) => {
    const i = SEVERITY_ORDER.indexOf(severity);
    return i === -1 ? SEVERITY_ORDER.length : i;
  };
  return [...groups.entries()]
    .map(([control, list]) => ({
      control,
      severity: list.map((f) => f.severity).sort((a, b) => rank(a) - rank(b))[0] ?? 'UNKNOWN',
      findings: list.sort((a, b) => rank(a.severity) - rank(b.severity)),
    }))
    .sort((a, b) => rank(a.severity) - rank(b.severity) || a.control.localeCompare(b.control, 'en', { numeric: true }));
}

/** Undefined when the hub is off in every region; failures in a region become notes. */
export async function failedFindings(context: ScanContext, notes: string[]): Promise<FindingGroup[] | undefined> {
  let anyHub = false;
  const perRegion = await Promise.all(
    context.regions.map(async (region) => {
      try {
        if (!(await hubState(context, region)).active) return [];
        anyHub = true;
        const findings = await allPages<AwsSecurityFinding>(
          (token) =>
            context
              .call('securityhub', region, 'securityhub:GetFindings', (client, options) =>
                client.send(new GetFindingsCommand({ Filters: FAILED_FILTERS, MaxResults: 100, NextToken: token }), options),
              )
              .then((answer) => ({ items: answer.Findings, next: answer.NextToken })),
          MAX_PAGES,
        );
        return findings.map((f) => ({
          control: controlOf(f),
          region,
          title: f.Title ?? '(untitled)',
          severity: f.Severity?.Label ?? 'UNKNOWN',
          resource: f.Resources?.[0]?.Id ?? '',
          ...(f.Workflow?.Status ? { workflowStatus: f.Workflow.Status } : {}),
        }));
      } catch (error) {
        notes.push(`Security Hub findings in ${region} could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    }),
  );
  return anyHub ? groupFindings(perRegion.flat()) : undefined;
}
