/**
 * The hash chain of an incident journal: every line carries, in `prev`, the
 * SHA-256 of the exact text of the line before it (the first line carries
 * GENESIS_HASH), so editing, removing, inserting or reordering a line breaks the
 * chain at a line that can be named. Pure functions; no I/O.
 */
import { createHash } from 'node:crypto';
import { GENESIS_HASH, type JournalEntry } from './journalEntry';

/**
 * What a caller supplies for one entry: everything but the chain fields, which the
 * chain fills in. Distributes over the union, so `type` still narrows the rest.
 */
export type JournalEntryInput<T extends JournalEntry = JournalEntry> = T extends JournalEntry ? Omit<T, 'prev' | 'seq'> : never;

/** SHA-256 (hex) of the exact text of one line, without its newline, as UTF-8. */
export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/**
 * The JSON line (no newline) for `entry` at position `seq`, chained to
 * `previousLine` (undefined for the first line). Keys come in a stable order:
 * `seq, type, time, prev`, then the entry's other keys as given. `seq` and `prev`
 * in `entry`, if any, are ignored. JSON.stringify escapes every line break, so
 * the result is always exactly one line.
 */
export function chainEntry<T extends JournalEntry = JournalEntry>(entry: JournalEntryInput<T>, previousLine: string | undefined, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`journal seq must be a positive integer, got ${String(seq)}`);
  const { seq: _ignoredSeq, prev: _ignoredPrev, type, time, ...rest } = entry as unknown as Record<string, unknown>;
  if (typeof type !== 'string' || type === '') throw new TypeError('a journal entry needs a type');
  if (typeof time !== 'string' || time === '') throw new TypeError(`a journal entry (${type}) needs a time`);
  const prev = previousLine === undefined ? GENESIS_HASH : lineHash(previousLine);
  return JSON.stringify({ seq, type, time, prev, ...rest });
}
