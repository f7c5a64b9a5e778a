import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { CellExecutor } from '../cells/cellRun';
import { preflightCell } from '../cells/cellPreflight';
import { executorFor } from '../cells/executorRegistry';
import { runSequence, type SequenceOutcome } from '../cells/runSequence';
import { SerialQueue } from '../cells/serialQueue';
import { ShellExecutor } from '../cells/shellExecutor';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import { DEFAULT_JOURNAL_OUTPUT_BYTES, OutputDigest } from '../records/outputDigest';
import { isShellLanguage, secretValues } from '../runbook/parameters';
import { displayCommand, substituteShell, substituteText } from '../runbook/shellPlaceholders';
import { CellOutputWriter, statusOutput } from './cellOutputWriter';
import { guardCell } from './cellGuard';
import { loadAwsRuntime } from './awsRuntimeLoader';
import type { ProfileSelection } from './profileSelection';
import { RUNBOOK_NOTEBOOK_TYPE } from './runbookSerializer';
import { prepareRun, type RunContext } from './runPreparation';
import { RunRecorder } from './runRecorder';

/**
 * The notebook controller: queues executions per notebook, runs cells in order and
 * stops a batch (Run All) at the first failure. Deciding and executing live in
 * src/cells; this class only moves data between them and the editor.
 */
export class RunbookController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly queue = new SerialQueue();
  private readonly disposables: vscode.Disposable[] = [];
  /** Parameter values given ahead of a notebook's next run (automation, tests); used once. */
  private readonly presetParameters = new Map<string, Record<string, string>>();

  constructor(private readonly profiles: ProfileSelection) {
    this.controller = vscode.notebooks.createNotebookController('security-runbooks', RUNBOOK_NOTEBOOK_TYPE, 'Security Runbooks');
    this.controller.description = 'Runs runbook cells';
    this.controller.supportsExecutionOrder = true;
    this.controller.executeHandler = (cells, notebook) => this.execute(cells, notebook);
    // Runbooks have one natural kernel: select it for every runbook without asking.
    const prefer = (notebook: vscode.NotebookDocument) => {
      if (notebook.notebookType === RUNBOOK_NOTEBOOK_TYPE) {
        this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
      }
    };
    vscode.workspace.notebookDocuments.forEach(prefer);
    this.disposables.push(vscode.workspace.onDidOpenNotebookDocument(prefer));
  }

  /** Provides parameter values for the next run of a notebook, so it does not prompt for them. */
  setRunParameters(notebook: vscode.Uri, values: Record<string, string>): void {
    this.presetParameters.set(notebook.toString(), values);
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
    this.controller.dispose();
  }

  private execute(cells: vscode.NotebookCell[], notebook: vscode.NotebookDocument): Promise<void> {
    // Created now so queued cells show as pending; each starts when its turn comes.
    const executions = cells.map((cell) => this.controller.createNotebookCellExecution(cell));
    return this.queue.enqueue(notebook.uri.toString(), async () => {
      const preset = this.presetParameters.get(notebook.uri.toString()) ?? {};
      this.presetParameters.delete(notebook.uri.toString());
      const preparation = await prepareRun(notebook, cells, this.profiles, preset);
      if (!preparation.ok) {
        const [first, ...rest] = executions;
        first?.start(Date.now());
        await first?.replaceOutput(statusOutput(preparation.message, 'error'));
        first?.end(false, Date.now());
        rest.forEach((execution) => execution.end(undefined));
        return;
      }
      const context = preparation.context;
      const secrets = [...((await context.aws?.secretValues()) ?? []), ...secretValues(context.parameters.specs, context.parameters.values)];
      let recorder: RunRecorder | undefined;
      if (vscode.workspace.isTrusted && notebook.uri.scheme === 'file') {
        try {
          recorder = await RunRecorder.start(notebook, cells, context, secrets);
        } catch (error) {
          // Nothing runs unrecorded: a run whose journal cannot be written does not start.
          const [first, ...rest] = executions;
          first?.start(Date.now());
          await first?.replaceOutput(statusOutput(`Not run: the incident journal could not be written (${error instanceof Error ? error.message : String(error)}).`, 'error'));
          first?.end(false, Date.now());
          rest.forEach((execution) => execution.end(undefined));
          return;
        }
      }
      try {
        const batch = executions.length > 1;
        const { notRun } = await runSequence(executions, (execution) => this.runCell(execution, { context, batch, secrets, recorder }));
        for (const index of notRun) executions[index]?.end(undefined);
      } finally {
        await recorder?.close();
      }
    });
  }

  private async runCell(
    execution: vscode.NotebookCellExecution,
    run: { context: RunContext; batch: boolean; secrets: string[]; recorder: RunRecorder | undefined },
  ): Promise<SequenceOutcome> {
    const { context, batch, secrets, recorder } = run;
    const cell = execution.cell;
    execution.executionOrder = ++executionCounter;
    execution.start(Date.now());
    await execution.clearOutput();
    if (execution.token.isCancellationRequested) {
      await execution.appendOutput(statusOutput('Cancelled before it started.', 'info'));
      execution.end(false, Date.now());
      return 'cancelled';
    }

    const metadata = cell.metadata as RunbookCellMetadata;
    const executor = executorFor(cell.document.languageId, { shell: createShellExecutor, native: (languageId) => loadAwsRuntime().createNativeExecutor(languageId) });
    const preflight = preflightCell({
      source: cell.document.getText(),
      languageId: cell.document.languageId,
      attributes: metadata.attributes ?? {},
      problems: metadata.problems ?? [],
      workspaceTrusted: vscode.workspace.isTrusted,
      hasExecutor: executor !== undefined,
    });
    if (preflight.action === 'refuse' || !executor) {
      // preflightCell refuses whenever there is no executor, so `executor` is only missing here.
      const refusal = preflight.action === 'refuse' ? preflight : ({ outcome: 'failed', severity: 'error', message: 'Not run.' } as const);
      await execution.appendOutput(statusOutput(refusal.message, refusal.severity));
      execution.end(refusal.outcome === 'skipped' ? undefined : refusal.outcome === 'succeeded', Date.now());
      return refusal.outcome;
    }

    const { specs, values } = context.parameters;
    const text = cell.document.getText();
    const shell = isShellLanguage(cell.document.languageId);
    const substituted = shell ? substituteShell(text, specs) : substituteText(text, specs, values);
    if ('error' in substituted) {
      await execution.appendOutput(statusOutput(`Not run: ${substituted.error}`, 'error'));
      execution.end(false, Date.now());
      return 'failed';
    }
    const command = shell ? displayCommand(text, specs, values) : substituted.source;
    const guard = await guardCell(cell, context, batch, command);
    if (!guard.allowed) {
      // Refusals, skips and declined confirmations are part of the record too.
      const status = guard.outcome === 'skipped' ? 'skipped' : guard.outcome === 'cancelled' ? 'declined' : 'notRun';
      await recorder?.cellEnded(cell, status, { durationMs: 0, message: guard.message }, new OutputDigest().finish(), guard.risk);
      await execution.appendOutput(statusOutput(guard.message, guard.severity));
      execution.end(guard.outcome === 'skipped' ? undefined : false, Date.now());
      return guard.outcome;
    }

    const abort = new AbortController();
    const cancellation = execution.token.onCancellationRequested(() => abort.abort());
    const writer = new CellOutputWriter(execution, secrets);
    const digest = new OutputDigest(journalOutputLimit(cell.notebook.uri));
    await recorder?.cellStarted(cell, command, guard.risk);
    try {
      const result = await executor.run({
        source: substituted.source,
        cwd: workingFolder(cell.notebook),
        env: { ...process.env, AWS_PAGER: '', PAGER: 'cat', ...context.env },
        signal: abort.signal,
        ...(preflight.timeoutMs !== undefined ? { timeoutMs: preflight.timeoutMs } : {}),
        onOutput: (stream, text) => {
          digest.add(text);
          writer.write(stream, text);
        },
        onRender: (output) => {
          if (output.kind !== 'progress') digest.add(`${output.kind === 'table' ? JSON.stringify(output.json) : output.markdown}\n`);
          writer.render(output);
        },
        attributes: metadata.attributes ?? {},
        frontMatter: frontMatterOf(cell.notebook),
        ...(context.aws ? { aws: context.aws } : {}),
      });
      await recorder?.cellEnded(cell, result.status, result, digest.finish(), guard.risk);
      await writer.finish(result, context.note);
      execution.end(result.status === 'succeeded', Date.now());
      return result.status === 'succeeded' ? 'succeeded' : result.status === 'cancelled' ? 'cancelled' : 'failed';
    } catch (error) {
      const message = `The cell could not run: ${error instanceof Error ? error.message : String(error)}`;
      await recorder?.cellEnded(cell, 'failed', { durationMs: 0, message }, digest.finish(), guard.risk).catch(() => undefined);
      await writer.flush();
      await execution.appendOutput(statusOutput(message, 'error'));
      execution.end(false, Date.now());
      return 'failed';
    } finally {
      cancellation.dispose();
    }
  }
}

let executionCounter = 0;

function createShellExecutor(): CellExecutor {
  const config = vscode.workspace.getConfiguration('securityRunbooks.shell');
  return new ShellExecutor({
    bashPath: config.get<string>('path') || 'bash',
    cancelGraceMs: config.get<number>('cancelGracePeriodMs') ?? 3000,
  });
}

/** How much of each output the journal keeps (setting securityRunbooks.records.maxOutputBytes). */
function journalOutputLimit(notebook: vscode.Uri): number {
  const configured = vscode.workspace.getConfiguration('securityRunbooks.records', notebook).get<number>('maxOutputBytes');
  return typeof configured === 'number' && configured > 0 ? configured : DEFAULT_JOURNAL_OUTPUT_BYTES;
}

function frontMatterOf(notebook: vscode.NotebookDocument): Record<string, unknown> {
  const data = (notebook.metadata as { frontMatter?: { data?: unknown } }).frontMatter?.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** Cells run in the runbook's folder; an unsaved runbook runs in the first workspace folder or the home folder. */
function workingFolder(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return path.dirname(notebook.uri.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}
