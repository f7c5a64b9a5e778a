import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { chainEntry, lineHash, type JournalEntryInput } from '../../src/records/hashChain';
import { formatLocalTime, JournalWriter } from '../../src/records/journal';
import { GENESIS_HASH, type JournalEntry } from '../../src/records/journalEntry';
import { readJournal, streamJournalLines, verifyJournal, verifyJournalFile } from '../../src/records/journalReader';

// Fixed seed: a failure reproduces on every machine; fast-check prints the counterexample.
const SEED = 20261129;
const TIME = '2026-11-29T14:03:07.125+01:00';
const RUN = 'run-1';
const CELL = { name: 'enable-guardduty', index: 2, language: 'sh', risk: 'mutating' };

/** One entry of every type, as a caller would append them. */
function sampleEntries(): JournalEntryInput[] {
  return [
    { type: 'journal.start', time: TIME, operator: 'alice', incident: 'INC-42', runbook: { path: 'runbooks/ir.runbook.md', sha256: 'a'.repeat(64), title: 'Incident response' }, git: { commit: 'abc123', dirty: false } },
    { type: 'run.start', time: TIME, runId: RUN, cells: ['detect', 'contain'] },
    { type: 'profile.resolved', time: TIME, runId: RUN, profile: 'prod', account: '123456789012', region: 'eu-west-1', principal: 'arn:aws:iam::123456789012:user/alice' },
    { type: 'param.set', time: TIME, runId: RUN, values: { user: 'mallory', token: '[REDACTED]' } },
    { type: 'cell.start', time: TIME, runId: RUN, cell: CELL, command: 'aws guardduty create-detector --enable', account: '123456789012', region: 'eu-west-1' },
    { type: 'cell.end', time: TIME, runId: RUN, cell: CELL, status: 'succeeded', exitCode: 0, durationMs: 812, message: 'done', output: '{"DetectorId": "d1"}\n', outputTruncated: false, outputSha256: 'b'.repeat(64), outputBytes: 21, redactions: 0 },
    { type: 'note', time: TIME, text: 'Contained: "quotes", \\backslashes\\, a newline\nand ünïcödé ✓' },
    { type: 'export', time: TIME, formats: ['md', 'html'], chainHead: 'c'.repeat(64) },
  ];
}

function note(text: string): JournalEntryInput {
  return { type: 'note', time: TIME, text };
}

/** The chained lines for `entries` (no newlines). */
function chainLines(entries: readonly JournalEntryInput[]): string[] {
  const lines: string[] = [];
  entries.forEach((entry, i) => lines.push(chainEntry(entry, lines[i - 1], i + 1)));
  return lines;
}

const joinLines = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

function assertBroken(result: ReturnType<typeof verifyJournal>, line: number, message?: RegExp): void {
  assert.equal(result.ok, false, `expected verify to fail at line ${line}, it passed`);
  if (result.ok) return;
  assert.equal(result.line, line, `failed at the wrong line: ${result.message}`);
  assert.ok(result.message.startsWith(`line ${line}: `), result.message);
  if (message) assert.match(result.message, message);
}

describe('journal: hash chain', () => {
  it('hashes the exact line text as UTF-8 SHA-256', () => {
    assert.equal(lineHash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.notEqual(lineHash('abc'), lineHash('abc '));
    assert.notEqual(lineHash('abc'), lineHash('abc\r'));
  });

  it('writes seq, type, time, prev first, then the rest as given; first prev is GENESIS', () => {
    const first = chainEntry(note('hello'), undefined, 1);
    assert.equal(first, `{"seq":1,"type":"note","time":"${TIME}","prev":"${GENESIS_HASH}","text":"hello"}`);
    const second = chainEntry({ text: 'x', operator: 'bob', type: 'note', time: TIME }, first, 2);
    assert.equal(second, `{"seq":2,"type":"note","time":"${TIME}","prev":"${lineHash(first)}","text":"x","operator":"bob"}`);
  });

  it('ignores chain fields in the input, keeps one line per entry, and rejects bad input', () => {
    const forged = { ...note('a\nb\r\u2028c'), seq: 99, prev: 'f'.repeat(64) } as unknown as JournalEntryInput;
    const line = chainEntry(forged, undefined, 1);
    assert.ok(!line.includes('\n') && !line.includes('\r'));
    assert.deepEqual(JSON.parse(line), { seq: 1, type: 'note', time: TIME, prev: GENESIS_HASH, text: 'a\nb\r\u2028c' });
    assert.throws(() => chainEntry(note('x'), undefined, 0), RangeError);
    assert.throws(() => chainEntry({ type: 'note', text: 'no time' } as unknown as JournalEntryInput, undefined, 1), TypeError);
  });
});

describe('journal: formatLocalTime', () => {
  const instant = new Date(Date.UTC(2026, 10, 29, 13, 3, 7, 125));
  const cases: [string, string][] = [
    ['Europe/Paris', '2026-11-29T14:03:07.125+01:00'],
    ['Asia/Kolkata', '2026-11-29T18:33:07.125+05:30'],
    ['America/St_Johns', '2026-11-29T09:33:07.125-03:30'],
    ['UTC', '2026-11-29T13:03:07.125+00:00'],
  ];
  for (const [zone, expected] of cases) {
    it(`formats ${zone} with its offset`, () => {
      const saved = process.env.TZ;
      process.env.TZ = zone;
      try {
        assert.equal(formatLocalTime(instant), expected);
        assert.equal(Date.parse(formatLocalTime(instant)), instant.getTime());
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }

  it('round-trips the current time and rejects an invalid date', () => {
    const now = new Date();
    assert.match(formatLocalTime(now), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    assert.equal(Date.parse(formatLocalTime(now)), now.getTime());
    assert.throws(() => formatLocalTime(new Date(Number.NaN)), RangeError);
  });
});

describe('journal: writer', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sr-journal-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates parent folders, writes chained lines, reopens and continues the chain', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'INC-42.jsonl');
    const entries = sampleEntries();
    const writer = await JournalWriter.open(file);
    assert.deepEqual(writer.warnings, []);
    const written: string[] = [];
    for (const entry of entries.slice(0, 5)) written.push(await writer.append(entry));
    const queued = writer.append(note('queued before close'));
    await writer.close();
    written.push(await queued);
    await assert.rejects(writer.append(note('after close')), /closed/);
    entries.splice(5, 0, note('queued before close'));
    assert.equal(readFileSync(file, 'utf8'), joinLines(written));
    assert.deepEqual(written, chainLines(entries.slice(0, 6)));

    const again = await JournalWriter.open(file);
    assert.deepEqual(again.warnings, []);
    assert.equal(again.seq, 7);
    assert.equal(again.head, lineHash(written[5]!));
    for (const entry of entries.slice(6)) written.push(await again.append(entry));
    await again.close();

    const text = readFileSync(file, 'utf8');
    assert.equal(text, joinLines(chainLines(entries)));
    const verified = verifyJournal(text);
    assert.deepEqual(verified, { ok: true, entries: entries.length, head: lineHash(written[written.length - 1]!) });
    const read = readJournal(text);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.lines, written);
    assert.deepEqual(
      read.entries.map((e) => e.seq),
      entries.map((_, i) => i + 1),
    );
  });

  it('fills in the local time when the caller gives none', async () => {
    const file = path.join(dir, 'j.jsonl');
    const writer = await JournalWriter.open(file);
    const before = Date.now();
    const line = await writer.append({ type: 'note', text: 'no time given' });
    await writer.close();
    const entry = JSON.parse(line) as JournalEntry;
    assert.match(entry.time, /[+-]\d\d:\d\d$/);
    assert.ok(Math.abs(Date.parse(entry.time) - before) < 5_000);
  });

  it('serializes 100 concurrent appends into 100 well-formed, chained lines in call order', async () => {
    const file = path.join(dir, 'concurrent.jsonl');
    const writer = await JournalWriter.open(file);
    const lines = await Promise.all(Array.from({ length: 100 }, (_, i) => writer.append(note(`concurrent ${i} ${'y'.repeat((i * 997) % 5000)}`))));
    await writer.close();
    const text = readFileSync(file, 'utf8');
    assert.equal(text, joinLines(lines));
    const verified = verifyJournal(text);
    assert.ok(verified.ok, verified.ok ? '' : verified.message);
    assert.equal(verified.entries, 100);
    const read = readJournal(text);
    assert.deepEqual(read.problems, []);
    read.entries.forEach((entry, i) => {
      assert.equal(entry.seq, i + 1);
      assert.ok(entry.type === 'note' && entry.text.startsWith(`concurrent ${i} `));
    });
  });

  it('keeps a torn last line visible, records the repair in the chain, and verifies afterwards', async () => {
    const file = path.join(dir, 'torn.jsonl');
    const first = await JournalWriter.open(file);
    for (const entry of sampleEntries().slice(0, 3)) await first.append(entry);
    await first.close();
    const intact = readFileSync(file, 'utf8');
    const tornText = chainEntry(note('this one was being written when the editor died'), intact.trimEnd().split('\n').pop(), 4).slice(0, 40);
    appendFileSync(file, tornText);

    // The reader reports it, it does not throw.
    const read = readJournal(readFileSync(file, 'utf8'));
    assert.equal(read.entries.length, 3);
    assert.deepEqual(read.torn, { line: 4, text: tornText });
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!.message, /^line 4: the last line is incomplete/);
    assertBroken(verifyJournal(readFileSync(file, 'utf8')), 4, /incomplete/);

    const second = await JournalWriter.open(file);
    assert.equal(second.warnings.length, 1);
    assert.match(second.warnings[0]!, /line 4 .*cut off.*continues from line 3/);
    const after = await second.append(note('after the crash'));
    await second.close();

    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith(`${intact}${tornText}\n`), 'the torn line is kept exactly, on its own line');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 6);
    const repair = JSON.parse(lines[4]!) as JournalEntry;
    assert.equal(repair.type, 'note');
    assert.equal(repair.seq, 4);
    assert.equal(repair.prev, lineHash(lines[2]!));
    assert.ok(repair.type === 'note' && repair.text.includes(lineHash(tornText)));
    assert.equal(JSON.parse(after).seq, 5);
    assert.deepEqual(verifyJournal(text), { ok: true, entries: 5, head: lineHash(after), repaired: [4] });

    // The repaired line is still there for every reader to see.
    assert.deepEqual(
      readJournal(text).problems.map((p) => p.line),
      [4],
    );
    // Editing the kept torn text is detected: the repair note names its hash.
    assertBroken(verifyJournal(text.replace(tornText, `${tornText.slice(0, -1)}X`)), 4, /not valid JSON/);
  });

  it('repairs a torn line that an earlier open gave its newline but died before recording', async () => {
    const file = path.join(dir, 'twice.jsonl');
    const lines = chainLines(sampleEntries().slice(0, 2));
    writeFileSync(file, `${joinLines(lines)}{"seq":3,"ty\n`);
    const writer = await JournalWriter.open(file);
    assert.equal(writer.warnings.length, 1);
    await writer.append(note('next'));
    await writer.close();
    const verified = verifyJournal(readFileSync(file, 'utf8'));
    assert.ok(verified.ok && verified.entries === 4 && verified.repaired?.join() === '3', JSON.stringify(verified));
  });

  it('after a write that failed part-way, the next append repairs the cut-off line first', async () => {
    const file = path.join(dir, 'enospc.jsonl');
    const writer = await JournalWriter.open(file);
    await writer.append(note('one'));
    type Write = (buffer: Buffer, offset: number, length: number, position: null) => Promise<{ bytesWritten: number }>;
    const handle = (writer as unknown as { handle: { write: Write } }).handle;
    const realWrite = handle.write.bind(handle);
    handle.write = async (buffer, offset, _length, position) => {
      await realWrite(buffer, offset, 10, position);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    await assert.rejects(writer.append(note('two')), /ENOSPC/);
    const three = await writer.append(note('three'));
    await writer.close();
    assert.equal(JSON.parse(three).seq, 3);
    const verified = verifyJournal(readFileSync(file, 'utf8'));
    assert.ok(verified.ok && verified.entries === 3 && verified.repaired?.join() === '2', JSON.stringify(verified));
    assert.match(writer.warnings.join('\n'), /line 2 .*cut off/);
  });

  it('adds the missing newline after a complete last entry and continues the chain from it', async () => {
    const file = path.join(dir, 'nonewline.jsonl');
    const lines = chainLines(sampleEntries().slice(0, 3));
    writeFileSync(file, joinLines(lines).slice(0, -1));
    assert.deepEqual(verifyJournal(readFileSync(file, 'utf8')), { ok: true, entries: 3, head: lineHash(lines[2]!) });
    const writer = await JournalWriter.open(file);
    assert.equal(writer.warnings.length, 1);
    assert.match(writer.warnings[0]!, /line 3: had no newline/);
    await writer.append(note('four'));
    await writer.close();
    const verified = verifyJournal(readFileSync(file, 'utf8'));
    assert.deepEqual(verified.ok && [verified.entries, verified.repaired], [4, undefined]);
  });

  it('warns, but keeps recording, when the existing journal does not verify', async () => {
    const file = path.join(dir, 'edited.jsonl');
    const lines = chainLines(sampleEntries().slice(0, 4));
    lines[1] = lines[1]!.replace('detect', 'DETECT');
    writeFileSync(file, joinLines(lines));
    const writer = await JournalWriter.open(file);
    assert.deepEqual(writer.warnings, ['the journal does not verify: line 3: prev does not match the hash of line 2 — the journal was edited, reordered or a line was removed']);
    const line = await writer.append(note('still recorded'));
    await writer.close();
    assert.equal(JSON.parse(line).prev, lineHash(lines[3]!));
  });

  it('streams lines exactly as written (split on \\n only, multi-byte characters across chunks)', async () => {
    const file = path.join(dir, 'stream.jsonl');
    const writer = await JournalWriter.open(file);
    for (let i = 0; i < 5; i++) await writer.append(note(`${'é✓𝄞'.repeat(30_000 + i)} ${i}`));
    await writer.close();
    const text = readFileSync(file, 'utf8');
    const streamed: string[] = [];
    for await (const line of streamJournalLines(file)) streamed.push(line);
    assert.deepEqual(streamed, text.slice(0, -1).split('\n'));
    assert.deepEqual(await verifyJournalFile(file), verifyJournal(text));

    // A carriage return stays part of its line (readline would drop it), so the hash still tells.
    writeFileSync(file, `${text.split('\n').join('\r\n').slice(0, -1)}`);
    const crlf: string[] = [];
    for await (const line of streamJournalLines(file)) crlf.push(line);
    assert.ok(crlf.slice(0, 5).every((line) => line.endsWith('\r')));
    const result = await verifyJournalFile(file);
    assertBroken(result, 2, /carriage return/);
  });
});

describe('journal: tampering is detected at the right line', () => {
  const entries = sampleEntries();
  const lines = chainLines(entries);
  const text = joinLines(lines);
  const head = lineHash(lines[lines.length - 1]!);
  const middle = 4; // 1-based line number

  it('verifies the untouched journal', () => {
    assert.deepEqual(verifyJournal(text), { ok: true, entries: lines.length, head });
    assert.deepEqual(verifyJournal(text, { expectedHead: head }), { ok: true, entries: lines.length, head });
    assert.deepEqual(verifyJournal(''), { ok: true, entries: 0, head: GENESIS_HASH });
  });

  it('ignores blank lines but keeps physical line numbers', () => {
    const spaced = `\n${lines.slice(0, 3).join('\n\n')}\n   \n${lines.slice(3).join('\n')}\n`;
    assert.deepEqual(verifyJournal(spaced), { ok: true, entries: lines.length, head });
    assert.deepEqual(readJournal(spaced).lineNumbers.slice(0, 4), [2, 4, 6, 8]);
  });

  // Line 4 is param.set, line 6 cell.end: between them every kind of field.
  for (const edit of [4, 6]) {
    const parsed = JSON.parse(lines[edit - 1]!) as Record<string, unknown>;
    for (const key of Object.keys(parsed)) {
      it(`editing "${key}" of middle line ${edit}`, () => {
        const edited = { ...parsed };
        const value = edited[key];
        if (key === 'prev') edited[key] = 'f'.repeat(64);
        else if (typeof value === 'number') edited[key] = value + 1;
        else if (typeof value === 'string') edited[key] = `${value}x`;
        else if (typeof value === 'boolean') edited[key] = !value;
        else edited[key] = { ...(value as object), forged: true };
        const tampered = [...lines];
        tampered[edit - 1] = JSON.stringify(edited);
        const result = verifyJournal(joinLines(tampered));
        if (key === 'seq') assertBroken(result, edit, new RegExp(`seq is ${edit + 1}, expected ${edit}`));
        else if (key === 'prev') assertBroken(result, edit, new RegExp(`prev does not match the hash of line ${edit - 1}`));
        else assertBroken(result, edit + 1, new RegExp(`^line ${edit + 1}: prev does not match the hash of line ${edit} — the journal was edited, reordered or a line was removed$`));
        if (!result.ok) assert.equal(result.entriesBefore, result.line - 1);
      });
    }
  }

  it('changing only the JSON formatting of a line (same values) is still detected', () => {
    const tampered = [...lines];
    tampered[middle - 1] = JSON.stringify(JSON.parse(tampered[middle - 1]!), null, 0).replace('{"seq"', '{ "seq"');
    assertBroken(verifyJournal(joinLines(tampered)), middle + 1, /prev does not match/);
  });

  it('deleting a line', () => {
    const tampered = lines.filter((_, i) => i !== middle - 1);
    assertBroken(verifyJournal(joinLines(tampered)), middle, /seq is 5, expected 4 .*removed/);
  });

  it('deleting the first line', () => {
    assertBroken(verifyJournal(joinLines(lines.slice(1))), 1, /seq is 2, expected 1/);
  });

  it('swapping two lines', () => {
    const tampered = [...lines];
    [tampered[middle - 1], tampered[middle]] = [tampered[middle]!, tampered[middle - 1]!];
    assertBroken(verifyJournal(joinLines(tampered)), middle, /seq is 5, expected 4/);
  });

  it('truncating the end (a torn last line)', () => {
    const cut = text.slice(0, text.length - 30);
    const result = verifyJournal(cut);
    assertBroken(result, lines.length, /last line is incomplete/);
    if (!result.ok) assert.equal(result.entriesBefore, lines.length - 1);
  });

  it('removing whole lines from the end: only an expected head can tell', () => {
    const shorter = joinLines(lines.slice(0, -2));
    assert.equal(verifyJournal(shorter).ok, true);
    assertBroken(verifyJournal(shorter, { expectedHead: head }), lines.length - 2, /not at the expected head/);
  });

  it('inserting a forged line with a recomputed hash but the wrong seq', () => {
    const forged = chainEntry(note('forged'), lines[middle - 2], middle + 7);
    const tampered = [...lines.slice(0, middle - 1), forged, ...lines.slice(middle - 1)];
    assertBroken(verifyJournal(joinLines(tampered)), middle, /seq is 11, expected 4/);
  });

  it('inserting a forged line with the right seq and hash: the chain breaks after it', () => {
    const forged = chainEntry(note('forged'), lines[middle - 2], middle);
    const tampered = [...lines.slice(0, middle - 1), forged, ...lines.slice(middle - 1)];
    assertBroken(verifyJournal(joinLines(tampered)), middle + 1, /seq is 4, expected 5/);
    // Even with every later seq renumbered, the next prev gives it away.
    const renumbered = tampered.map((line, i) => (i < middle ? line : JSON.stringify({ ...JSON.parse(line), seq: i + 1 })));
    assertBroken(verifyJournal(joinLines(renumbered)), middle + 1, /prev does not match the hash of line 4/);
  });

  it('re-chaining everything after an edit passes the chain but not the recorded head', () => {
    const rewritten = chainLines(entries.map((e, i) => (i === middle - 1 ? note('rewritten history') : e)));
    assert.equal(verifyJournal(joinLines(rewritten)).ok, true);
    assertBroken(verifyJournal(joinLines(rewritten), { expectedHead: head }), lines.length, /expected head/);
  });

  it('a line that is not an entry, and a garbage line in the middle', () => {
    assertBroken(verifyJournal(joinLines([...lines.slice(0, 2), '[1,2]', ...lines.slice(2)])), 3, /not a journal entry/);
    assertBroken(verifyJournal(joinLines([...lines.slice(0, 2), 'garbage', ...lines.slice(2)])), 3, /not valid JSON/);
    const read = readJournal(joinLines([...lines.slice(0, 2), 'garbage', ...lines.slice(2)]));
    assert.equal(read.entries.length, lines.length);
    assert.deepEqual(
      read.problems.map((p) => p.line),
      [3],
    );
  });

  it('a forged repair note cannot excuse an edited line', () => {
    const tampered = [...lines];
    tampered[middle - 1] = 'garbage';
    // Claims to repair line 4 but names a different hash.
    tampered[middle] = chainEntry(note(`Journal repaired on reopen: line 4 (sha256 ${'0'.repeat(64)}) was cut off`), lines[middle - 2], middle);
    assertBroken(verifyJournal(joinLines(tampered)), middle, /not valid JSON/);
  });
});

describe('journal: crash safety with a real process kill', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sr-journal-kill-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const modulePath = path.resolve(__dirname, '../../src/records/journal.js');
  // Appends forever; reports each entry only after append resolved (written and fsync'd).
  const script = `
    const { JournalWriter } = require(${JSON.stringify(modulePath)});
    (async () => {
      const writer = await JournalWriter.open(process.env.JOURNAL_PATH);
      const big = 'x'.repeat(Number(process.env.BIG_OUTPUT));
      for (let i = 1; ; i++) {
        const line = await writer.append({ type: 'cell.end', runId: 'r', cell: { name: 'c' + i, index: i, language: 'sh' }, status: 'succeeded', exitCode: 0, durationMs: i, message: 'ok', output: i % 2 ? big : 'small', outputTruncated: false, outputSha256: '0'.repeat(64), outputBytes: 5, redactions: 0 });
        process.stdout.write('acked ' + JSON.parse(line).seq + '\\n');
      }
    })().catch((err) => { console.error(err); process.exit(1); });
  `;

  async function runAndKill(file: string, bigOutput: number, killAfterAcks: number): Promise<number> {
    const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, JOURNAL_PATH: file, BIG_OUTPUT: String(bigOutput) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        for (const match of buffered.matchAll(/acked (\d+)\n/g)) acked = Math.max(acked, Number(match[1]));
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
        if (acked >= killAfterAcks) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`the child exited before it was killed: ${stderr}`)));
    });
    assert.equal(await exited, 'SIGKILL');
    return acked;
  }

  for (const [bigOutput, rounds] of [
    [0, 2],
    [2_000_000, 3],
  ] as const) {
    it(`loses no acknowledged entry and tears at most the last line (outputs of ${bigOutput} bytes, ${rounds} kills)`, async () => {
      const file = path.join(dir, 'killed.jsonl');
      let totalAcked = 0;
      let repairs = 0;
      for (let round = 0; round < rounds; round++) {
        const acked = await runAndKill(file, bigOutput, 10 + round * 7);
        const text = readFileSync(file, 'utf8');
        const lastNewline = text.lastIndexOf('\n');
        const intactPrefix = text.slice(0, lastNewline + 1);
        const tail = text.slice(lastNewline + 1);

        // Every line before the last is intact and chained; verify is ok for that prefix.
        const prefix = verifyJournal(intactPrefix);
        assert.ok(prefix.ok, prefix.ok ? '' : prefix.message);
        // Nothing acknowledged was lost (earlier rounds' entries, their repair notes and this round's acks).
        // (seq is absolute: a reopened journal continues it, so `acked` counts every earlier entry too.)
        assert.ok(acked > totalAcked, 'the child appended after reopening');
        assert.ok(prefix.entries >= acked, `${prefix.entries} entries on disk, ${acked} acknowledged`);
        const read = readJournal(text);
        const lastLine = intactPrefix.split('\n').length; // line number of the tail, if any
        assert.ok(
          read.problems.every((p) => p.line === lastLine || (prefix.repaired ?? []).includes(p.line)),
          JSON.stringify(read.problems),
        );
        // At most the last line is torn: the whole file either verifies or fails at its last line.
        const whole = verifyJournal(text);
        if (tail === '') assert.ok(whole.ok);
        else if (!whole.ok) assert.equal(whole.line, lastLine, whole.message);

        // Reopening after the crash repairs and continues; the result verifies.
        const writer = await JournalWriter.open(file);
        if (tail !== '' && !whole.ok) repairs += 1;
        await writer.append(note(`reopened after kill ${round}`));
        await writer.close();
        const after = verifyJournal(readFileSync(file, 'utf8'));
        assert.ok(after.ok, after.ok ? '' : after.message);
        assert.equal(after.repaired?.length ?? 0, repairs);
        totalAcked = after.entries;
      }
    });
  }
});

describe('journal: properties', function () {
  this.timeout(60_000);
  const str = fc.string({ unit: 'binary', maxLength: 30 });
  const time = fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => formatLocalTime(new Date(ms)));
  const key = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__');
  const cell = fc.record({ name: str, index: fc.nat(), language: str, risk: str }, { requiredKeys: ['name', 'index', 'language'], noNullPrototype: true });
  const entryArbitrary: fc.Arbitrary<JournalEntryInput> = fc.oneof(
    fc.record({ type: fc.constant('note' as const), time, text: str, operator: str }, { requiredKeys: ['type', 'time', 'text'], noNullPrototype: true }),
    fc.record({ type: fc.constant('param.set' as const), time, runId: str, values: fc.dictionary(key, str, { noNullPrototype: true }) }, { noNullPrototype: true }),
    fc.record({ type: fc.constant('cell.start' as const), time, runId: str, cell, command: str, region: str }, { requiredKeys: ['type', 'time', 'runId', 'cell', 'command'], noNullPrototype: true }),
    fc.record(
      {
        type: fc.constant('cell.end' as const),
        time,
        runId: str,
        cell,
        status: fc.constantFrom('succeeded' as const, 'failed' as const, 'cancelled' as const),
        exitCode: fc.integer({ min: -1, max: 255 }),
        durationMs: fc.nat(),
        message: str,
        output: fc.string({ unit: 'binary', maxLength: 300 }),
        outputTruncated: fc.boolean(),
        outputSha256: fc.stringMatching(/^[0-9a-f]{64}$/),
        outputBytes: fc.nat(),
        redactions: fc.nat(),
      },
      { requiredKeys: ['type', 'time', 'runId', 'cell', 'status', 'durationMs', 'message', 'output', 'outputTruncated', 'outputSha256', 'outputBytes', 'redactions'], noNullPrototype: true },
    ),
  );
  const journalArbitrary = fc.array(entryArbitrary, { minLength: 1, maxLength: 12 });

  it('random entries round-trip through the reader and verify ok', () => {
    fc.assert(
      fc.property(journalArbitrary, (entries) => {
        const lines = chainLines(entries);
        const text = joinLines(lines);
        const read = readJournal(text);
        assert.deepEqual(read.problems, []);
        assert.deepEqual(read.lines, lines);
        read.entries.forEach((entry, i) => {
          const { seq, prev, ...rest } = entry;
          assert.equal(seq, i + 1);
          assert.equal(prev, i === 0 ? GENESIS_HASH : lineHash(lines[i - 1]!));
          assert.deepEqual(rest, entries[i]);
        });
        assert.deepEqual(verifyJournal(text), { ok: true, entries: entries.length, head: lineHash(lines[lines.length - 1]!) });
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('flipping any single character of any line is detected at that line or the next', () => {
    const replacement = fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
    fc.assert(
      fc.property(journalArbitrary, fc.nat(), fc.nat(), replacement, (entries, linePick, charPick, replacementChar) => {
        const lines = chainLines(entries);
        const head = lineHash(lines[lines.length - 1]!);
        const index = linePick % lines.length;
        const chars = Array.from(lines[index]!); // code points
        const at = charPick % chars.length;
        if (replacementChar === chars[at] || replacementChar === '\n') return;
        chars[at] = replacementChar;
        const tampered = [...lines];
        tampered[index] = chars.join('');
        const text = joinLines(tampered);
        const expected = [index + 1, index + 2];
        // Anchored to the recorded head, every flip is caught, the last line's too.
        const anchored = verifyJournal(text, { expectedHead: head });
        assert.ok(!anchored.ok && expected.includes(anchored.line), JSON.stringify(anchored));
        // From the chain alone, every flip before the last line is caught.
        if (index < lines.length - 1) {
          const plain = verifyJournal(text);
          assert.ok(!plain.ok && expected.includes(plain.line), JSON.stringify(plain));
        }
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('the reader never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        readJournal(text);
        verifyJournal(text);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});
