// Drives the VS Code 1.100 workbench the way a person does (keyboard, clicks) and
// reads back what is on screen. Selectors are aria labels, roles and codicon
// classes, which VS Code keeps stable across releases, scoped to the notebook
// that is showing.
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Bound for one UI step (a widget appearing, an editor opening, a cell finishing). */
export const STEP_TIMEOUT_MS = 30_000;
/**
 * Bound for cell outputs to appear. A notebook's output webview is a separate
 * iframe; code-server's webview service worker can stall a new one for up to
 * ~30 s when another webview was torn down mid-load, hence more than one step.
 */
export const OUTPUT_TIMEOUT_MS = 45_000;

/** Ctrl+P, type the file name, Enter once the file is the highlighted result. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input[type="text"]');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await input.fill(fileName);
  // Results arrive asynchronously: press Enter only when the focused row is our file.
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: fileName })
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
}

/**
 * The notebook editor showing `fileName`, once its tab is the active one.
 *
 * VS Code keeps one `.notebookOverlay` per open notebook, laid over the editor
 * area, and hides the inactive ones with `visibility: hidden`; so after the tab
 * switch exactly one is visible. (A bare `.notebook-editor` also matches an empty
 * placeholder inside the editor pane.)
 */
export async function notebookShowing(page: Page, fileName: string): Promise<Locator> {
  await page
    .locator('.tabs-container [role="tab"].active', { hasText: fileName })
    .waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const notebook = page.locator('.notebookOverlay:visible');
  await waitUntil(async () => (await notebook.count()) === 1, STEP_TIMEOUT_MS, () => `one notebook editor showing ${fileName}`);
  return notebook;
}

/** The code cells of a notebook editor, in order (all cells of the small fixtures are on screen). */
export function codeCells(notebook: Locator): Locator {
  return notebook.locator('.cell-list-container .monaco-list-row.code-cell-row');
}

/** The source text a code cell's editor shows. */
export async function cellSource(cell: Locator): Promise<string> {
  // Monaco renders spaces as U+00A0 in its view lines.
  const lines = await cell.locator('.view-line').allTextContents();
  return lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
}

/** The name of the kernel (notebook controller) shown at the right of the notebook toolbar. */
export async function selectedKernelLabel(notebook: Locator): Promise<string> {
  const label = notebook.locator('.notebook-toolbar-container .kernel-action-view-item .kernel-label');
  await label.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  return (await label.innerText()).trim();
}

/** Clicks a notebook toolbar button by its accessible name (e.g. "Run All"). */
export async function clickNotebookToolbarButton(notebook: Locator, name: string): Promise<void> {
  await notebook.locator('.notebook-toolbar-container').getByRole('button', { name, exact: true }).click({ timeout: STEP_TIMEOUT_MS });
}

export type CellState = 'success' | 'error' | 'running' | 'pending' | 'none';

/** A code cell's execution state, read from the status icon VS Code draws in its left gutter. */
export async function cellState(cell: Locator): Promise<CellState> {
  const has = async (selector: string) => (await cell.locator(selector).count()) > 0;
  if (await has('.codicon-notebook-state-success')) return 'success';
  if (await has('.codicon-notebook-state-error')) return 'error';
  if (await has('.codicon-notebook-state-executing')) return 'running';
  if (await has('.codicon-notebook-state-pending')) return 'pending';
  return 'none';
}

/** Waits until every code cell shows one of the final states, then returns all states. */
export async function waitForCellsToFinish(notebook: Locator, timeoutMs = STEP_TIMEOUT_MS): Promise<CellState[]> {
  let states: CellState[] = [];
  await waitUntil(
    async () => {
      states = await Promise.all((await codeCells(notebook).all()).map((cell) => cellState(cell)));
      return states.length > 0 && states.every((state) => state === 'success' || state === 'error');
    },
    timeoutMs,
    () => `every code cell to finish (states now: ${states.join(', ') || 'no code cells'})`,
  );
  return states;
}

/**
 * The notebook's output webview: an `iframe.webview` inside the notebook editor
 * whose page (pre/index.html) hosts the rendered content in `#active-frame`
 * (named `#pending-frame` while it loads). Markdown cells render there too,
 * inside open shadow roots, which playwright's CSS selectors pierce.
 */
export function outputWebview(notebook: Locator): FrameLocator {
  return notebook.locator('iframe.webview').contentFrame().locator('#active-frame').contentFrame();
}

/** All text the output webview shows for cell outputs (markdown previews live in shadow roots and are left out). */
export async function renderedOutputText(notebook: Locator): Promise<string> {
  const container = outputWebview(notebook).locator('#container');
  try {
    return await container.innerText({ timeout: 1_000 });
  } catch {
    return ''; // webview not loaded yet
  }
}

/** Waits until the output webview shows `text`; the error quotes what it does show. */
export async function waitForOutputText(notebook: Locator, text: string, timeoutMs = OUTPUT_TIMEOUT_MS): Promise<string> {
  let shown = '';
  await waitUntil(
    async () => (shown = await renderedOutputText(notebook)).includes(text),
    timeoutMs,
    () => `the cell output to show ${JSON.stringify(text)}; it shows ${JSON.stringify(shown.trim())}`,
  );
  return shown;
}

/** Polls `condition` every 250 ms until it is true; throws "timed out waiting for <what>" after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
