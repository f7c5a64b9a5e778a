/**
 * CIS 4.16: Security Hub is active in every enabled region with at least one
 * standard enabled. (No Security Hub control can evaluate Security Hub itself.)
 */
import { DescribeHubCommand, GetEnabledStandardsCommand, type StandardsSubscription } from '@aws-sdk/client-securityhub';
import { allPages } from '../allPages';
import { CallError, errorName } from '../callErrors';
import { perRegion, regionalOutcome, type Check } from '../checkOutcome';
import type { ScanContext } from '../scanContext';

/** Statuses of a subscription that count as enabled (INCOMPLETE: enabled, some controls failed to enable). */
const ENABLED_STATES = new Set(['READY', 'PENDING', 'INCOMPLETE']);

export interface HubState {
  active: boolean;
  hubArn?: string;
}

/** Whether the hub is on in a region (asked once per scan; the findings read reuses it). */
export function hubState(context: ScanContext, region: string): Promise<HubState> {
  return context.shared(`securityhub:hub:${region}`, async () => {
    try {
      const hub = await context.call('securityhub', region, 'securityhub:DescribeHub', (client, options) => client.send(new DescribeHubCommand({}), options));
      return { active: true, ...(hub.HubArn ? { hubArn: hub.HubArn } : {}) };
    } catch (error) {
      // AWS answers InvalidAccessException ("not subscribed to AWS Security Hub") when the hub is off.
      if (error instanceof CallError && /InvalidAccess|ResourceNotFound/.test(errorName(error.cause))) return { active: false };
      throw error;
    }
  });
}

/** `arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0` → `cis-aws-foundations-benchmark v3.0.0`. */
export function standardName(arn: string): string {
  const match = /(?:standards|ruleset)\/([^/]+)\/v\/([^/]+)$/.exec(arn);
  return match ? `${match[1]} v${match[2]}` : arn;
}

export const checkSecurityHub: Check = async (context) => {
  const regions = await perRegion(context, async (region) => {
    const hub = await hubState(context, region);
    if (!hub.active) return { status: 'fail', reason: 'Security Hub is not enabled', evidence: [{ label: 'hub', value: 'not enabled', status: 'fail' }] };
    const subscriptions = await allPages<StandardsSubscription>((token) =>
      context
        .call('securityhub', region, 'securityhub:GetEnabledStandards', (client, options) => client.send(new GetEnabledStandardsCommand({ NextToken: token }), options))
        .then((answer) => ({ items: answer.StandardsSubscriptions, next: answer.NextToken })),
    );
    const evidence = [
      { label: 'hub', value: hub.hubArn ?? 'enabled', status: 'pass' as const },
      ...subscriptions.map((s) => ({
        label: `standard ${standardName(s.StandardsArn ?? s.StandardsSubscriptionArn ?? '?')}`,
        value: s.StandardsStatus ?? 'unknown',
        status: ENABLED_STATES.has(s.StandardsStatus ?? '') ? ('pass' as const) : ('fail' as const),
      })),
    ];
    const enabled = subscriptions.filter((s) => ENABLED_STATES.has(s.StandardsStatus ?? ''));
    if (enabled.length === 0) return { status: 'fail', reason: 'hub enabled but no standard is enabled', evidence };
    return { status: 'pass', reason: `hub enabled with ${enabled.map((s) => standardName(s.StandardsArn ?? '')).join(', ')}`, evidence };
  });
  return regionalOutcome(regions, `enabled with a standard in all ${regions.length} region${regions.length === 1 ? '' : 's'}`);
};
