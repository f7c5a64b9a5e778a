import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import type { CellEnd, CellStart, JournalEntry } from '../../src/records/journalEntry';
import { exportRecord, exportRecordToString, type RecordExportOptions } from '../../src/records/recordExport';
import { CONTENT_SECURITY_POLICY, escapeHtml } from '../../src/records/recordHtml';
import { markdownCode, markdownFence } from '../../src/records/recordMarkdown';
import { repoRoot } from './support/paths';

const SEED = 20261129;
const goldenDir = path.join(repoRoot, 'test/unit/golden');
const CHAIN_HEAD = '7c1e5b0f9a2d4c6e8b3a1f0d2e4c6b8a9f1e3d5c7b9a0e2f4d6c8b0a1e3f5d7c';
const GENERATED_AT = new Date('2026-11-29T15:30:00.000Z');

// ---------------------------------------------------------------------------
// A realistic journal: a compromised CI user's access key, worked through the
// incident-response runbook against production.

const OPERATOR = 'alice';
const RUN = 'run-20261129-1403-a1';
const sha = (c: string) => c.repeat(64);

function incidentJournal(): JournalEntry[] {
  let seq = 0;
  const base = (type: JournalEntry['type'], time: string) => ({ seq: ++seq, type, time, prev: seq === 1 ? '0'.repeat(64) : sha((seq % 10).toString()), operator: OPERATOR });
  const identity = { profile: 'prod-ir', account: '123456789012', region: 'eu-west-1', principal: 'arn:aws:sts::123456789012:assumed-role/IncidentResponder/alice' };
  const start = (time: string, name: string, index: number, risk: string, command: string, language = 'sh'): CellStart => ({
    ...base('cell.start', time),
    type: 'cell.start',
    runId: RUN,
    cell: { name, index, language, risk },
    command,
    ...identity,
  });
  const end = (time: string, name: string, index: number, risk: string, rest: Partial<CellEnd> & Pick<CellEnd, 'status' | 'durationMs'>, language = 'sh'): CellEnd => ({
    ...base('cell.end', time),
    type: 'cell.end',
    runId: RUN,
    cell: { name, index, language, risk },
    message: '',
    output: '',
    outputTruncated: false,
    outputSha256: sha('e'),
    outputBytes: 0,
    redactions: 0,
    ...rest,
  });
  const lookupOutput = [
    '-----------------------------------------------------------------------------',
    '|                              LookupEvents                                 |',
    '+----------------------+-------------------+-----------------+--------------+',
    '|  EventTime           | EventName         | SourceIP        | AccessKeyId  |',
    '+----------------------+-------------------+-----------------+--------------+',
    '|  2026-11-29T12:41:09Z| ListBuckets       | 203.0.113.7     | AKIA[REDACTED]|',
    '|  2026-11-29T12:44:51Z| CreateAccessKey   | 203.0.113.7     | AKIA[REDACTED]|',
    '|  2026-11-29T12:47:30Z| PutBucketPolicy   | 203.0.113.7     | AKIA[REDACTED]|',
    '+----------------------+-------------------+-----------------+--------------+',
    'Note: the `PutBucketPolicy` call opened ```s3://acme-build-artifacts``` to *.',
    '',
  ].join('\n');
  const deniedOutput = [
    '',
    'An error occurred (AccessDenied) when calling the UpdateAccessKey operation: User: arn:aws:sts::123456789012:assumed-role/IncidentResponder/alice is not authorized to perform: iam:UpdateAccessKey on resource: user build-bot',
    'hint: run `aws sts get-caller-identity` | check the role\'s permission boundary',
    '',
  ].join('\n');
  return [
    {
      ...base('journal.start', '2026-11-29T14:02:11.402+01:00'),
      type: 'journal.start',
      incident: 'INC-2026-1129-017',
      runbook: { path: 'runbooks/incident-response.runbook.md', sha256: sha('3'), title: 'Incident response: compromised IAM credentials' },
      git: { commit: '8761c23f4b2a9e0d1c3b5a7f9e8d6c4b2a0f1e3d', dirty: false },
    },
    { ...base('run.start', '2026-11-29T14:03:02.000+01:00'), type: 'run.start', runId: RUN, cells: ['detect-cloudtrail-events', 'disable-access-key', 'failed-auth-query', 'attach-deny-all', 'delete-login-profile'] },
    { ...base('profile.resolved', '2026-11-29T14:03:02.850+01:00'), type: 'profile.resolved', runId: RUN, ...identity },
    { ...base('param.set', '2026-11-29T14:03:05.120+01:00'), type: 'param.set', runId: RUN, values: { user_name: 'build-bot', access_key_id: '[REDACTED]', webhook_token: '••••••••' } },
    start(
      '2026-11-29T14:03:07.125+01:00',
      'detect-cloudtrail-events',
      1,
      'read',
      "aws cloudtrail lookup-events \\\n  --lookup-attributes AttributeKey=Username,AttributeValue='build-bot' \\\n  --start-time 2026-11-28T13:03:07Z --output table",
    ),
    end('2026-11-29T14:03:09.530+01:00', 'detect-cloudtrail-events', 1, 'read', {
      status: 'succeeded',
      exitCode: 0,
      durationMs: 2405,
      output: lookupOutput,
      outputSha256: sha('a'),
      outputBytes: 1024,
      redactions: 3,
    }),
    { ...base('note', '2026-11-29T14:04:40.000+01:00'), type: 'note', text: 'Key used from 203.0.113.7 (not our CI range).\nContaining now; paging @bob for the bucket policy.' },
    start('2026-11-29T14:05:12.004+01:00', 'disable-access-key', 2, 'mutating', "aws iam update-access-key --user-name 'build-bot' --access-key-id '[REDACTED]' --status Inactive"),
    end('2026-11-29T14:05:13.311+01:00', 'disable-access-key', 2, 'mutating', {
      status: 'failed',
      exitCode: 254,
      durationMs: 1307,
      message: 'Exited with code 254',
      output: deniedOutput,
      outputSha256: sha('b'),
      outputBytes: 312,
    }),
    start(
      '2026-11-29T14:06:00.000+01:00',
      'failed-auth-query',
      3,
      'read',
      'fields @timestamp, userIdentity.arn, errorCode\n| filter errorCode in ["AccessDenied", "UnauthorizedOperation"]\n| stats count(*) by userIdentity.arn',
      'logs-insights',
    ),
    end(
      '2026-11-29T14:07:30.450+01:00',
      'failed-auth-query',
      3,
      'read',
      {
        status: 'cancelled',
        durationMs: 90450,
        message: 'Cancelled by the operator (StopQuery sent)',
        output: `Records scanned: 1,204,331 · matched: 17\n${'| arn:aws:iam::123456789012:user/build-bot | 14 |\n'.repeat(3)}`,
        outputTruncated: true,
        outputSha256: sha('c'),
        outputBytes: 2_621_440,
        redactions: 1,
      },
      'logs-insights',
    ),
    end('2026-11-29T14:07:30.460+01:00', 'attach-deny-all', 4, 'mutating', {
      status: 'skipped',
      durationMs: 0,
      message: 'Run All stopped at the first failure (disable-access-key)',
    }),
    end('2026-11-29T14:09:02.003+01:00', 'delete-login-profile', 5, 'destructive', {
      status: 'declined',
      durationMs: 0,
      message: 'Production confirmation declined: account id not typed',
    }),
  ];
}

const RUNBOOK_NOTES: Record<string, string> = {
  'detect-cloudtrail-events':
    '## Detection\n\nLook for API calls made with the suspected key in the last 24 h. A `CreateAccessKey` or `PutBucketPolicy` from an unknown IP is **containment now**.\n',
  'disable-access-key':
    '## Containment\n\nDeactivate the key; do not delete it, it is evidence. See the [IAM guide](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).\n',
  'delete-login-profile': 'Removes console access for `{{user_name}}`. Destructive: needs the account id typed.\n',
};

function options(format: 'markdown' | 'html', extra: Partial<RecordExportOptions> = {}): RecordExportOptions {
  return { format, chainHead: CHAIN_HEAD, generatedAt: GENERATED_AT, runbookNotes: RUNBOOK_NOTES, ...extra };
}

function golden(name: string, actual: string): void {
  const file = path.join(goldenDir, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 to write it`);
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after review)`);
}

async function* asyncEntries(entries: readonly JournalEntry[]): AsyncGenerator<JournalEntry> {
  for (const entry of entries) {
    await new Promise((resolve) => setImmediate(resolve));
    yield entry;
  }
}

// ---------------------------------------------------------------------------
// HTML safety check: every tag in the document is one we write, with no event
// handler attributes and no links but in-page anchors and http(s).

const ALLOWED_TAGS = new Set(
  'html head meta title style body header main section footer article h1 h2 h3 h4 h5 h6 p dl dt dd code br pre table thead tbody tr th td a strong em span small div ul ol li blockquote hr'.split(' '),
);

function assertInertHtml(html: string): void {
  assert.ok(!/<script/i.test(html), 'no <script');
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`), 'CSP meta present');
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<body>'), 'CSP in the head');
  assert.ok(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/.test(html), 'doctype, lang and charset first');
  const style = /<style>([\s\S]*?)<\/style>/.exec(html);
  assert.ok(style && !/[<>]|url\(|@import|expression/i.test(style[1]!), 'style is ours alone');
  const body = html.slice(html.indexOf('</style>'));
  for (const match of body.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)) {
    const [tag, name, attributes] = match as unknown as [string, string, string];
    assert.ok(ALLOWED_TAGS.has(name.toLowerCase()), `unexpected tag ${tag}`);
    assert.ok(!/\son\w+\s*=/i.test(attributes), `event handler in ${tag}`);
    assert.ok(!/javascript:|vbscript:|data:/i.test(attributes), `script URL in ${tag}`);
    for (const href of attributes.matchAll(/\bhref="([^"]*)"/g)) assert.ok(/^(#step-\d+|https?:\/\/)/.test(href[1]!), `link ${href[1]}`);
    assert.ok(!/\s(style|srcdoc|src|formaction|action)\s*=/i.test(attributes), `active attribute in ${tag}`);
  }
  assert.equal(body.match(/<style/gi), null, 'a single style element');
}

// ---------------------------------------------------------------------------

describe('post-incident record: golden files', () => {
  it('Markdown matches test/unit/golden/incident-record.md', () => {
    golden('incident-record.md', exportRecordToString(incidentJournal(), options('markdown')));
  });

  it('HTML matches test/unit/golden/incident-record.html', () => {
    golden('incident-record.html', exportRecordToString(incidentJournal(), options('html')));
  });

  it('the golden HTML passes the safety check', () => {
    assertInertHtml(exportRecordToString(incidentJournal(), options('html')));
  });
});

describe('post-incident record: content', () => {
  it('summarises outcome, identities, parameters, redactions and the chain head', () => {
    const md = exportRecordToString(incidentJournal(), options('markdown'));
    assert.match(md, /^# Post-incident record: Incident response: compromised IAM credentials — incident INC-2026-1129-017\n/);
    assert.ok(md.includes('**Outcome:** 5 steps: 1 succeeded, 1 failed, 1 cancelled, 1 skipped, 1 declined\n'));
    assert.ok(md.includes('**Runbook:** `runbooks/incident-response.runbook.md` (SHA-256 `3333'));
    assert.ok(md.includes('**Principals:** `arn:aws:sts::123456789012:assumed-role/IncidentResponder/alice`'));
    assert.ok(md.includes('`webhook_token` = `••••••••`'));
    assert.ok(md.includes('**Redactions:** 4 values'));
    assert.ok(md.includes(`**Journal chain head:** \`${CHAIN_HEAD}\``));
    assert.ok(md.includes('**Started:** 2026-11-29 13:02:11 UTC (2026-11-29 14:02:11 +01:00)'));
    assert.ok(md.includes('**Ended:** 2026-11-29 13:09:02 UTC (2026-11-29 14:09:02 +01:00)'));
    for (const heading of ['## Summary', '## Impact', '## Follow-ups', '## Timeline', '## Evidence']) assert.ok(md.includes(`\n${heading}\n`), heading);
  });

  it('returns the step count and the sum of cell.end redactions', async () => {
    const chunks: string[] = [];
    const result = await exportRecord(() => asyncEntries(incidentJournal()), options('markdown'), (chunk) => void chunks.push(chunk));
    assert.deepEqual(result, { steps: 5, redactionCount: 4 });
  });

  it('shows local times in a requested time zone, with its offset', () => {
    const md = exportRecordToString(incidentJournal(), options('markdown', { timeZone: 'America/New_York' }));
    assert.ok(md.includes('| Local time (America/New\\_York) |'));
    assert.ok(md.includes('| 1 | 2026-11-29 13:03:07 | 2026-11-29 08:03:07 -05:00 | detect-cloudtrail-events |'), md);
    assert.throws(() => exportRecordToString(incidentJournal(), options('markdown', { timeZone: 'Not/AZone' })), RangeError);
  });

  it('treats a cell that started and never ended as "no end recorded"', () => {
    const journal = incidentJournal().slice(0, 8); // ends right after disable-access-key starts
    const md = exportRecordToString(journal, options('markdown'));
    assert.ok(md.includes('**Outcome:** 2 steps: 1 succeeded, 0 failed, 0 cancelled, 0 skipped, 0 declined, 1 no end recorded'));
    assert.ok(md.includes('*No end recorded: the cell was still running'));
  });

  it('handles an empty journal', () => {
    const md = exportRecordToString([], options('markdown'));
    assert.ok(md.includes('*The journal has no entries.*') && md.includes('*No cell ran.*'));
    assertInertHtml(exportRecordToString([], options('html')));
  });
});

describe('post-incident record: timeline order', () => {
  it('lists steps, notes and events in journal order, and evidence in step order', () => {
    const md = exportRecordToString(incidentJournal(), options('markdown'));
    const timeline = md.slice(md.indexOf('## Timeline'), md.indexOf('## Evidence'));
    const rows = timeline.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| #') && !line.startsWith('| ---'));
    const what = rows.map((row) => row.split(' | ')[3]!);
    assert.deepEqual(what, [
      '*Journal opened for incident INC-2026-1129-017* (alice)',
      '*Run run-20261129-1403-a1 started (5 cells)* (alice)',
      '*Profile prod-ir resolved: account 123456789012, region eu-west-1, principal arn:aws:sts::123456789012:assumed-role/IncidentResponder/alice* (alice)',
      '*Parameters set: user\\_name, access\\_key\\_id, webhook\\_token* (alice)',
      'detect-cloudtrail-events',
      '**Note** (alice): Key used from 203.0.113.7 (not our CI range). Containing now; paging @bob for the bucket policy.',
      'disable-access-key',
      'failed-auth-query',
      'attach-deny-all',
      'delete-login-profile',
    ]);
    const evidence = [...md.matchAll(/^### Step (\d+): `([^`]+)`$/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(evidence, ['1 detect-cloudtrail-events', '2 disable-access-key', '3 failed-auth-query', '4 attach-deny-all', '5 delete-login-profile']);
  });

  it('pairs interleaved runs correctly and keeps evidence in step order', async () => {
    let seq = 0;
    const e = (type: JournalEntry['type'], extra: object): JournalEntry => ({ seq: ++seq, type, time: `2026-11-29T14:00:${String(seq).padStart(2, '0')}.000+01:00`, prev: sha('0'), ...extra }) as JournalEntry;
    const cell = (name: string, index: number) => ({ name, index, language: 'sh', risk: 'read' });
    const ended = (runId: string, name: string, index: number, output: string) =>
      e('cell.end', { runId, cell: cell(name, index), status: 'succeeded', exitCode: 0, durationMs: 10, message: '', output, outputTruncated: false, outputSha256: sha('f'), outputBytes: output.length, redactions: 0 });
    const journal = [
      e('cell.start', { runId: 'A', cell: cell('a1', 1), command: 'echo a1' }),
      e('cell.start', { runId: 'B', cell: cell('b1', 1), command: 'echo b1' }),
      ended('B', 'b1', 1, 'out-b1'),
      e('note', { text: 'between' }),
      e('cell.start', { runId: 'B', cell: cell('b2', 2), command: 'echo b2' }),
      ended('A', 'a1', 1, 'out-a1'),
      ended('B', 'b2', 2, 'out-b2'),
    ];
    const md = exportRecordToString(journal, options('markdown', { runbookNotes: undefined }));
    const order = [...md.matchAll(/^### Step (\d+): `(\w+)`$/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(order, ['1 a1', '2 b1', '3 b2']);
    // Each step's evidence shows its own command and output.
    for (const section of md.split('\n### Step ').slice(1)) {
      const name = /^\d+: `(\w+)`/.exec(section)![1]!;
      assert.ok(section.includes(`echo ${name}\n`) && section.includes(`out-${name}\n`), name);
    }
    const streamed: string[] = [];
    await exportRecord(() => asyncEntries(journal), options('markdown', { runbookNotes: undefined }), (chunk) => void streamed.push(chunk));
    assert.equal(streamed.join(''), md);
  });
});

describe('post-incident record: streaming', () => {
  it('reads the journal twice through the factory and writes the same record as the string form, awaiting the sink', async () => {
    for (const format of ['markdown', 'html'] as const) {
      let factoryCalls = 0;
      let inSink = false;
      const chunks: string[] = [];
      const result = await exportRecord(
        () => {
          factoryCalls++;
          return asyncEntries(incidentJournal());
        },
        options(format),
        async (chunk) => {
          assert.ok(!inSink, 'sink calls never overlap');
          inSink = true;
          await new Promise((resolve) => setTimeout(resolve, 1));
          chunks.push(chunk);
          inSink = false;
        },
      );
      assert.equal(factoryCalls, 2);
      assert.equal(chunks.join(''), exportRecordToString(incidentJournal(), options(format)));
      assert.deepEqual(result, { steps: 5, redactionCount: 4 });
    }
  });

  it('writes large outputs in several chunks rather than one', async () => {
    const journal = incidentJournal();
    const big = journal.map((entry) => (entry.type === 'cell.end' ? { ...entry, output: 'x'.repeat(200_000) } : entry));
    const sizes: number[] = [];
    await exportRecord(() => asyncEntries(big), options('html'), (chunk) => void sizes.push(chunk.length));
    assert.ok(sizes.length >= 5, `chunks: ${sizes.join(', ')}`);
  });
});

describe('post-incident record: Markdown fences', () => {
  const md = new MarkdownIt({ html: true });

  it('chooses a fence longer than any backtick run in the content', () => {
    assert.equal(markdownFence('plain'), '```\nplain\n```\n');
    assert.equal(markdownFence('a ``` b\n````\n'), '`````\na ``` b\n````\n`````\n');
    assert.equal(markdownFence('x', 'bad`info'), '```\nx\n```\n');
  });

  it('keeps outputs with ``` and ```` inside their block, and the record after them intact', () => {
    const journal = incidentJournal().map((entry) =>
      entry.type === 'cell.end' && entry.cell.index === 1 ? { ...entry, output: '```\nnot a fence end\n````\n```` ```\n~~~\n' } : entry,
    );
    const record = exportRecordToString(journal, options('markdown'));
    const tokens = md.parse(record, {});
    const fences = tokens.filter((t) => t.type === 'fence');
    assert.ok(fences.some((t) => t.content === '```\nnot a fence end\n````\n```` ```\n~~~\n'));
    const headings = tokens.filter((t) => t.type === 'heading_open' && t.tag === 'h3').length;
    assert.equal(headings, 5, 'every step heading survives');
  });

  it('shows any output exactly, as a Markdown renderer parses it (property)', () => {
    const piece = fc.constantFrom('`', '``', '```', '````', '~~~', '\n', ' ', '|', '<script>', '>', '#', '-', 'x', '\t', '\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((parts) => parts.join('')), (content) => {
        const tokens = md.parse(`before\n\n${markdownFence(content, 'text')}\nafter\n`, {});
        const fences = tokens.filter((t) => t.type === 'fence');
        assert.equal(fences.length, 1);
        assert.equal(fences[0]!.content, content === '' || content.endsWith('\n') ? content : `${content}\n`);
        assert.equal(tokens.filter((t) => t.type === 'inline').map((t) => t.content).join('|'), 'before|after');
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('makes code spans that show their content exactly', () => {
    for (const value of ['plain', 'a`b', '``x``', '`', ' lead', 'a | b']) {
      const html = md.renderInline(markdownCode(value));
      assert.equal(html, `<code>${escapeHtml(value).replace(/&#39;/g, "'")}</code>`, value);
    }
  });

  it('escapes | and Markdown punctuation in timeline cells', () => {
    const journal = incidentJournal().map((entry) => (entry.type === 'note' ? { ...entry, text: 'a | b `c` *d* [e](f) <b>g</b>' } : entry));
    const html = md.render(exportRecordToString(journal, options('markdown')));
    assert.ok(html.includes('<td><strong>Note</strong> (alice): a | b `c` *d* [e](f) &lt;b&gt;g&lt;/b&gt;</td>'), html);
  });
});

describe('post-incident record: XSS payloads come out inert', () => {
  const PAYLOADS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    'javascript:alert(1)',
    '</pre><script>alert(1)</script><pre>',
    '</code></td></tr></table><script>alert(1)</script>',
    '<style>body{display:none}</style>',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '\u202e<b>evil</b>\u0000\u001b[31m',
  ];

  function hostileJournal(payload: string): JournalEntry[] {
    return incidentJournal().map((entry): JournalEntry => {
      const e = { ...entry, operator: payload } as JournalEntry;
      switch (e.type) {
        case 'journal.start':
          return { ...e, incident: payload, runbook: { path: payload, sha256: payload, title: payload }, git: { commit: payload, dirty: true } };
        case 'run.start':
          return { ...e, runId: payload, cells: [payload] };
        case 'profile.resolved':
          return { ...e, profile: payload, account: payload, region: payload, principal: payload };
        case 'param.set':
          return { ...e, values: { [payload]: payload } };
        case 'cell.start':
          return { ...e, cell: { ...e.cell, name: payload, language: payload, risk: payload }, command: payload, profile: payload, account: payload, region: payload, principal: payload };
        case 'cell.end':
          return { ...e, cell: { ...e.cell, name: payload, language: payload, risk: payload }, message: payload, output: payload, outputSha256: payload };
        case 'note':
          return { ...e, text: payload };
        default:
          return e;
      }
    });
  }

  const hostileNotes = (payload: string) => ({
    [payload]: `# ${payload}\n\n${payload}\n\n[click](javascript:alert(1)) [x](java&#115;cript:alert(1)) <javascript:alert(1)>\n\n<div onclick="alert(1)">hi</div>\n`,
  });

  for (const payload of PAYLOADS) {
    it(`HTML: ${JSON.stringify(payload)}`, () => {
      const html = exportRecordToString(hostileJournal(payload), options('html', { runbookNotes: hostileNotes(payload), chainHead: payload }));
      assertInertHtml(html);
      if (payload.includes('<script>')) assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text');
    });

    it(`Markdown rendered with raw HTML allowed: ${JSON.stringify(payload)}`, () => {
      const record = exportRecordToString(hostileJournal(payload), options('markdown', { runbookNotes: hostileNotes(payload), chainHead: payload }));
      const rendered = new MarkdownIt({ html: true, linkify: true }).render(record);
      const wrapped = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">\n<style></style></head><body>${rendered}</body></html>`;
      assertInertHtml(wrapped);
    });
  }

  it('HTML-escapes & < > " \' in every value (property)', () => {
    const nasty = fc.string({ unit: fc.constantFrom(...'<>&"\'` =/\\x\n'.split(''), 'script', 'onload', 'javascript:', '</pre>', '<img', '\u0000'), maxLength: 40 });
    fc.assert(
      fc.property(nasty, nasty, nasty, (a, b, c) => {
        const journal = hostileJournal(a).map((entry) => (entry.type === 'cell.end' ? { ...entry, output: b, message: c } : entry));
        assertInertHtml(exportRecordToString(journal, options('html', { runbookNotes: { [a]: c }, chainHead: b })));
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('quotes a runbook note with raw HTML or a script link as source, not as Markdown', () => {
    const record = exportRecordToString(incidentJournal(), options('markdown', { runbookNotes: { 'disable-access-key': 'Click [here](javascript:alert(1)).\n' } }));
    assert.ok(record.includes('*From the runbook (shown as source'));
    assert.ok(record.includes('```markdown\nClick [here](javascript:alert(1)).\n```'));
    const plain = exportRecordToString(incidentJournal(), options('markdown'));
    assert.ok(plain.includes('> ## Containment\n>\n> Deactivate the key'));
  });
});
