/**
 * GuardDuty.1 (AWS Foundational Security Best Practices; no CIS version has it):
 * every enabled region has a detector whose status is ENABLED.
 */
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { allPages } from '../allPages';
import { perRegion, regionalOutcome, type Check } from '../checkOutcome';

export const checkGuardDuty: Check = async (context) => {
  const regions = await perRegion(context, async (region) => {
    const ids = await allPages((token) =>
      context
        .call('guardduty', region, 'guardduty:ListDetectors', (client, options) => client.send(new ListDetectorsCommand({ NextToken: token }), options))
        .then((answer) => ({ items: answer.DetectorIds, next: answer.NextToken })),
    );
    if (ids.length === 0) return { status: 'fail', reason: 'no GuardDuty detector', evidence: [{ label: 'detectors', value: 'none', status: 'fail' }] };
    const detectors = await Promise.all(
      ids.map(async (id) => {
        const detector = await context.call('guardduty', region, 'guardduty:GetDetector', (client, options) => client.send(new GetDetectorCommand({ DetectorId: id }), options));
        return { id, status: detector.Status ?? 'unknown' };
      }),
    );
    const evidence = detectors.map((d) => ({ label: `detector ${d.id}`, value: d.status, status: d.status === 'ENABLED' ? ('pass' as const) : ('fail' as const) }));
    return detectors.some((d) => d.status === 'ENABLED')
      ? { status: 'pass', reason: `detector ${detectors.find((d) => d.status === 'ENABLED')!.id} enabled`, evidence }
      : { status: 'fail', reason: `detector ${detectors[0]!.id} is ${detectors[0]!.status}`, evidence };
  });
  return regionalOutcome(regions, `enabled in all ${regions.length} region${regions.length === 1 ? '' : 's'}`);
};
