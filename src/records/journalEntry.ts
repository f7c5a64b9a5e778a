/**
 * One line of an incident journal (JSON Lines, append-only, hash-chained). Every
 * value is redacted before it is written; `output` is bounded, with the hash and
 * size of the full output.
 */
export type JournalEntryType = 'journal.start' | 'run.start' | 'profile.resolved' | 'param.set' | 'cell.start' | 'cell.end' | 'note' | 'export';

export interface JournalEntryBase {
  /** Position in the journal, from 1. */
  seq: number;
  type: JournalEntryType;
  /** ISO 8601 with the local offset, e.g. 2026-11-29T14:03:07.125+01:00. */
  time: string;
  /** SHA-256 (hex) of the previous line's exact text; the first line has 64 zeros. */
  prev: string;
  /** The person at the keyboard (OS user name), when known. */
  operator?: string;
}

export interface JournalStart extends JournalEntryBase {
  type: 'journal.start';
  incident: string;
  runbook: { path: string; sha256: string; title?: string };
  git?: { commit: string; dirty: boolean };
}

export interface RunStart extends JournalEntryBase {
  type: 'run.start';
  runId: string;
  cells: string[];
}

export interface ProfileResolved extends JournalEntryBase {
  type: 'profile.resolved';
  runId: string;
  profile: string;
  account: string;
  region: string;
  principal: string;
}

export interface ParamSet extends JournalEntryBase {
  type: 'param.set';
  runId: string;
  /** Secret values are masked. */
  values: Record<string, string>;
}

export interface CellIdentity {
  /** The cell's `name` attribute, or `cell N`. */
  name: string;
  index: number;
  language: string;
  risk?: string;
}

export interface CellStart extends JournalEntryBase {
  type: 'cell.start';
  runId: string;
  cell: CellIdentity;
  /** The command or query after parameter substitution, redacted. */
  command: string;
  profile?: string;
  account?: string;
  region?: string;
  principal?: string;
}

export interface CellEnd extends JournalEntryBase {
  type: 'cell.end';
  runId: string;
  cell: CellIdentity;
  status: 'succeeded' | 'failed' | 'cancelled' | 'timedOut' | 'notRun' | 'skipped' | 'declined';
  exitCode?: number;
  durationMs: number;
  message: string;
  /** The output as shown, redacted and cut to the configured size. */
  output: string;
  outputTruncated: boolean;
  /** SHA-256 (hex) and byte count of the full output before redaction and truncation. */
  outputSha256: string;
  outputBytes: number;
  /** How many values redaction replaced in this entry. */
  redactions: number;
}

export interface Note extends JournalEntryBase {
  type: 'note';
  text: string;
}

export interface ExportEntry extends JournalEntryBase {
  type: 'export';
  formats: string[];
  /** Hash of the last line before this one: the chain head the export covers. */
  chainHead: string;
}

export type JournalEntry = JournalStart | RunStart | ProfileResolved | ParamSet | CellStart | CellEnd | Note | ExportEntry;

/** The `prev` of the first line. */
export const GENESIS_HASH = '0'.repeat(64);
