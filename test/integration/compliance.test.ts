import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPLIANCE_ITEMS } from '../../src/compliance/catalog';
import type { ScanResult } from '../../src/compliance/model';
import type { ComplianceNode } from '../../src/compliance/treeNodes';
import { backendControl } from '../aws-backend/control';
import { backendEndpoint, setFault } from './support/awsBackend';
import { allOutputText, runCells, waitFor } from './support/notebooks';

interface ExtensionTestApi {
  complianceTree: vscode.TreeDataProvider<ComplianceNode>;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];

/** The tree as a person sees it: label, description and icon of each node, from the provider the view uses. */
async function shown(tree: vscode.TreeDataProvider<ComplianceNode>, node?: ComplianceNode): Promise<Array<{ node: ComplianceNode; label: string; description: string; icon: string; context: string }>> {
  const children = ((await tree.getChildren(node)) ?? []) as ComplianceNode[];
  return Promise.all(
    children.map(async (child) => {
      const item = await tree.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { node: child, label, description: String(item.description ?? ''), icon: (item.iconPath as vscode.ThemeIcon | undefined)?.id ?? '', context: item.contextValue ?? '' };
    }),
  );
}

async function itemRow(tree: vscode.TreeDataProvider<ComplianceNode>, title: string) {
  const [account] = await shown(tree);
  const row = (await shown(tree, account!.node)).find((r) => r.label === title);
  assert.ok(row, `the tree shows "${title}"`);
  return row;
}

/** The compliance tree in the real VS Code, against the AWS test backend seeded with the demo's non-compliant account. */
describe('compliance tree (against the AWS test backend)', function () {
  this.timeout(120_000);
  let tree: vscode.TreeDataProvider<ComplianceNode>;

  before(async () => {
    const endpoint = backendEndpoint();
    await backendControl.reset(endpoint);
    await backendControl.seedNonCompliantAccount(endpoint, REGIONS);
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'security-runbooks')!;
    tree = ((await extension.activate()) as ExtensionTestApi).complianceTree;
  });

  after(async () => {
    // Leave the backend as the other suites expect it: the incident demo, moto's regions.
    const endpoint = backendEndpoint();
    await backendControl.reset(endpoint);
    await backendControl.seedIncidentDemo(endpoint);
  });

  it('before a profile is chosen, scans as the securityRunbooks.defaultProfile setting says; unset, nothing again', async () => {
    const settings = vscode.workspace.getConfiguration('securityRunbooks');
    const accountLabel = async () => (await shown(tree))[0]?.label;
    await settings.update('defaultProfile', 'demo', vscode.ConfigurationTarget.Global);
    try {
      for (const deadline = Date.now() + 10_000; !(await accountLabel()) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(await accountLabel(), 'demo · account not scanned yet', 'the default profile, as if chosen');
      const scan = (await vscode.commands.executeCommand('securityRunbooks.compliance.refresh')) as ScanResult;
      assert.equal(scan.profile, 'demo');
      assert.match((await accountLabel()) ?? '', /^demo · 123456789012/);
    } finally {
      await settings.update('defaultProfile', undefined, vscode.ConfigurationTarget.Global);
    }
    for (const deadline = Date.now() + 10_000; (await accountLabel()) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await tree.getChildren(undefined), [], 'no profile chosen and no default: the welcome view');
  });

  it('shows nothing (the welcome view) until a profile is chosen, then the ten items with their status after a scan', async () => {
    assert.deepEqual(await tree.getChildren(undefined), []);
    assert.deepEqual(await vscode.commands.executeCommand('securityRunbooks.compliance.chooseProfile', { profile: 'demo', scan: false }), { profile: 'demo', region: 'us-east-1' });
    const scan = (await vscode.commands.executeCommand('securityRunbooks.compliance.refresh')) as ScanResult;
    assert.deepEqual(scan.regions, [...REGIONS].sort());

    const [account] = await shown(tree);
    assert.match(account!.label, /demo · 123456789012/);
    assert.match(account!.description, /scanned \d\d:\d\d/);
    const items = await shown(tree, account!.node);
    const itemRows = items.filter((r) => r.context.startsWith('complianceItem.'));
    assert.deepEqual(
      itemRows.map((r) => r.label),
      COMPLIANCE_ITEMS.map((i) => i.title),
    );
    for (const row of itemRows) {
      assert.equal(row.context, 'complianceItem.fail', `${row.label}: ${row.description}`);
      assert.equal(row.icon, 'error');
    }
    const guardDuty = itemRows.find((r) => r.label === 'GuardDuty enabled')!;
    assert.equal(guardDuty.description, 'fails in eu-west-1, us-west-2: no GuardDuty detector');
    const regions = await shown(tree, guardDuty.node);
    assert.deepEqual(
      regions.map((r) => [r.label, r.icon]),
      [
        ['eu-west-1', 'error'],
        ['us-east-1', 'pass'],
        ['us-west-2', 'error'],
      ],
    );
    const evidence = await shown(tree, regions.find((r) => r.label === 'us-east-1')!.node);
    assert.match(evidence.map((r) => `${r.label} ${r.description}`).join('\n'), /detector \S+ ENABLED/);
    const keys = await shown(tree, itemRows.find((r) => r.label === 'Access keys rotated within 90 days')!.node);
    assert.ok(keys.some((r) => r.label === 'ci-deploy key 1' && /120 days ago/.test(r.description)), JSON.stringify(keys.map((r) => [r.label, r.description])));
  });

  it('"Open remediation" opens the runbook and reveals the cell whose controls name the item', async () => {
    const target = (await vscode.commands.executeCommand('securityRunbooks.compliance.openRemediation', { item: 'password-policy' })) as { cellName: string };
    assert.equal(target.cellName, 'set-password-policy');
    await waitFor(() => vscode.window.activeNotebookEditor?.notebook.uri.fsPath.endsWith('cis-enablement.runbook.md') === true, 'the CIS runbook to open');
    const editor = vscode.window.activeNotebookEditor!;
    const selected = editor.notebook.cellAt(editor.selection.start);
    assert.equal((selected.metadata as { attributes?: { name?: string } }).attributes?.name, 'set-password-policy');
    assert.deepEqual((selected.metadata as { attributes?: { controls?: string[] } }).attributes?.controls, ['CIS 1.8', 'CIS 1.9', 'IAM.15', 'IAM.16']);
    await waitFor(() => editor.visibleRanges.some((range) => range.start <= selected.index && selected.index < range.end), 'the cell to be scrolled into view');
  });

  it('running the remediation cell, then re-checking that one item, turns it green', async () => {
    const editor = vscode.window.activeNotebookEditor!;
    const cell = editor.notebook.cellAt(editor.selection.start);
    await vscode.commands.executeCommand('securityRunbooks.selectProfile', { notebook: editor.notebook.uri, profile: 'demo' });
    await runCells(editor.notebook, cell);
    assert.equal(cell.executionSummary?.success, true, allOutputText(cell));
    assert.match(allOutputText(cell), /"MinimumPasswordLength": 14/);

    assert.equal((await itemRow(tree, 'Password policy: length ≥ 14, reuse prevention 24')).context, 'complianceItem.fail', 'unchanged until re-checked');
    const rechecked = (await vscode.commands.executeCommand('securityRunbooks.compliance.recheckItem', { item: 'password-policy' })) as ScanResult;
    assert.equal(rechecked.items.length, 10);
    const row = await itemRow(tree, 'Password policy: length ≥ 14, reuse prevention 24');
    assert.equal(row.context, 'complianceItem.pass');
    assert.equal(row.icon, 'pass');
    assert.equal(row.description, 'length 14, reuse prevention 24');
    assert.equal((await itemRow(tree, 'GuardDuty enabled')).context, 'complianceItem.fail', 'the other items keep their last result');
  });

  it('refresh after an AccessDenied on one service: that item is unknown, the others evaluated', async () => {
    await setFault('guardduty:*', 'AccessDenied');
    try {
      await vscode.commands.executeCommand('securityRunbooks.compliance.refresh');
    } finally {
      await setFault('guardduty:*', null);
    }
    const guardDuty = await itemRow(tree, 'GuardDuty enabled');
    assert.equal(guardDuty.context, 'complianceItem.unknown');
    assert.match(guardDuty.description, /access denied \(guardduty:ListDetectors\)/);
    assert.equal((await itemRow(tree, 'AWS Config recording in every region')).context, 'complianceItem.fail');
    assert.equal((await itemRow(tree, 'Password policy: length ≥ 14, reuse prevention 24')).context, 'complianceItem.pass');
  });

  it('exports the current scan as a Markdown and a JSON compliance report', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'sr-compliance-report-'));
    const written = (await vscode.commands.executeCommand('securityRunbooks.compliance.exportReport', { folder })) as { markdown: string; json: string };
    assert.ok(existsSync(written.markdown) && existsSync(written.json));
    const markdown = readFileSync(written.markdown, 'utf8');
    assert.match(markdown, /123456789012/);
    assert.match(markdown, /GuardDuty\.1/);
    assert.match(markdown, /AWS Foundational Security Best Practices/);
    const json = JSON.parse(readFileSync(written.json, 'utf8')) as { scan?: ScanResult; items?: unknown[] };
    assert.ok(JSON.stringify(json).includes('password-policy'));
  });

  it('a scan that cannot start (expired credentials) says why on the account node and keeps the last result', async () => {
    await setFault('GetCallerIdentity', 'ExpiredToken');
    try {
      await vscode.commands.executeCommand('securityRunbooks.compliance.chooseProfile', { profile: 'other-account', scan: false });
      assert.equal(await vscode.commands.executeCommand('securityRunbooks.compliance.refresh'), undefined);
    } finally {
      await setFault('GetCallerIdentity', null);
    }
    const [account] = await shown(tree);
    const children = await shown(tree, account!.node);
    assert.match(children.map((c) => `${c.label} ${c.description}`).join('\n'), /expired/);
  });
});
