// The newcomer's first five minutes, driven like a person in the browser: the
// packaged .vsix installed into code-server (as a user installs it), the shipped
// runbooks open, the demo account in the local AWS stand-in. Each step saves a
// screenshot (.test-results/first-five-minutes/, the README's pictures).
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startDemoAws } from '../aws-backend/demo';
import { run } from '../host/proc';
import { startWorkbench, type Workbench } from '../host/runInHost';
import type { SuiteResults } from '../suiteResults';
import { chooseDemoProfile, dismissHovers, expectEqual, expectIncludes, indent, productionDialog, slug, startMarkdownExport, withTimeout } from './uiTests';
import { cellSource, codeCells, notebookShowing, outputWebview, quickOpen, OUTPUT_TIMEOUT_MS, STEP_TIMEOUT_MS, waitForOutputText } from './workbenchUi';

const repoRoot = path.resolve(__dirname, '../../..');
export const firstFiveMinutesScreenshots = path.join(repoRoot, '.test-results/first-five-minutes');
const STEP_CASE_TIMEOUT_MS = 120_000;

interface Step {
  title: string;
  screenshot: string;
  run(page: Page): Promise<void>;
}

/** Shows the Security Runbooks side bar (clicking its activity-bar icon would hide it when it is already showing). */
async function showComplianceView(page: Page): Promise<void> {
  if (await complianceView(page).isVisible()) return;
  // The failing-items badge sits on top of the icon; the click lands on the same item.
  await page.locator('.activitybar .action-item a[aria-label^="Security Runbooks"]').click({ force: true });
  await complianceView(page).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

const complianceView = (page: Page) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Compliance' }) });
const treeRow = (page: Page, label: string) => complianceView(page).locator('.monaco-list-row', { hasText: label });

/** The cell's own ▷ (shown on hover), once the list has stopped scrolling. */
async function runCell(cell: Locator): Promise<void> {
  await cell.scrollIntoViewIfNeeded();
  await cell.page().waitForTimeout(500);
  await cell.hover();
  await cell.locator('.run-button-container a').first().click({ force: true });
}

const steps: Step[] = [
  {
    title: 'open the incident-response runbook and choose the demo profile',
    screenshot: '1-incident-runbook.png',
    async run(page) {
      await quickOpen(page, 'incident-response.runbook.md');
      const notebook = await notebookShowing(page, 'incident-response.runbook.md');
      await outputWebview(notebook).locator('h1', { hasText: 'Incident response' }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await chooseDemoProfile(page);
    },
  },
  {
    title: 'run the Logs Insights cell and read the table of refused requests',
    screenshot: '2-logs-insights.png',
    async run(page) {
      const notebook = await notebookShowing(page, 'incident-response.runbook.md');
      // Down the notebook with the keyboard, as a person would: into the first cell, Escape, then ↓ to the query.
      await codeCells(notebook).first().locator('.cell-editor-container').click();
      await page.keyboard.press('Escape');
      const focused = notebook.locator('.monaco-list-row.focused');
      for (let i = 0; i < 10 && !(await focused.innerText().catch(() => '')).includes('Forbidden'); i++) {
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(200);
      }
      expectIncludes(await cellSource(focused), 'filter @message like /Forbidden/', 'the Logs Insights cell');
      await runCell(focused);
      const output = outputWebview(notebook);
      await output.locator('table th', { hasText: '@timestamp' }).first().waitFor({ state: 'visible', timeout: OUTPUT_TIMEOUT_MS });
      const rows = output.locator('table tbody tr');
      if ((await rows.count()) < 1) throw new Error('the table has no rows');
      expectIncludes(await rows.first().innerText(), 'audit.k8s.io', 'the newest refused request (an EKS audit event)');
      // Only the refused requests of the audit log: the demo account has six among the normal ones.
      await waitForOutputText(notebook, '6 rows · 6 records matched');
    },
  },
  {
    title: 'the Compliance view scans the demo account and shows the failing items',
    screenshot: '3-compliance-failing.png',
    async run(page) {
      await showComplianceView(page);
      await complianceView(page).getByRole('button', { name: 'Choose AWS Profile' }).click();
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.fill('demo');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'demo' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Enter');
      await treeRow(page, 'demo · 123456789012').filter({ hasText: 'scanned' }).waitFor({ state: 'visible', timeout: OUTPUT_TIMEOUT_MS });
      for (const item of ['CloudTrail in all regions', 'GuardDuty enabled', 'Password policy', 'VPC flow logs on every VPC']) {
        expectEqual(await treeRow(page, item).locator('.codicon-error').count(), 1, `${item} fails in the demo account`);
      }
      await dismissHovers(page);
    },
  },
  {
    title: 'Open Remediation on the password policy, run the cell and confirm the production modal',
    screenshot: '4-remediation-run.png',
    async run(page) {
      const policy = treeRow(page, 'Password policy');
      await policy.hover();
      await policy.locator('.action-label[aria-label="Open Remediation"]').click();
      const notebook = await notebookShowing(page, 'cis-enablement.runbook.md');
      await chooseDemoProfile(page);
      const cell = notebook.locator('.monaco-list-row.focused');
      // The newly opened notebook renders its cells a moment after the editor shows.
      const deadline = Date.now() + STEP_TIMEOUT_MS;
      while (!(await cellSource(cell).catch(() => '')).includes('update-account-password-policy') && Date.now() < deadline) await page.waitForTimeout(200);
      expectIncludes(await cellSource(cell), 'aws iam update-account-password-policy', 'the revealed cell');
      await runCell(cell);
      const dialog = await productionDialog(page);
      expectIncludes(await dialog.innerText(), 'Account: 123456789012', 'the confirmation');
      await page.waitForTimeout(1_000); // a person reads before confirming (quicker answers are asked again)
      await dialog.getByRole('button', { name: 'Run', exact: true }).click();
      await waitForOutputText(notebook, '"MinimumPasswordLength": 14');
    },
  },
  {
    title: 're-check the item: it passes',
    screenshot: '5-compliance-pass.png',
    async run(page) {
      await showComplianceView(page);
      const policy = treeRow(page, 'Password policy');
      await dismissHovers(page);
      await policy.hover();
      await policy.locator('.action-label[aria-label="Re-check Compliance Item"]').click();
      await policy.locator('.codicon-pass').waitFor({ state: 'visible', timeout: OUTPUT_TIMEOUT_MS });
      await dismissHovers(page);
    },
  },
  {
    title: 'a Kubernetes manifest shows its security diagnostics in the Problems panel',
    screenshot: '6-manifest-diagnostics.png',
    async run(page) {
      await quickOpen(page, 'titanic-api.yaml');
      await page.keyboard.press('Control+Shift+M');
      const problems = page.locator('.markers-panel .monaco-list-row');
      for (const rule of ['SR-K8S-002', 'SR-K8S-010', 'SR-K8S-011']) {
        await problems.filter({ hasText: rule }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      }
    },
  },
  {
    title: 'export the post-incident record',
    screenshot: '7-export-record.png',
    async run(page) {
      await quickOpen(page, 'incident-response.runbook.md');
      await notebookShowing(page, 'incident-response.runbook.md');
      const dialog = await startMarkdownExport(page);
      expectIncludes(await dialog.innerText(), 'step', 'the export preview');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'Record exported' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    },
  },
];

/** Packages the extension as `npm run package` does, into a temporary folder. */
async function packageVsix(dir: string): Promise<string> {
  const vsix = path.join(dir, 'security-runbooks.vsix');
  await run(process.execPath, ['scripts/build.mjs', '--production', '--bundle-only'], { cwd: repoRoot });
  await run(process.execPath, [path.join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: repoRoot });
  return vsix;
}

export async function runFirstFiveMinutes(): Promise<SuiteResults> {
  const results: SuiteResults = { passed: 0, failed: 0, failures: [] };
  const record = (title: string, error: unknown) => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.failed++;
    results.failures.push({ title, error: message });
    console.log(`  ✘ ${title}\n${indent(message)}`);
  };
  const work = mkdtempSync(path.join(tmpdir(), 'sr-first-five-'));
  const workspace = path.join(work, 'workspace');
  cpSync(path.join(repoRoot, 'runbooks'), workspace, { recursive: true });
  cpSync(path.join(repoRoot, 'test/fixtures/first-five-minutes'), workspace, { recursive: true });
  mkdirSync(firstFiveMinutesScreenshots, { recursive: true });
  let demo: Awaited<ReturnType<typeof startDemoAws>> | undefined;
  let workbench: Workbench | undefined;
  try {
    try {
      const vsix = await packageVsix(work);
      demo = await startDemoAws();
      workbench = await startWorkbench({ workspace, vsix, env: demo.profiles.env, settings: { 'securityRunbooks.production.profiles': ['demo'] } });
    } catch (error) {
      record('start the demo and the workbench with the packaged extension', error);
      return results;
    }
    const page = workbench.page;
    for (const step of steps) {
      const started = Date.now();
      try {
        await withTimeout(step.run(page), STEP_CASE_TIMEOUT_MS, step.title);
        await page.screenshot({ path: path.join(firstFiveMinutesScreenshots, step.screenshot) });
        results.passed++;
        console.log(`  ✔ ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        record(step.title, error);
        await page.screenshot({ path: path.join(firstFiveMinutesScreenshots, `failed-${slug(step.title)}.png`) }).catch(() => undefined);
      }
    }
    return results;
  } finally {
    await workbench?.stop();
    await demo?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
