/**
 * The regions a scan covers: those enabled for the account (EC2 DescribeRegions,
 * regions whose OptInStatus is not-opted-in left out), narrowed to the ones asked
 * for. When the account's regions cannot be listed, the session's region is
 * scanned alone and a note says so.
 */
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { outcomeOfError } from './callErrors';
import type { ScanContext } from './scanContext';

export async function enabledRegions(context: Pick<ScanContext, 'call' | 'homeRegion' | 'profile'>, requested: string[] | undefined, notes: string[]): Promise<string[]> {
  let enabled: string[];
  try {
    const answer = await context.call('ec2', context.homeRegion, 'ec2:DescribeRegions', (client, options) => client.send(new DescribeRegionsCommand({}), options));
    enabled = (answer.Regions ?? [])
      .filter((r) => r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName ?? '')
      .filter(Boolean)
      .sort();
  } catch (error) {
    const reason = outcomeOfError(error, context.profile).reason;
    if (requested && requested.length > 0) {
      notes.push(`The account's enabled regions could not be listed (${reason}); the requested regions were scanned as given.`);
      return requested;
    }
    notes.push(`The account's enabled regions could not be listed (${reason}); only ${context.homeRegion} was scanned.`);
    return [context.homeRegion];
  }
  if (!requested || requested.length === 0) return enabled;
  const skipped = requested.filter((r) => !enabled.includes(r));
  if (skipped.length > 0) notes.push(`Not enabled for this account, so not scanned: ${skipped.join(', ')}.`);
  return requested.filter((r) => enabled.includes(r));
}
