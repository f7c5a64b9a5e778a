import * as vscode from 'vscode';
import type { CellRunResult, OutputStream, RenderedOutput } from '../cells/cellRun';
import { renderMarkdownTable } from '../cells/table';
import { prettyJson } from '../cells/prettyJson';
import { StreamRedactor, redactKnownSecrets } from '../records/knownSecrets';

/**
 * The raw records beside a table. VS Code shows the item of an output that comes
 * first in its display order, where JSON mime types rank above text/markdown:
 * records there would hide the table (seen in the UI tests). As text/plain they
 * rank below it, and "Change Presentation" on the output shows them.
 */
export const TABLE_RECORDS_MIME = 'text/plain';

/** Streamed output is batched for this long before it reaches the editor. */
const FLUSH_INTERVAL_MS = 40;
/** At most this much output is shown in a cell; the rest is counted, not rendered. */
const MAX_SHOWN_CHARS = 4 * 1024 * 1024;

/**
 * Streams a cell's output into its execution as it arrives (batched so a chatty
 * command does not flood the editor), then adds how the run ended.
 */
export class CellOutputWriter {
  private pending: { stream: OutputStream; text: string }[] = [];
  /** The output the latest stream run is going into. */
  private current: { stream: OutputStream; output: vscode.NotebookCellOutput } | undefined;
  /** The replaceable progress output of a native cell. */
  private progress: vscode.NotebookCellOutput | undefined;
  private timer: NodeJS.Timeout | undefined;
  private shownChars = 0;
  private droppedChars = 0;
  private stdout = '';
  private stderrSeen = false;
  private writes: Promise<unknown> = Promise.resolve();

  private readonly redactors: Record<OutputStream, StreamRedactor>;

  /** `secrets`: exact values (resolved credentials) that must never be shown. */
  constructor(
    private readonly execution: vscode.NotebookCellExecution,
    private readonly secrets: readonly string[] = [],
  ) {
    this.redactors = { stdout: new StreamRedactor(secrets), stderr: new StreamRedactor(secrets) };
  }

  write(stream: OutputStream, raw: string): void {
    const text = this.redactors[stream].push(raw);
    if (text.length > 0) this.append(stream, text);
  }

  private append(stream: OutputStream, text: string): void {
    if (stream === 'stderr') this.stderrSeen = true;
    if (this.shownChars >= MAX_SHOWN_CHARS) {
      this.droppedChars += text.length;
      return;
    }
    const room = MAX_SHOWN_CHARS - this.shownChars;
    const shown = text.length > room ? text.slice(0, room) : text;
    this.droppedChars += text.length - shown.length;
    this.shownChars += shown.length;
    if (stream === 'stdout') this.stdout += shown;
    const last = this.pending[this.pending.length - 1];
    if (last && last.stream === stream) last.text += shown;
    else this.pending.push({ stream, text: shown });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /**
   * Sends buffered output to the editor now. Each run of one stream gets its own
   * output: VS Code treats the items of one output as alternative renderings of the
   * same data and would show only one of stdout and stderr.
   */
  flush(): Promise<unknown> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { stream, text } of this.pending) {
      const item = stream === 'stdout' ? vscode.NotebookCellOutputItem.stdout(text) : vscode.NotebookCellOutputItem.stderr(text);
      const current = this.current;
      if (current && current.stream === stream) {
        this.writes = this.writes.then(() => this.execution.appendOutputItems(item, current.output));
      } else {
        const output = new vscode.NotebookCellOutput([item]);
        this.current = { stream, output };
        this.writes = this.writes.then(() => this.execution.appendOutput(output));
      }
    }
    this.pending = [];
    return this.writes;
  }

  /**
   * Shows structured output of a native cell: a progress line that is replaced as
   * it changes, tables (Markdown for people, JSON for copying), notes.
   */
  render(output: RenderedOutput): void {
    void this.flush(); // keep the order: streamed text written before this output comes first
    const redact = (text: string) => redactKnownSecrets(text, this.secrets).text;
    if (output.kind === 'progress') {
      const item = vscode.NotebookCellOutputItem.text(redact(output.markdown), 'text/markdown');
      const progress = this.progress;
      if (progress) {
        this.writes = this.writes.then(() => this.execution.replaceOutputItems(item, progress));
      } else {
        const created = new vscode.NotebookCellOutput([item], { securityRunbooksProgress: true });
        this.progress = created;
        this.writes = this.writes.then(() => this.execution.appendOutput(created));
      }
      return;
    }
    const markdown =
      output.kind === 'table'
        ? [output.title ? `**${output.title}**` : '', renderMarkdownTable(output.table), output.note ? `_${output.note}_` : ''].filter(Boolean).join('\n\n')
        : output.markdown;
    const items = [vscode.NotebookCellOutputItem.text(redact(markdown), 'text/markdown')];
    if (output.kind === 'table') items.push(vscode.NotebookCellOutputItem.text(redact(JSON.stringify(output.json, null, 2)), TABLE_RECORDS_MIME));
    const rendered = new vscode.NotebookCellOutput(items, output.kind === 'table' ? { securityRunbooksTable: true } : {});
    this.current = undefined;
    this.writes = this.writes.then(() => this.execution.appendOutput(rendered));
  }

  /** Flushes, pretty-prints JSON output, and appends a line saying how the run ended. */
  async finish(result: CellRunResult, note = ''): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.redactors[stream].end();
      if (rest.length > 0) this.append(stream, rest);
    }
    await this.flush();
    const pretty = this.stderrSeen || this.droppedChars > 0 ? undefined : prettyJson(this.stdout);
    if (pretty && this.current) {
      const json = new vscode.NotebookCellOutput([
        vscode.NotebookCellOutputItem.text(pretty, 'application/json'),
        vscode.NotebookCellOutputItem.stdout(pretty),
      ]);
      await this.execution.replaceOutput(json);
    }
    if (this.droppedChars > 0) {
      await this.execution.appendOutput(
        statusOutput(`Output truncated in the notebook: ${this.droppedChars.toLocaleString('en')} more characters were not shown.`, 'info'),
      );
    }
    const message = redactKnownSecrets([result.message, note].filter(Boolean).join(' '), this.secrets).text;
    await this.execution.appendOutput(statusOutput(message, result.status === 'succeeded' ? 'info' : 'error'));
  }
}

/** A one-line message in a cell's output. */
export function statusOutput(message: string, severity: 'info' | 'error'): vscode.NotebookCellOutput {
  const item = severity === 'error' ? vscode.NotebookCellOutputItem.stderr(message) : vscode.NotebookCellOutputItem.text(message);
  return new vscode.NotebookCellOutput([item], { securityRunbooksStatus: true });
}
