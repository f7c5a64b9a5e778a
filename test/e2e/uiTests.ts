// UI-level end-to-end tests: the real VS Code 1.100 workbench (code-server +
// headless Chromium, see test/host/) with this repository loaded as the extension
// under development, driven like a person would, asserting what a person sees.
//
// One workbench serves every case; cases run in order and share it. Notebook
// editors are never closed: code-server's webview service worker can stall a new
// output webview when another was torn down mid-load.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../host/runInHost';
import {
  cellSource,
  clickNotebookToolbarButton,
  codeCells,
  notebookShowing,
  outputWebview,
  quickOpen,
  selectedKernelLabel,
  OUTPUT_TIMEOUT_MS,
  STEP_TIMEOUT_MS,
  waitForCellsToFinish,
  waitForOutputText,
} from './workbenchUi';
import type { SuiteResults } from '../suiteResults';

export type UiTestResults = SuiteResults;

interface UiTestCase {
  title: string;
  run(page: Page): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '../../..');
const fixtureDir = path.join(repoRoot, 'test/fixtures/e2e-workspace');
export const screenshotDir = path.join(repoRoot, '.test-results/e2e');
/** A hung case fails and the suite moves on (each step inside has its own, shorter bound). */
const CASE_TIMEOUT_MS = 120_000;

const UI_RUNBOOK = 'ui.runbook.md';
const FAILING_RUNBOOK = 'failing.runbook.md';
const MALFORMED_RUNBOOK = 'malformed.runbook.md';
const INCIDENT_RUNBOOK = 'incident.runbook.md';
const PRODUCTION_RUNBOOK = 'production.runbook.md';
const TICKET_TOKEN = 'tkt-7f3c9e1a-secret-never-shown';

const cases: UiTestCase[] = [
  {
    title: 'Quick Open opens a runbook as a notebook with the Security Runbooks kernel selected',
    async run(page) {
      await quickOpen(page, UI_RUNBOOK);
      const notebook = await notebookShowing(page, UI_RUNBOOK);
      // Markdown cells render in the notebook's webview, not as raw "# ..." text.
      await outputWebview(notebook).locator('h1', { hasText: 'UI smoke runbook' }).waitFor({ timeout: STEP_TIMEOUT_MS });
      const sources = await Promise.all((await codeCells(notebook).all()).map((cell) => cellSource(cell)));
      expectEqual(sources.length, 2, 'number of code cells shown');
      expectIncludes(sources[0] ?? '', 'echo "hello from the UI"', 'first code cell');
      expectEqual(await selectedKernelLabel(notebook), 'Security Runbooks', 'kernel shown in the notebook toolbar');
      // Without a selected controller the toolbar (or a kernel picker) offers "Select Kernel".
      const kernelPrompts = await page.getByText('Select Kernel').filter({ visible: true }).count();
      if (kernelPrompts > 0) throw new Error('VS Code shows a "Select Kernel" prompt');
    },
  },
  {
    title: 'Run All runs every cell: success icons, echoed text and exit-code lines',
    async run(page) {
      const notebook = await showRunbook(page, UI_RUNBOOK);
      await clickNotebookToolbarButton(notebook, 'Run All');
      const states = await waitForCellsToFinish(notebook);
      expectEqual(states.join(', '), 'success, success', 'code cell states');
      await waitForOutputText(notebook, 'hello from the UI');
      const shown = await waitForOutputText(notebook, 'ui-finding-1');
      expectEqual(countOf(shown, /Exit code 0 after \d+ ms\./g), 2, `"Exit code 0 after" lines in ${JSON.stringify(shown)}`);
      await dismissHovers(page);
      await saveScreenshot(page, 'run-all.png');
    },
  },
  {
    title: 'JSON printed by a cell is shown pretty-printed',
    async run(page) {
      const notebook = await showRunbook(page, UI_RUNBOOK);
      await runAllIfNotRun(notebook);
      // The cell echoes `"severity":"HIGH"` without spaces; the output indents it.
      const shown = await waitForOutputText(notebook, '"severity": "HIGH"');
      if (!/\n\s+"account": "123456789012",\n/.test(shown)) {
        throw new Error(`expected "account" on its own indented line, the output shows ${JSON.stringify(shown)}`);
      }
    },
  },
  {
    title: 'a failing cell shows the error icon, its stderr and its exit code',
    async run(page) {
      // A second tab: the first notebook stays open (see the note at the top).
      const notebook = await showRunbook(page, FAILING_RUNBOOK);
      await clickNotebookToolbarButton(notebook, 'Run All');
      const states = await waitForCellsToFinish(notebook);
      expectEqual(states.join(', '), 'error', 'code cell state');
      await waitForOutputText(notebook, 'Exit code 3 after');
      await waitForOutputText(notebook, 'about to fail');
      await waitForOutputText(notebook, 'ui-e2e: access denied', 5_000); // already rendered with the lines above
    },
  },
  {
    title: 'a malformed runbook opens with a warning about its front matter and flags the unreadable cell',
    async run(page) {
      const notebook = await showRunbook(page, MALFORMED_RUNBOOK);
      await page
        .locator('.notifications-toasts .notification-toast', { hasText: 'Front matter is not valid YAML (line 3)' })
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await notebook
        .locator('.cell-statusbar-container', { hasText: 'Invalid cell attributes' })
        .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      const sources = await Promise.all((await codeCells(notebook).all()).map((cell) => cellSource(cell)));
      expectEqual(sources.join('|'), 'echo "must not run"', 'the code cell is still shown');
      await saveScreenshot(page, 'malformed.png');
    },
  },
  {
    title: 'choosing an AWS profile from the status bar shows profile · account · region, and a Logs Insights cell renders a table',
    async run(page) {
      const notebook = await showRunbook(page, INCIDENT_RUNBOOK);
      await chooseDemoProfile(page);
      await clickNotebookToolbarButton(notebook, 'Run All');
      const states = await waitForCellsToFinish(notebook);
      expectEqual(states.join(', '), 'success', 'Logs Insights cell state');
      // The rendered Markdown table (in a shadow root of the output webview, which playwright's CSS pierces).
      const output = outputWebview(notebook);
      await output.locator('table th', { hasText: '@timestamp' }).first().waitFor({ state: 'visible', timeout: OUTPUT_TIMEOUT_MS });
      expectEqual(await output.locator('table tbody tr').count(), 6, 'rows of the Forbidden table');
      expectIncludes((await output.locator('table tbody tr td').nth(1).innerText()) ?? '', 'audit.k8s.io', 'first row message');
      const shown = await waitForOutputText(notebook, 'Ran as arn:aws:sts::123456789012:user/');
      expectIncludes(shown, '6 rows', 'closing line');
      await dismissHovers(page);
      await saveScreenshot(page, 'logs-insights.png');
    },
  },
  {
    title: 'production: parameters are asked (secret in a password box), the modal names account, region, principal and command; declining runs nothing',
    async run(page) {
      const notebook = await showRunbook(page, PRODUCTION_RUNBOOK);
      await chooseDemoProfile(page);
      await clickNotebookToolbarButton(notebook, 'Run All');
      await answerParameters(page);
      const dialog = await productionDialog(page);
      const text = await dialog.innerText();
      for (const expected of ['PRODUCTION', 'Account: 123456789012', 'Region: us-east-1', 'As: arn:aws:sts::123456789012:user/', 'aws logs put-retention-policy', "RETENTION_DAYS='30'"]) {
        expectIncludes(text, expected, 'confirmation dialog');
      }
      if (text.includes(TICKET_TOKEN)) throw new Error('the dialog shows the secret parameter');
      await saveScreenshot(page, 'production-confirmation.png');
      // A stray Enter right away (the default button is Run) must not run the cell: the dialog asks again.
      await page.keyboard.press('Enter');
      await dialog.filter({ hasText: 'too quickly to be deliberate' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await waitForOutputText(notebook, 'Not run: declined at the confirmation');
    },
  },
  {
    title: 'production: accepting runs the mutating cell with its parameters, the secret redacted; Run All skips the destructive cell',
    async run(page) {
      const notebook = await showRunbook(page, PRODUCTION_RUNBOOK);
      await clickNotebookToolbarButton(notebook, 'Run All');
      await answerParameters(page);
      const dialog = await productionDialog(page);
      await page.waitForTimeout(1_000); // a person reads before confirming (quicker answers are asked again)
      await dialog.getByRole('button', { name: 'Run', exact: true }).click();
      const shown = await waitForOutputText(notebook, 'retention set to 30 days with ticket token [REDACTED]');
      if (shown.includes(TICKET_TOKEN)) throw new Error('the secret parameter reached the output');
      await waitForOutputText(notebook, 'Skipped by Run All: destructive cells never run as part of Run All');
    },
  },
  {
    title: 'production: a destructive cell run on its own needs the account id typed',
    async run(page) {
      const notebook = await showRunbook(page, PRODUCTION_RUNBOOK);
      const cell = codeCells(notebook).nth(1);
      // The cell's own ▷ button (a single-cell run, not Run All), shown on hover.
      await cell.hover();
      await cell.locator('.run-button-container a').first().click();
      const dialog = await productionDialog(page);
      await page.waitForTimeout(1_000);
      await dialog.getByRole('button', { name: 'Continue…' }).click();
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.fill('123456789012');
      await page.keyboard.press('Enter');
      await waitForOutputText(notebook, 'scratch group deleted');
    },
  },
  {
    title: 'exporting the post-incident record previews the redaction count before saving',
    async run(page) {
      await showRunbook(page, PRODUCTION_RUNBOOK);
      const dialog = await startMarkdownExport(page);
      const text = await dialog.innerText();
      const redacted = /Redaction replaced (\d+) value/.exec(text);
      if (!redacted || Number(redacted[1]) < 1) throw new Error(`the preview does not show the redaction count: ${JSON.stringify(text)}`);
      await saveScreenshot(page, 'export-preview.png');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'Record exported' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    },
  },
  {
    title: 'the Compliance view: choose a profile from its welcome button, see the failing items, open a remediation cell',
    async run(page) {
      await page.locator('.activitybar .action-item a[aria-label^="Security Runbooks"]').click();
      const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Compliance' }) });
      await view.getByRole('button', { name: 'Choose AWS Profile' }).click();
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await input.fill('demo');
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'demo' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Enter');
      // Choosing the profile starts a scan over every enabled region; the items appear with their status icons.
      const row = (label: string) => view.locator('.monaco-list-row', { hasText: label });
      await row('demo · 123456789012').filter({ hasText: 'scanned' }).waitFor({ state: 'visible', timeout: OUTPUT_TIMEOUT_MS });
      const guardDuty = row('GuardDuty enabled');
      await guardDuty.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      expectEqual(await guardDuty.locator('.codicon-error').count(), 1, 'GuardDuty shows the failing icon');
      expectIncludes(await guardDuty.innerText(), 'no GuardDuty detector', 'GuardDuty row');
      expectEqual(await row('Password policy').locator('.codicon-error').count(), 1, 'the password policy (none in the demo account) shows the failing icon');
      expectEqual(await row('No root access keys').locator('.codicon-pass').count(), 1, 'no root access keys shows the passing icon');
      await saveScreenshot(page, 'compliance-tree.png');
      // The inline "Open Remediation" action on the password policy item reveals its fix.
      const policy = row('Password policy');
      // The pointer was left over the tree by the welcome button: its item tooltip could cover the row.
      await dismissHovers(page);
      await policy.hover();
      await policy.locator('.action-label[aria-label="Open Remediation"]').click();
      const notebook = await notebookShowing(page, 'cis-enablement.runbook.md');
      const selected = notebook.locator('.monaco-list-row.focused .cell-editor-container');
      await selected.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      expectIncludes(await cellSource(notebook.locator('.monaco-list-row.focused')), 'aws iam update-account-password-policy', 'the revealed cell');
      await saveScreenshot(page, 'compliance-remediation.png');
    },
  },
  {
    title: 'a Dockerfile running as root shows in the Problems panel; the quick fix adds USER and the problem goes',
    async run(page) {
      await quickOpen(page, 'Dockerfile');
      await page.locator('.tabs-container [role="tab"].active', { hasText: 'Dockerfile' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Control+Shift+M'); // View: Problems
      const problems = page.locator('.markers-panel');
      const problem = problems.locator('.monaco-list-row', { hasText: 'SR-DOCKER-001' });
      await problem.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      expectIncludes(await problem.innerText(), 'root', 'the problem says the image runs as root');
      await saveScreenshot(page, 'problems-dockerfile.png');
      // From the Problems panel: open the problem in the editor, then Quick Fix… (Ctrl+.) there.
      await problem.dblclick();
      await page.locator('.monaco-editor.focused').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await page.keyboard.press('Control+.');
      // The rule's fix is the preferred action: listed first and focused.
      const fix = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Add USER 10001' });
      await fix.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await saveScreenshot(page, 'problems-quick-fix.png');
      await page.keyboard.press('Enter');
      await problem.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
      await page.locator('.monaco-editor .view-line', { hasText: 'USER 10001' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    },
  },
];

/** Clicks the status bar's "Choose AWS profile", picks `demo` in the quick pick, and waits for `demo · account · region`. */
export async function chooseDemoProfile(page: Page): Promise<void> {
  const status = page.locator('.statusbar-item', { hasText: 'Choose AWS profile' });
  await status.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await status.click();
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill('demo');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'demo' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item', { hasText: 'demo · 123456789012 · us-east-1' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
}

/** Accepts the number's default and types the secret into its password box. */
async function answerParameters(page: Page): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const title = page.locator('.quick-input-widget .quick-input-title');
  await title.filter({ hasText: 'retentionDays' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await title.filter({ hasText: 'ticketToken' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  expectEqual(await input.first().getAttribute('type'), 'password', 'the secret parameter input type');
  await page.keyboard.type(TICKET_TOKEN);
  await page.keyboard.press('Enter');
}

/** Command palette → Export Post-Incident Record → markdown; returns the preview dialog. */
export async function startMarkdownExport(page: Page): Promise<Locator> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill('>Security Runbooks: Export Post-Incident Record');
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Export Post-Incident Record' }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'markdown' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill('markdown');
  await page.keyboard.press('Enter');
  return productionDialog(page);
}

export async function productionDialog(page: Page): Promise<Locator> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  return dialog;
}

/** Starts one workbench on a fresh copy of the e2e fixture workspace and runs every case in order. */
/** `env`: extra environment for the workbench's extension host (the AWS test backend's shared config files). */
export async function runUiTests(env: Record<string, string> = {}): Promise<UiTestResults> {
  const results: UiTestResults = { passed: 0, failed: 0, failures: [] };
  const workspace = prepareWorkspace();
  let workbench: Workbench | undefined;
  try {
    try {
      requireBuiltExtension();
      // The demo profile counts as production: its mutating cells must be confirmed.
      workbench = await startWorkbench({ workspace, extensionPath: repoRoot, env, settings: { 'securityRunbooks.production.profiles': ['demo'] } });
    } catch (error) {
      record(results, 'start the VS Code workbench', error);
      return results;
    }
    for (const testCase of cases) await runCase(workbench.page, testCase, results);
    return results;
  } finally {
    await workbench?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function runCase(page: Page, testCase: UiTestCase, results: UiTestResults): Promise<void> {
  const started = Date.now();
  try {
    await withTimeout(testCase.run(page), CASE_TIMEOUT_MS, testCase.title);
    results.passed++;
    console.log(`  ✔ ${testCase.title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    record(results, testCase.title, error);
    await saveScreenshot(page, `failed-${slug(testCase.title)}.png`).catch(() => undefined);
  }
}

function record(results: UiTestResults, title: string, error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  results.failed++;
  results.failures.push({ title, error: message });
  console.log(`  ✘ ${title}\n${indent(message)}`);
}

/** A fresh copy of the fixtures, so nothing a run does (saving, outputs) touches the repository. */
function prepareWorkspace(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'sr-e2e-workspace-'));
  cpSync(fixtureDir, workspace, { recursive: true });
  return workspace;
}

function requireBuiltExtension(): void {
  const bundle = path.join(repoRoot, 'dist/extension.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node scripts/build.mjs\` first`);
}

/** Brings a runbook's notebook to the front through Quick Open (opening it if needed) and returns it. */
async function showRunbook(page: Page, fileName: string): Promise<Locator> {
  await quickOpen(page, fileName);
  return notebookShowing(page, fileName);
}

/** Lets a case run on its own: runs the notebook when no earlier case has. */
async function runAllIfNotRun(notebook: Locator): Promise<void> {
  const finished = await notebook.locator('.codicon-notebook-state-success, .codicon-notebook-state-error').count();
  if (finished === 0) await clickNotebookToolbarButton(notebook, 'Run All');
  await waitForCellsToFinish(notebook);
}

/** Hides the tooltip a click leaves over the toolbar, so it does not cover the screenshot. */
export async function dismissHovers(page: Page): Promise<void> {
  await page.mouse.move(900, 950); // empty notebook area
  await page.keyboard.press('Escape');
  await page.locator('.workbench-hover-container').waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, name) });
}

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function expectIncludes(actual: string, expected: string, what: string): void {
  if (!actual.includes(expected)) throw new Error(`${what}: expected it to contain ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function countOf(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${what}" did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim().slice(0, 60).trim().replace(/ /g, '-');
}

export function indent(text: string): string {
  return text.replace(/^/gm, '      ');
}
