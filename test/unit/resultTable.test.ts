import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { NO_RESULTS, renderMarkdownTable, tableToRecords, truncate, type Table } from '../../src/cells/table';

const SEED = 20261129;

/** Splits a rendered GFM row into its cells the way GFM does: on pipes not preceded by a backslash escape. */
function gfmCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < line.length - 1; i++) {
    const c = line[i]!;
    if (c === '\\') {
      current += c + (line[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  cells.push(current.trim());
  return cells;
}

/** Undoes the backslash escapes, giving the text a Markdown renderer would show. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('result tables: Markdown', () => {
  it('renders a header, a separator and one line per row', () => {
    const table: Table = { columns: ['Time', 'Event'], rows: [['2026-11-29T12:00:00.000Z', 'ConsoleLogin'], ['2026-11-29T12:01:00.000Z', 'GetObject']] };
    assert.equal(
      renderMarkdownTable(table),
      ['| Time | Event |', '| --- | --- |', '| 2026-11-29T12:00:00.000Z | ConsoleLogin |', '| 2026-11-29T12:01:00.000Z | GetObject |'].join('\n'),
    );
  });

  it('says "No results." for a table without rows or columns', () => {
    assert.equal(renderMarkdownTable({ columns: ['a', 'b'], rows: [] }), NO_RESULTS);
    assert.equal(renderMarkdownTable({ columns: [], rows: [] }), 'No results.');
    assert.equal(renderMarkdownTable({ columns: [], rows: [[]] }), 'No results.');
  });

  it('escapes pipes and backslashes so a cell stays one cell', () => {
    const out = renderMarkdownTable({ columns: ['message'], rows: [['a|b'], ['C:\\path\\'], ['\\|'], ['ends with \\']] });
    const lines = out.split('\n');
    assert.equal(lines[2], '| a\\|b |');
    assert.equal(lines[3], '| C:\\\\path\\\\ |');
    assert.equal(lines[4], '| \\\\\\| |');
    for (const line of lines.slice(2)) assert.equal(gfmCells(line).length, 1, line);
    assert.deepEqual(lines.slice(2).map((line) => unescapeMarkdown(gfmCells(line)[0]!)), ['a|b', 'C:\\path\\', '\\|', 'ends with \\']);
  });

  it('shows Markdown punctuation literally (no emphasis, code, links or HTML)', () => {
    const line = renderMarkdownTable({ columns: ['x'], rows: [['*bold* _it_ `code` [link](u) <script> &amp; ~~s~~']] }).split('\n')[2]!;
    assert.equal(line, '| \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](u) \\<script\\> \\&amp; \\~\\~s\\~\\~ |');
    // ARNs stay readable in the Markdown source.
    assert.equal(renderMarkdownTable({ columns: ['arn'], rows: [['arn:aws:iam::123456789012:user/alice']] }).split('\n')[2], '| arn:aws:iam::123456789012:user/alice |');
  });

  it('turns line breaks, tabs and control characters into spaces', () => {
    const out = renderMarkdownTable({ columns: ['head\ner'], rows: [['line 1\nline 2\r\nline 3\ttab\u0000nul\u2028sep']] });
    assert.equal(out, '| head er |\n| --- |\n| line 1 line 2 line 3 tab nul sep |');
  });

  it('truncates long cells with an ellipsis, by characters and before escaping', () => {
    const out = renderMarkdownTable({ columns: ['c'], rows: [['abcdefghij'], ['|||||||||||'], ['short']] }, { maxCellChars: 5 });
    assert.deepEqual(out.split('\n').slice(2), ['| abcd… |', '| \\|\\|\\|\\|… |', '| short |']);
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
    assert.equal(truncate('ab   cdef', 4), 'ab…');
    const long = 'x'.repeat(500);
    assert.equal(renderMarkdownTable({ columns: ['c'], rows: [[long]] }).split('\n')[2], `| ${'x'.repeat(199)}… |`);
  });

  it('ignores a nonsensical maxCellChars', () => {
    for (const maxCellChars of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(renderMarkdownTable({ columns: ['c'], rows: [['abc']] }, { maxCellChars }).split('\n')[2], '| abc |');
    }
    assert.equal(renderMarkdownTable({ columns: ['c'], rows: [['abc']] }, { maxCellChars: 1 }).split('\n')[2], '| … |');
  });

  it('pads ragged rows and tolerates non-string cells at run time', () => {
    const table = { columns: ['a', 'b'], rows: [['1'], ['1', '2', '3'], [null, 7, undefined]] } as unknown as Table;
    assert.equal(renderMarkdownTable(table), ['| a | b |  |', '| --- | --- | --- |', '| 1 |  |  |', '| 1 | 2 | 3 |', '|  | 7 |  |'].join('\n'));
  });

  it('renders 10,000 rows (CloudTrail and Logs Insights return up to that many)', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`2026-11-29T12:00:${i}Z`, 'ConsoleLogin', 'alice|bob', '203.0.113.7', 'AWS::IAM::User: alice']);
    const out = renderMarkdownTable({ columns: ['Time', 'Event', 'User', 'Source IP', 'Resources'], rows });
    assert.equal(out.split('\n').length, 10_002);
  });

  it('never throws and always keeps every row to the column count (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 5 }), fc.array(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), { maxLength: 5 }), fc.integer({ min: -2, max: 50 }), (columns, rows, max) => {
        const out = renderMarkdownTable({ columns, rows }, { maxCellChars: max });
        const width = Math.max(columns.length, ...rows.map((row) => row.length));
        if (rows.length === 0 || width === 0) return assert.equal(out, NO_RESULTS);
        const lines = out.split('\n');
        assert.equal(lines.length, rows.length + 2);
        for (const line of lines) assert.equal(gfmCells(line).length, width, line);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});

describe('result tables: as a Markdown renderer shows them', () => {
  const markdown = new MarkdownIt();
  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const shownCells = (html: string) => [...html.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((match) => match[1]);
  /** What a cell should show: one line, trimmed. */
  const flat = (text: string) => text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ').trim();

  it('renders every cell literally, whatever it contains (property, via markdown-it)', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'ab |\\*_`[]()<>&!~#-:=\n\t"\'{}'.split(''), 'é', '😀'), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(printable, { minLength: 1, maxLength: 3 }), fc.array(printable, { minLength: 1, maxLength: 3 }), (columns, row) => {
        const width = Math.max(columns.length, row.length);
        const pad = (cells: string[]) => Array.from({ length: width }, (_, i) => cells[i] ?? '');
        const html = markdown.render(renderMarkdownTable({ columns, rows: [row] }, { maxCellChars: 1000 }));
        assert.deepEqual(shownCells(html), [...pad(columns), ...pad(row)].map((cell) => escapeHtml(flat(cell))), html);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});

describe('result tables: records', () => {
  it('keys each row by column name', () => {
    assert.deepEqual(tableToRecords({ columns: ['user', 'ip'], rows: [['alice', '10.0.0.1'], ['bob']] }), [
      { user: 'alice', ip: '10.0.0.1' },
      { user: 'bob', ip: '' },
    ]);
    assert.deepEqual(tableToRecords({ columns: ['a'], rows: [] }), []);
  });

  it('keeps repeated and awkward column names as plain data', () => {
    const records = tableToRecords({ columns: ['x', 'x', '__proto__', ''], rows: [['1', '2', '3', '4']] });
    assert.deepEqual(Object.keys(records[0]!), ['x', 'x (2)', '__proto__', '']);
    assert.equal(records[0]!['__proto__'], '3');
    assert.equal(Object.getPrototypeOf(records[0]), Object.prototype);
    assert.equal(JSON.stringify(records), '[{"x":"1","x (2)":"2","__proto__":"3","":"4"}]');
  });
});
