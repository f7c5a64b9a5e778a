/**
 * Post-incident record export: builds a 1,000-entry journal file whose outputs total
 * 50 MB (about 500 cell.end entries of ~100 KB), then exports it as Markdown and as
 * HTML the way the extension does: the entries factory reads the file line by line
 * with readline (once per pass), and the record goes to a file stream.
 *
 * Prints wall time and peak RSS / heap (process.memoryUsage(), sampled), for a 10 MB
 * and a 50 MB journal, so one can see memory does not follow the journal's size.
 * Run after a build: `node out/bench/recordExport.js` (KEEP_BENCH_FILES=1 keeps the
 * journal and records in the temporary directory it prints). Asserts nothing about time.
 */
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { JournalEntry } from '../src/records/journalEntry';
import { exportRecord, type RecordFormat } from '../src/records/recordExport';

const ENTRIES = 1000;

function outputOf(size: number, i: number): string {
  const lines: string[] = [];
  let length = 0;
  for (let n = 0; length < size; n++) {
    const line =
      n % 7 === 0
        ? `| ${String(n).padStart(6)} | arn:aws:iam::123456789012:user/build-bot-${i} | AccessDenied | \`s3:GetObject\` <${n}> |`
        : `{"eventTime": "2026-11-29T12:${String(n % 60).padStart(2, '0')}:09Z", "eventName": "ListBuckets", "sourceIPAddress": "203.0.113.${n % 255}", "userAgent": "aws-cli/2.15 'x' & y"}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n').slice(0, size);
}

/** Writes the journal (JSON Lines) and returns the total characters of cell outputs. */
function writeJournal(file: string, totalOutput: number): number {
  const fd = openSync(file, 'w');
  let lines = 0;
  let seq = 0;
  const prev = '0'.repeat(64);
  const time = (s: number) => new Date(Date.UTC(2026, 10, 29, 13, 0, 0) + s * 1000).toISOString().replace('Z', '+00:00');
  const push = (entry: Omit<JournalEntry, 'seq' | 'prev' | 'operator'>) => {
    writeSync(fd, `${JSON.stringify({ seq: ++seq, prev, operator: 'alice', ...entry })}\n`);
    lines++;
  };
  push({ type: 'journal.start', time: time(0), incident: 'INC-BENCH', runbook: { path: 'runbooks/incident-response.runbook.md', sha256: 'a'.repeat(64), title: 'Bench' } } as never);
  push({ type: 'run.start', time: time(1), runId: 'run-1', cells: [] } as never);
  push({ type: 'profile.resolved', time: time(2), runId: 'run-1', profile: 'prod', account: '123456789012', region: 'eu-west-1', principal: 'arn:aws:sts::123456789012:assumed-role/IR/alice' } as never);
  push({ type: 'param.set', time: time(3), runId: 'run-1', values: { user_name: 'build-bot', token: '••••' } } as never);
  const notes = 6;
  const cells = (ENTRIES - 4 - notes) / 2;
  const perOutput = Math.ceil(totalOutput / cells);
  let outputChars = 0;
  for (let c = 0; c < cells; c++) {
    if (c % Math.floor(cells / notes) === 0 && c / Math.floor(cells / notes) < notes) push({ type: 'note', time: time(10 + c * 3), text: `Checkpoint ${c}: still containing.` } as never);
    const cell = { name: `cell-${c}`, index: c + 1, language: 'sh', risk: c % 3 === 0 ? 'mutating' : 'read' };
    push({ type: 'cell.start', time: time(11 + c * 3), runId: 'run-1', cell, command: `aws cloudtrail lookup-events --max-results ${c} | jq '.Events[] | select(.EventName == "X")'` } as never);
    const output = outputOf(perOutput, c);
    outputChars += output.length;
    push({
      type: 'cell.end',
      time: time(12 + c * 3),
      runId: 'run-1',
      cell,
      status: c % 10 === 9 ? 'failed' : 'succeeded',
      exitCode: c % 10 === 9 ? 1 : 0,
      durationMs: 1234,
      message: '',
      output,
      outputTruncated: c % 5 === 0,
      outputSha256: 'b'.repeat(64),
      outputBytes: output.length,
      redactions: 1,
    } as never);
  }
  closeSync(fd);
  if (lines !== ENTRIES) throw new Error(`built ${lines} entries, expected ${ENTRIES}`);
  return outputChars;
}

/**
 * The journal's entries, read line by line with readline, in bounded memory.
 *
 * Not `for await (const line of rl)`: readline's async iterator queues up to 1,024
 * lines before it pauses the file (Node 20), which for a journal with 100 KB outputs
 * is the whole file. Here the file is paused once a few lines are waiting.
 */
async function* readJournal(file: string): AsyncGenerator<JournalEntry> {
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  const queue: string[] = [];
  let closed = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  rl.on('line', (line) => {
    queue.push(line);
    if (queue.length >= 4) rl.pause();
    notify();
  });
  rl.on('close', () => {
    closed = true;
    notify();
  });
  input.on('error', (error: Error) => {
    failure = error;
    closed = true;
    notify();
  });
  try {
    for (;;) {
      const line = queue.shift();
      if (line !== undefined) {
        if (queue.length === 0 && !closed) rl.resume();
        if (line !== '') yield JSON.parse(line) as JournalEntry;
        continue;
      }
      if (failure) throw failure;
      if (closed) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    rl.close();
  }
}

interface Peak {
  rss: number;
  heapUsed: number;
}

async function run(file: string, format: RecordFormat, out: string): Promise<{ ms: number; peak: Peak; steps: number; bytes: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const peak: Peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const stream = createWriteStream(out);
  const start = process.hrtime.bigint();
  const result = await exportRecord(() => readJournal(file), { format, chainHead: 'c'.repeat(64), generatedAt: new Date() }, (chunk) => {
    sample();
    if (!stream.write(chunk)) return new Promise<void>((resolve) => stream.once('drain', resolve));
  });
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  clearInterval(timer);
  sample();
  return { ms, peak, steps: result.steps, bytes: statSync(out).size };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'record-bench-'));
  try {
    const baseline = process.memoryUsage();
    console.log(`baseline: rss ${mb(baseline.rss)}, heap ${mb(baseline.heapUsed)}${(globalThis as { gc?: unknown }).gc ? '' : ' (run with --expose-gc for steadier figures)'}`);
    for (const totalMb of [10, 50]) {
      const file = path.join(dir, `journal-${totalMb}.jsonl`);
      const outputChars = writeJournal(file, totalMb * 1024 * 1024);
      console.log(`\njournal: ${ENTRIES} entries, outputs ${mb(outputChars)}, file ${mb(statSync(file).size)}`);
      for (const format of ['markdown', 'html'] as const) {
        await run(file, format, path.join(dir, `warmup.${format}`)); // warm up (JIT, file cache)
        const r = await run(file, format, path.join(dir, `record-${totalMb}.${format === 'html' ? 'html' : 'md'}`));
        console.log(
          `${format.padEnd(8)} ${r.ms.toFixed(0).padStart(5)} ms  record ${mb(r.bytes).padStart(8)}  peak rss ${mb(r.peak.rss).padStart(8)}  peak heap ${mb(r.peak.heapUsed).padStart(8)}  (${r.steps} steps)`,
        );
      }
    }
  } finally {
    if (!process.env.KEEP_BENCH_FILES) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
