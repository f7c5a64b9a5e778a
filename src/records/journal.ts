/**
 * The append-only incident journal writer. One JSON line per entry, hash-chained
 * (hashChain.ts), each written with a single `write` on a file opened for append
 * and then fsync'd, so a killed editor loses no finished entry: at worst the line
 * being written when it died is cut off, and that line is kept, visible, and
 * recorded as repaired the next time the journal is opened.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { chainEntry, lineHash, type JournalEntryInput } from './hashChain';
import { GENESIS_HASH, type JournalEntry } from './journalEntry';
import { readJournal, repairNoteText, verifyJournal } from './journalReader';

/** An entry as `append` takes it: no chain fields; `time` defaults to now. */
export type AppendInput = WithOptionalTime<JournalEntryInput>;
type WithOptionalTime<E> = E extends unknown ? Omit<E, 'time'> & { time?: string } : never;

export interface JournalWriterOptions {
  /** Operator recorded on the entries the writer adds itself (repair notes). */
  operator?: string;
}

/** ISO 8601 with milliseconds and the local UTC offset, e.g. 2026-11-29T14:03:07.125+01:00. */
export function formatLocalTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('formatLocalTime: invalid date');
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export class JournalWriter {
  /** What `open` found worth telling the user: cut-off lines, lines that are not entries, a chain that does not verify. */
  readonly warnings: string[] = [];
  private handle: fs.FileHandle | undefined;
  private lastLine: string | undefined;
  private nextSeq = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set when a write failed part-way: the next append reloads (and repairs) the file first. */
  private needsReload = false;

  private constructor(
    readonly path: string,
    private readonly options: JournalWriterOptions,
  ) {}

  /**
   * Opens (creating it and its folders if needed) the journal at `path` and
   * continues its chain from the last good line. Lines cut off by a crash at the
   * end of the file are kept: a newline is added after them and a chained `note`
   * names them by hash; each is reported in `warnings`.
   */
  static async open(filePath: string, options: JournalWriterOptions = {}): Promise<JournalWriter> {
    const writer = new JournalWriter(path.resolve(filePath), options);
    await fs.mkdir(path.dirname(writer.path), { recursive: true });
    await writer.load(true);
    return writer;
  }

  /** Hash of the last line: the `prev` of the next entry. */
  get head(): string {
    return this.lastLine === undefined ? GENESIS_HASH : lineHash(this.lastLine);
  }

  /** The `seq` the next entry will get. */
  get seq(): number {
    return this.nextSeq;
  }

  /**
   * Appends one entry and resolves, with the line written (no newline), once it is
   * on disk. Calls are serialized in call order, so concurrent callers never
   * interleave and the chain follows the order of the calls.
   */
  append(entry: AppendInput): Promise<string> {
    if (this.closed) return Promise.reject(new Error(`journal ${this.path} is closed`));
    const result = this.queue.then(() => this.write(entry));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for the appends already asked for, then closes the file. Appending after this rejects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async write(input: AppendInput): Promise<string> {
    if (this.needsReload) await this.load(false);
    const entry = { ...input, time: input.time ?? formatLocalTime(new Date()) } as JournalEntryInput;
    const line = chainEntry(entry, this.lastLine, this.nextSeq);
    await this.writeRaw(`${line}\n`);
    this.lastLine = line;
    this.nextSeq += 1;
    return line;
  }

  /** One `write` (looping only if the OS writes part of it), then fsync. */
  private async writeRaw(text: string): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`journal ${this.path} is not open`);
    const bytes = Buffer.from(text, 'utf8');
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      }
      await handle.sync();
    } catch (err) {
      // Part of the line may be in the file: re-read and repair before the next append.
      this.needsReload = true;
      throw err;
    }
  }

  /** Reads the file, finds where the chain continues, and repairs a cut-off end. */
  private async load(initial: boolean): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    let text = '';
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const read = readJournal(text);
    this.handle = await fs.open(this.path, 'a');
    this.needsReload = false;
    const lastIndex = read.entries.length - 1;
    const lastEntry: JournalEntry | undefined = read.entries[lastIndex];
    this.lastLine = read.lines[lastIndex];
    this.nextSeq = lastEntry ? lastEntry.seq + 1 : 1;
    const lastEntryLine = read.lineNumbers[lastIndex];

    // Lines after the last entry that are not entries: cut off by a crash (the
    // last one, or one already given its newline by an earlier open that then died).
    const bad: { line: number; text: string }[] = [];
    text.split('\n').forEach((lineText, i) => {
      if (i + 1 > (lastEntryLine ?? 0) && lineText.trim() !== '') bad.push({ line: i + 1, text: lineText });
    });

    if (initial) {
      // Problems before the end (the end is dealt with below), then the chain up to the last entry.
      const before = read.problems.filter((p) => p.line < (lastEntryLine ?? 0));
      for (const problem of before) this.warnings.push(problem.message);
      const prefix = text.split('\n').slice(0, lastEntryLine ?? 0).join('\n');
      const verified = verifyJournal(prefix);
      if (!verified.ok && !before.some((p) => p.line === verified.line)) this.warnings.push(`the journal does not verify: ${verified.message}`);
    }
    if (text !== '' && !text.endsWith('\n')) {
      // Keep the cut-off (or newline-less) last line visible, on its own line.
      await this.writeRaw('\n');
      if (bad.length === 0) this.warnings.push(`line ${lastEntryLine}: had no newline at the end; one was added`);
    }
    if (bad.length > 0) {
      const which = bad.map((b) => b.line).join(', ');
      this.warnings.push(
        `line${bad.length === 1 ? '' : 's'} ${which} of ${this.path} ${bad.length === 1 ? 'was' : 'were'} cut off (probably a crash while writing); ` +
          `kept as found and recorded as repaired; the chain continues from ${lastEntryLine === undefined ? 'the start' : `line ${lastEntryLine}`}`,
      );
      const note = {
        type: 'note' as const,
        time: formatLocalTime(new Date()),
        ...(this.options.operator !== undefined ? { operator: this.options.operator } : {}),
        text: repairNoteText(bad, lastEntryLine),
      };
      const line = chainEntry(note, this.lastLine, this.nextSeq);
      await this.writeRaw(`${line}\n`);
      this.lastLine = line;
      this.nextSeq += 1;
    }
  }
}
