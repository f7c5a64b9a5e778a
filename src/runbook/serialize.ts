import { formatFenceInfo, parseFenceInfo, sameAttributes } from './fenceInfo';
import { isClosingFence } from './fencedBlocks';
import type { CodeCell, LineEnding, RunbookCell, RunbookDocument } from './model';

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Writes a runbook back to text. Unedited cells come back byte for byte; an edited
 * cell regenerates only its own bytes; cells created in the editor are separated
 * from their neighbours by one blank line.
 */
export function serializeRunbook(doc: RunbookDocument): string {
  const eol: LineEnding = doc.normalizedCrlf ? '\n' : doc.eol;
  const out = new TextBuilder();
  out.push(doc.frontMatter?.raw ?? '');
  out.push(doc.leading);
  for (const cell of doc.cells) {
    if (out.length > 0 && !endsWithLineBreak(out.tail())) out.push(eol);
    if (!cell.layout && out.length > 0 && !endsWithBlankLine(out.tail())) out.push(eol);
    out.push(renderCell(cell, eol));
  }
  let text = out.toString();
  if (doc.normalizedCrlf) text = text.replace(/\r?\n/g, '\r\n');
  return (doc.bom ? '\uFEFF' : '') + text;
}

/**
 * Collects output pieces. Looking at the end of a growing `+=` string makes V8
 * flatten it every time (quadratic on large runbooks); this keeps pieces apart
 * and reads only the tail.
 */
class TextBuilder {
  private readonly parts: string[] = [];
  length = 0;

  push(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.length += text.length;
  }

  /** The last characters written (enough to see the last line ending and blank line). */
  tail(max = 512): string {
    let tail = '';
    for (let i = this.parts.length - 1; i >= 0 && tail.length < max; i--) tail = (this.parts[i] as string).slice(-max) + tail;
    return tail;
  }

  toString(): string {
    return this.parts.join('');
  }
}

function renderCell(cell: RunbookCell, eol: LineEnding): string {
  const trailing = cell.layout?.trailing ?? eol;
  if (cell.kind === 'markdown') return cell.source + trailing;
  return renderCodeBlock(cell, eol) + trailing;
}

/** The fenced block for a code cell, from its opening fence to its closing fence line (no final line ending). */
export function renderCodeBlock(cell: CodeCell, eol: LineEnding): string {
  const layout = cell.layout;
  const info = infoFor(cell);
  if (layout?.verbatim && layout.verbatim.source === cell.source && info === layout.info) {
    return layout.verbatim.text;
  }
  const indent = layout?.indent ?? '';
  const lines = cell.source === '' ? [] : cell.source.split(LINE_BREAK);
  const fence = safeFence(layout?.fence ?? '```', lines, info);
  const parts = [indent + fence + info, ...lines.map((line) => (line === '' ? line : indent + line))];
  if (layout?.close === null) return parts.join(eol);
  const close = layout && layout.fence === fence && isClosingFence(layout.close, fence) ? layout.close : indent + fence;
  parts.push(close);
  return parts.join(eol);
}

/** Keeps the info string as written unless the language or attributes changed. */
function infoFor(cell: CodeCell): string {
  const layout = cell.layout;
  if (layout) {
    const written = parseFenceInfo(layout.info);
    const attributesUnchanged = written.problems.length > 0 ? isEmpty(cell.attributes) : sameAttributes(written.attributes, cell.attributes);
    if (written.language === cell.language && attributesUnchanged) return layout.info;
  }
  return formatFenceInfo(cell.language, cell.attributes);
}

/**
 * A fence the content cannot close early: longer than any fence-like line inside,
 * and made of tildes when the info string contains a backtick (CommonMark forbids that).
 */
function safeFence(preferred: string, lines: string[], info: string): string {
  const char = info.includes('`') ? '~' : (preferred[0] as '`' | '~');
  let length = char === preferred[0] ? preferred.length : 3;
  for (const line of lines) {
    const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (match && match[1]![0] === char) length = Math.max(length, match[1]!.length + 1);
  }
  return char.repeat(length);
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}

function endsWithLineBreak(text: string): boolean {
  const last = text[text.length - 1];
  return last === '\n' || last === '\r';
}

/** True when the text ends with an empty (or whitespace-only) line. Looks only at the end: O(line length). */
function endsWithBlankLine(text: string): boolean {
  if (!endsWithLineBreak(text)) return false;
  let end = text.length - (text.endsWith('\r\n') ? 2 : 1);
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end === 0 || text[end - 1] === '\n' || text[end - 1] === '\r';
}
