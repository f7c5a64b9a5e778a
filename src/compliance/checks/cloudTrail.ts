/**
 * CIS 3.1 / CloudTrail.1: at least one multi-region trail is logging and records
 * read and write management events. DescribeTrails runs in every region (shadow
 * trails included, so a region shows which trails cover it); status and selectors
 * are read once per trail, in its home region.
 */
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { outcomeOfError } from '../callErrors';
import { perRegion, regionalOutcome, type Check } from '../checkOutcome';
import type { Evidence, ItemStatus } from '../model';
import type { ScanContext } from '../scanContext';
import { managementEventCoverage } from '../trailSelectors';

interface TrailVerdict {
  name: string;
  status: ItemStatus;
  /** Why it does or does not qualify. */
  summary: string;
}

async function judgeTrail(context: ScanContext, trail: Trail): Promise<TrailVerdict> {
  const arn = trail.TrailARN ?? trail.Name ?? '';
  const name = trail.Name ?? arn;
  const home = trail.HomeRegion ?? context.homeRegion;
  const scope = trail.IsMultiRegionTrail ? 'multi-region' : `single-region (${home})`;
  try {
    const [status, selectors] = await Promise.all([
      context.call('cloudtrail', home, 'cloudtrail:GetTrailStatus', (client, options) => client.send(new GetTrailStatusCommand({ Name: arn }), options)),
      context.call('cloudtrail', home, 'cloudtrail:GetEventSelectors', (client, options) => client.send(new GetEventSelectorsCommand({ TrailName: arn }), options)),
    ]);
    const coverage = managementEventCoverage(selectors);
    const logging = status.IsLogging === true;
    const summary = `${scope} · ${logging ? 'logging' : 'not logging'} · ${coverage.description}`;
    return { name, status: trail.IsMultiRegionTrail && logging && coverage.readAndWrite ? 'pass' : 'fail', summary };
  } catch (error) {
    const outcome = outcomeOfError(error, context.profile);
    return { name, status: outcome.status, summary: `${scope} · ${outcome.reason}` };
  }
}

export const checkCloudTrail: Check = async (context) => {
  const verdicts = new Map<string, Promise<TrailVerdict>>();
  const verdictOf = (trail: Trail) => {
    const key = trail.TrailARN ?? `${trail.HomeRegion}/${trail.Name}`;
    let verdict = verdicts.get(key);
    if (!verdict) verdicts.set(key, (verdict = judgeTrail(context, trail)));
    return verdict;
  };
  const regions = await perRegion(context, async (region) => {
    const answer = await context.call('cloudtrail', region, 'cloudtrail:DescribeTrails', (client, options) =>
      client.send(new DescribeTrailsCommand({ includeShadowTrails: true }), options),
    );
    const trails = answer.trailList ?? [];
    if (trails.length === 0) return { status: 'fail', reason: 'no trail covers this region', evidence: [{ label: 'trails', value: 'none', status: 'fail' }] };
    const judged = await Promise.all(trails.map(verdictOf));
    const evidence: Evidence[] = judged.map((v) => ({ label: `trail ${v.name}`, value: v.summary, status: v.status }));
    const passing = judged.find((v) => v.status === 'pass');
    if (passing) return { status: 'pass', reason: `covered by ${passing.name}`, evidence };
    const undecided = judged.find((v) => v.status !== 'fail');
    if (undecided) return { status: undecided.status, reason: `trail ${undecided.name}: ${undecided.summary}`, evidence };
    const multi = trails.find((t) => t.IsMultiRegionTrail);
    const reason = multi ? `trail ${judged[trails.indexOf(multi)]!.name}: ${judged[trails.indexOf(multi)]!.summary}` : `no multi-region trail (only ${judged.map((v) => v.name).join(', ')})`;
    return { status: 'fail', reason, evidence };
  });
  const all = await Promise.all(verdicts.values());
  const evidence: Evidence[] = all.map((v) => ({ label: `trail ${v.name}`, value: v.summary, status: v.status }));
  const passing = all.find((v) => v.status === 'pass');
  const outcome = regionalOutcome(regions, `multi-region trail ${passing?.name ?? ''} logging read and write management events`, evidence);
  if (outcome.status === 'fail' && all.length === 0) return { ...outcome, reason: 'no CloudTrail trail in any region' };
  if (outcome.status === 'fail' && !all.some((v) => v.summary.startsWith('multi-region'))) return { ...outcome, reason: `no multi-region trail (${outcome.reason})` };
  return outcome;
};
