import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JournalWriter } from '../../src/records/journal';
import type { CellIdentity } from '../../src/records/journalEntry';
import { streamJournalEntries, verifyJournalFile } from '../../src/records/journalReader';
import { exportRecord, type RecordFormat } from '../../src/records/recordExport';
import { redact, redactValue } from '../../src/records/redaction';
import { runbookNotes } from '../../src/records/runbookNotes';
import { openAsNotebook } from './support/runbookBuilder';
import { runCli } from './support/runCli';

// `record verify` and `record export`, run as a pipeline runs them: the built CLI in a child process.

/** An access key id (built from parts so this file holds no key-shaped literal). */
const ACCESS_KEY = ['AKIA', 'Q3EGDWZ5XPLM4TNA'].join('');
const SCRIPT = '<script>alert("pwned")</script>';
const EPOCH = 1_795_000_000;
const JOURNAL = 'incident.jsonl';

const RUNBOOK = `---
title: Compromised key
---

## Detection

Look for calls made with the **suspected** key in the last 24 h.

\`\`\`sh {"name":"detect","risk":"read"}
aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue={{user}}
\`\`\`

Deactivate the key; keep it, it is evidence.

\`\`\`sh {"name":"contain","risk":"mutating"}
aws iam update-access-key --user-name {{user}} --access-key-id {{key}} --status Inactive
\`\`\`
`;

/**
 * Nine entries, written with the product's JournalWriter and redacted as the
 * extension's RunRecorder redacts before journaling. Returns the chain head.
 */
async function writeIncidentJournal(file: string, runbookText = RUNBOOK): Promise<string> {
  const writer = await JournalWriter.open(file, { operator: 'alice' });
  const run = 'run-1';
  const base = { operator: 'alice' };
  let minute = 0;
  const time = () => `2026-11-29T14:${String(minute++).padStart(2, '0')}:07.125+01:00`;
  const detect: CellIdentity = { name: 'detect', index: 1, language: 'shellscript', risk: 'read' };
  const contain: CellIdentity = { name: 'contain', index: 3, language: 'shellscript', risk: 'mutating' };
  const ended = async (cell: CellIdentity, status: 'succeeded' | 'failed', rawOutput: string, rawMessage: string) => {
    const shown = redact(rawOutput);
    const message = redact(rawMessage);
    await writer.append({
      ...base,
      type: 'cell.end',
      time: time(),
      runId: run,
      cell,
      status,
      exitCode: status === 'succeeded' ? 0 : 254,
      durationMs: 1200,
      message: message.text,
      output: shown.text,
      outputTruncated: false,
      outputSha256: createHash('sha256').update(rawOutput).digest('hex'),
      outputBytes: Buffer.byteLength(rawOutput),
      redactions: shown.count + message.count,
    });
  };
  const sha256 = createHash('sha256').update(runbookText).digest('hex');
  await writer.append({ ...base, type: 'journal.start', time: time(), incident: 'INC-42', runbook: { path: 'runbooks/key.runbook.md', sha256, title: 'Compromised key' } });
  await writer.append({ ...base, type: 'run.start', time: time(), runId: run, cells: ['detect', 'contain'] });
  await writer.append({ ...base, type: 'profile.resolved', time: time(), runId: run, profile: 'prod-ir', account: '123456789012', region: 'eu-west-1', principal: 'arn:aws:sts::123456789012:assumed-role/IR/alice' });
  await writer.append({ ...base, type: 'param.set', time: time(), runId: run, values: redactValue({ user: 'build-bot', key: ACCESS_KEY }).value });
  await writer.append({ ...base, type: 'cell.start', time: time(), runId: run, cell: detect, command: redact(`aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=build-bot`).text });
  await ended(detect, 'succeeded', `| CreateAccessKey | 203.0.113.7 | ${ACCESS_KEY} |\nuser agent: ${SCRIPT}\n`, '');
  await writer.append({ ...base, type: 'cell.start', time: time(), runId: run, cell: contain, command: redact(`aws iam update-access-key --user-name build-bot --access-key-id ${ACCESS_KEY} --status Inactive`).text });
  await ended(contain, 'failed', 'An error occurred (AccessDenied) when calling the UpdateAccessKey operation\n', 'Exited with code 254');
  await writer.append({ ...base, type: 'note', time: time(), text: 'Paging @bob: <b>bucket policy</b> & "quotes"' });
  await writer.close();
  return writer.head;
}

/** What the library makes of the same journal, with the options the extension passes. */
async function libraryRecord(file: string, format: RecordFormat, notes?: Record<string, string>): Promise<string> {
  const verified = await verifyJournalFile(file);
  assert.ok(verified.ok);
  let out = '';
  await exportRecord(
    () => streamJournalEntries(file),
    { format, chainHead: verified.head, generatedAt: new Date(EPOCH * 1000), ...(notes ? { runbookNotes: notes } : {}) },
    (chunk) => {
      out += chunk;
    },
  );
  return out;
}

describe('CLI: record verify and record export', function () {
  let dir: string;
  let file: string;
  let head: string;
  const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: dir, env });
  const lines = () => readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const rewrite = (edit: (lines: string[]) => string[]) => writeFileSync(file, edit(lines()).map((l) => `${l}\n`).join(''));

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sr-cli-record-'));
    file = path.join(dir, JOURNAL);
    head = await writeIncidentJournal(file);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('record verify', () => {
    it('verifies a journal written by the product: exit 0, entry count and chain head', async () => {
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `${JOURNAL}: verified, 9 entries, chain head ${head}\n`);
      assert.equal(run.stderr, '');
      const pinned = await cli(['record', 'verify', JOURNAL, '--head', head.toUpperCase()]);
      assert.equal(pinned.code, 0, pinned.stdout);
    });

    it('--format json', async () => {
      const ok = await cli(['record', 'verify', JOURNAL, '--format', 'json']);
      assert.equal(ok.code, 0);
      assert.deepEqual(JSON.parse(ok.stdout), { journal: JOURNAL, verified: true, entries: 9, head });
      rewrite((l) => [...l.slice(0, 4), ...l.slice(5)]);
      const broken = await cli(['record', 'verify', JOURNAL, '--format', 'json']);
      assert.equal(broken.code, 1);
      assert.deepEqual(JSON.parse(broken.stdout), { journal: JOURNAL, verified: false, line: 5, problem: 'seq is 6, expected 5 (line 4 has seq 4) — a line was removed, inserted or reordered', entriesVerified: 4 });
    });

    it('an edited line: exit 1 at the next line, naming the edited one', async () => {
      rewrite((l) => l.map((line, i) => (i === 4 ? line.replace('lookup-events', 'lookup-events --max-results 1') : line)));
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^incident\.jsonl:6: prev does not match the hash of line 5 /m);
      assert.match(run.stdout, /^incident\.jsonl: does not verify \(5 entries verified before line 6\)$/m);
    });

    it('a deleted line: exit 1 where the sequence jumps', async () => {
      rewrite((l) => [...l.slice(0, 4), ...l.slice(5)]);
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^incident\.jsonl:5: seq is 6, expected 5 /m);
    });

    it('a swapped pair: exit 1 at the first of them', async () => {
      rewrite((l) => [...l.slice(0, 6), l[7]!, l[6]!, l[8]!]);
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^incident\.jsonl:7: seq is 8, expected 7 /m);
    });

    it('a wrong --head, and an edited last line that only --head catches', async () => {
      const wrong = await cli(['record', 'verify', JOURNAL, '--head', 'f'.repeat(64)]);
      assert.equal(wrong.code, 1);
      assert.match(wrong.stdout, new RegExp(`^incident\\.jsonl:9: the journal ends at head ${head}, not at the expected head f{64}`, 'm'));

      rewrite((l) => [...l.slice(0, 8), l[8]!.replace('Paging @bob', 'Paging @eve')]);
      assert.equal((await cli(['record', 'verify', JOURNAL])).code, 0, 'without --head the last line cannot be checked');
      const pinned = await cli(['record', 'verify', JOURNAL, '--head', head]);
      assert.equal(pinned.code, 1);
      assert.match(pinned.stdout, /^incident\.jsonl:9: /m);
    });

    it('a truncated journal (last line cut off): exit 1 naming it', async () => {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.slice(0, text.length - 40));
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^incident\.jsonl:9: the last line is incomplete/m);
    });

    it('a journal the writer repaired after a crash verifies, names the cut-off line, and exports', async () => {
      appendFileSync(file, '{"seq":10,"type":"note","ti');
      const writer = await JournalWriter.open(file);
      await writer.append({ type: 'note', time: '2026-11-29T15:00:00.000+01:00', text: 'resumed after the crash' });
      await writer.close();
      const run = await cli(['record', 'verify', JOURNAL]);
      assert.equal(run.code, 0, run.stdout);
      assert.equal(run.stdout, `${JOURNAL}: verified, 11 entries, chain head ${writer.head}\n${JOURNAL}: line 10 cut off by a crash while being written, kept as found and recorded as repaired in the chain\n`);
      const record = await cli(['record', 'export', JOURNAL, '--format', 'md'], { SOURCE_DATE_EPOCH: String(EPOCH) });
      assert.equal(record.code, 0, record.stderr);
      assert.equal(record.stdout, await libraryRecord(file, 'markdown'));
    });

    it('a missing file, a directory and a file that is not a journal: exit 2', async () => {
      const missing = await cli(['record', 'verify', 'missing.jsonl']);
      assert.equal(missing.code, 2);
      assert.equal(missing.stdout, '');
      assert.match(missing.stderr, /cannot read missing\.jsonl: no such file/);

      assert.equal((await cli(['record', 'verify', '.'])).code, 2);

      writeFileSync(path.join(dir, 'notes.md'), '# Not a journal\n\nJust notes.\n');
      writeFileSync(path.join(dir, 'data.jsonl'), '{"id": 1}\n{"id": 2}\n');
      for (const other of ['notes.md', 'data.jsonl']) {
        const run = await cli(['record', 'verify', other]);
        assert.equal(run.code, 2, other);
        assert.match(run.stderr, new RegExp(`${other.replace('.', '\\.')} is not an incident journal`));
      }
    });

    it('an empty journal verifies with 0 entries', async () => {
      writeFileSync(path.join(dir, 'empty.jsonl'), '');
      const run = await cli(['record', 'verify', 'empty.jsonl']);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `empty.jsonl: verified, 0 entries, chain head ${'0'.repeat(64)}\n`);
    });

    it('bad arguments: exit 2 with a pointer to --help', async () => {
      for (const args of [['--format', 'xml', JOURNAL], [], [JOURNAL, JOURNAL], [JOURNAL, '--head', 'abc'], [JOURNAL, '--bogus']]) {
        const run = await cli(['record', 'verify', ...args]);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, /See security-runbooks record verify --help/, args.join(' '));
      }
    });

    it('--help: usage, options, examples, exit codes', async () => {
      const run = await cli(['record', 'verify', '--help']);
      assert.equal(run.code, 0);
      for (const part of ['Usage: security-runbooks record verify', '--head HASH', '--format text|json', 'Examples:', 'Exit codes:', 'only read']) assert.ok(run.stdout.includes(part), part);
    });
  });

  describe('record export', () => {
    const env = { SOURCE_DATE_EPOCH: String(EPOCH) };

    it('Markdown to stdout: what the library exports for the journal, and the journal is not modified', async () => {
      const before = readFileSync(file);
      const expected = await libraryRecord(file, 'markdown');
      for (const format of ['md', 'markdown']) {
        const run = await cli(['record', 'export', JOURNAL, '--format', format], env);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, expected);
        assert.equal(run.stderr, `${JOURNAL}: record exported to stdout (Markdown, 2 steps, 1 value redacted, chain head ${head}); the journal was not modified\n`);
      }
      assert.deepEqual(readFileSync(file), before, 'no export entry appended');
    });

    it('HTML to --output: the library’s record, written whole, nothing on stdout', async () => {
      const expected = await libraryRecord(file, 'html');
      const run = await cli(['record', 'export', JOURNAL, '-f', 'html', '--output', 'records/incident.record.html'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(readFileSync(path.join(dir, 'records/incident.record.html'), 'utf8'), expected);
      assert.deepEqual(readdirSync(path.join(dir, 'records')), ['incident.record.html'], 'no temporary file left');

      const md = await cli(['record', 'export', JOURNAL, '-f', 'md', '-o', 'incident.record.md'], env);
      assert.equal(md.code, 0, md.stderr);
      assert.equal(readFileSync(path.join(dir, 'incident.record.md'), 'utf8'), await libraryRecord(file, 'markdown'));
    });

    it('without SOURCE_DATE_EPOCH only the generated time differs', async () => {
      const run = await cli(['record', 'export', JOURNAL, '--format', 'md']);
      assert.equal(run.code, 0, run.stderr);
      const generated = /\*Generated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC /g;
      assert.equal(run.stdout.replace(generated, '*Generated <time> '), (await libraryRecord(file, 'markdown')).replace(generated, '*Generated <time> '));
    });

    it('escapes HTML and shows secrets only as redacted', async () => {
      const html = (await cli(['record', 'export', JOURNAL, '--format', 'html'], env)).stdout;
      const md = (await cli(['record', 'export', JOURNAL, '--format', 'md'], env)).stdout;
      assert.ok(!html.includes(SCRIPT) && !html.includes('<script'), 'a <script> from a cell output is escaped');
      assert.ok(html.includes('&lt;script&gt;alert('));
      assert.ok(!html.includes('<b>bucket policy</b>'));
      for (const record of [html, md]) {
        assert.ok(!record.includes(ACCESS_KEY), 'the access key id does not appear');
        assert.ok(record.includes('[REDACTED:aws-access-key-id]'));
      }
    });

    it('--runbook quotes the runbook’s notes, as the extension quotes the open runbook', async () => {
      writeFileSync(path.join(dir, 'key.runbook.md'), RUNBOOK);
      const notes = runbookNotes(openAsNotebook(RUNBOOK).cells);
      assert.match(notes.detect ?? '', /suspected/);
      for (const format of ['markdown', 'html'] as const) {
        const run = await cli(['record', 'export', JOURNAL, '--format', format, '--runbook', 'key.runbook.md'], env);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout, await libraryRecord(file, format, notes));
        assert.ok(run.stdout.includes('keep it, it is evidence'));
        assert.ok(!run.stderr.includes('not the text the journal started with'));
      }
      writeFileSync(path.join(dir, 'key.runbook.md'), RUNBOOK.replace('24 h', '48 h'));
      const changed = await cli(['record', 'export', JOURNAL, '--format', 'md', '--runbook', 'key.runbook.md'], env);
      assert.equal(changed.code, 0);
      assert.match(changed.stderr, /key\.runbook\.md: not the text the journal started with/);
      assert.equal((await cli(['record', 'export', JOURNAL, '--format', 'md', '--runbook', 'gone.runbook.md'])).code, 2);
    });

    it('refuses a journal that does not verify, as the extension does: exit 1, nothing written', async () => {
      rewrite((l) => [...l.slice(0, 2), l[3]!, l[2]!, ...l.slice(4)]);
      const run = await cli(['record', 'export', JOURNAL, '--format', 'html', '--output', 'incident.record.html'], env);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^incident\.jsonl:3: seq is 4, expected 3 /m);
      assert.match(run.stderr, /not exported: the journal does not verify/);
      assert.ok(!existsSync(path.join(dir, 'incident.record.html')));

      const pinned = await cli(['record', 'export', 'missing.jsonl', '--format', 'md']);
      assert.equal(pinned.code, 2);
    });

    it('never writes to the journal, even when --output names it', async () => {
      const before = readFileSync(file);
      const run = await cli(['record', 'export', JOURNAL, '--format', 'md', '--output', `./${JOURNAL}`]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /is the journal itself/);
      assert.deepEqual(readFileSync(file), before);
    });

    it('bad arguments: exit 2', async () => {
      for (const args of [[JOURNAL], [JOURNAL, '--format', 'pdf'], ['--format', 'md'], [JOURNAL, '--format', 'md', '--head', 'xyz']]) {
        const run = await cli(['record', 'export', ...args]);
        assert.equal(run.code, 2, args.join(' '));
        assert.equal(run.stdout, '');
      }
      assert.equal((await cli(['record', 'export', JOURNAL, '--format', 'md'], { SOURCE_DATE_EPOCH: 'yesterday' })).code, 2);
    });

    it('--help: usage, options, examples, exit codes, and that the journal is not modified', async () => {
      const run = await cli(['record', 'export', '--help']);
      assert.equal(run.code, 0);
      for (const part of ['Usage: security-runbooks record export', '--format md|html', '--output FILE', '--runbook FILE', 'Examples:', 'Exit codes:', 'The journal is NOT modified', 'is NOT exported']) {
        assert.ok(run.stdout.includes(part), part);
      }
    });
  });
});
