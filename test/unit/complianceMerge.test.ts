import * as assert from 'node:assert/strict';
import { ITEM_IDS } from '../../src/compliance/catalog';
import { mergeRecheck } from '../../src/compliance/mergeScan';
import type { ScanResult } from '../../src/compliance/model';
import { demoScan, itemResult, regionResult } from './support/scanBuilder';

function recheckOf(overrides: Partial<ScanResult>): ScanResult {
  return demoScan({
    startedAt: '2026-11-29T15:42:00.000Z',
    finishedAt: '2026-11-29T15:42:01.000Z',
    durationMs: 1000,
    items: [],
    notes: [],
    ...overrides,
  });
}

describe('merging a re-check into a scan', () => {
  const previous = demoScan();

  it('replaces the re-checked item and keeps the others, in catalog order', () => {
    const fixed = itemResult('password-policy', 'pass', 'length 14, reuse prevention 24', { checkedAt: '2026-11-29T15:42:00.500Z' });
    const merged = mergeRecheck(previous, recheckOf({ items: [fixed] }));
    assert.deepEqual(merged.items.map((item) => item.id), [...ITEM_IDS]);
    assert.equal(merged.items.find((item) => item.id === 'password-policy'), fixed);
    for (const item of merged.items.filter((i) => i.id !== 'password-policy')) {
      assert.equal(item, previous.items.find((p) => p.id === item.id));
    }
    assert.equal(previous.items.find((item) => item.id === 'password-policy')!.status, 'fail', 'the previous scan is not changed');
  });

  it('fills in items the previous scan did not have, in catalog order', () => {
    const partial = demoScan({ items: [itemResult('vpc-flow-logs', 'pass', 'ok'), itemResult('cloudtrail', 'pass', 'ok')] });
    const merged = mergeRecheck(partial, recheckOf({ items: [itemResult('root-mfa', 'fail', 'AccountMFAEnabled = 0')] }));
    assert.deepEqual(merged.items.map((item) => item.id), ['vpc-flow-logs', 'cloudtrail', 'root-mfa'].sort((a, b) => ITEM_IDS.indexOf(a as never) - ITEM_IDS.indexOf(b as never)));
  });

  it('spans both passes in time: earlier start, later end, scanning time added up', () => {
    const merged = mergeRecheck(previous, recheckOf({ items: [itemResult('root-mfa', 'pass', 'ok')] }));
    assert.equal(merged.startedAt, previous.startedAt);
    assert.equal(merged.finishedAt, '2026-11-29T15:42:01.000Z');
    assert.equal(merged.durationMs, previous.durationMs + 1000);
  });

  it('takes the identity from the re-check and the union of the regions', () => {
    const merged = mergeRecheck(
      previous,
      recheckOf({
        principalArn: 'arn:aws:sts::123456789012:assumed-role/SecurityAudit/bob',
        regions: ['eu-west-1', 'ap-south-1'],
        items: [itemResult('config', 'fail', 'not recording in ap-south-1', { regions: [regionResult('ap-south-1', 'fail', 'no recorder')] })],
      }),
    );
    assert.equal(merged.principalArn, 'arn:aws:sts::123456789012:assumed-role/SecurityAudit/bob');
    assert.deepEqual(merged.regions, ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-south-1']);
  });

  it('keeps the findings unless the re-check read new ones, and drops them when a Security Hub re-check found the hub off', () => {
    const withoutFindings = recheckOf({ items: [itemResult('guardduty', 'pass', 'ok')] });
    delete withoutFindings.findings;
    assert.deepEqual(mergeRecheck(previous, withoutFindings).findings, previous.findings);

    const fresh = recheckOf({ items: [itemResult('guardduty', 'pass', 'ok')], findings: [] });
    assert.deepEqual(mergeRecheck(previous, fresh).findings, []);

    const hubOff = recheckOf({ items: [itemResult('securityhub', 'fail', 'not enabled in any region')] });
    delete hubOff.findings;
    assert.equal('findings' in mergeRecheck(previous, hubOff), false);
  });

  it('keeps each note once', () => {
    const merged = mergeRecheck(previous, recheckOf({ items: [], notes: ['Region ap-east-1 is not enabled for the account: skipped.', 'Findings could not be read in us-west-2.'] }));
    assert.deepEqual(merged.notes, ['Region ap-east-1 is not enabled for the account: skipped.', 'Findings could not be read in us-west-2.']);
  });

  it('returns the re-check alone when it is of another account', () => {
    const other = recheckOf({ account: '210987654321', items: [itemResult('root-mfa', 'pass', 'ok')] });
    assert.equal(mergeRecheck(previous, other), other);
  });
});
