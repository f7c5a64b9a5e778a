/** CIS 3.7 / EC2.6: every VPC in every enabled region has at least one flow log. */
import { DescribeFlowLogsCommand, DescribeVpcsCommand, type FlowLog, type Vpc } from '@aws-sdk/client-ec2';
import { allPages } from '../allPages';
import { perRegion, regionalOutcome, type Check } from '../checkOutcome';

export const checkVpcFlowLogs: Check = async (context) => {
  const regions = await perRegion(context, async (region) => {
    // VPCs and the region's flow logs are read at once (flow logs on subnets and interfaces come too and are ignored).
    const [vpcs, logs] = await Promise.all([
      allPages<Vpc>((token) =>
        context
          .call('ec2', region, 'ec2:DescribeVpcs', (client, options) => client.send(new DescribeVpcsCommand({ NextToken: token }), options))
          .then((answer) => ({ items: answer.Vpcs, next: answer.NextToken })),
      ),
      allPages<FlowLog>((token) =>
        context
          .call('ec2', region, 'ec2:DescribeFlowLogs', (client, options) => client.send(new DescribeFlowLogsCommand({ NextToken: token }), options))
          .then((answer) => ({ items: answer.FlowLogs, next: answer.NextToken })),
      ),
    ]);
    if (vpcs.length === 0) return { status: 'pass', reason: 'no VPCs', evidence: [{ label: 'VPCs', value: 'none' }] };
    const evidence = vpcs.map((vpc) => {
      const own = logs.filter((log) => log.ResourceId === vpc.VpcId);
      const name = vpc.Tags?.find((t) => t.Key === 'Name')?.Value;
      const label = `${vpc.VpcId}${vpc.IsDefault ? ' (default)' : ''}${name ? ` ${name}` : ''}`;
      return own.length > 0
        ? { label, value: own.map((l) => `${l.FlowLogId} → ${l.LogDestinationType ?? 'cloud-watch-logs'} (${l.TrafficType ?? 'ALL'})`).join(', '), status: 'pass' as const }
        : { label, value: 'no flow log', status: 'fail' as const };
    });
    const missing = evidence.filter((e) => e.status === 'fail');
    if (missing.length === 0) return { status: 'pass', reason: `${vpcs.length} VPC${vpcs.length === 1 ? '' : 's'} with flow logs`, evidence };
    return { status: 'fail', reason: `${missing.length} of ${vpcs.length} VPC${vpcs.length === 1 ? '' : 's'} without flow logs`, evidence };
  });
  return regionalOutcome(regions, `every VPC in all ${regions.length} region${regions.length === 1 ? '' : 's'} has flow logs`);
};
