/**
 * CIS 3.3 / Config.1: in every enabled region an AWS Config recorder exists, is
 * recording, and its last status is not Failure.
 */
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import { perRegion, regionalOutcome, type Check } from '../checkOutcome';
import type { Evidence } from '../model';

export const checkConfigRecorder: Check = async (context) => {
  const regions = await perRegion(context, async (region) => {
    // The status call alone says whether a recorder exists (one call in unconfigured regions);
    // the recorders themselves are read only for their scope.
    const statuses = await context.call('config', region, 'config:DescribeConfigurationRecorderStatus', (client, options) =>
      client.send(new DescribeConfigurationRecorderStatusCommand({}), options),
    );
    if ((statuses.ConfigurationRecordersStatus ?? []).length === 0) {
      return { status: 'fail', reason: 'no configuration recorder', evidence: [{ label: 'recorders', value: 'none', status: 'fail' }] };
    }
    const recorders = await context.call('config', region, 'config:DescribeConfigurationRecorders', (client, options) =>
      client.send(new DescribeConfigurationRecordersCommand({}), options),
    );
    const list = recorders.ConfigurationRecorders ?? [];
    const evidence: Evidence[] = [];
    let healthy: string | undefined;
    let problem = '';
    for (const recorder of list) {
      const name = recorder.name ?? '(unnamed)';
      const status = (statuses.ConfigurationRecordersStatus ?? []).find((s) => s.name === recorder.name);
      const recording = status?.recording === true;
      const lastStatus = status?.lastStatus ?? 'none';
      const ok = recording && lastStatus.toLowerCase() !== 'failure';
      const scope = recorder.recordingGroup?.allSupported ? 'all supported resources' : 'selected resources';
      evidence.push({ label: `recorder ${name}`, value: `${recording ? 'recording' : 'not recording'} · last status ${lastStatus} · ${scope}`, status: ok ? 'pass' : 'fail' });
      if (ok) healthy ??= name;
      else problem ||= !recording ? `recorder ${name} is not recording` : `recorder ${name}'s last status is Failure${status?.lastErrorCode ? ` (${status.lastErrorCode})` : ''}`;
    }
    return healthy ? { status: 'pass', reason: `recorder ${healthy} recording`, evidence } : { status: 'fail', reason: problem, evidence };
  });
  return regionalOutcome(regions, `recording in all ${regions.length} region${regions.length === 1 ? '' : 's'}`);
};
