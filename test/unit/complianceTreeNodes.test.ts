import * as assert from 'node:assert/strict';
import { COMPLIANCE_ITEMS } from '../../src/compliance/catalog';
import { complianceTreeNodes, shortTime, type ComplianceNode, type ComplianceView } from '../../src/compliance/treeNodes';
import { ACCOUNT, demoScan } from './support/scanBuilder';

const NOW = new Date('2026-11-29T18:00:00.000Z');

function nodes(view: ComplianceView): ComplianceNode[] {
  return complianceTreeNodes(view, { now: NOW });
}

function account(view: ComplianceView): ComplianceNode {
  const roots = nodes(view);
  assert.equal(roots.length, 1);
  return roots[0]!;
}

function child(node: ComplianceNode, id: string): ComplianceNode {
  const found = node.children.find((c) => c.id === id);
  assert.ok(found, `${node.id} has no child ${id}: ${node.children.map((c) => c.id).join(', ')}`);
  return found;
}

function allNodes(list: ComplianceNode[]): ComplianceNode[] {
  return list.flatMap((node) => [node, ...allNodes(node.children)]);
}

function localHhmm(iso: string): string {
  const time = new Date(iso);
  return `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
}

describe('compliance tree nodes', () => {
  const scanned: ComplianceView = { profile: 'prod-audit', region: 'eu-west-1', scan: demoScan() };

  it('is empty before a profile is chosen, so the welcome view shows', () => {
    assert.deepEqual(complianceTreeNodes(undefined), []);
  });

  it('shows the ten items, not checked, for a chosen profile that was never scanned', () => {
    const root = account({ profile: 'prod-audit', region: 'eu-west-1' });
    assert.equal(root.label, 'prod-audit · account not scanned yet');
    assert.equal(root.description, 'not scanned yet');
    assert.equal(root.expanded, true);
    assert.deepEqual(root.children.map((c) => c.label), COMPLIANCE_ITEMS.map((item) => item.title));
    for (const item of root.children) {
      assert.equal(item.contextValue, 'complianceItem.notChecked');
      assert.equal(item.description, 'not checked yet');
      assert.deepEqual(item.icon, { id: 'circle-outline' });
    }
  });

  it('shows the account with its scan time and overall status, then the items in catalog order', () => {
    const root = account(scanned);
    assert.equal(root.label, `prod-audit · ${ACCOUNT}`);
    assert.equal(root.description, `scanned ${localHhmm('2026-11-29T15:30:00.000Z')}`);
    assert.deepEqual(root.icon, { id: 'error', color: 'testing.iconFailed' });
    assert.equal(root.contextValue, 'complianceAccount');
    assert.match(root.tooltip!, /\*\*Principal\*\* arn:aws:sts::123456789012:assumed-role\/SecurityAudit\/alice/);
    assert.match(root.tooltip!, /\*\*Result\*\* 4 pass, 4 fail, 1 unknown, 1 error/);
    assert.deepEqual(
      root.children.filter((c) => c.kind === 'item').map((c) => c.itemId),
      COMPLIANCE_ITEMS.map((item) => item.id),
    );
  });

  it('gives each item its status icon, reason and a context value menus can target', () => {
    const root = account(scanned);
    const expectations: [string, string, { id: string; color?: string }, string][] = [
      ['item:cloudtrail', 'complianceItem.fail', { id: 'error', color: 'testing.iconFailed' }, 'no multi-region trail is logging'],
      ['item:config', 'complianceItem.pass', { id: 'pass', color: 'testing.iconPassed' }, 'recording in 3 of 3 regions'],
      ['item:root-access-keys', 'complianceItem.unknown', { id: 'question' }, 'access denied (iam:GetAccountSummary)'],
      ['item:vpc-flow-logs', 'complianceItem.error', { id: 'warning', color: 'problemsWarningIcon.foreground' }, 'ec2:DescribeFlowLogs timed out in us-west-2'],
    ];
    for (const [id, contextValue, icon, description] of expectations) {
      const item = child(root, id);
      assert.equal(item.contextValue, contextValue, id);
      assert.deepEqual(item.icon, icon, id);
      assert.equal(item.description, description, id);
      assert.equal(item.expanded, false);
    }
  });

  it('explains each item in its tooltip: controls, framework, rule, calls, time checked', () => {
    const root = account(scanned);
    const guardDuty = child(root, 'item:guardduty').tooltip!;
    assert.match(guardDuty, /\*\*Controls\*\* GuardDuty\.1/);
    assert.match(guardDuty, /\*\*Framework\*\* AWS Foundational Security Best Practices/);
    assert.match(guardDuty, /\*\*Checks\*\* Every enabled region has a GuardDuty detector with status ENABLED\./);
    assert.match(guardDuty, /\*\*Calls\*\* guardduty:ListDetectors, guardduty:GetDetector/);
    assert.match(guardDuty, /\*\*Checked at\*\* 2026-11-29 15:30:02 UTC/);
    assert.match(child(root, 'item:s3-public-access').tooltip!, /bucket \\\| logs/);
  });

  it('expands regional items to regions with evidence, account-wide items to evidence', () => {
    const root = account(scanned);
    const trail = child(root, 'item:cloudtrail');
    assert.deepEqual(trail.children.map((c) => [c.kind, c.label, c.description, c.contextValue]), [
      ['region', 'eu-west-1', 'trail titanic-api-trail is single-region', 'complianceRegion.fail'],
      ['region', 'us-east-1', 'no trail', 'complianceRegion.fail'],
      ['region', 'us-west-2', 'no trail', 'complianceRegion.fail'],
    ]);
    const evidence = trail.children[0]!.children[0]!;
    assert.deepEqual([evidence.kind, evidence.label, evidence.description, evidence.contextValue], ['evidence', 'Trail', 'titanic-api-trail (single-region)', 'complianceEvidence']);
    assert.deepEqual(evidence.icon, { id: 'error', color: 'testing.iconFailed' });
    const keys = child(root, 'item:access-keys');
    assert.deepEqual(keys.children.map((c) => [c.kind, c.label, c.description, c.icon.id]), [
      ['evidence', 'ci-deployer AKIA…MPLE', 'active, rotated 91 days ago', 'error'],
      ['evidence', 'alice AKIA…ALCE', 'active, rotated 89 days ago', 'pass'],
    ]);
    assert.deepEqual(child(child(root, 'item:root-mfa'), 'item:root-mfa/evidence:0').icon, { id: 'circle-small' });
    assert.deepEqual(child(root, 'item:root-access-keys').children, []);
  });

  it('groups Security Hub failed findings by control under their own node', () => {
    const root = account(scanned);
    const findings = child(root, 'findings');
    assert.equal(findings.label, 'Security Hub failed findings');
    assert.equal(findings.description, '3 findings · 2 controls');
    assert.deepEqual(findings.children.map((g) => [g.label, g.description, g.icon.id, g.contextValue]), [
      ['S3.8', '2 · HIGH', 'error', 'complianceFindingGroup'],
      ['IAM.3', '1 · MEDIUM', 'warning', 'complianceFindingGroup'],
    ]);
    const finding = findings.children[0]!.children[0]!;
    assert.deepEqual([finding.label, finding.description, finding.contextValue], ['S3 general purpose buckets should block public access', 'arn:aws:s3:::titanic-logs · eu-west-1', 'complianceFinding']);
    assert.match(finding.tooltip!, /\*\*Workflow\*\* NEW/);
    const noHub = demoScan();
    delete noHub.findings;
    assert.ok(!account({ ...scanned, scan: noHub }).children.some((c) => c.kind === 'findings'));
    assert.equal(child(account({ ...scanned, scan: demoScan({ findings: [] }) }), 'findings').description, 'none');
  });

  it('shows the scan notes with an info icon', () => {
    const notes = account(scanned).children.filter((c) => c.kind === 'note');
    assert.deepEqual(notes.map((n) => [n.label, n.icon.id, n.contextValue]), [['Region ap-east-1 is not enabled for the account: skipped.', 'info', 'complianceNote']]);
  });

  it('shows a full scan in progress on the account and every item', () => {
    const root = account({ ...scanned, running: { progress: { done: 12, total: 50, message: 'GuardDuty enabled · eu-west-1' } } });
    assert.equal(root.description, 'scanning… 12/50');
    assert.deepEqual(root.icon, { id: 'loading~spin' });
    for (const item of root.children.filter((c) => c.kind === 'item')) {
      assert.equal(item.description, 'checking…');
      assert.deepEqual(item.icon, { id: 'loading~spin' });
    }
    assert.equal(account({ profile: 'p', region: 'r', running: {} }).description, 'scanning…');
  });

  it('shows a re-check on its item only', () => {
    const root = account({ ...scanned, running: { items: ['password-policy'] } });
    assert.equal(root.description, `scanned ${localHhmm('2026-11-29T15:30:00.000Z')} · re-checking…`);
    assert.equal(child(root, 'item:password-policy').description, 'checking…');
    assert.equal(child(root, 'item:password-policy').contextValue, 'complianceItem.fail');
    assert.equal(child(root, 'item:config').description, 'recording in 3 of 3 regions');
  });

  it('shows a failed scan on the account node and keeps the previous results', () => {
    const error = 'Compliance scan: the credentials (profile "prod-audit") have expired.';
    const root = account({ ...scanned, error });
    assert.equal(root.description, `scanned ${localHhmm('2026-11-29T15:30:00.000Z')} · last scan failed`);
    assert.equal(root.children[0]!.kind, 'scanError');
    assert.equal(root.children[0]!.description, error);
    assert.equal(child(root, 'item:cloudtrail').description, 'no multi-region trail is logging');
    const never = account({ profile: 'prod-audit', region: 'eu-west-1', error });
    assert.equal(never.description, 'scan failed');
    assert.equal(never.icon.id, 'warning');
  });

  it('gives every node a unique id', () => {
    const all = allNodes(nodes(scanned));
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
  });

  it('passes the account only when all ten items pass', () => {
    const allPass = demoScan({ items: demoScan().items.map((item) => ({ ...item, status: 'pass' as const })) });
    assert.deepEqual(account({ ...scanned, scan: allPass }).icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(account({ ...scanned, scan: { ...allPass, items: allPass.items.slice(1) } }).icon, { id: 'circle-outline' });
  });

  it('writes the time as HH:MM today, with the date otherwise', () => {
    const today = new Date(2026, 10, 29, 9, 5);
    assert.equal(shortTime(today.toISOString(), new Date(2026, 10, 29, 23, 0)), '09:05');
    assert.equal(shortTime(today.toISOString(), new Date(2026, 10, 30, 1, 0)), '2026-11-29 09:05');
    assert.equal(shortTime('garbage'), 'unknown time');
  });
});
