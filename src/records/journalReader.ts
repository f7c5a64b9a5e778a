/**
 * Reading and verifying incident journals (JSON Lines, hash-chained; see
 * hashChain.ts). Lines are split on "\n" only: a line's text is everything
 * between two "\n", so the hash a reader computes is the hash the writer chained.
 * Blank lines carry no entry and are skipped; line numbers are the physical,
 * 1-based line numbers an editor shows.
 */
import { createReadStream } from 'node:fs';
import { lineHash } from './hashChain';
import { GENESIS_HASH, type JournalEntry } from './journalEntry';

export interface JournalProblem {
  /** 1-based physical line number. */
  line: number;
  message: string;
}

export interface ReadJournalResult {
  /** The entries that parsed, in file order. */
  entries: JournalEntry[];
  /** The exact text of each entry's line (parallel to `entries`). */
  lines: string[];
  /** The physical line number of each entry (parallel to `entries`). */
  lineNumbers: number[];
  problems: JournalProblem[];
  /** The last line, when it has no newline and is not a complete entry: cut off while being written. */
  torn?: { line: number; text: string };
}

export type VerifyResult =
  | {
      ok: true;
      /** How many entries verified. */
      entries: number;
      /** Hash of the last entry's line (GENESIS_HASH for an empty journal): what the next entry's `prev` must be. */
      head: string;
      /** Lines cut off by a crash that the writer recorded, in the chain, as repaired (kept as found). */
      repaired?: number[];
    }
  | { ok: false; line: number; message: string; entriesBefore: number };

export interface VerifyOptions {
  /**
   * The head recorded elsewhere (an export, a ticket). Without it the chain cannot
   * tell an edited last line, or lines removed from the end, from an honest journal.
   */
  expectedHead?: string;
}

/** Why `value` is not a journal entry, or undefined when it is one (as far as the chain needs). */
export function entryShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.seq !== 'number' || !Number.isSafeInteger(v.seq) || v.seq < 1) return 'seq is missing or not a positive integer';
  if (typeof v.type !== 'string' || v.type === '') return 'type is missing';
  if (typeof v.time !== 'string') return 'time is missing';
  if (typeof v.prev !== 'string' || !/^[0-9a-f]{64}$/.test(v.prev)) return 'prev is missing or not a SHA-256 hex digest';
  return undefined;
}

function parseLine(text: string): { entry: JournalEntry } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const problem = entryShapeProblem(value);
  return problem ? { error: `not a journal entry: ${problem}` } : { entry: value as JournalEntry };
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** Physical lines of `text`, split on "\n"; `terminated` is false only for a last line without newline. */
function splitLines(text: string): { text: string; terminated: boolean }[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((part, i) => ({ text: part, terminated: endsWithNewline || i < parts.length - 1 }));
}

/**
 * Tolerant reading: never throws. Blank lines are ignored; lines that are not
 * entries are reported as problems; a last line without newline is an entry if
 * it is complete, otherwise it is reported as torn.
 */
export function readJournal(text: string): ReadJournalResult {
  const result: ReadJournalResult = { entries: [], lines: [], lineNumbers: [], problems: [] };
  splitLines(text).forEach(({ text: line, terminated }, i) => {
    const lineNumber = i + 1;
    if (isBlank(line)) return;
    const parsed = parseLine(line);
    if ('entry' in parsed) {
      result.entries.push(parsed.entry);
      result.lines.push(line);
      result.lineNumbers.push(lineNumber);
      if (!terminated) result.problems.push({ line: lineNumber, message: `line ${lineNumber}: no newline at the end of the journal (the entry itself is complete)` });
    } else if (!terminated) {
      result.torn = { line: lineNumber, text: line };
      result.problems.push({
        line: lineNumber,
        message: `line ${lineNumber}: the last line is incomplete (no newline at the end, ${parsed.error}) — probably cut off by a crash while it was being written`,
      });
    } else {
      result.problems.push({ line: lineNumber, message: `line ${lineNumber}: ${parsed.error}` });
    }
  });
  return result;
}

// --- Repair notes -------------------------------------------------------------
// When the writer reopens a journal whose last line(s) were cut off by a crash, it
// keeps them as found and appends a `note`, chained from the last good line, that
// names each cut-off line by the hash of its text. The verifier accepts bad lines
// only when the very next entry is such a note covering exactly their hashes, so
// the damaged text is itself protected by the chain and nothing is hidden.

const REPAIR_PREFIX = 'Journal repaired on reopen:';

export function repairNoteText(badLines: readonly { line: number; text: string }[], continuesFromLine: number | undefined): string {
  const named = badLines.map((bad) => `${bad.line} (sha256 ${lineHash(bad.text)})`).join(', ');
  const which = badLines.length === 1 ? `line ${named} was` : `lines ${named} were`;
  const from = continuesFromLine === undefined ? 'the start of the journal' : `line ${continuesFromLine}`;
  return `${REPAIR_PREFIX} ${which} cut off by a crash while being written; kept as found, and the chain continues from ${from}.`;
}

function isRepairNoteFor(entry: JournalEntry, badLines: readonly { text: string }[]): boolean {
  if (entry.type !== 'note' || typeof entry.text !== 'string' || !entry.text.startsWith(REPAIR_PREFIX)) return false;
  const named: string[] = entry.text.match(/\(sha256 [0-9a-f]{64}\)/g) ?? [];
  return named.length === badLines.length && badLines.every((bad) => named.includes(`(sha256 ${lineHash(bad.text)})`));
}

// --- Verification ---------------------------------------------------------------

/**
 * Incremental verifier: feed it physical lines in order (so a large journal can be
 * verified while streaming it), then call `finish`.
 */
export class JournalVerifier {
  private lineNumber = 0;
  private entries = 0;
  private last: { line: number; text: string; seq: number } | undefined;
  private pending: { line: number; text: string; error: string }[] = [];
  private readonly repaired: number[] = [];
  private failure: { line: number; message: string; entriesBefore: number } | undefined;

  /** Returns false once the journal is known to be broken (further lines are ignored). */
  push(text: string, terminated = true): boolean {
    this.lineNumber += 1;
    if (this.failure) return false;
    const n = this.lineNumber;
    if (isBlank(text)) return true;
    const parsed = parseLine(text);
    if ('error' in parsed) {
      if (!terminated) {
        return this.fail(n, `line ${n}: the last line is incomplete (no newline at the end, ${parsed.error}) — the journal was truncated, or cut off by a crash while this line was being written`);
      }
      this.pending.push({ line: n, text, error: parsed.error });
      return true;
    }
    const entry = parsed.entry;
    if (this.pending.length > 0) {
      if (!isRepairNoteFor(entry, this.pending)) return this.failPending();
      this.repaired.push(...this.pending.map((bad) => bad.line));
      this.pending = [];
    }
    const last = this.last;
    const expectedSeq = last ? last.seq + 1 : 1;
    if (entry.seq !== expectedSeq) {
      const why = last ? `line ${last.line} has seq ${last.seq}` : 'this is the first entry';
      return this.fail(n, `line ${n}: seq is ${entry.seq}, expected ${expectedSeq} (${why}) — a line was removed, inserted or reordered`);
    }
    if (!last) {
      if (entry.prev !== GENESIS_HASH) {
        return this.fail(n, `line ${n}: prev is not the genesis hash (64 zeros) although this is the first entry — the start of the journal was removed, or this line was edited`);
      }
    } else if (entry.prev !== lineHash(last.text)) {
      const crlf = last.text.endsWith('\r') ? ` (line ${last.line} ends with a carriage return: were the line endings converted to CRLF?)` : '';
      return this.fail(n, `line ${n}: prev does not match the hash of line ${last.line} — the journal was edited, reordered or a line was removed${crlf}`);
    }
    this.last = { line: n, text, seq: entry.seq };
    this.entries += 1;
    return true;
  }

  finish(options: VerifyOptions = {}): VerifyResult {
    if (this.failure) return { ok: false, ...this.failure };
    if (this.pending.length > 0) {
      this.failPending();
      return { ok: false, ...this.failure! };
    }
    const head = this.last ? lineHash(this.last.text) : GENESIS_HASH;
    if (options.expectedHead !== undefined && options.expectedHead !== head) {
      const line = this.last?.line ?? 1;
      return {
        ok: false,
        line,
        message: `line ${line}: the journal ends at head ${head}, not at the expected head ${options.expectedHead} — the last line was edited, or lines were added or removed at the end`,
        entriesBefore: Math.max(0, this.entries - 1),
      };
    }
    return this.repaired.length > 0 ? { ok: true, entries: this.entries, head, repaired: [...this.repaired] } : { ok: true, entries: this.entries, head };
  }

  private failPending(): false {
    const bad = this.pending[0]!;
    return this.fail(bad.line, `line ${bad.line}: ${bad.error} — the line was edited or damaged`);
  }

  private fail(line: number, message: string): false {
    this.failure = { line, message, entriesBefore: this.entries };
    return false;
  }
}

/**
 * Checks every line parses, `seq` counts up by one from 1, and each `prev` is the
 * hash of the line before (GENESIS_HASH for the first). Reports the FIRST broken
 * line. An edit to a line's content shows at the next line (whose `prev` no
 * longer matches); an edit to the last line, or lines removed from the end, show
 * only against `options.expectedHead`.
 */
export function verifyJournal(text: string, options: VerifyOptions = {}): VerifyResult {
  const verifier = new JournalVerifier();
  for (const { text: line, terminated } of splitLines(text)) {
    if (!verifier.push(line, terminated)) break;
  }
  return verifier.finish(options);
}

/** verifyJournal over a file, streaming it (memory bounded by the longest line). */
export async function verifyJournalFile(path: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const verifier = new JournalVerifier();
  for await (const { text, terminated } of physicalLines(path)) {
    if (!verifier.push(text, terminated)) break;
  }
  return verifier.finish(options);
}

/**
 * The physical lines of a journal file, streamed (for bounded-memory export).
 * Split on "\n" only, unlike readline, which also splits on a lone "\r" and drops
 * the "\r" of "\r\n": a streamed line is byte-for-byte the text that was hashed.
 * A last line without newline is yielded too; a final "\n" yields no empty line.
 */
export async function* streamJournalLines(path: string): AsyncIterable<string> {
  for await (const { text } of physicalLines(path)) yield text;
}

/**
 * The entries of a journal file, streamed, for export. A line that is not JSON is
 * skipped: after verification passed, that is only a line cut off by a crash and
 * recorded as repaired; the record keeps what is readable.
 */
export async function* streamJournalEntries(path: string): AsyncIterable<JournalEntry> {
  for await (const line of streamJournalLines(path)) {
    if (isBlank(line)) continue;
    try {
      yield JSON.parse(line) as JournalEntry;
    } catch {
      // Cut off by a crash: verification reports it (or accepts it as repaired).
    }
  }
}

async function* physicalLines(path: string): AsyncGenerator<{ text: string; terminated: boolean }> {
  // encoding 'utf8' decodes across chunk boundaries (a multi-byte character split between reads stays whole).
  const stream = createReadStream(path, { encoding: 'utf8' });
  let carry = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      carry += chunk;
      let start = 0;
      let newline: number;
      while ((newline = carry.indexOf('\n', start)) !== -1) {
        yield { text: carry.slice(start, newline), terminated: true };
        start = newline + 1;
      }
      carry = carry.slice(start);
    }
  } finally {
    stream.destroy();
  }
  if (carry !== '') yield { text: carry, terminated: false };
}
