import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseRunbook } from '../../src/runbook/parse';
import { serializeRunbook } from '../../src/runbook/serialize';
import type { CodeCell } from '../../src/runbook/model';
import { corpusDir, runbooksDir } from './support/paths';
import { cloneShape, openAsNotebook, saveNotebook } from './support/runbookBuilder';

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const read = (file: string): string => decoder.decode(readFileSync(file));
const markdownFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join(dir, name));

const codeCells = (text: string): CodeCell[] => parseRunbook(text).cells.filter((cell): cell is CodeCell => cell.kind === 'code');

describe('runbook format: byte-stable round trip', () => {
  const corpus = markdownFiles(corpusDir);
  const shipped = markdownFiles(runbooksDir);

  it('has a corpus of at least 25 files and at least one shipped runbook', () => {
    assert.ok(corpus.length >= 25, `corpus has ${corpus.length} files`);
    assert.ok(shipped.length >= 1, 'runbooks/ has no runbook');
  });

  for (const file of [...corpus, ...shipped]) {
    const name = path.relative(path.dirname(path.dirname(file)), file);
    it(`round-trips ${name} through parse and serialize, and through the notebook shape`, () => {
      const text = read(file);
      assert.equal(serializeRunbook(parseRunbook(text)), text);
      assert.equal(saveNotebook(cloneShape(openAsNotebook(text))), text);
    });
  }
});

describe('runbook format: cells', () => {
  it('makes markdown cells of the text between fences and code cells of fenced blocks', () => {
    const doc = parseRunbook('# Enable GuardDuty\n\nRun this:\n\n```sh {"name":"enable-guardduty","risk":"mutating"}\naws guardduty create-detector --enable\n```\n\nDone.\n');
    assert.deepEqual(
      doc.cells.map((cell) => [cell.kind, cell.source]),
      [
        ['markdown', '# Enable GuardDuty\n\nRun this:'],
        ['code', 'aws guardduty create-detector --enable'],
        ['markdown', 'Done.'],
      ],
    );
    const [code] = codeCells('```sh {"name":"enable-guardduty","risk":"mutating","controls":["GuardDuty.1"]}\nx\n```\n');
    assert.equal(code?.language, 'sh');
    assert.deepEqual(code?.attributes, { name: 'enable-guardduty', risk: 'mutating', controls: ['GuardDuty.1'] });
    assert.deepEqual(code?.problems, []);
  });

  it('reads tilde fences, longer fences and fences with no language', () => {
    const cells = codeCells('~~~bash\na\n~~~\n\n````\n```\nnested\n```\n````\n\n```\nplain\n```\n');
    assert.deepEqual(
      cells.map((cell) => [cell.language, cell.source]),
      [
        ['bash', 'a'],
        ['', '```\nnested\n```'],
        ['', 'plain'],
      ],
    );
  });

  it('leaves fences inside lists and block quotes in the markdown', () => {
    const doc = parseRunbook('- step\n\n  ```sh\n  echo in-list\n  ```\n\n> ```sh\n> echo quoted\n> ```\n');
    assert.deepEqual(doc.cells.map((cell) => cell.kind), ['markdown']);
  });

  it('does not treat an indented (4-space) code block as a cell', () => {
    const doc = parseRunbook('Text\n\n    aws s3 ls\n');
    assert.deepEqual(doc.cells.map((cell) => cell.kind), ['markdown']);
  });

  it('removes a fence indentation from its content', () => {
    const [cell] = codeCells('  ```sh\n  echo a\n    echo b\n  ```\n');
    assert.equal(cell?.source, 'echo a\n  echo b');
  });

  it('keeps an unclosed fence as a code cell running to the end of the file', () => {
    const [cell] = codeCells('```sh\necho never closed\n\n');
    assert.equal(cell?.source, 'echo never closed');
    assert.equal(cell?.layout?.close, null);
  });

  it('reports malformed JSON attributes as a problem on the cell instead of throwing', () => {
    const [cell] = codeCells('```sh {"name": \necho hi\n```\n');
    assert.equal(cell?.language, 'sh');
    assert.deepEqual(cell?.attributes, {});
    assert.match(cell?.problems[0] ?? '', /not valid JSON/);
  });

  it('treats non-JSON info text as ordinary Markdown info', () => {
    const [cell] = codeCells('```python title="rotate.py"\nprint(1)\n```\n');
    assert.equal(cell?.language, 'python');
    assert.deepEqual(cell?.problems, []);
  });

  it('parses front matter into data and keeps it out of the cells', () => {
    const doc = parseRunbook('---\ntitle: Incident response\nkind: incident\ntargets:\n  production: ["111122223333"]\n---\n\n# Steps\n');
    assert.deepEqual(doc.frontMatter?.data, { title: 'Incident response', kind: 'incident', targets: { production: ['111122223333'] } });
    assert.equal(doc.cells.length, 1);
    assert.equal(doc.cells[0]?.source, '# Steps');
  });

  it('reports invalid YAML front matter with its line, and still reads the cells', () => {
    const doc = parseRunbook('---\ntitle: [unclosed\nkind: incident\n---\n```sh\necho ok\n```\n');
    assert.equal(doc.frontMatter?.data, undefined);
    assert.match(doc.frontMatter?.error ?? '', /not valid YAML \(line \d+\)/);
    assert.equal(codeCells('---\ntitle: [unclosed\n---\n```sh\necho ok\n```\n')[0]?.source, 'echo ok');
  });

  it('does not mistake a thematic break for front matter', () => {
    const doc = parseRunbook('Intro\n\n---\n\nMore\n');
    assert.equal(doc.frontMatter, undefined);
  });

  it('normalises a CRLF file to LF cell text and writes CRLF back', () => {
    const text = '# Title\r\n\r\n```sh\r\necho a\r\necho b\r\n```\r\n';
    const doc = parseRunbook(text);
    assert.equal(doc.eol, '\r\n');
    assert.equal(doc.cells[1]?.source, 'echo a\necho b');
    doc.cells[1]!.source = 'echo a\necho c';
    assert.equal(serializeRunbook(doc), '# Title\r\n\r\n```sh\r\necho a\r\necho c\r\n```\r\n');
  });

  it('keeps a UTF-8 byte order mark', () => {
    const text = '\uFEFF# Título ✅\n';
    const doc = parseRunbook(text);
    assert.equal(doc.bom, true);
    assert.equal(doc.cells[0]?.source, '# Título ✅');
    assert.equal(serializeRunbook(doc), text);
  });

  it('gives an empty file no cells and writes it back empty', () => {
    const doc = parseRunbook('');
    assert.deepEqual(doc.cells, []);
    assert.equal(serializeRunbook(doc), '');
  });
});

describe('runbook format: edits change only the edited cell', () => {
  const text = read(path.join(runbooksDir, readdirSync(runbooksDir).filter((n) => n.endsWith('.runbook.md')).sort()[0]!));

  it('rewrites only the bytes of an edited code cell', () => {
    const shape = openAsNotebook(text);
    const index = shape.cells.findIndex((cell) => cell.kind === 'code');
    const original = shape.cells[index]!.value;
    shape.cells[index]!.value = `${original}\necho edited`;
    const saved = saveNotebook(shape);
    assert.equal(saved, text.replace(original, `${original}\necho edited`));
  });

  it('rewrites only the bytes of an edited markdown cell', () => {
    const shape = openAsNotebook(text);
    const index = shape.cells.findIndex((cell) => cell.kind === 'markup');
    const original = shape.cells[index]!.value;
    shape.cells[index]!.value = `${original} (edited)`;
    assert.equal(saveNotebook(shape), text.replace(original, `${original} (edited)`));
  });

  it('regenerates the info string only when attributes change, keeping the language word', () => {
    const shape = openAsNotebook('```bash {"name":"a"}\necho\n```\n');
    shape.cells[0]!.metadata.attributes = { name: 'a', risk: 'read' };
    assert.equal(saveNotebook(shape), '```bash {"name":"a","risk":"read"}\necho\n```\n');
  });

  it('writes a new fence word when the user changes the cell language', () => {
    const shape = openAsNotebook('```bash\necho\n```\n');
    shape.cells[0]!.languageId = 'python';
    assert.equal(saveNotebook(shape), '```python\necho\n```\n');
  });

  it('keeps the fence word (bash, zsh, console) while the language stays shell', () => {
    const text = '```zsh\necho\n```\n';
    const shape = openAsNotebook(text);
    assert.equal(shape.cells[0]!.languageId, 'shellscript');
    assert.equal(saveNotebook(shape), text);
  });

  it('lengthens the fence when edited code contains a fence line', () => {
    const shape = openAsNotebook('```sh\necho\n```\n');
    shape.cells[0]!.value = "cat <<'EOF'\n```\nEOF";
    const saved = saveNotebook(shape);
    assert.equal(saved, "````sh\ncat <<'EOF'\n```\nEOF\n````\n");
    assert.equal(openAsNotebook(saved).cells[0]!.value, "cat <<'EOF'\n```\nEOF");
  });

  it('separates cells added in the editor by one blank line', () => {
    const shape = openAsNotebook('# Title\n\n```sh\necho a\n```');
    shape.cells.push({ kind: 'markup', value: 'New note', languageId: 'markdown', metadata: {} });
    shape.cells.push({ kind: 'code', value: 'echo b', languageId: 'shellscript', metadata: {} });
    assert.equal(saveNotebook(shape), '# Title\n\n```sh\necho a\n```\n\nNew note\n\n```sh\necho b\n```\n');
  });

  it('keeps the rest of the file when a cell is deleted', () => {
    const shape = openAsNotebook('A\n\n```sh\necho a\n```\n\nB\n');
    shape.cells.splice(1, 1);
    assert.equal(saveNotebook(shape), 'A\n\nB\n');
  });

  it('regenerates an indented fence with its indentation when edited', () => {
    const shape = openAsNotebook('  ```sh\n  echo a\n  ```\n');
    shape.cells[0]!.value = 'echo a\necho b';
    assert.equal(saveNotebook(shape), '  ```sh\n  echo a\n  echo b\n  ```\n');
  });

  it('uses a tilde fence when new attributes contain a backtick', () => {
    const shape = openAsNotebook('```sh\necho\n```\n');
    shape.cells[0]!.metadata.attributes = { name: 'a`b' };
    assert.equal(saveNotebook(shape), '~~~sh {"name":"a`b"}\necho\n~~~\n');
  });
});
