/**
 * `record verify` and `record export`: the extension's "Verify Incident Journal" and
 * "Export Post-Incident Record" for pipelines. Both only read the journal: it is
 * evidence, so the CLI never appends to it (the extension's export appends an
 * `export` entry; this one does not). Journals are streamed, never read whole.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { EXIT, type CliIo } from './cliIo';
import { CliError, UsageError, choiceOption, stringOption, type ParsedArgs } from './command';
import { CLI_NAME } from './version';
import type { JournalEntry } from '../records/journalEntry';
import { entryShapeProblem, streamJournalEntries, streamJournalLines, verifyJournalFile, type VerifyResult } from '../records/journalReader';
import { exportRecord, type RecordExportResult, type RecordFormat, type RecordSink } from '../records/recordExport';
import { runbookNotes } from '../records/runbookNotes';
import { toNotebookShape } from '../runbook/notebookShape';
import { parseRunbook } from '../runbook/parse';
import { fileErrorReason, plural } from './wording';

interface Journal {
  /** As typed: how messages name it. */
  shown: string;
  file: string;
}

function journalArgument(args: ParsedArgs, io: CliIo): Journal {
  if (args.positionals.length !== 1) {
    throw new UsageError(args.positionals.length === 0 ? 'which journal? Give the path of one .jsonl journal' : `one journal at a time (got ${args.positionals.length} paths)`);
  }
  const shown = args.positionals[0]!;
  return { shown, file: path.resolve(io.cwd, shown) };
}

function headOption(args: ParsedArgs): string | undefined {
  const head = stringOption(args, 'head');
  if (head === undefined) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(head)) throw new UsageError(`--head must be a SHA-256 hex digest (64 hex digits), got "${head}"`);
  return head.toLowerCase();
}

function readFailure(shown: string, error: unknown): CliError {
  return new CliError(`cannot read ${shown}: ${fileErrorReason(error)}`);
}

/** Whether any line of the file is a journal entry ('empty' when every line is blank). */
async function journalContent(file: string): Promise<'entries' | 'empty' | 'other'> {
  let blank = true;
  for await (const line of streamJournalLines(file)) {
    if (line.trim() === '') continue;
    blank = false;
    try {
      if (entryShapeProblem(JSON.parse(line)) === undefined) return 'entries';
    } catch {
      // Not JSON: keep looking.
    }
  }
  return blank ? 'empty' : 'other';
}

/**
 * Verifies the journal, streaming it. Throws CliError (exit 2) when it cannot be
 * read or is not a journal at all (no line is an entry); a journal that does not
 * verify is a result, returned.
 */
async function verify(journal: Journal, expectedHead: string | undefined): Promise<VerifyResult & { empty: boolean }> {
  let result: VerifyResult;
  let content: Awaited<ReturnType<typeof journalContent>> | undefined;
  try {
    result = await verifyJournalFile(journal.file, expectedHead === undefined ? {} : { expectedHead });
    if (!result.ok ? result.entriesBefore === 0 : result.entries === 0) content = await journalContent(journal.file);
  } catch (error) {
    throw readFailure(journal.shown, error);
  }
  if (content === 'other') throw new CliError(`${journal.shown} is not an incident journal: no line in it is a journal entry (JSON Lines with seq, type, time and prev)`);
  return { ...result, empty: content === 'empty' };
}

/** `line 7: prev does not match …` → `prev does not match …` (the location is printed as path:line). */
function problemText(message: string): string {
  return message.replace(/^line \d+: /, '');
}


const FORMATS: Record<string, RecordFormat> = { md: 'markdown', markdown: 'markdown', html: 'html' };

function formatOption(args: ParsedArgs): RecordFormat {
  const value = stringOption(args, 'format');
  if (value === undefined) throw new UsageError('--format is required: md (or markdown) or html');
  const format = FORMATS[value.toLowerCase()];
  if (!format) throw new UsageError(`--format must be md, markdown or html (got "${value}")`);
  return format;
}

/** SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), else now. */
function generatedAt(env: NodeJS.ProcessEnv): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d+$/.test(epoch) || !Number.isFinite(new Date(Number(epoch) * 1000).getTime())) {
    throw new CliError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 (got "${epoch}")`);
  }
  return new Date(Number(epoch) * 1000);
}

/** The runbook's notes per cell, read as the extension's serializer reads it; warns if it is not the text the journal started with. */
async function notesFromRunbook(shownRunbook: string, io: CliIo, journal: Journal): Promise<Record<string, string>> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.resolve(io.cwd, shownRunbook));
  } catch (error) {
    throw readFailure(shownRunbook, error);
  }
  const recorded = await journalStart(journal.file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (recorded && recorded.runbook.sha256 !== sha256) {
    io.err(`${shownRunbook}: not the text the journal started with (journal.start records ${recorded.runbook.path}, sha256 ${recorded.runbook.sha256}); its notes are quoted as they are now\n`);
  }
  // `ignoreBOM` keeps a byte order mark in the text for the parser, as the extension's serializer does.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return runbookNotes(toNotebookShape(parseRunbook(text)).cells);
}

async function journalStart(file: string): Promise<Extract<JournalEntry, { type: 'journal.start' }> | undefined> {
  for await (const entry of streamJournalEntries(file)) {
    return entry.type === 'journal.start' && typeof entry.runbook?.sha256 === 'string' ? entry : undefined;
  }
  return undefined;
}

/**
 * Writes to a temporary file beside `target`, then renames it over `target`; on
 * failure removes it. Failures of the file itself become a CliError naming it.
 */
async function writeFileAtomically<T>(target: { shown: string; file: string }, produce: (sink: RecordSink) => Promise<T>): Promise<T> {
  const cannotWrite = (error: unknown) => new CliError(`cannot write ${target.shown}: ${error instanceof Error ? error.message : String(error)}`);
  const dir = path.dirname(target.file);
  const temp = path.join(dir, `.${path.basename(target.file)}.${randomUUID().slice(0, 8)}.tmp`);
  let handle: fs.FileHandle;
  try {
    await fs.mkdir(dir, { recursive: true });
    handle = await fs.open(temp, 'wx');
  } catch (error) {
    throw cannotWrite(error);
  }
  try {
    const result = await produce(async (chunk) => {
      const bytes = Buffer.from(chunk, 'utf8');
      try {
        for (let offset = 0; offset < bytes.length; ) offset += (await handle.write(bytes, offset, bytes.length - offset)).bytesWritten;
      } catch (error) {
        throw cannotWrite(error);
      }
    });
    try {
      await handle.sync();
      await handle.close();
      await fs.rename(temp, target.file);
    } catch (error) {
      throw cannotWrite(error);
    }
    return result;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** The same file, also through symbolic links (false when `b` does not exist yet). */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [sa, sb] = await Promise.all([fs.stat(a), fs.stat(b)]);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

export async function runRecordVerify(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = choiceOption(args, 'format', ['text', 'json'] as const, 'text');
  const expectedHead = headOption(args);
  const journal = journalArgument(args, io);
  const result = await verify(journal, expectedHead);

  if (format === 'json') {
    const json = result.ok
      ? { journal: journal.shown, verified: true, entries: result.entries, head: result.head, ...(result.repaired ? { repaired: result.repaired } : {}) }
      : { journal: journal.shown, verified: false, line: result.line, problem: problemText(result.message), entriesVerified: result.entriesBefore };
    io.out(`${JSON.stringify(json, null, 2)}\n`);
    return result.ok ? EXIT.ok : EXIT.findings;
  }

  const style = io.outStyle;
  if (!result.ok) {
    io.out(`${journal.shown}:${result.line}: ${style.red(problemText(result.message))}\n`);
    io.out(`${journal.shown}: ${style.red('does not verify')} (${plural(result.entriesBefore, 'entry', 'entries')} verified before line ${result.line})\n`);
    return EXIT.findings;
  }
  io.out(style.green(`${journal.shown}: verified, ${plural(result.entries, 'entry', 'entries')}, chain head ${result.head}`) + '\n');
  if (result.repaired) {
    const lines = result.repaired.join(', ');
    io.out(`${journal.shown}: line${result.repaired.length === 1 ? '' : 's'} ${lines} cut off by a crash while being written, kept as found and recorded as repaired in the chain\n`);
  }
  if (result.empty) io.err(`${journal.shown}: the journal is empty (no entries)\n`);
  return EXIT.ok;
}

export async function runRecordExport(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = formatOption(args);
  const expectedHead = headOption(args);
  const journal = journalArgument(args, io);
  const outputArg = stringOption(args, 'output');
  const output = outputArg === undefined || outputArg === '-' ? undefined : { shown: outputArg, file: path.resolve(io.cwd, outputArg) };
  const runbookArg = stringOption(args, 'runbook');
  const at = generatedAt(io.env);
  if (output && (await sameFile(output.file, journal.file))) throw new UsageError(`--output ${output.shown} is the journal itself: the journal is never written to`);

  const verified = await verify(journal, expectedHead);
  if (!verified.ok) {
    io.err(`${journal.shown}:${verified.line}: ${problemText(verified.message)}\n`);
    io.err(`${io.errStyle.red(`${CLI_NAME} record export:`)} not exported: the journal does not verify${expectedHead ? ' (or does not end at --head)' : ''}\n`);
    return EXIT.findings;
  }
  const notes = runbookArg === undefined ? undefined : await notesFromRunbook(runbookArg, io, journal);

  // The record is streamed out as the journal is read (twice: summary, then evidence).
  const entries = async function* (): AsyncIterable<JournalEntry> {
    for await (const entry of streamJournalEntries(journal.file)) {
      if (io.signal.aborted) throw new CliError('cancelled');
      yield entry;
    }
  };
  const options = { format, chainHead: verified.head, generatedAt: at, ...(notes ? { runbookNotes: notes } : {}) };
  let summary: RecordExportResult;
  try {
    summary = output ? await writeFileAtomically(output, (sink) => exportRecord(entries, options, sink)) : await exportRecord(entries, options, (chunk) => io.out(chunk));
  } catch (error) {
    // Anything else with an errno came from reading the journal (moved or removed meanwhile).
    if (error instanceof CliError || typeof (error as NodeJS.ErrnoException).code !== 'string') throw error;
    throw readFailure(journal.shown, error);
  }
  io.err(
    `${journal.shown}: record exported to ${output ? output.shown : 'stdout'} (${format === 'html' ? 'HTML' : 'Markdown'}, ${plural(summary.steps, 'step')}, ` +
      `${plural(summary.redactionCount, 'value')} redacted, chain head ${verified.head}); the journal was not modified\n`,
  );
  return EXIT.ok;
}
