/**
 * Exports an incident journal as a post-incident record, in Markdown or as one
 * self-contained HTML file.
 *
 * Streamed, in bounded memory: the journal is read twice. The first pass keeps only
 * small per-step summaries (names, times, statuses, counts; never commands or
 * outputs) for the summary and the timeline, which come before the evidence; the
 * second pass writes each step's evidence (command and output) as its `cell.end`
 * arrives, holding at most the commands of cells that have started and not ended.
 *
 * Entries are taken as written: already redacted, so not redacted again, but every
 * value is escaped for the format.
 */
import type { CellStart, JournalEntry } from './journalEntry';
import { createHtmlRenderer } from './recordHtml';
import { createMarkdownRenderer } from './recordMarkdown';
import { StepPairer, SummaryBuilder, TimeFormatter, stepFromEntry, text, type RecordRenderer, type RecordSummary, type StepSummary } from './recordModel';

export type RecordFormat = 'markdown' | 'html';

export interface RecordExportOptions {
  format: RecordFormat;
  /** The runbook's markdown before each cell, keyed by cell name: context in the evidence. */
  runbookNotes?: Record<string, string>;
  /** The journal's chain head (hash of its last line) that this record covers. */
  chainHead: string;
  /** When the record is made (shown in the footer). */
  generatedAt: Date;
  /** IANA time zone for the local-time column; by default each time as recorded, with its offset. */
  timeZone?: string;
}

export interface RecordExportResult {
  /** Cells in the record (each `cell.start`/`cell.end` pair, or a lone `cell.end`, is one step). */
  steps: number;
  /** Sum of the `redactions` of every `cell.end`. */
  redactionCount: number;
}

export type RecordSink = (chunk: string) => void | Promise<void>;

/** Written to the sink in pieces of about this many characters (small pieces are gathered). */
const FLUSH_AT = 64 * 1024;

/**
 * Streams the record to `sink`. `entries` is called twice and must yield the same
 * entries in the same order each time (for a journal file: open and read it again).
 */
export async function exportRecord(entries: () => AsyncIterable<JournalEntry> | Iterable<JournalEntry>, options: RecordExportOptions, sink: RecordSink): Promise<RecordExportResult> {
  const times = new TimeFormatter(options.timeZone);
  const builder = new SummaryBuilder();
  for await (const entry of entries()) builder.add(entry);
  const summary = builder.finish();
  const renderer = createRenderer(options, summary, times);

  let pending = '';
  const write = async (chunk: string): Promise<void> => {
    if (chunk === '') return;
    pending += chunk;
    if (pending.length >= FLUSH_AT) {
      const out = pending;
      pending = '';
      await sink(out);
    }
  };

  await write(renderer.head());
  const evidence = new EvidencePass(summary, renderer);
  for await (const entry of entries()) {
    for (const chunk of evidence.add(entry)) await write(chunk);
  }
  for (const chunk of evidence.finish()) await write(chunk);
  await write(renderer.tail());
  if (pending !== '') await sink(pending);
  return { steps: summary.steps.length, redactionCount: summary.redactionCount };
}

/** The whole record as a string, from entries already in memory. */
export function exportRecordToString(entries: readonly JournalEntry[], options: RecordExportOptions): string {
  const times = new TimeFormatter(options.timeZone);
  const builder = new SummaryBuilder();
  for (const entry of entries) builder.add(entry);
  const summary = builder.finish();
  const renderer = createRenderer(options, summary, times);
  const out: string[] = [renderer.head()];
  const evidence = new EvidencePass(summary, renderer);
  for (const entry of entries) out.push(...evidence.add(entry));
  out.push(...evidence.finish(), renderer.tail());
  return out.join('');
}

function createRenderer(options: RecordExportOptions, summary: RecordSummary, times: TimeFormatter): RecordRenderer {
  const context = { summary, times, chainHead: text(options.chainHead), generatedAt: options.generatedAt, runbookNotes: options.runbookNotes };
  switch (options.format) {
    case 'markdown':
      return createMarkdownRenderer(context);
    case 'html':
      return createHtmlRenderer(context);
    default:
      throw new Error(`Unknown record format: ${String(options.format)}`);
  }
}

/**
 * Second pass: pairs starts with ends exactly as the first pass did, renders each
 * step's evidence once it is complete, and releases the evidence in step order
 * (a step that ends after a later one started is held until its turn).
 */
class EvidencePass {
  private readonly pairer = new StepPairer();
  private readonly starts = new Map<number, CellStart>();
  private readonly held = new Map<number, string>();
  private nextToWrite = 1;

  constructor(
    private readonly summary: RecordSummary,
    private readonly renderer: RecordRenderer,
  ) {}

  add(entry: JournalEntry): string[] {
    if (entry.type === 'cell.start') {
      const n = this.pairer.start(entry);
      const step = this.step(n, entry);
      if (step.hasEnd) {
        this.starts.set(n, entry);
        return [];
      }
      return this.release(n, this.renderer.evidence({ step, start: entry}));
    }
    if (entry.type === 'cell.end') {
      const { n } = this.pairer.end(entry);
      const start = this.starts.get(n);
      this.starts.delete(n);
      const step = this.step(n, entry);
      return this.release(n, this.renderer.evidence({ step, start, end: entry}));
    }
    return [];
  }

  /** Whatever is still held (only if the second pass saw a different journal than the first). */
  finish(): string[] {
    const out: string[] = [];
    for (const [n, start] of this.starts) this.held.set(n, this.renderer.evidence({ step: this.step(n, start), start }));
    this.starts.clear();
    for (const n of [...this.held.keys()].sort((a, b) => a - b)) out.push(this.held.get(n)!);
    this.held.clear();
    return out;
  }

  private release(n: number, rendered: string): string[] {
    if (n !== this.nextToWrite) {
      this.held.set(n, rendered);
      return [];
    }
    const out = [rendered];
    this.nextToWrite++;
    for (let next = this.held.get(this.nextToWrite); next !== undefined; next = this.held.get(this.nextToWrite)) {
      out.push(next);
      this.held.delete(this.nextToWrite);
      this.nextToWrite++;
    }
    return out;
  }

  /** The first pass's summary of step `n` (steps are numbered in the order they were summarised). */
  private step(n: number, entry: CellStart | Extract<JournalEntry, { type: 'cell.end' }>): StepSummary {
    const known = this.summary.steps[n - 1];
    if (known && known.n === n) return known;
    return {
      ...stepFromEntry(n, entry),
      status: entry.type === 'cell.end' ? entry.status : 'incomplete',
      hasStart: entry.type === 'cell.start',
      hasEnd: entry.type === 'cell.end',
    };
  }
}
