/**
 * The model behind a post-incident record: what the first pass over a journal keeps
 * (small per-step summaries, never outputs), the pairing of `cell.start` with
 * `cell.end` that both passes share, and the text helpers both renderers use
 * (times, sizes, control characters). No rendering here.
 */
import type { CellEnd, CellStart, JournalEntry } from './journalEntry';

export type StepStatus = CellEnd['status'] | 'incomplete';

/** One executed (or refused) cell, as the timeline and the summary need it. */
export interface StepSummary {
  /** Step number, from 1, in the order the step first appears in the journal. */
  n: number;
  runId: string;
  name: string;
  index: number;
  language: string;
  risk?: string;
  /** Journal time of the step's first entry (its `cell.start`, else its `cell.end`). */
  time: string;
  endTime?: string;
  /** `incomplete` when the journal has a `cell.start` and no `cell.end` (crash, or still running). */
  status: StepStatus;
  exitCode?: number;
  durationMs?: number;
  operator?: string;
  hasStart: boolean;
  hasEnd: boolean;
}

export type TimelineRow =
  | { kind: 'step'; seq: number; step: StepSummary }
  | { kind: 'note'; seq: number; time: string; text: string; operator?: string }
  | { kind: 'event'; seq: number; time: string; text: string; operator?: string };

export interface IdentityUsed {
  profile: string;
  account: string;
  region: string;
  principal: string;
}

export interface RecordSummary {
  incident?: string;
  runbook?: { path: string; sha256: string; title?: string };
  git?: { commit: string; dirty: boolean };
  operators: string[];
  identities: IdentityUsed[];
  accounts: string[];
  regions: string[];
  principals: string[];
  /** Parameter values as recorded (secrets already masked), each distinct name/value once. */
  parameters: { name: string; value: string }[];
  /** First entry's time, and the last entry's time before any `export` entry. */
  start?: string;
  end?: string;
  counts: Record<StepStatus, number>;
  steps: StepSummary[];
  timeline: TimelineRow[];
  redactionCount: number;
  entries: number;
}

export const STATUS_ORDER: readonly StepStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped', 'declined', 'timedOut', 'notRun', 'incomplete'];
/** The outcome counts always shown, even when zero. */
export const ALWAYS_COUNTED: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed', 'cancelled', 'skipped', 'declined']);

export const STATUS_LABEL: Record<StepStatus, string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  timedOut: 'timed out',
  notRun: 'not run',
  skipped: 'skipped',
  declined: 'declined',
  incomplete: 'no end recorded',
};

/**
 * Pairs each `cell.end` with the latest unmatched `cell.start` of the same run and
 * cell index; an end without a start (a skipped or declined cell) is a step of its
 * own. Deterministic, so the two passes number steps identically.
 */
export class StepPairer {
  private next = 1;
  private readonly open = new Map<string, number[]>();

  start(entry: CellStart): number {
    const n = this.next++;
    const key = stepKey(entry);
    const stack = this.open.get(key);
    if (stack) stack.push(n);
    else this.open.set(key, [n]);
    return n;
  }

  /** The step this end closes, and whether it had a start. */
  end(entry: CellEnd): { n: number; hadStart: boolean } {
    const key = stepKey(entry);
    const stack = this.open.get(key);
    const n = stack?.pop();
    if (stack && stack.length === 0) this.open.delete(key);
    return n === undefined ? { n: this.next++, hadStart: false } : { n, hadStart: true };
  }
}

function stepKey(entry: CellStart | CellEnd): string {
  return `${text(entry.runId)}\u0000${Number(entry.cell?.index)}`;
}

/** First pass: everything the record shows before the evidence, from small summaries. */
export class SummaryBuilder {
  private readonly pairer = new StepPairer();
  private readonly steps = new Map<number, StepSummary>();
  private readonly summary: RecordSummary = {
    operators: [],
    identities: [],
    accounts: [],
    regions: [],
    principals: [],
    parameters: [],
    counts: Object.fromEntries(STATUS_ORDER.map((status) => [status, 0])) as Record<StepStatus, number>,
    steps: [],
    timeline: [],
    redactionCount: 0,
    entries: 0,
  };
  private readonly seen = new Set<string>();

  add(entry: JournalEntry): void {
    const s = this.summary;
    s.entries++;
    s.start ??= entry.time;
    if (entry.type !== 'export') s.end = entry.time;
    if (entry.operator) this.once('op', entry.operator, s.operators);
    const seq = entry.seq;
    switch (entry.type) {
      case 'journal.start':
        if (s.incident === undefined) {
          s.incident = text(entry.incident);
          s.runbook = entry.runbook ? { path: text(entry.runbook.path), sha256: text(entry.runbook.sha256), title: entry.runbook.title } : undefined;
          s.git = entry.git;
        }
        s.timeline.push({ kind: 'event', seq, time: entry.time, text: `Journal opened for incident ${text(entry.incident)}`, operator: entry.operator });
        break;
      case 'run.start': {
        const cells = Array.isArray(entry.cells) ? entry.cells.length : 0;
        s.timeline.push({ kind: 'event', seq, time: entry.time, text: `Run ${text(entry.runId)} started (${cells} ${cells === 1 ? 'cell' : 'cells'})`, operator: entry.operator });
        break;
      }
      case 'profile.resolved':
        this.identity(entry.profile, entry.account, entry.region, entry.principal);
        s.timeline.push({
          kind: 'event',
          seq,
          time: entry.time,
          text: `Profile ${text(entry.profile)} resolved: account ${text(entry.account)}, region ${text(entry.region)}, principal ${text(entry.principal)}`,
          operator: entry.operator,
        });
        break;
      case 'param.set': {
        const values = entry.values && typeof entry.values === 'object' ? Object.entries(entry.values) : [];
        for (const [name, value] of values) {
          if (!this.seen.has(`param\u0000${name}\u0000${value}`)) {
            this.seen.add(`param\u0000${name}\u0000${value}`);
            s.parameters.push({ name, value: text(value) });
          }
        }
        s.timeline.push({ kind: 'event', seq, time: entry.time, text: `Parameters set: ${values.map(([name]) => name).join(', ') || 'none'}`, operator: entry.operator });
        break;
      }
      case 'cell.start': {
        const n = this.pairer.start(entry);
        const step: StepSummary = { ...stepFromEntry(n, entry), status: 'incomplete', operator: entry.operator, hasStart: true, hasEnd: false };
        this.steps.set(n, step);
        s.steps.push(step);
        s.timeline.push({ kind: 'step', seq, step });
        if (entry.account || entry.region || entry.principal || entry.profile) this.identity(entry.profile, entry.account, entry.region, entry.principal);
        break;
      }
      case 'cell.end': {
        const { n, hadStart } = this.pairer.end(entry);
        let step = hadStart ? this.steps.get(n) : undefined;
        if (!step) {
          step = { ...stepFromEntry(n, entry), status: 'incomplete', operator: entry.operator, hasStart: false, hasEnd: false };
          this.steps.set(n, step);
          s.steps.push(step);
          s.timeline.push({ kind: 'step', seq, step });
        }
        step.hasEnd = true;
        step.endTime = entry.time;
        // An unknown status (a malformed entry) counts as a failure rather than vanishing.
        step.status = Object.prototype.hasOwnProperty.call(STATUS_LABEL, entry.status) ? entry.status : 'failed';
        step.exitCode = typeof entry.exitCode === 'number' ? entry.exitCode : undefined;
        step.durationMs = typeof entry.durationMs === 'number' && Number.isFinite(entry.durationMs) ? entry.durationMs : undefined;
        step.risk ??= entry.cell?.risk;
        const redactions = Number(entry.redactions);
        if (Number.isFinite(redactions) && redactions > 0) s.redactionCount += redactions;
        break;
      }
      case 'note':
        s.timeline.push({ kind: 'note', seq, time: entry.time, text: text(entry.text), operator: entry.operator });
        break;
      case 'export':
        s.timeline.push({
          kind: 'event',
          seq,
          time: entry.time,
          text: `Record exported (${(Array.isArray(entry.formats) ? entry.formats : []).join(', ')}) at chain head ${text(entry.chainHead).slice(0, 12)}…`,
          operator: entry.operator,
        });
        break;
    }
  }

  finish(): RecordSummary {
    for (const status of STATUS_ORDER) this.summary.counts[status] = 0;
    for (const step of this.summary.steps) this.summary.counts[step.status]++;
    return this.summary;
  }

  private identity(profile?: string, account?: string, region?: string, principal?: string): void {
    const id = { profile: text(profile), account: text(account), region: text(region), principal: text(principal) };
    const key = `id\u0000${id.profile}\u0000${id.account}\u0000${id.region}\u0000${id.principal}`;
    if (!this.seen.has(key) && profile !== undefined) {
      this.seen.add(key);
      this.summary.identities.push(id);
    }
    if (account) this.once('account', account, this.summary.accounts);
    if (region) this.once('region', region, this.summary.regions);
    if (principal) this.once('principal', principal, this.summary.principals);
  }

  private once(kind: string, value: string, list: string[]): void {
    const key = `${kind}\u0000${value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(value);
  }
}

/** What the second pass hands a renderer for one step's evidence. */
export interface StepEvidence {
  step: StepSummary;
  start?: CellStart;
  end?: CellEnd;
}

// ---------------------------------------------------------------------------
// Text helpers shared by both renderers.

export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

// ANSI colour codes (presentation only) are dropped; CR/CRLF become LF; other C0
// controls and DEL become their visible Unicode control pictures; bidirectional
// overrides and isolates (which can make text read differently from what it is)
// become a visible <U+XXXX>.
export const CONTROLS_SOURCE = String.raw`\x1b\[[0-9;]*m|\r\n?|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]`;
const CONTROLS = new RegExp(CONTROLS_SOURCE, 'g');
/** Any character `CONTROLS` could match: one character class, so a fast scan for the usual case of none. */
export const CONTROL_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** Replacement for one match of `CONTROLS` (also used by the HTML escaper). */
export function controlReplacement(match: string): string {
  if (match.length > 1) return match[0] === '\r' ? '\n' : '';
  const code = match.charCodeAt(0);
  if (code === 0x0d) return '\n';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase()}>`;
}

/** Text as it should be shown in a block: LF line endings, invisible controls made visible. */
export function visibleText(value: string): string {
  return CONTROL_CHAR.test(value) ? value.replace(CONTROLS, controlReplacement) : value;
}

/** Text for one line: like `visibleText`, with line breaks (and tabs) as spaces. */
export function oneLine(value: string): string {
  return visibleText(value).replace(/[\n\t\u0085\u2028\u2029]+/g, ' ');
}

/** `1,234,567` without depending on the ICU locale data. */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return 'unknown size';
  const exact = `${groupDigits(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${exact} (${value.toFixed(1)} ${units[unit]})`;
}

/** A short human form of a duration: `850 ms`, `2.40 s`, `3 min 5 s`, `1 h 2 min`. */
export function formatDurationMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}

export interface ShownTime {
  /** `2026-11-29 13:03:07` in UTC, or `—` when the journal's time cannot be read. */
  utc: string;
  /** `2026-11-29 14:03:07 +01:00`: as recorded, or in the requested time zone. */
  local: string;
}

const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Shows journal times in UTC and local time; `timeZone` (IANA) overrides the recorded offset. */
export class TimeFormatter {
  private readonly zoned?: Intl.DateTimeFormat;

  constructor(readonly timeZone?: string) {
    if (timeZone) {
      // Throws a RangeError for an unknown zone, before anything is written.
      this.zoned = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      });
    }
  }

  /** The heading of the local-time column. */
  get localLabel(): string {
    return this.timeZone ? `Local time (${this.timeZone})` : 'Local time (as recorded)';
  }

  show(time: string | undefined): ShownTime {
    const raw = text(time);
    const parts = ISO_WITH_OFFSET.exec(raw);
    const date = new Date(raw);
    if (!parts || Number.isNaN(date.getTime())) return { utc: '—', local: oneLine(raw) || '—' };
    return { utc: utcText(date), local: this.zoned ? this.zonedText(date) : `${parts[1]} ${parts[2]} ${parts[3] === 'Z' ? '+00:00' : parts[3]}` };
  }

  /** A Date (such as the generation time) in UTC and local time. */
  showDate(date: Date): ShownTime {
    if (Number.isNaN(date.getTime())) return { utc: '—', local: '—' };
    return { utc: utcText(date), local: this.zoned ? this.zonedText(date) : `${utcText(date)} +00:00` };
  }

  private zonedText(date: Date): string {
    const part: Record<string, string> = {};
    for (const p of this.zoned!.formatToParts(date)) part[p.type] = p.value;
    const offset = (part.timeZoneName ?? '').replace(/^GMT/, '') || '+00:00';
    return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${offset}`;
  }
}

function utcText(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The runbook's note for a cell, looked up as own data only (a cell may be called `__proto__`). */
export function runbookNoteFor(notes: Record<string, string> | undefined, name: string): string | undefined {
  if (!notes || !Object.prototype.hasOwnProperty.call(notes, name)) return undefined;
  const note = notes[name];
  return typeof note === 'string' && note.trim() !== '' ? note : undefined;
}

export function outcomeParts(counts: Record<StepStatus, number>): string[] {
  return STATUS_ORDER.filter((status) => ALWAYS_COUNTED.has(status) || counts[status] > 0).map((status) => `${counts[status]} ${STATUS_LABEL[status]}`);
}

export function statusText(step: StepSummary): string {
  const label = STATUS_LABEL[step.status] ?? text(step.status);
  return step.exitCode !== undefined && step.status !== 'succeeded' ? `${label} (exit ${step.exitCode})` : label;
}

/** A step's duration; `—` for a cell that never started (skipped, declined). */
export function shownDuration(step: StepSummary): string {
  return !step.hasStart && !step.durationMs ? '—' : formatDurationMs(step.durationMs);
}

export function recordTitle(summary: RecordSummary): string {
  const runbook = summary.runbook?.title || summary.runbook?.path || 'Runbook';
  return summary.incident ? `${runbook} — incident ${summary.incident}` : runbook;
}

/** What both renderers are given. */
export interface RenderContext {
  summary: RecordSummary;
  times: TimeFormatter;
  chainHead: string;
  generatedAt: Date;
  runbookNotes?: Record<string, string>;
}

/** A record format: the part before the evidence, one step's evidence, and the end. */
export interface RecordRenderer {
  head(): string;
  evidence(evidence: StepEvidence): string;
  tail(): string;
}

export const IMPACT_PROMPT = 'To be written: who and what was affected, for how long, how it was detected, and what the customer or business impact was.';
export const FOLLOW_UPS_PROMPT = 'To be written: the actions that remain, each with an owner, a due date and a ticket; what would have detected or contained this sooner.';

/** The fields of a step that come straight from its cell.start or cell.end entry. */
export function stepFromEntry(n: number, entry: Extract<JournalEntry, { type: 'cell.start' | 'cell.end' }>): Pick<StepSummary, 'n' | 'runId' | 'name' | 'index' | 'language' | 'risk' | 'time'> {
  return {
    n,
    runId: text(entry.runId),
    name: text(entry.cell?.name),
    index: Number(entry.cell?.index),
    language: text(entry.cell?.language),
    risk: entry.cell?.risk,
    time: entry.time,
  };
}
